"""Availability arithmetic (no Django): outages merged, clipped to periods, maintenance
windows excluded, the minutes behind every percentage.

Times are aware datetimes (or any comparable instants); durations are whole seconds.
An outage without an end is open: it runs to the end of every period it touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Interval = tuple[dt.datetime, dt.datetime]


def merge(intervals: Iterable[tuple[dt.datetime, dt.datetime | None]],
          horizon: dt.datetime | None = None) -> list[Interval]:
    """The union of intervals, sorted and non-overlapping (open ends run to `horizon`)."""
    spans = []
    for start, end in intervals:
        end = end if end is not None else horizon
        if end is None or end <= start:
            continue
        spans.append((start, end))
    spans.sort()
    out: list[Interval] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def clip(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    """The parts of merged intervals that lie in [start, end)."""
    out = []
    for a, b in intervals:
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            out.append((lo, hi))
    return out


def subtract(intervals: Sequence[Interval], holes: Sequence[Interval]) -> list[Interval]:
    """Merged intervals less merged holes."""
    out: list[Interval] = []
    for a, b in intervals:
        pieces = [(a, b)]
        for ha, hb in holes:
            if hb <= a or ha >= b:
                continue
            nxt = []
            for pa, pb in pieces:
                if ha > pa:
                    nxt.append((pa, min(pb, ha)))
                if hb < pb:
                    nxt.append((max(pa, hb), pb))
            pieces = [(x, y) for x, y in nxt if y > x]
        out.extend(pieces)
    return out


def seconds(intervals: Iterable[Interval]) -> int:
    """The total length of intervals in whole seconds."""
    return int(sum((b - a).total_seconds() for a, b in intervals))


@dataclass(frozen=True)
class Availability:
    """One item's (or service's) availability in one period, with the minutes behind it."""

    period: str
    start: dt.datetime
    end: dt.datetime
    period_seconds: int  # the whole period
    excluded_seconds: int  # planned maintenance windows taken out (when the contract says so)
    down_seconds: int  # outage time counted (merged, clipped, windows excluded)
    target: Decimal | None = None  # percent, e.g. 99.9

    @property
    def counted_seconds(self) -> int:
        """The time the percentage is taken over."""
        return self.period_seconds - self.excluded_seconds

    @property
    def percent(self) -> Decimal:
        """Available time / counted time, in percent, to 3 decimals (100 for an empty base)."""
        if self.counted_seconds <= 0:
            return Decimal("100.000")
        value = Decimal(self.counted_seconds - self.down_seconds) * 100 / self.counted_seconds
        return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without a target)."""
        return None if self.target is None else self.percent >= self.target

    @property
    def down_minutes(self) -> Decimal:
        """Counted downtime in minutes (one decimal)."""
        return (Decimal(self.down_seconds) / 60).quantize(Decimal("0.1"))

    @property
    def allowed_minutes(self) -> Decimal | None:
        """The downtime the target allows in this period, in minutes (one decimal)."""
        if self.target is None:
            return None
        return (Decimal(self.counted_seconds) * (100 - self.target) / 100 / 60).quantize(
            Decimal("0.1"))


def availability(period: str, start: dt.datetime, end: dt.datetime,
                 outages: Iterable[tuple[dt.datetime, dt.datetime | None]],
                 windows: Iterable[tuple[dt.datetime, dt.datetime]] = (),
                 exclude_windows: bool = False,
                 target: Decimal | None = None) -> Availability:
    """The availability over [start, end): overlapping outages count once; with
    `exclude_windows`, the maintenance windows leave both the base and the downtime."""
    down = clip(merge(outages, horizon=end), start, end)
    excluded = 0
    if exclude_windows:
        holes = clip(merge(windows), start, end)
        excluded = seconds(holes)
        down = subtract(down, holes)
    return Availability(period, start, end, int((end - start).total_seconds()), excluded,
                        seconds(down), target)


def month_bounds(year: int, month: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of a month and of the next, in the given time zone."""
    start = dt.datetime(year, month, 1, tzinfo=tz)
    nxt = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def months(first: dt.date, last: dt.date, tz: dt.tzinfo) -> list[tuple[str, dt.datetime,
                                                                        dt.datetime]]:
    """The months touching first..last as (code "YYYY-MM", start, end)."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start, end = month_bounds(year, month, tz)
        out.append((f"{year}-{month:02d}", start, end))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def by_period(periods: Sequence[tuple[str, dt.datetime, dt.datetime]],
              outages: Sequence[tuple[dt.datetime, dt.datetime | None]],
              windows: Sequence[tuple[dt.datetime, dt.datetime]] = (),
              exclude_windows: bool = False,
              target: Decimal | None = None) -> list[Availability]:
    """availability() for each period (outages merged once, then cut by period)."""
    horizon = max((p[2] for p in periods), default=None)
    merged = merge(outages, horizon=horizon)
    merged_windows = merge(windows)
    return [availability(code, a, b, merged, merged_windows, exclude_windows, target)
            for code, a, b in periods]
