"""Choices of the staffing app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShiftDays(models.TextChoices):
    """Which days a shift pattern is worked."""

    WORKDAYS = "workdays", _("Working days of the calendar")
    DAILY = "daily", _("Every day (7x24)")


class EntryStatus(models.TextChoices):
    """The agency's entry check (入场核验) of a person."""

    PENDING = "pending", _("Awaiting entry check")
    APPROVED = "approved", _("Entry approved")
    REFUSED = "refused", _("Entry refused")


class RequestStatus(models.TextChoices):
    """A leave or replacement request's state."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class AttendanceKind(models.TextChoices):
    """An attendance record: the kinds the assessment's personnel rules read."""

    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EARLY = "early", _("Left early")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On approved leave")
    LEAVE_UNREPORTED = "leave_unreported", _("Leave not reported")
    UNCHECKED_ENTRY = "unchecked_entry", _("Worked before the entry check")
    REPLACED_WITHOUT_NOTICE = "replaced_without_notice", _("Replaced without notice")
    COMPENSATORY_UNREPORTED = "compensatory_unreported", _("Time off in lieu not reported")


class ImportFormat(models.TextChoices):
    """The attendance export a file came from."""

    PUNCHES = "punches", _("Raw punch records")
    DAILY = "daily", _("Daily summary")


class RosterStatus(models.TextChoices):
    """A month's roster: drafted by the vendor PM, then published to the agency."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RosterChangeKind(models.TextChoices):
    """A change to a published roster."""

    ADDED = "added", _("Shift added")
    REMOVED = "removed", _("Shift removed")
    SWAPPED = "swapped", _("Shifts swapped")
    HANDED_OVER = "handed_over", _("Shift handed over")


class SwapStatus(models.TextChoices):
    """A swap asked by an engineer: the colleague agrees, then the approver decides."""

    AWAITING_COLLEAGUE = "awaiting_colleague", _("Awaiting the colleague")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    DECLINED = "declined", _("Declined by the colleague")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SwapApprover(models.TextChoices):
    """Who approves swaps, as the contract says."""

    VENDOR_PM = "vendor_pm", _("Vendor project manager")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")


class LeaveKind(models.TextChoices):
    """The kind of a leave request; its rules, where the contract sets them, are LeaveRule."""

    ANNUAL = "annual", _("Annual leave")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    COMPENSATORY = "compensatory", _("Time off in lieu")
    MARRIAGE = "marriage", _("Marriage leave")
    BEREAVEMENT = "bereavement", _("Bereavement leave")
    OTHER = "other", _("Other leave")


class LeaveEvidence(models.TextChoices):
    """Whether a kind of leave needs an evidence file (a medical certificate) before approval."""

    DEFAULT = "default", _("As usual (sick leave only)")
    REQUIRED = "required", _("Required")
    NOT_REQUIRED = "not_required", _("Not required")
