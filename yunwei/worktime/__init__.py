"""Working time: Chinese working calendars and business-time arithmetic (plain Python).

No Django import here: the engine is fast and testable alone. See docs/domains/calendar.md.
"""

from .durations import format_duration, parse_duration
from .engine import (
    TZ,
    CalendarError,
    Deadline,
    Step,
    WorkCalendar,
    parse_hours,
)

__all__ = [
    "TZ",
    "CalendarError",
    "Deadline",
    "Step",
    "WorkCalendar",
    "format_duration",
    "parse_duration",
    "parse_hours",
]
