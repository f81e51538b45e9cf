"""Payment milestones in figures: due dates on the working calendar, the agency's late-payment
penalty, and the checks against the contract (shares, amounts to the fen, capitals)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yunwei.scoring.money import MoneyError, capitals, read_capitals

from .models import PaymentMilestone


def payment_rows(payments: list[PaymentMilestone]) -> list[dict[str, Any]]:
    """Each payment with its due date, flags and the agency's late-payment penalty."""
    from yunwei.calendars.provider import national_calendar
    from yunwei.scoring.penalties import agency_late_payment

    today = timezone.localdate()
    rows = []
    for p in payments:
        met_on = p.condition_met_on()
        due, flags = p.due_date(met_on)
        penalty = None
        if due is not None and p.status != "paid" and today > due:
            penalty = agency_late_payment(p.amount, due, today, national_calendar())
        elif due is not None and p.paid_on and p.paid_on > due:
            penalty = agency_late_payment(p.amount, due, p.paid_on, national_calendar())
        try:
            figure = capitals(p.amount)
        except MoneyError as exc:  # a negative amount stored before it was refused
            figure = exc.zh
        rows.append({"p": p, "due": due, "flags": flags, "penalty": penalty,
                     "capitals": figure, "met_on": met_on, "delays": p.agency_delays()})
    return rows


def payment_problems(contract: Any, payments: list[PaymentMilestone]) -> list[str]:
    """The checks that catch contract mistakes (shares, amounts to the fen, capitals)."""
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
                problems.append(f"{p.name}：{exc.zh}")
                written = ""
        milestones.append(Milestone(p.name, p.percent, p.amount, written))
    try:
        return problems + check(contract.amount, milestones)
    except MoneyError as exc:  # e.g. a negative amount: the checks cannot go on
        return [*problems, exc.zh]


def period_payments(payments: list[PaymentMilestone], fines: Any, guarantee: bool,
                    english: bool = False) -> list[dict[str, Any]]:
    """The payments section of a period's score: each instalment with its condition (read
    through the conditions registry, or entered by hand) and when it was met, the deduction
    of the period's fines and the amount payable. The period's fines are deducted from the
    last instalment not yet paid (or claimed against the performance guarantee when there is
    one); what they exceed is shown as not covered."""
    from decimal import Decimal

    from yunwei.core import conditions

    fines = Decimal(fines or 0)
    unpaid = [p for p in payments if p.status != "paid"]
    target = max(unpaid, key=lambda p: (p.seq, p.pk)) if unpaid else None
    rows = []
    for p in payments:
        registered = conditions.CONDITIONS.get(p.condition_kind) if p.condition_kind else None
        source = "platform" if registered else ("unknown" if p.condition_kind else "hand")
        deduction = claim = uncovered = Decimal("0.00")
        if p is target and fines:
            if guarantee:
                claim = fines
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
