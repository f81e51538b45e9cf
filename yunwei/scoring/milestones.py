"""Payment milestones: checks that catch real contract mistakes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yunwei.core.formatting import percent

from .money import capitals, check_capitals, percent_of, yuan


@dataclass(frozen=True)
class Milestone:
    """One payment: its share, amount and the amount in capitals as written."""

    name: str
    percent: Decimal
    amount: Decimal
    written_capitals: str = ""


def check(total: Decimal | str, milestones: list[Milestone],
          written_total_capitals: str = "", english: bool = False) -> list[str]:
    """Problems found (empty when the payment terms are consistent), in Chinese or English."""
    total = yuan(total)
    problems = []
    share = sum((Decimal(str(m.percent)) for m in milestones), Decimal(0))
    if share != 100:
        problems.append(f"The shares of the payments add up to {percent(share)}, not 100%"
                        if english else f"各期付款比例合计 {percent(share)}，不是 100%")
    amounts = sum((yuan(m.amount) for m in milestones), Decimal("0.00"))
    if amounts != total:
        problems.append(f"The payments add up to {amounts} yuan, not the contract's total of "
                        f"{total} yuan" if english else
                        f"各期金额合计 {amounts} 元，与合同总额 {total} 元不符")
    for m in milestones:
        expected = percent_of(total, m.percent)
        if yuan(m.amount) != expected:
            problems.append(f"{m.name}: {percent(m.percent)} × {total} yuan = {expected} yuan, "
                            f"the contract says {yuan(m.amount)} yuan" if english else
                            f"{m.name}：{percent(m.percent)} × {total} 元 = {expected} 元，"
                            f"合同写的是 {yuan(m.amount)} 元")
        if m.written_capitals and not check_capitals(m.amount, m.written_capitals):
            problems.append(f"{m.name}: the capitals “{m.written_capitals}” do not match "
                            f"{yuan(m.amount)} yuan (should be “{capitals(m.amount)}”)"
                            if english else
                            f"{m.name}：大写“{m.written_capitals}”与小写 {yuan(m.amount)} 元不符"
                            f"（应为“{capitals(m.amount)}”）")
    if written_total_capitals and not check_capitals(total, written_total_capitals):
        problems.append(f"The contract total's capitals “{written_total_capitals}” do not "
                        f"match {total} yuan (should be “{capitals(total)}”)" if english else
                        f"合同总额大写“{written_total_capitals}”与小写 {total} 元不符"
                        f"（应为“{capitals(total)}”）")
    return problems
