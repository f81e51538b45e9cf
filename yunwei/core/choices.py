"""Choices of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What happened to the object."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class NotifyChannel(models.TextChoices):
    """How a person wants to be told of what concerns them."""

    BOTH = "both", _("In the app and by e-mail")
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("By e-mail only")
