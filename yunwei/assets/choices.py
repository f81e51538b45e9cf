"""Choices of the assets app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EquipmentStatus(models.TextChoices):
    """The state of a piece of equipment."""

    IN_SERVICE = "in_service", _("In service")
    FAULTY = "faulty", _("Faulty")
    UNDER_REPAIR = "under_repair", _("Under repair")
    SPARE = "spare", _("Spare")
    RETIRED = "retired", _("Retired")
