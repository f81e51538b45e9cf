"""Choices of the inventory app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Criticality(models.TextChoices):
    """How much the agency's service depends on an item."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ItemStatus(models.TextChoices):
    """The state of a configuration item (the equipment ledger's states)."""

    IN_SERVICE = "in_service", _("In service")
    FAULTY = "faulty", _("Faulty")
    UNDER_REPAIR = "under_repair", _("Under repair")
    SPARE = "spare", _("Spare")
    RETIRED = "retired", _("Retired")


class Lifecycle(models.TextChoices):
    """A cloud resource's lifecycle: request -> approve -> provision -> change -> release."""

    NONE = "", _("—")
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    PROVISIONED = "provisioned", _("Provisioned")
    CHANGED = "changed", _("Changed")
    RELEASED = "released", _("Released")


#: Lifecycle steps allowed from each state (a change may follow a change).
LIFECYCLE_NEXT = {
    "": {"requested"},
    "requested": {"approved", "released"},
    "approved": {"provisioned", "released"},
    "provisioned": {"changed", "released"},
    "changed": {"changed", "released"},
    "released": set(),
}


class FieldKind(models.TextChoices):
    """The kind of a type's own field (fields.KINDS, in that order)."""

    TEXT = "text", pgettext_lazy("field kind", "text")
    INT = "int", pgettext_lazy("field kind", "whole number")
    DECIMAL = "decimal", pgettext_lazy("field kind", "number")
    DATE = "date", pgettext_lazy("field kind", "date")
    IP = "ip", pgettext_lazy("field kind", "IP address")
    CHOICE = "choice", pgettext_lazy("field kind", "choice")


class RelationKind(models.TextChoices):
    """How two items relate."""

    RUNS_ON = "runs_on", _("Runs on")
    DEPENDS_ON = "depends_on", _("Depends on")
    LOCATED_AT = "located_at", _("Located at")


class Frequency(models.TextChoices):
    """How often a plan's rounds fall due."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    ONSITE_MONTHLY = "onsite_monthly", _("On site, monthly")


class RoundState(models.TextChoices):
    """Where an inspection round is."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REVIEWED = "reviewed", _("Reviewed")


class Outcome(models.TextChoices):
    """The result of one check on one item."""

    NORMAL = "normal", _("Normal")
    ABNORMAL = "abnormal", _("Abnormal")


class OutageSource(models.TextChoices):
    """Where an outage record came from."""

    ENTERED = "entered", _("Entered")
    WORK_ORDER = "work_order", _("Work order")
    INSPECTION = "inspection", _("Inspection")
    ACCIDENT = "accident", _("Accident")
