"""Payments of a scheme: instalments checked against the contract total, fines deducted from a
payment or claimed against the performance bond, and the agency's own late payment under the
contract's clause (or none), with exemptions by reason; each number explains itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..milestones import Milestone, check
from ..money import percent_of, yuan
from ..penalties import WorkdayCalendar, agency_late_payment
from .assess import money, plural
from .lpr import LprTable
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
    """The agency's late-payment penalty on one payment, or why there is none; `problem` when
    it cannot be worked out (a day with no known LPR): the amount is then None, not guessed."""

    amount: Decimal | None
    zh: str
    en: str
    exempt: bool = False
    capped: bool = False
    problem: bool = False


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
    if not bond:
        return ZERO
    if bond.get("amount") is not None:
        return yuan(bond["amount"])
    return percent_of(yuan(total), bond["percent"])


@dataclass(frozen=True)
class Bond:
    """The performance bond as the contract sets it: amount, how it was worked out, its form,
    when it is returned and what it is claimed for."""

    amount: Decimal
    zh: str
    en: str
    form: str
    refund: Text | None
    refund_on: dt.date | None
    forfeit: Text | None


def bond(scheme: Scheme, total: Decimal | str) -> Bond | None:
    """The scheme's performance bond for a contract total with its explanation; None when the
    contract asks for none."""
    spec = scheme.payments.get("bond")
    if not spec:
        return None
    amount = bond_amount(scheme, total)
    if spec.get("amount") is not None:
        zh = f"合同约定履约保证金 {money(amount)} 元"
        en = f"the contract sets a bond of {money(amount)} yuan"
    else:
        pct = _pct(spec["percent"])
        zh = f"合同总额 {money(yuan(total))} 元 × {pct}% = {money(amount)} 元"
        en = f"{pct} % of the contract total {money(yuan(total))} = {money(amount)} yuan"
    return Bond(amount, zh, en, spec.get("form") or "", spec.get("refund"),
                spec.get("refund_on"), spec.get("forfeit"))


def _pct(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text


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
                 calendar: WorkdayCalendar, reason: str = "",
                 total: Decimal | str | None = None,
                 lpr: LprTable | None = None) -> LatePayment:
    """The agency's late payment on `overdue` due on `due` and paid on `paid`, under the
    scheme's clause; none without a clause, none when `reason` is one the clause exempts. The
    rate and the cap are taken of the clause's basis: the amount paid late, or the contract
    `total`. A clause following the loan prime rate (`kind: lpr`) reads the `lpr` table."""
    clause = scheme.payments.get("late_payment")
    if clause is None:
        return LatePayment(ZERO, "合同未约定甲方逾期付款违约金",
                           "the contract sets no late-payment penalty for the agency")
    if reason and exempt(clause, reason):
        return LatePayment(ZERO, f"免责：{reason}（合同约定此原因延迟付款不承担违约责任）",
                           f"exempt: {reason} (the contract excuses this delay)", exempt=True)
    on_total = clause.get("basis") == "contract_total" and total is not None
    basis = yuan(total) if on_total else yuan(overdue)
    if clause.get("kind") == "lpr":
        return lpr_late_payment(clause, basis, on_total, due, paid, calendar,
                                lpr or LprTable(()))
    rate, start_day = clause["percent_per_day"], clause["from_working_day"]
    result = agency_late_payment(basis, due, paid, calendar, start_day, rate,
                                 clause["cap_percent"] if clause["cap_percent"] is not None
                                 else None)
    start = calendar.add_workdays(due, start_day)
    days = max((paid - start).days, 0)
    what_zh = "合同总额" if on_total else "逾期金额"
    what_en = "the contract total" if on_total else "the amount paid late"
    zh = "；".join(result.steps) + f"（按{what_zh}计）"
    cap_en = (f", capped at {_pct(clause['cap_percent'])} % ({money(result.amount)} yuan)"
              if result.capped else "")
    en = (f"due {due}; from working day {start_day} ({start}) to {paid} (not counted): "
          f"{days} {plural(days, 'day')}; {money(basis)} ({what_en}) × {_pct(rate)} % × "
          f"{days} {plural(days, 'day')} = "
          f"{money(result.amount) if not result.capped else money(_raw(basis, rate, days))} "
          f"yuan{cap_en}")
    return LatePayment(result.amount, zh, en, capped=result.capped)


def lpr_late_payment(clause: dict, basis: Decimal, on_total: bool, due: dt.date,
                     paid: dt.date, calendar: WorkdayCalendar, table: LprTable) -> LatePayment:
    """Interest at the one-year LPR x multiplier (+ basis points) a year, divided by the
    clause's days a year, on `basis` for each day from the clause's start to payment (the day
    of payment not counted). The LPR is the one in force on each day (`lpr_on: each_day`) or on
    the due date (`due_date`). Each run of days at one rate is worked out and rounded to the
    fen on its own, the penalty is their sum, then the cap (a share of the basis) applies."""
    mult, plus_bp = Decimal(clause["multiplier"]), Decimal(clause["plus_bp"])
    year_days, start_day = int(clause["year_days"]), clause["from_working_day"]
    start = calendar.add_workdays(due, start_day)
    last = paid - dt.timedelta(days=1)
    what_zh = "合同总额" if on_total else "逾期金额"
    what_en = "the contract total" if on_total else "the amount paid late"
    head_zh = (f"应付日 {due}，自其后第 {start_day} 个工作日 {start}" if start_day
               else f"应付日 {due}，自该日") + f"起计至 {paid}（不含）"
    head_en = (f"due {due}; from working day {start_day} ({start})" if start_day
               else f"due {due}; from that day") + f" to {paid} (not counted)"
    if last < start:
        return LatePayment(ZERO, head_zh + "：0 天，不计违约金", head_en + ": 0 days, nothing")
    if clause.get("lpr_on") == "due_date":
        found = table.rate_on(due)
        segs = [(start, last, found[0], found[1])] if found else []
        missing = [] if found else [(due, due)]
    else:
        segs, missing = table.segments(start, last)
    if missing:
        days = "、".join(f"{a}" if a == b else f"{a} 至 {b}" for a, b in missing)
        days_en = ", ".join(f"{a}" if a == b else f"{a} to {b}" for a, b in missing)
        return LatePayment(None, f"无法计算：{days} 没有已录入的一年期 LPR（请系统管理员录入"
                           "当期公布的利率）",
                           f"cannot be worked out: no one-year LPR entered for {days_en} "
                           "(the system administrator enters the published rate)", problem=True)
    steps_zh, steps_en, amount = [head_zh], [head_en], ZERO
    for first, end, effective, lpr_rate in segs:
        n = (end - first).days + 1
        annual = lpr_rate * mult + plus_bp / 100
        part = (basis * annual / 100 * n / year_days).quantize(Decimal("0.01"),
                                                                 rounding=ROUND_HALF_UP)
        amount += part
        rate_zh = _annual(lpr_rate, mult, plus_bp)
        steps_zh.append(f"{first} 至 {end} 共 {n} 天，LPR {lpr_rate:.2f}%（{effective} 起）"
                        f"{rate_zh}：{money(basis)} 元 × {_pct(annual)}% × {n} / {year_days}"
                        f" = {money(part)} 元")
        steps_en.append(f"{first} to {end}, {n} {plural(n, 'day')} at the LPR "
                        f"{lpr_rate:.2f} % (from "
                        f"{effective}){_annual_en(mult, plus_bp)}: {money(basis)} × "
                        f"{_pct(annual)} % × {n} / {year_days} = {money(part)} yuan")
    capped = False
    if clause.get("cap_percent") is not None:
        cap = percent_of(basis, clause["cap_percent"])
        if amount > cap:
            steps_zh.append(f"合计 {money(amount)} 元，超过上限 {_pct(clause['cap_percent'])}%"
                            f"（{money(cap)} 元），按上限计")
            steps_en.append(f"in all {money(amount)}, capped at "
                            f"{_pct(clause['cap_percent'])} % ({money(cap)} yuan)")
            amount, capped = cap, True
    if len(segs) > 1 and not capped:
        steps_zh.append(f"合计 {money(amount)} 元")
        steps_en.append(f"in all {money(amount)} yuan")
    return LatePayment(amount, "；".join(steps_zh) + f"（按{what_zh}计）",
                       "; ".join(steps_en) + f" (of {what_en})", capped=capped)


def _annual(lpr_rate: Decimal, mult: Decimal, plus_bp: Decimal) -> str:
    if mult == 1 and not plus_bp:
        return ""
    text = f" × {_pct(mult)}" if mult != 1 else ""
    text += f" + {_pct(plus_bp)} 个基点" if plus_bp else ""
    return text


def _annual_en(mult: Decimal, plus_bp: Decimal) -> str:
    if mult == 1 and not plus_bp:
        return ""
    text = f" × {_pct(mult)}" if mult != 1 else ""
    text += f" + {_pct(plus_bp)} basis points" if plus_bp else ""
    return text


def _raw(basis: Decimal, rate: Decimal, days: int) -> Decimal:
    return (basis * Decimal(rate) / 100 * days).quantize(Decimal("0.01"))


#: Reasons a contract may excuse the agency's delay, by code, as people read them.
EXEMPT_REASONS = {
    "fiscal_treasury": ("财政资金未到位", "fiscal funds not yet allocated"),
    "invoice_missing": ("乙方未按时开具发票", "the vendor's invoice was late"),
    "bank_account_not_notified": ("乙方未及时告知银行账号变更",
                                  "the vendor did not give its new bank account in time"),
}


def exempt(clause: dict, reason: str) -> bool:
    """Whether the clause excuses a delay for `reason` (its code, or the reason as written)."""
    reason = reason.strip()
    for code in clause.get("exempt") or ():
        names = {code, *EXEMPT_REASONS.get(code, ())}
        if reason in names:
            return True
    return False


def exempt_label(code: str, english: bool = False) -> str:
    """An exemption as people read it (the code's label, or the reason as the contract wrote it)."""
    names = EXEMPT_REASONS.get(code)
    return (names[1] if english else names[0]) if names else code
