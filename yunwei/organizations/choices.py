"""Choices of the organizations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    """The part an organization plays."""

    AGENCY = "agency", _("Agency (Party A)")
    VENDOR = "vendor", _("Vendor (Party B)")
    SUPERVISOR = "supervisor", _("Supervisor")
    OTHER = "other", _("Other")
