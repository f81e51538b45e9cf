"""A contract's service period and the assessment periods within it (whole, quarters, months,
contract years or explicit ranges); periods may cross calendar years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..money import yuan
from .errors import fail

TZ = dt.timezone(dt.timedelta(hours=8))
KINDS = ("whole", "quarters", "months", "years", "ranges")


@dataclass(frozen=True)
class Period:
    """One assessment period: first and last day (both included), and its fee if known."""

    code: str
    start: dt.date
    end: dt.date
    fee: Decimal | None = None

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def closes(self) -> dt.datetime:
        """The instant the period is over (the next day at 00:00, Beijing time)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), TZ)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def make_periods(start: dt.date, end: dt.date, kind: str = "whole",
                 ranges: list[dict] | None = None,
                 fees: dict[str, object] | None = None) -> list[Period]:
    """The periods of a service period `start`..`end` (inclusive) of the given kind."""
    if end < start:
        raise fail("periods", f"服务期结束日 {end} 早于开始日 {start}",
                   f"the service period ends ({end}) before it starts ({start})")
    fees = fees or {}
    out: list[tuple[str, dt.date, dt.date]] = []
    if kind == "whole":
        out.append(("all", start, end))
    elif kind in ("quarters", "months"):
        step = 3 if kind == "quarters" else 1
        first = dt.date(start.year, (start.month - 1) // step * step + 1, 1)
        while first <= end:
            nxt = _add_months(first, step)
            code = (f"{first.year}Q{(first.month - 1) // 3 + 1}" if step == 3
                    else f"{first.year}-{first.month:02d}")
            out.append((code, max(first, start), min(nxt - dt.timedelta(days=1), end)))
            first = nxt
    elif kind == "years":
        n, first = 1, start
        while first <= end:
            nxt = _add_months(start, 12 * n)
            out.append((f"Y{n}", first, min(nxt - dt.timedelta(days=1), end)))
            n, first = n + 1, nxt
    elif kind == "ranges":
        for i, item in enumerate(ranges or []):
            where = f"periods.ranges[{i}]"
            try:
                code = str(item["code"])
                a, b = _day(item["start"]), _day(item["end"])
            except (KeyError, TypeError, ValueError) as exc:
                raise fail(where, "每个区间需要 code、start、end（日期）",
                           "each range needs code, start and end (dates)") from exc
            if b < a or a < start or b > end:
                raise fail(where, f"区间 {a}～{b} 不在服务期 {start}～{end} 内或首尾颠倒",
                           f"range {a}..{b} is reversed or outside {start}..{end}")
            if out and a <= out[-1][2]:
                raise fail(where, "区间应按时间排列且不重叠",
                           "ranges must be in order and must not overlap")
            out.append((code, a, b))
        if not out:
            raise fail("periods.ranges", "缺少考核区间", "no ranges given")
    else:
        raise fail("periods.kind", f"未知的考核周期“{kind}”（可用：{'、'.join(KINDS)}）",
                   f"unknown period kind {kind!r} (one of {', '.join(KINDS)})")
    unknown = set(fees) - {code for code, _, _ in out}
    if unknown:
        raise fail("periods.fees", f"没有这些考核期：{'、'.join(sorted(unknown))}",
                   f"no such periods: {', '.join(sorted(unknown))}")
    return [Period(code, a, b, yuan(fees[code]) if code in fees else None)
            for code, a, b in out]


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())
