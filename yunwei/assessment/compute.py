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
from collections.abc import Iterable
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


# -- the general engine, over the contract's own periods --------------------------------------
@dataclass
class PeriodAssessment:
    """The general engine's assessment of a contract over its periods, with the problems the
    agency must see (an unmapped level, a manual entry of an unknown rule, a refused input)."""

    scheme: Scheme
    engine: Any  # yunwei.scoring.engine.Scheme
    periods: list[Any]  # yunwei.scoring.engine.Period
    result: Any  # yunwei.scoring.engine.Assessment (None when the input was refused)
    problems: list[str] = field(default_factory=list)

    def period(self, code: str | None) -> Any:
        """The PeriodResult of `code` (default: the period holding today, else the last)."""
        if self.result is None or not self.result.periods:
            return None
        if code:
            for p in self.result.periods:
                if p.period.code == code:
                    return p
            return None
        today = timezone.localdate()
        for p in self.result.periods:
            if p.period.contains(today):
                return p
        return self.result.periods[-1] if today > self.result.periods[-1].period.end \
            else self.result.periods[0]


def engine_of(scheme: Scheme) -> Any:
    """The engine's scheme loaded from the scheme's definition (SchemeError when invalid)."""
    from yunwei.core import measures
    from yunwei.scoring.engine import load_scheme

    return load_scheme(scheme.definition, known_measures=measures.known())


def _map_urgency(events: list[Any], engine: Any, level_map: dict[str, str]) -> tuple[
        list[Any], dict[str, int]]:
    """Work-order events with their level code replaced by the scheme's class (the level's own
    code when it is a class, else the level map); the unmapped ones are left out and counted."""
    measure = engine.measures.get("work_order")
    attr = measure.attributes.get("urgency") if measure else None
    if attr is None:
        return events, {}
    classes = {str(v) for v in attr.values}
    lookup = {code: code for code in classes}
    lookup.update({k: v for k, v in level_map.items() if v in classes})
    unmapped: dict[str, int] = defaultdict(int)
    kept = []
    for event in events:
        if event.measure == "work_order":
            level = event.attrs["urgency"]
            mapped = lookup.get(level)
            if mapped is None:
                unmapped[level] += 1
                continue
            event.attrs["urgency"] = mapped
        kept.append(event)
    return kept, dict(unmapped)


def _fit(events: list[Any], engine: Any) -> list[Any]:
    """The events with only the attributes the scheme declares for their measure (a measure
    supplies all it can; a scheme reads what it needs). Several apps may supply one measure
    with different attributes (accidents from operations and entered by hand in the
    assessment): the extra keys are worked out per measure and set of keys, not per measure."""
    declared = {name: set(m.attributes) for name, m in engine.measures.items()}
    extra: dict[tuple[str, frozenset[str]], set[str]] = {}
    for event in events:
        have = frozenset(event.attrs)
        keys = extra.get((event.measure, have))
        if keys is None:
            keys = extra[(event.measure, have)] = set(have) - declared.get(event.measure, set())
        for key in keys:
            event.attrs.pop(key, None)
    return events


def assess_periods(scheme: Scheme, as_of: dt.datetime | None = None) -> PeriodAssessment:
    """Assess a contract over its service period split as the scheme says, from the measures
    the apps register (yunwei.core.measures): a fixed number of queries whatever the data."""
    from yunwei.core import measures
    from yunwei.scoring import engine as eng

    contract = scheme.contract
    engine = engine_of(scheme)
    periods = eng.make_periods(contract.service_start, contract.service_end, engine.periods)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(contract.service_start, dt.time(), tz)
    end = dt.datetime.combine(contract.service_end + dt.timedelta(days=1), dt.time(), tz)
    if as_of is None and timezone.now() < end:
        as_of = timezone.now()  # open items of the running period are judged now
    wanted = [name for name, m in engine.measures.items() if m.kind == "events"]
    events = _fit(measures.collect(contract, wanted, start, end), engine)
    events, unmapped = _map_urgency(events, engine, (scheme.options or {}).get("level_map", {}))
    problems = [_("Level %(level)s is not mapped to an assessment rule (%(n)s work orders not "
                  "counted): map it in the assessment scheme.")
                % {"level": level or _("(no level)"), "n": n}
                for level, n in sorted(unmapped.items())]
    manual_rules = {r.code for r in engine.rules if r.manual}
    manual = []
    for pk, rule, ref, day, count in ManualEntry.objects.filter(
            contract_id=scheme.contract_id, date__gte=contract.service_start,
            date__lte=contract.service_end).order_by("date", "id").values_list(
            "pk", "rule", "evidence", "date", "count"):
        if rule not in manual_rules:
            problems.append(_("Manual entry %(ref)s names rule %(rule)s, which the scheme does "
                              "not enter by hand: not counted.") % {"ref": ref or day,
                                                                     "rule": rule})
            continue
        manual.append(eng.ManualEntry(rule, f"assessment.manualentry:{pk}", day,
                                      f"{ref}（{day}）" if ref else str(day), count))
    terms = eng.Contract(Decimal(contract.amount), contract.service_start, contract.service_end)
    try:
        result = eng.assess(engine, terms, periods, events, (), manual, as_of=as_of)
    except eng.InputError as exc:
        problems.append(_("The records could not be assessed: %(why)s") % {"why": str(exc)})
        result = None
    return PeriodAssessment(scheme, engine, periods, result, problems)


