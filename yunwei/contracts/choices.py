"""Choices of the contracts app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yunwei.core.roles import Role

__all__ = ["ContractStatus", "Role"]


class ContractStatus(models.TextChoices):
    """Where a contract is in its life."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
