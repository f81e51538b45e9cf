"""Choices of the assessment app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    """How a rule is triggered."""

    AUTO = "auto", _("From platform records")
    MANUAL = "manual", _("Entered with evidence")


class PersonnelKind(models.TextChoices):
    """Attendance and staffing records (a normal day is recorded as present)."""

    PRESENT = "present", _("Present on time")
    UNCHECKED = "unchecked_entry", _("Entered without identity and qualification check")
    REPLACED = "replaced_without_notice", _("Replaced without notice")
    ABSENT = "absent", _("Absent or no punch record")
    LATE = "late", _("Late")
    EARLY = "early", _("Left early")
    LEAVE = "leave_unreported", _("Time off not reported")


class PraiseLevel(models.TextChoices):
    """Who praised."""

    PRINCIPAL = "principal", _("The bureau's principal leader")
    IN_CHARGE = "in_charge", _("The leader in charge")
    UNIT = "unit", _("A served unit")


class EvaluationRating(models.TextChoices):
    """A quarterly evaluation by a served unit."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ObjectionStatus(models.TextChoices):
    """Where an objection stands."""

    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