def evidence_urls(lines: Iterable[Any]) -> dict[str, str]:
    """ref ("app_label.model:pk") -> the object's URL, one query per kind of record."""
    from django.apps import apps

    wanted: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        for item in line.evidence:
            label, _sep, pk = item.ref.partition(":")
            if pk:
                wanted[label].add(pk)
    urls: dict[str, str] = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for pk, obj in model._default_manager.in_bulk(pks).items():
            if hasattr(obj, "get_absolute_url"):
                urls[f"{label}:{pk}"] = obj.get_absolute_url()
    return urls


@dataclass
class ShownLine:
    """A line as the score page and the statements show it, its evidence linked."""

    rule: str
    points: Decimal
    fine_yuan: Decimal
    explanation: str
    evidence: list[tuple[str, str]]  # (label, url or "")
    when: dt.date
    pending: bool = False


@dataclass
class Settlement:
    """One period's score, fines and what is paid, as the pages and statements show them."""

    period: Any  # PeriodResult
    base: Decimal | None
    score: Decimal | None
    tier: str
    tier_pending: bool
    rule_fines_yuan: Decimal
    tier_fine_yuan: Decimal
    fine_yuan: Decimal
    scheduled_final_payment: Decimal
    final_payment_yuan: Decimal
    guarantee: bool
    guarantee_claim_yuan: Decimal
    unrecovered_yuan: Decimal
    lines: list[ShownLine]
    pending: list[ShownLine]
    failed: list[Any]
    terminations: list[Any]
    trend: list[tuple[str, Decimal]]


def settle(a: PeriodAssessment, period: Any) -> Settlement:
    """The settlement of one period: fines are deducted from the scheduled final payment, or
    claimed against the performance guarantee when there is one."""
    urls = evidence_urls(period.lines)
    shown = [ShownLine(line.code, line.points, line.fine, line.zh,
                       [(ev.label or ev.ref, urls.get(ev.ref, "")) for ev in line.evidence],
                       line.when, line.pending) for line in period.lines]
    scheme = a.scheme
    fines = period.fines
    scheduled = Decimal(scheme.final_payment)
    if scheme.guarantee:
        final, claim, unrecovered = scheduled, fines, Decimal("0.00")
    else:
        final = max(Decimal("0.00"), scheduled - fines)
        claim, unrecovered = Decimal("0.00"), max(Decimal("0.00"), fines - scheduled)
    base = a.engine.base
    per_month: dict[str, Decimal] = defaultdict(Decimal)
    for line in period.lines:
        if not line.pending:
            per_month[f"{line.when:%Y-%m}"] += line.points
    trend, running = [], base or Decimal(0)
    month = period.period.start.replace(day=1)
    while month <= period.period.end:
        running += per_month.get(f"{month:%Y-%m}", Decimal(0))
        trend.append((f"{month:%Y-%m}", running))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return Settlement(
        period, base, period.score, period.tier.zh if period.tier else "", period.tier_pending,
        period.rule_fines, period.tier_fine, fines, scheduled, final, bool(scheme.guarantee),
        claim, unrecovered, [s for s in shown if not s.pending], [s for s in shown if s.pending],
        period.failed, period.terminations, trend)
