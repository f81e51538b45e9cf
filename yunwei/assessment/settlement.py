"""Payment milestones in figures: due dates on the working calendar, the agency's late-payment
penalty, and the checks against the contract (shares, amounts to the fen, capitals)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yunwei.scoring.money import MoneyError, capitals, read_capitals

from .models import PaymentMilestone


def payment_rows(payments: list[PaymentMilestone], engine: Any = None,
                 english: bool = False) -> list[dict[str, Any]]:
    """Each payment with its due date, flags and the agency's late-payment penalty under the
    contract's own clause (the scheme's `payments.late_payment`: rate, basis, cap, the working
    day it starts, the reasons it excuses), or none when the contract has no clause."""
    from yunwei.calendars.provider import national_calendar
    from yunwei.scoring.engine.payments import late_payment

    today = timezone.localdate()
    clause = engine.payments.get("late_payment") if engine is not None else None
    table = None
    if clause is not None and clause.get("kind") == "lpr":
        from .models import lpr_table

        table = lpr_table()  # one query, only for a clause following the LPR
    rows = []
    for p in payments:
        met_on = p.condition_met_on()
        due, flags = p.due_date(met_on)
        penalty = None
        until = None
        if due is not None and p.status != "paid" and today > due:
            until = today
        elif due is not None and p.paid_on and p.paid_on > due:
            until = p.paid_on
        if until is not None and clause is not None:
            result = late_payment(engine, p.amount, due, until, national_calendar(),
                                  reason=p.delay_reason if p.status == "delayed" else "",
                                  total=p.contract.amount, lpr=table)
            penalty = {"amount": result.amount, "exempt": result.exempt,
                       "problem": result.problem,
                       "explanation": result.en if english else result.zh}
        try:
            figure = capitals(p.amount)
        except MoneyError as exc:  # a negative amount stored before it was refused
            figure = exc.zh
        rows.append({"p": p, "due": due, "flags": flags, "penalty": penalty,
                     "capitals": figure, "met_on": met_on, "delays": p.agency_delays()})
    return rows


def late_payment_terms(engine: Any, english: bool = False) -> str:
    """The contract's late-payment clause in words ("" when the scheme cannot be read)."""
    from yunwei.core.formatting import number, percent
    from yunwei.scoring.engine.payments import exempt_label

    if engine is None:
        return ""
    clause = engine.payments.get("late_payment")
    if clause is None:
        return ("The contract sets no late-payment penalty for the agency." if english
                else "合同未约定甲方逾期付款违约金。")
    on_total = clause.get("basis") == "contract_total"
    cap = percent(clause["cap_percent"]) if clause["cap_percent"] is not None else None
    exempt = [exempt_label(c, english) for c in clause.get("exempt") or ()]
    if clause.get("kind") == "lpr":
        text = _lpr_words(clause, on_total, english) + (
            (f", at most {cap} of it" if cap else ", without a cap") if english
            else (f"，累计不超过其 {cap}" if cap else "，不设上限"))
        if exempt:
            text += ("; excused: " + "; ".join(exempt) if english
                     else "；以下原因延迟付款免责：" + "、".join(exempt))
        ref = clause_ref(clause, english)
        return text + ((f" ({ref})" if english else f"（{ref}）") if ref else "") + \
            ("." if english else "。")
    rate = f"{number(clause['percent_per_day'], 6)}%"  # 0.015 % a day is not 0.02 %
    if english:
        text = (f"{rate} a day of {'the contract total' if on_total else 'the amount paid late'}"
                f" from working day {clause['from_working_day']} after the due date"
                + (f", at most {cap} of it" if cap else ", without a cap"))
        if exempt:
            text += "; excused: " + "; ".join(exempt)
        ref = clause_ref(clause, english)
        return text + (f" ({ref})" if ref else "") + "."
    text = (f"自应付日后第 {clause['from_working_day']} 个工作日起，每日按"
            f"{'合同总额' if on_total else '逾期金额'}的 {rate} 计"
            + (f"，累计不超过其 {cap}" if cap else "，不设上限"))
    if exempt:
        text += "；以下原因延迟付款免责：" + "、".join(exempt)
    ref = clause_ref(clause, english)
    return text + (f"（{ref}）" if ref else "") + "。"


def clause_ref(clause: Any, english: bool = False) -> str:
    """The clause a late-payment term cites, in the reader's language when it is given in both
    ({zh, en}: a note the platform wrote), else as written."""
    ref = clause.get("clause") if clause else ""
    if isinstance(ref, dict):
        return str(ref.get("en" if english else "zh") or ref.get("zh") or "")
    return str(ref or "")


