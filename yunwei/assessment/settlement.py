"""Payment milestones in figures: due dates on the working calendar, the agency's late-payment
penalty, and the checks against the contract (shares, amounts to the fen, capitals)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yunwei.scoring.money import capitals

from .models import PaymentMilestone


def payment_rows(payments: list[PaymentMilestone]) -> list[dict[str, Any]]:
    """Each payment with its due date, flags and the agency's late-payment penalty."""
    from yunwei.calendars.provider import national_calendar
    from yunwei.scoring.penalties import agency_late_payment

    today = timezone.localdate()
    rows = []
    for p in payments:
        due, flags = p.due_date()
        penalty = None
        if due is not None and p.status != "paid" and today > due:
            penalty = agency_late_payment(p.amount, due, today, national_calendar())
        elif due is not None and p.paid_on and p.paid_on > due:
            penalty = agency_late_payment(p.amount, due, p.paid_on, national_calendar())
        rows.append({"p": p, "due": due, "flags": flags, "penalty": penalty,
                     "capitals": capitals(p.amount)})
    return rows


def payment_problems(contract: Any, payments: list[PaymentMilestone]) -> list[str]:
    """The checks that catch contract mistakes (shares, amounts to the fen, capitals)."""
    from yunwei.scoring.milestones import Milestone, check

    if not payments:
        return []
    return check(contract.amount, [Milestone(p.name, p.percent, p.amount, p.amount_capitals)
                                   for p in payments])
