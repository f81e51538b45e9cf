"""Penalty calculators for the clause forms found in the contracts, each explained.

- a percentage of the contract amount per day of delay;
- a percentage per started week (7 days), capped (e.g. 0.5 % a week, at most 30 %);
- a percentage per started N days;
- a fixed amount per violation, with a termination right once violations reach a number;
- the agency's own late payment: a daily rate on the overdue amount from the Nth working day
  of delay, capped at a share of that amount.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from .money import FEN, yuan


@dataclass(frozen=True)
class Penalty:
    """An amount with the steps that produced it."""

    amount: Decimal
    steps: tuple[str, ...]
    capped: bool = False
    termination_right: bool = False


def _q(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def per_day(base: Decimal | str, percent_per_day: Decimal | str, days: int,
            cap_percent: Decimal | str | None = None) -> Penalty:
    """`percent_per_day` % of `base` for each day of delay (optionally capped)."""
    if days < 0:
        raise ValueError("days cannot be negative")
    base, rate = yuan(base), Decimal(str(percent_per_day))
    raw = base * rate / 100 * days
    steps = [f"{base} 元 × {rate}% × {days} 天 = {_q(raw)} 元"]
    return _cap(raw, base, cap_percent, steps)


def per_started_period(base: Decimal | str, percent: Decimal | str, days_late: int,
                       period_days: int = 7, cap_percent: Decimal | str | None = None) -> Penalty:
    """`percent` % of `base` for each started period of `period_days` days (不足按一期计)."""
    if days_late < 0 or period_days <= 0:
        raise ValueError("bad delay or period")
    base, rate = yuan(base), Decimal(str(percent))
    periods = math.ceil(days_late / period_days)
    raw = base * rate / 100 * periods
    steps = [f"逾期 {days_late} 天 = {periods} 个 {period_days} 天（不足 {period_days} 天按 "
             f"{period_days} 天计）", f"{base} 元 × {rate}% × {periods} = {_q(raw)} 元"]
    return _cap(raw, base, cap_percent, steps)


def fixed_per_violation(amount_each: Decimal | str, violations: int,
                        termination_at: int | None = 10) -> Penalty:
    """A fixed amount per violation; the agency may terminate once violations reach N."""
    if violations < 0:
        raise ValueError("violations cannot be negative")
    each = yuan(amount_each)
    total = _q(each * violations)
    right = termination_at is not None and violations >= termination_at
    steps = [f"{each} 元 × {violations} 次 = {total} 元"]
    if right:
        steps.append(f"违约达到 {termination_at} 次：甲方有权解除合同")
    return Penalty(total, tuple(steps), termination_right=right)


class WorkdayCalendar(Protocol):
    """What the late-payment calculator needs of a calendar."""

    def add_workdays(self, day: dt.date, n: int) -> dt.date: ...


def agency_late_payment(overdue: Decimal | str, due: dt.date, paid: dt.date,
                        calendar: WorkdayCalendar, from_working_day: int = 15,
                        rate_per_day: Decimal | str = "0.03",
                        cap_percent: Decimal | str = "20") -> Penalty:
    """The agency's late payment: `rate_per_day` % of the overdue amount for each day from the
    `from_working_day`th working day after the due date (that day counts) until payment (the
    day of payment does not), capped at `cap_percent` % of the overdue amount."""
    amount, rate = yuan(overdue), Decimal(str(rate_per_day))
    start = calendar.add_workdays(due, from_working_day)
    days = max((paid - start).days, 0)
    raw = amount * rate / 100 * days
    steps = [f"应付日 {due}，逾期第 {from_working_day} 个工作日为 {start}",
             f"{start} 至 {paid}（不含）共 {days} 天",
             f"{amount} 元 × {rate}% × {days} 天 = {_q(raw)} 元"]
    return _cap(raw, amount, cap_percent, steps)


def _cap(raw: Decimal, base: Decimal, cap_percent: Decimal | str | None,
         steps: list[str]) -> Penalty:
    amount = _q(raw)
    if cap_percent is not None:
        cap = _q(base * Decimal(str(cap_percent)) / 100)
        if amount > cap:
            steps.append(f"超过上限 {cap_percent}%（{cap} 元），按上限计")
            return Penalty(cap, tuple(steps), capped=True)
    return Penalty(amount, tuple(steps))
