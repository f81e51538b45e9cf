"""Operations records counted against the contract's terms, period by period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from . import rules
from .models import OperationsRecord, OperationsTerm


@dataclass(frozen=True)
class TermCount:
    """A term with its periods' counts."""

    term: Any
    periods: list[rules.PeriodCount]


def count_terms(contract: Any, first: dt.date, last: dt.date) -> list[TermCount]:
    """Every counting term of the contract, counted per period from `first` to `last` (local
    calendar days: a drill at 23:30 on the last day of a period counts in that period)."""
    out = []
    for term in OperationsTerm.objects.filter(contract=contract).order_by("kind", "period"):
        start = rules.period_start(first, term.period)
        end = rules.next_period(rules.period_start(last, term.period), term.period)
        rows = OperationsRecord.objects.filter(
            contract=contract, kind=term.kind,
            performed_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time())),
            performed_at__lt=timezone.make_aware(dt.datetime.combine(end, dt.time()))
        ).only("pk", "kind", "title", "performed_at")
        zone = timezone.get_current_timezone()
        items = [(r.performed_at.astimezone(zone).date(), r) for r in rows]
        out.append(TermCount(term, rules.count_per_period(items, term.period, first, last,
                                                          term.minimum, term.maximum)))
    return out
