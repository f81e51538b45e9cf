"""The assessment of a contract's year, from the platform's records, in a fixed number of
queries: work orders (one query, however many) with their resolution clocks (one query),
accidents, personnel, evaluations, praises, manual entries; then the pure engine in
yunwei.scoring.

A work order is late by what its resolution clock says (the contract's clock: its calendar,
pauses and extensions agreed in writing), never by wall-clock hours from the issue time; the
scheme's `limits_hours` apply only to an order without a resolution clock. Which class of
the scheme (`limits_hours` key: urgent, normal ...) a level's lateness counts under is data:
the level's own code when it is a class, else the scheme's `level_map`; an unmapped level is
reported (`Assessment.problems`), never guessed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

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
    problems: list[str] = field(default_factory=list)  # e.g. a level mapped to no class


def engine_scheme(scheme: Scheme) -> EngineScheme:
    """The engine's scheme built from the rows."""
    rules = tuple(Rule(r.code, r.category, r.description, r.points, r.fine_percent, r.trigger,
                       r.interpretation) for r in scheme.rules.all())
    tiers = tuple(Tier(t.lower, t.upper, t.fine_percent, t.label) for t in scheme.tiers.all())
    return EngineScheme(scheme.template or f"scheme-{scheme.pk}", scheme.name, scheme.base,
                        rules, tiers, dict(scheme.options))


def _urgency(level_code: str, limits: dict[str, Any], level_map: dict[str, str]) -> str | None:
    """The scheme's class a level's lateness counts under, or None when the data says none."""
    if level_code in level_map:
        mapped = level_map[level_code]
        return mapped if mapped in limits else None
    return level_code if level_code in limits else None


def resolution_lateness(contract_id: int, start: dt.datetime, end: dt.datetime,
                        as_of: dt.datetime) -> dict[int, tuple[float, float]]:
    """Work order id -> (seconds late, limit in hours) by the resolution clocks started in
    [start, end), as each clock counts them (its calendar, pauses and extensions): a stopped
    clock by what it said when it stopped (only the late ones are listed), an open one
    replayed at `as_of` (always listed). Six queries, however many clocks."""
    from yunwei.calendars import provider
    from yunwei.calendars.models import SlaClockEvent, SlaClockRecord, SlaTarget, SlaTargetVersion
    from yunwei.calendars.provider import engine_for
    from yunwei.worktime.clock import ClockEvent, SlaClock

    provider.invalidate()  # open clocks replay on the holiday data as it is now (and the
    provider.holiday_version()  # query count stays the same whatever the cache's age)

    resolution = SlaTarget.objects.filter(policy__contract_id=contract_id,
                                          metric="resolution").values("pk")
    clocks = SlaClockRecord.objects.filter(
        contract_id=contract_id, subject_type="workorders.workorder", target_id__in=resolution,
        started_at__gte=start, started_at__lt=end)
    hours = {pk: minutes / 60 for pk, minutes in SlaTargetVersion.objects.filter(
        target__in=resolution).values_list("pk", "minutes")}
    result: dict[int, tuple[float, float]] = {}
    # Only the late ones of the stopped clocks (the many) are read: an order whose stopped
    # clock is missing here was on time (assess() knows it has one from its deadline copy).
    for subject, remaining, terms in clocks.filter(state="stopped", remaining_seconds__lt=0) \
            .values_list("subject_id", "remaining_seconds", "terms_id"):
        result[int(subject)] = (float(-remaining), hours.get(terms, 0.0))
    open_clocks = clocks.filter(state__in=["running", "paused"])
    events: dict[int, list[ClockEvent]] = defaultdict(list)
    for clock_id, kind, at, reason, approver, extra, new_deadline in (
            SlaClockEvent.objects.filter(clock__in=open_clocks, at__lte=as_of,
                                         kind__in=["pause", "resume", "extend"])
            .order_by("at", "id").values_list("clock_id", "kind", "at", "reason", "approver",
                                              "extra_seconds", "new_deadline")):
        events[clock_id].append(ClockEvent(kind, at, reason, approver, extra, new_deadline))
    for pk, subject, minutes, warn, kind, office, started, label in open_clocks.values_list(
            "pk", "subject_id", "terms__minutes", "terms__warn_percent",
            "terms__calendar__kind", "terms__calendar__hours", "started_at", "label"):
        clock = SlaClock(engine_for(kind, office), minutes * 60, warn / 100,
                         [ClockEvent("start", started), *events[pk]], label=label)
        status = clock.status(max(as_of, started), explain=False)
        result[int(subject)] = (float(max(0, -status.remaining)), minutes / 60)
    return result


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
    lateness = resolution_lateness(scheme.contract_id, start, end, as_of)
    rows = (WorkOrder.objects.filter(contract_id=scheme.contract_id, reported_at__gte=start,
                                     reported_at__lt=end)
            .annotate(steps=Case(When(~Q(problem_analysis="") & ~Q(resolution_steps="")
                                      & ~Q(verification=""), then=Value(True)),
                                 default=Value(False)))
            .annotate(clocked=Case(When(resolution_deadline__isnull=False, then=Value(True)),
                                   default=Value(False)))
            .values_list("pk", "number", "level_code", "reported_at", "resolved_at", "steps",
                         "evaluation__rating", "evaluation__id", "clocked"))
    orders, unmapped = [], defaultdict(int)
    for pk, number, level, reported, resolved, steps, rating, evaluation_id, clocked in rows:
        urgency = _urgency(level, limits, level_map)
        if urgency is None:
            unmapped[level] += 1
            continue
        # On time by its clock (0), or no resolution clock at all (the scheme's limit).
        late, limit = lateness.get(pk, (0.0 if clocked else None, None))
        orders.append(ev.WorkOrderRecord(
            number, urgency, reported, resolved, signed=evaluation_id is not None,
            rating=rating, steps_recorded=bool(steps), late_seconds=late, limit_hours=limit))
    assessor.work_orders(orders, as_of)
    problems = [_("Level %(level)s is not mapped to an assessment rule (%(n)s work orders not "
                  "counted): map it in the assessment scheme.")
                % {"level": level or _("(no level)"), "n": n}
                for level, n in sorted(unmapped.items())]
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
    return Assessment(scheme, year, result, dict(by_category), _trend(result, year), problems)


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
