"""Deliverable rules in plain Python: periods, due dates, review windows and status steps.

No Django import: `cal` is any object with `add_workdays(day, n)` and `workdays_deadline(day,
n)` (yunwei.worktime.WorkCalendar), so the working-day arithmetic follows the contract's
calendar (statutory holidays and 调休 make-up workdays).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

MONTHLY, QUARTERLY, ANNUAL, ONCE = "monthly", "quarterly", "annual", "once"

DUE, LATE, MISSING = "due", "late", "missing"
SUBMITTED, RETURNED, RESUBMITTED = "submitted", "returned", "resubmitted"
APPROVED, DEEMED = "approved", "deemed_approved"

#: States awaiting the vendor's document; states awaiting the reviewer; final states.
AWAITING_DOCUMENT = frozenset({DUE, LATE, MISSING, RETURNED})
IN_REVIEW = frozenset({SUBMITTED, RESUBMITTED})
DONE = frozenset({APPROVED, DEEMED})


class RuleError(ValueError):
    """A step the rules do not allow, with the reason in Chinese and English."""

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.field = zh, en, field


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def periods(frequency: str, start: dt.date, end: dt.date,
            fixed: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """The reporting periods of a service term [start, end] (inclusive dates): calendar months,
    quarters or years cut to the term; ONCE: one period ending on `fixed` (or the term's end)."""
    if end < start:
        return []
    if frequency == ONCE:
        return [(start, fixed or end)]
    step = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}.get(frequency)
    if step is None:
        raise RuleError(f"未知的频次：{frequency}", f"unknown frequency: {frequency}", "frequency")
    out = []
    month0 = (start.month - 1) // step * step  # 0-based first month of the block
    year = start.year
    while True:
        first = dt.date(year, month0 + 1, 1)
        last_month = month0 + step  # 1-based last month of the block
        last = _month_end(year, last_month)
        if first > end:
            break
        out.append((max(first, start), min(last, end)))
        month0 += step
        if month0 >= 12:
            month0 -= 12
            year += 1
    return out


def due_date(cal: Any, period_end: dt.date, workdays: int) -> tuple[dt.date, tuple[str, ...]]:
    """The due date: `workdays` working days after the period ends (0: the period's last day),
    with flags for years whose holiday arrangement is not confirmed."""
    return cal.workdays_deadline(period_end, workdays)


def window_end(cal: Any, start: dt.date, workdays: int) -> dt.date:
    """The last day of a window of `workdays` working days counted after `start`."""
    return cal.add_workdays(start, workdays)


def end_of_day(day: dt.date) -> dt.datetime:
    """The instant a day ends in China (the next day's 00:00, Asia/Shanghai)."""
    nxt = day + dt.timedelta(days=1)
    return dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=TZ)


#: action -> (states it may start from, the state it leads to)
STEPS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({DUE, LATE, MISSING}), SUBMITTED),
    "resubmit": (frozenset({RETURNED}), RESUBMITTED),
    "approve": (IN_REVIEW, APPROVED),
    "return": (IN_REVIEW, RETURNED),
    "deem": (IN_REVIEW, DEEMED),
    "mark_late": (frozenset({DUE}), LATE),
    "mark_missing": (frozenset({DUE, LATE}), MISSING),
}

_LABELS = {
    DUE: ("待提交", "due"), LATE: ("逾期未交", "late"), MISSING: ("缺失", "missing"),
    SUBMITTED: ("已提交", "submitted"), RETURNED: ("已退回", "returned"),
    RESUBMITTED: ("已重新提交", "resubmitted"), APPROVED: ("已通过", "approved"),
    DEEMED: ("视为通过", "deemed approved"),
}


def step(status: str, action: str) -> str:
    """The status after `action` from `status`; RuleError when the step is not allowed."""
    if action == "submit" and status == RETURNED:
        action = "resubmit"
    sources, target = STEPS[action]
    if status not in sources:
        zh, en = _LABELS.get(status, (status, status))
        raise RuleError(f"当前状态（{zh}）不允许此操作", f"not allowed while {en}", "status")
    assert target is not None
    return target


def overdue_status(status: str, today: dt.date, due: dt.date,
                   missing_from: dt.date | None) -> str | None:
    """The status a document not yet submitted should move to on `today`: late after its due
    date, missing from `missing_from` on; None when it stays as it is."""
    if status not in (DUE, LATE):
        return None
    if missing_from is not None and today >= missing_from:
        return MISSING
    if status == DUE and today > due:
        return LATE
    return None


def condition_date(events: list[tuple[str, dt.date]], wanted: frozenset[str]) -> dt.date | None:
    """The first date one of the `wanted` events happened (e.g. approved / deemed approved)."""
    dates = [d for name, d in events if name in wanted]
    return min(dates) if dates else None


def next_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period after [start, end]: as many calendar months when it spans whole months
    (a month, a quarter, a year; a term's first month cut short counts as its month), else as
    many days."""
    same_month = (start.year, start.month) == (end.year, end.month)
    if end == _month_end(end.year, end.month) and (start.day == 1 or same_month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = end.year * 12 + end.month + months - 1  # the next period's last month, 0-based
        first = end + dt.timedelta(days=1)
        return first, _month_end(index // 12, index % 12 + 1)
    days = (end - start).days + 1
    return end + dt.timedelta(days=1), end + dt.timedelta(days=days)