def _lpr_words(clause: Any, on_total: bool, english: bool) -> str:
    """An LPR clause's rate in words: which LPR, times, plus points, days a year, of what."""
    from decimal import Decimal

    from yunwei.core.formatting import number

    mult = Decimal(str(clause.get("multiplier") if clause.get("multiplier") is not None else 1))
    plus = Decimal(str(clause.get("plus_bp") or 0))
    each_day = clause.get("lpr_on", "each_day") == "each_day"
    start = clause["from_working_day"]
    if english:
        rate = ("the one-year LPR in force on each day of delay" if each_day
                else "the one-year LPR in force on the due date")
        if mult != 1:
            rate = f"{number(mult, 4)} × {rate}"
        if plus:
            rate += f" plus {number(plus, 2)} basis points"
        return (f"interest at {rate} (a yearly rate, divided by {clause['year_days']} days), on "
                f"{'the contract total' if on_total else 'the amount paid late'} "
                + (f"from working day {start} after the due date" if start
                   else "from the due date"))
    rate = "逾期期间每日适用的一年期 LPR" if each_day else "应付日适用的一年期 LPR"
    if mult != 1:
        rate += f"的 {number(mult, 4)} 倍"
    if plus:
        rate += f"加 {number(plus, 2)} 个基点"
    return ((f"自应付日后第 {start} 个工作日起" if start else "自应付日起")
            + f"，按{rate}（年利率，一年按 {clause['year_days']} 天计）就"
            + ("合同总额" if on_total else "逾期金额") + "计付逾期利息")


def bond_row(engine: Any, contract: Any, claim: Any = 0,
             english: bool = False) -> dict[str, Any] | None:
    """The performance bond (履约保证金) as the contract sets it, for the score page: amount
    and how it is worked out, form, when it is returned, what it is claimed for, and the
    period's fines claimed against it. None when the contract asks for none."""
    from decimal import Decimal

    from yunwei.scoring.engine.payments import bond

    if engine is None:
        return None
    b = bond(engine, contract.amount)
    if b is None:
        return None

    def text(t: Any) -> str:
        if t is None:
            return ""
        return str(getattr(t, "en" if english else "zh", "") or getattr(t, "zh", "") or t)

    forms = {"transfer": ("转账", "bank transfer"), "guarantee": ("银行保函", "bank guarantee"),
             "cheque": ("支票", "cheque"), "cash": ("现金", "cash")}
    form = forms.get(b.form, (b.form, b.form))[1 if english else 0]
    return {"amount": b.amount, "explanation": b.en if english else b.zh, "form": form,
            "refund": text(b.refund), "refund_on": b.refund_on, "forfeit": text(b.forfeit),
            "claim": Decimal(claim or 0)}


def payment_problems(contract: Any, payments: list[PaymentMilestone],
                     english: bool = False) -> list[str]:
    """The checks that catch contract mistakes (shares, amounts to the fen, capitals), in the
    reader's language."""
    from yunwei.scoring.milestones import Milestone, check

    if not payments:
        return []
    problems, milestones = [], []
    for p in payments:
        written = p.amount_capitals
        if written:
            try:
                read_capitals(written)
            except MoneyError as exc:
                # Stored before input was checked (or edited out of band): say so, and check
                # the rest of the terms without it rather than failing the page.
                problems.append(f"{p.name_in(english)}: {exc.en}" if english
                                else f"{p.name}：{exc.zh}")
                written = ""
        milestones.append(Milestone(p.name_in(english), p.percent, p.amount, written))
    try:
        return problems + check(contract.amount, milestones, english=english)
    except MoneyError as exc:  # e.g. a negative amount: the checks cannot go on
        return [*problems, exc.en if english else exc.zh]


def period_payments(payments: list[PaymentMilestone], fines: Any, guarantee: bool,
                    english: bool = False, bond: Any = None,
                    fines_from: str | None = None) -> list[dict[str, Any]]:
    """The payments section of a period's score: each instalment with its condition (read
    through the conditions registry, or entered by hand) and when it was met, the deduction
    of the period's fines and the amount payable. The period's fines are deducted from the
    last instalment not yet paid (or claimed against the performance guarantee when there is
    one, up to the `bond` amount when the contract sets it); what they exceed is shown as not
    covered. `fines_from` (the definition's, when given) decides over `guarantee`: with
    "none" the instalment is whole and the fines are recovered separately."""
    from decimal import Decimal

    from yunwei.core import conditions

    if fines_from is not None:
        guarantee = fines_from == "bond"

    fines = Decimal(fines or 0)
    unpaid = [p for p in payments if p.status != "paid"]
    target = max(unpaid, key=lambda p: (p.seq, p.pk)) if unpaid else None
    rows = []
    for p in payments:
        registered = conditions.CONDITIONS.get(p.condition_kind) if p.condition_kind else None
        source = "platform" if registered else ("unknown" if p.condition_kind else "hand")
        deduction = claim = uncovered = Decimal("0.00")
        if p is target and fines:
            if fines_from == "none":
                uncovered = fines
            elif guarantee:  # up to the bond the contract sets, when it sets one
                claim = fines if bond is None else min(fines, Decimal(bond))
                uncovered = fines - claim
            else:
                deduction = min(fines, p.amount)
                uncovered = fines - deduction
        rows.append({
            "p": p, "met": p.condition_met_on(), "source": source,
            "label": (registered.label_en if english else registered.label_zh)
            if registered else p.condition_kind,
            "ref": p.condition_ref, "fines": fines if p is target else Decimal("0.00"),
            "deduction": deduction, "claim": claim, "uncovered": uncovered,
            "payable": p.amount - deduction})
    return rows
