"""Pure rules of the operations domain (no Django): report deadlines and lateness, periods and
counting against minimums/maximums, repeat accidents, work outside an approved window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

PERIOD_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


class Clock(Protocol):
    """What a working calendar offers (yunwei.worktime.WorkCalendar.add)."""

    def add(self, start: dt.datetime, seconds: int) -> dt.datetime: ...  # pragma: no cover


def deadline_after(start: dt.datetime, hours: float, clock: Clock | None = None) -> dt.datetime:
    """`hours` after `start`: calendar hours without a clock, working time on the clock's
    calendar with one."""
    seconds = round(hours * 3600)
    if clock is None:
        return start + dt.timedelta(seconds=seconds)
    return clock.add(start, seconds)


def late_by(deadline: dt.datetime | None, done: dt.datetime | None) -> int:
    """Seconds by which `done` came after `deadline` (0 when on time or not yet due)."""
    if deadline is None or done is None or done <= deadline:
        return 0
    return int((done - deadline).total_seconds())


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the calendar period (month, quarter, half, year) holding `day`."""
    months = PERIOD_MONTHS[period]
    month = (day.month - 1) // months * months + 1
    return dt.date(day.year, month, 1)


def next_period(start: dt.date, period: str) -> dt.date:
    """The first day of the period after the one starting on `start`."""
    months = start.month - 1 + PERIOD_MONTHS[period]
    return dt.date(start.year + months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class PeriodCount:
    """One period's count against its minimum and maximum."""

    start: dt.date
    end: dt.date  # exclusive
    count: int
    minimum: int | None
    maximum: int | None
    items: tuple[Any, ...] = ()
    over: tuple[Any, ...] = field(default=())  # the items beyond the maximum, in time order

    @property
    def shortfall(self) -> int:
        """How many short of the minimum (0 when met)."""
        return max(0, (self.minimum or 0) - self.count)

    @property
    def excess(self) -> int:
        """How many beyond the maximum."""
        return len(self.over)


def count_per_period(items: Iterable[tuple[dt.date, Any]], period: str, first: dt.date,
                     last: dt.date, minimum: int | None = None,
                     maximum: int | None = None) -> list[PeriodCount]:
    """Count dated items per calendar period from the period holding `first` to the one holding
    `last` (dates are local calendar days); the items past the maximum are named."""
    ordered = sorted(items, key=lambda pair: pair[0])
    out: list[PeriodCount] = []
    start = period_start(first, period)
    while start <= last:
        end = next_period(start, period)
        inside = tuple(item for day, item in ordered if start <= day < end)
        over = inside[maximum:] if maximum is not None else ()
        out.append(PeriodCount(start, end, len(inside), minimum, maximum, inside, over))
        start = end
    return out


@dataclass(frozen=True)
class PastAccident:
    """An earlier accident as the repeat rule sees it."""

    ref: Any
    occurred: dt.datetime
    items: frozenset[Any]
    cause: str


def repeat_of(occurred: dt.datetime, items: Iterable[Any], cause: str,
              earlier: Sequence[PastAccident], window_days: int | None) -> PastAccident | None:
    """The latest earlier accident with a shared item or the same (non-empty) cause within
    `window_days` before `occurred`, or None (no window set: never a repeat)."""
    if not window_days:
        return None
    mine = frozenset(items)
    cause = cause.strip()
    since = occurred - dt.timedelta(days=window_days)
    found = [p for p in earlier if since <= p.occurred <= occurred
             and ((mine & p.items) or (cause and p.cause.strip() == cause))]
    return max(found, key=lambda p: p.occurred) if found else None


def outside_window(window_start: dt.datetime | None, window_end: dt.datetime | None,
                   work_start: dt.datetime | None, work_end: dt.datetime | None) -> bool:
    """Whether work done (start..end) fell outside the approved window (no window: outside)."""
    if work_start is None:
        return False
    if window_start is None or window_end is None:
        return True
    end = work_end or work_start
    return work_start < window_start or end > window_end
