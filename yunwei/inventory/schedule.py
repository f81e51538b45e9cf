"""When inspection rounds fall due (no Django): periods of a plan on a working calendar.

The calendar is any object with `is_workday(date)` and `add_workdays(date, n)` (the engine's
WorkCalendar); `every_day` makes every date a working day (a 7x24 service's daily checks).
A round's window is counted in working days from the first working day of its period: a
monthly on-site round with a 5-working-day window is due on the 5th working day of the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

DAILY, WEEKLY, MONTHLY, ONSITE_MONTHLY = "daily", "weekly", "monthly", "onsite_monthly"
FREQUENCIES = (DAILY, WEEKLY, MONTHLY, ONSITE_MONTHLY)


class Calendar(Protocol):
    """What the schedule needs of a working calendar."""

    def is_workday(self, day: dt.date) -> bool: ...

    def add_workdays(self, day: dt.date, n: int) -> dt.date: ...


@dataclass(frozen=True)
class Slot:
    """One round of a plan: its period and the last day of its window."""

    period_start: dt.date
    period_end: dt.date
    due: dt.date


def _period_of(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if frequency == DAILY:
        return day, day
    if frequency == WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency in (MONTHLY, ONSITE_MONTHLY):
        start = day.replace(day=1)
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    raise ValueError(f"unknown frequency {frequency!r}")


def slot_for(frequency: str, day: dt.date, calendar: Any, window_workdays: int = 1,
             every_day: bool = False) -> Slot | None:
    """The round of the period containing `day`, or None when the period has no working day
    (a daily plan on a holiday)."""
    start, end = _period_of(frequency, day)
    window = max(int(window_workdays or 1), 1)
    if every_day:
        due = min(start + dt.timedelta(days=window - 1), end) if frequency != DAILY else start
        return Slot(start, end, due)
    if frequency == DAILY:
        return Slot(start, end, start) if calendar.is_workday(start) else None
    first = start
    while first <= end and not calendar.is_workday(first):
        first += dt.timedelta(days=1)
    if first > end:
        return None
    due = calendar.add_workdays(first, window - 1)
    return Slot(start, end, due)


def slots(frequency: str, first: dt.date, last: dt.date, calendar: Any,
          window_workdays: int = 1, every_day: bool = False) -> list[Slot]:
    """Every round whose period starts in first..last."""
    out: list[Slot] = []
    seen: set[dt.date] = set()
    day = first
    while day <= last:
        slot = slot_for(frequency, day, calendar, window_workdays, every_day)
        if slot is not None and slot.period_start not in seen and slot.period_start >= first:
            seen.add(slot.period_start)
            out.append(slot)
        day = (_period_of(frequency, day)[1] + dt.timedelta(days=1))
    return out


ON_TIME, LATE, MISSED, PENDING = "on_time", "late", "missed", "pending"


def round_status(due: dt.date, completed: dt.date | None, today: dt.date) -> str:
    """A round's (or an item's) completeness: done by the last day of its window (on time),
    done after it (late), not done and the window over (missed), else pending."""
    if completed is not None:
        return ON_TIME if completed <= due else LATE
    return MISSED if today > due else PENDING


@dataclass
class Completeness:
    """Counts for a period: items due, inspected, on time, late, missed, pending."""

    due: int = 0
    done: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    pending: int = 0

    def add(self, status: str, n: int = 1) -> None:
        """Count n items of one status."""
        self.due += n
        if status in (ON_TIME, LATE):
            self.done += n
        setattr(self, status, getattr(self, status) + n)

    @property
    def rate(self) -> float:
        """Items inspected / items due (1.0 when nothing was due)."""
        return self.done / self.due if self.due else 1.0
