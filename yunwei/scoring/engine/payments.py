"""Payments of a scheme: instalments checked against the contract total, fines deducted from a
payment or claimed against the performance bond, and the agency's own late payment under the
contract's clause (or none), with exemptions by reason; each number explains itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..milestones import Milestone, check
from ..money import percent_of, yuan
from ..penalties import WorkdayCalendar, agency_late_payment
from .assess import money
from .scheme import Scheme, Text

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Instalment:
    """One payment of the contract: its share, amount, due date and condition."""

    code: str
    name: Text
    percent: Decimal
    amount: Decimal
    due: str
    condition: Text | None


@dataclass(frozen=True)
class Settlement:
    """A payment after fines: what is paid, deducted, claimed on the bond, left unrecovered."""

    scheduled: Decimal
    fines: Decimal
    paid: Decimal
    deducted: Decimal
    bond_claim: Decimal
    unrecovered: Decimal
    zh: str
    en: str


@dataclass(frozen=True)
class LatePayment:
    """The agency's late-payment penalty on one payment, or why there is none."""

    amount: Decimal
    zh: str
    en: str
    exempt: bool = False
    capped: bool = False


def instalments(scheme: Scheme, total: Decimal | str) -> tuple[list[Instalment], list[str]]:
    """The scheme's instalments for a contract total, and the problems found (in Chinese):
    shares not adding to 100 %, an amount written in the scheme that is not share x total."""
    total = yuan(total)
    out, written = [], []
    for m in scheme.payments.get("milestones", []):
        amount = percent_of(total, m["percent"])
        out.append(Instalment(m["code"], m["name"], m["percent"], amount, m["due"],
                              m["condition"]))
        written.append(Milestone(m["name"].zh, m["percent"],
                                 yuan(m["amount"]) if m["amount"] is not None else amount,
                                 m["capitals"]))
    return out, check(total, written) if written else []


def bond_amount(scheme: Scheme, total: Decimal | str) -> Decimal:
    """The performance bond (履约保证金), 0 when the contract has none."""
    bond = scheme.payments.get("bond")
    return percent_of(yuan(total), bond["percent"]) if bond else ZERO


def settle(scheme: Scheme, scheduled: Decimal | str, fines: Decimal | str,
           bond: Decimal | str = "0") -> Settlement:
    """A payment after fines, where the scheme says fines are taken (`fines_from`): deducted
    from the payment (the rest unrecovered), claimed against the bond, or not taken here."""
    scheduled, fines, bond = yuan(scheduled), yuan(fines), yuan(bond)
    where = scheme.payments.get("fines_from", "next_payment")
    if where == "bond":
        claim = min(fines, bond)
        return Settlement(scheduled, fines, scheduled, ZERO, claim, fines - claim,
                          f"违约金 {money(fines)} 元从履约保证金 {money(bond)} 元中扣除 "
                          f"{money(claim)} 元，本期付款 {money(scheduled)} 元不变",
                          f"{money(claim)} of the {money(fines)} yuan penalties is claimed "
                          f"against the bond; the payment stays {money(scheduled)} yuan")
    if where == "none":
        return Settlement(scheduled, fines, scheduled, ZERO, ZERO, fines,
                          f"本期付款 {money(scheduled)} 元，违约金 {money(fines)} 元另行追偿",
                          f"the payment is {money(scheduled)} yuan; penalties are recovered "
                          "separately")
    deducted = min(fines, scheduled)
    paid = scheduled - deducted
    return Settlement(scheduled, fines, paid, deducted, ZERO, fines - deducted,
                      f"{money(scheduled)} 元 − 违约金 {money(deducted)} 元 = {money(paid)} 元"
                      + (f"（尚有 {money(fines - deducted)} 元未扣回）" if fines > deducted
                         else ""),
                      f"{money(scheduled)} − penalties {money(deducted)} = {money(paid)} yuan"
                      + (f" ({money(fines - deducted)} yuan not recovered)"
                         if fines > deducted else ""))


def late_payment(scheme: Scheme, overdue: Decimal | str, due: dt.date, paid: dt.date,
                 calendar: WorkdayCalendar, reason: str = "") -> LatePayment:
    """The agency's late payment on `overdue` due on `due` and paid on `paid`, under the
    scheme's clause; none without a clause, none when `reason` is one the clause exempts."""
    clause = scheme.payments.get("late_payment")
    if clause is None:
        return LatePayment(ZERO, "合同未约定甲方逾期付款违约金",
                           "the contract sets no late-payment penalty for the agency")
    if reason and reason in clause["exempt"]:
        return LatePayment(ZERO, f"免责：{reason}（合同约定此原因延迟付款不承担违约责任）",
                           f"exempt: {reason} (the contract excuses this delay)", exempt=True)
    result = agency_late_payment(overdue, due, paid, calendar, clause["from_working_day"],
                                 clause["percent_per_day"],
                                 clause["cap_percent"] if clause["cap_percent"] is not None
                                 else "100000")
    return LatePayment(result.amount, "；".join(result.steps),
                       f"{money(result.amount)} yuan ({clause['percent_per_day']} % a day from "
                       f"working day {clause['from_working_day']} after {due})",
                       capped=result.capped)
