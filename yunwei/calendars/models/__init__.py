"""Models of the calendars app."""

from .clock import SlaClockEvent, SlaClockRecord
from .holidays import HolidayDay, HolidaySubmission, HolidayYear
from .policy import PauseReason, SlaPolicy, SlaTarget, SlaTargetVersion
from .working import WorkingCalendar

__all__ = [
    "HolidayDay",
    "HolidaySubmission",
    "HolidayYear",
    "PauseReason",
    "SlaClockEvent",
    "SlaClockRecord",
    "SlaPolicy",
    "SlaTarget",
    "SlaTargetVersion",
    "WorkingCalendar",
]
