"""Forms of the calendars app."""

from .holidays import HolidayDayForm, NoticeImportForm, SubmissionRejectForm
from .terms import (
    DeadlineCalculatorForm,
    PauseReasonForm,
    SlaPolicyForm,
    SlaTargetForm,
    WorkingCalendarForm,
)

__all__ = [
    "DeadlineCalculatorForm",
    "HolidayDayForm",
    "NoticeImportForm",
    "PauseReasonForm",
    "SlaPolicyForm",
    "SlaTargetForm",
    "SubmissionRejectForm",
    "WorkingCalendarForm",
]
