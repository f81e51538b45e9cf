"""The assessment of a contract's year, from the platform's records, in a fixed number of
queries: work orders (one query, however many), accidents, personnel, evaluations, praises,
manual entries; then the pure engine in yunwei.scoring."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, Value, When
from django.utils import timezone

from yunwei.scoring import evaluate as ev
from yunwei.scoring.scheme import Rule, Tier
from yunwei.scoring.scheme import Scheme as EngineScheme

from .models import (
    Accident,
    ManualEntry,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
)


@dataclass
class Assessment:
    """An assessment with the figures the score page and the statement show."""

    scheme: Scheme
    year: int
    result: ev.Result
    by_category: dict[str, Decimal]
    trend: list[tuple[str, Decimal]]


def engine_scheme(scheme: Scheme) -> EngineScheme:
    """The engine's scheme built from the rows."""
    rules = tuple(Rule(r.code, r.category, r.description, r.points, r.fine_percent, r.trigger,
                       r.interpretation) for r in scheme.rules.all())
    tiers = tuple(Tier(t.lower, t.upper, t.fine_percent, t.label) for t in scheme.tiers.all())
    return EngineScheme(scheme.template or f"scheme-{scheme.pk}", scheme.name, scheme.base,
                        rules, tiers, dict(scheme.options))


def _urgency(level_code: str, limits: dict[str, Any], level_map: dict[str, str]) -> str:
    if level_code in limits:
        return level_code
    return level_map.get(level_code, "normal")


def assess(scheme: Scheme, year: int, as_of: dt.datetime | None = None) -> Assessment:
    """Assess a contract's year (open work orders are judged at `as_of`, default year end or
    now, whichever comes first)."""
    from yunwei.workorders.models import WorkOrder

    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    as_of = as_of or min(end, timezone.now())
    engine = engine_scheme(scheme)
    assessor = ev.Assessor(engine, scheme.contract.amount)
    limits = engine.options.get("limits_hours", {"urgent": 8, "normal": 24})
    level_map = engine.options.get("level_map", {})
    rows = (WorkOrder.objects.filter(contract_id=scheme.contract_id, reported_at__gte=start,
                                     reported_at__lt=end)
            .annotate(steps=Case(When(~Q(problem_analysis="") & ~Q(resolution_steps="")
                                      & ~Q(verification=""), then=Value(True)),
                                 default=Value(False)))
            .values_list("number", "level_code", "reported_at", "resolved_at", "steps",
                         "evaluation__rating", "evaluation__id"))
    orders = [ev.WorkOrderRecord(number, _urgency(level, limits, level_map), reported,
                                 resolved, signed=evaluation_id is not None, rating=rating,
                                 steps_recorded=bool(steps))
              for number, level, reported, resolved, steps, rating, evaluation_id in rows]
    assessor.work_orders(orders, as_of)
    mine = {"contract_id": scheme.contract_id}
    assessor.accidents([ev.AccidentRecord(a.ref, a.level, a.occurred_at, a.report_submitted_at)
                        for a in Accident.objects.filter(**mine, occurred_at__gte=start,
                                                         occurred_at__lt=end)], as_of)
    assessor.personnel(ev.PersonnelRecord(kind, person, day, minutes, ref)
                       for kind, person, day, minutes, ref in PersonnelRecord.objects.filter(
                           **mine, date__year=year).values_list(
                           "kind", "person", "date", "minutes", "evidence"))
    assessor.evaluations(ev.QuarterlyEvaluation(q, u, r) for q, u, r in
                         QuarterEvaluation.objects.filter(**mine, quarter__startswith=str(year))
                         .values_list("quarter", "unit", "rating"))
    assessor.praises(ev.Praise(e, lvl, checked, ref, day) for e, lvl, checked, ref, day in
                     Praise.objects.filter(**mine, date__year=year)
                     .values_list("event", "level", "checked", "evidence", "date"))
    assessor.manual(ev.ManualEntry(rule, f"{ref}（{day}）" if ref else str(day), count, day)
                    for rule, ref, day, count in ManualEntry.objects.filter(
                        **mine, date__year=year).values_list("rule", "evidence", "date",
                                                             "count"))
    result = assessor.result(scheme.final_payment, scheme.guarantee)
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for line in result.lines:
        by_category[line.category] += line.points
    return Assessment(scheme, year, result, dict(by_category), _trend(result, year))


def _trend(result: ev.Result, year: int) -> list:
    """The running score at each month's end (each line counts in the month of its evidence;
    a line without a date counts in December)."""
    per_month: dict[int, Decimal] = defaultdict(Decimal)
    for line in result.lines:
        month = line.when.month if line.when and line.when.year == year else 12
        per_month[month] += line.points
    running = result.base
    trend = []
    for month in range(1, 13):
        running += per_month.get(month, Decimal(0))
        trend.append((f"{year}-{month:02d}", running))
    return trend
