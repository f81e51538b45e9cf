"""The assessment of a contract over its own periods (its service period split as the
scheme says), from the measures the apps register (yunwei.core.measures), in a fixed number
of queries whatever the data; then the pure engine in yunwei.scoring.engine.

A work order is late by what its resolution clock says (the contract's clock: its calendar,
pauses and extensions agreed in writing), supplied by the work-order measure. Which class of
the scheme (the work-order measure's `urgency` values) a level's lateness counts under is data:
the level's own code when it is a class, else the scheme's `level_map`; an unmapped level is
reported (`PeriodAssessment.problems`), never guessed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ManualEntry, Objection, PendingDecision, Scheme


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
    # (period, line code, evidence refs) -> (accepted objection, points, fine withdrawn)
    withdrawn: dict[tuple[str, str, str], tuple[Any, Decimal, Decimal]] = field(
        default_factory=dict)
    # (period, line code, evidence refs) -> the agency's PendingDecision applied
    decided: dict[tuple[str, str, str], Any] = field(default_factory=dict)

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


def contract_periods(scheme: Scheme, engine: Any) -> list[Any]:
    """The contract's assessment periods: its explicit ranges with their fees when it has
    them (`options["periods"]`: {"ranges": [{code, start, end}], "fees": {code: yuan}}),
    else its service period split as the scheme says (the fees still apply by code). An
    EngineError says what is wrong (a range outside the service period, overlapping ...)."""
    from yunwei.scoring import engine as eng

    contract = scheme.contract
    spec = (scheme.options or {}).get("periods") or {}
    ranges, fees = spec.get("ranges") or [], spec.get("fees") or {}
    if ranges:
        return eng.make_periods(contract.service_start, contract.service_end, "ranges",
                                ranges, fees)
    return eng.make_periods(contract.service_start, contract.service_end, engine.periods,
                            fees=fees)


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
    extra: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
    for event in events:
        shape = (event.measure, tuple(event.attrs))
        keys = extra.get(shape)
        if keys is None:
            keys = extra[shape] = tuple(set(shape[1]) - declared.get(event.measure, set()))
        for key in keys:
            event.attrs.pop(key, None)
    return events


def _period_values(values: list[Any], periods: list[Any], as_of: dt.datetime | None) -> list[
        Any]:
    """One value per measure and assessment period, as the engine takes them: a measure given
    per item (the availability of each item with a target) counts its lowest in the period
    (a floor such as "不低于 99.9%" holds only if every item meets it). The items' own values
    (tagged with what a threshold's `filter` may choose them by: type, code) follow as the
    period's parts, so that a rule reads the database items only. Values of periods the
    scheme does not have (other period codes) or that have not begun by `as_of` are left out:
    the engine then reports the period as not judged, never guessed."""
    from dataclasses import replace

    codes = {p.code: p for p in periods}
    lowest: dict[tuple[str, str], Any] = {}
    parts = []
    for value in values:
        period = codes.get(value.period)
        if period is None or (as_of is not None and as_of.date() < period.start):
            continue
        if value.tags:
            parts.append(value)
        key = (value.measure, value.period)
        if key not in lowest or value.value < lowest[key].value:
            lowest[key] = value
    return [replace(v, tags={}) for v in lowest.values()] + parts


def assess_periods(scheme: Scheme, as_of: dt.datetime | None = None) -> PeriodAssessment:
    """Assess a contract over its service period split as the scheme says, from the measures
    the apps register (yunwei.core.measures): a fixed number of queries whatever the data."""
    from yunwei.core import measures
    from yunwei.scoring import engine as eng

    contract = scheme.contract
    engine = engine_of(scheme)
    periods = contract_periods(scheme, engine)
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
    hand_values = {r.code for r in engine.rules if r.kind == "threshold" and not r.measure}
    for pk, rule, ref, day, count, value in ManualEntry.objects.filter(
            contract_id=scheme.contract_id, date__gte=contract.service_start,
            date__lte=contract.service_end).order_by("date", "id").values_list(
            "pk", "rule", "evidence", "date", "count", "value"):
        if rule not in manual_rules:
            problems.append(_("Manual entry %(ref)s names rule %(rule)s, which the scheme does "
                              "not enter by hand: not counted.") % {"ref": ref or day,
                                                                     "rule": rule})
            continue
        if (rule in hand_values) != (value is not None):
            problems.append(_("Manual entry %(ref)s of rule %(rule)s: a threshold on a value "
                              "entered by hand needs the value, other rules take none: not "
                              "counted.") % {"ref": ref or day, "rule": rule})
            continue
        manual.append(eng.ManualEntry(rule, f"assessment.manualentry:{pk}", day,
                                      f"{ref} · {day}" if ref else str(day), count,
                                      value=value))
    values = _period_values(measures.collect(
        contract, [name for name, m in engine.measures.items() if m.kind == "values"], start,
        end), periods, as_of)
    terms = eng.Contract(Decimal(contract.amount), contract.service_start, contract.service_end)
    try:
        result = eng.assess(engine, terms, periods, events, values, manual, as_of=as_of)
    except eng.InputError as exc:
        problems.append(_("The records could not be assessed: %(why)s") % {"why": str(exc)})
        result = None
    assessment = PeriodAssessment(scheme, engine, periods, result, problems)
    apply_decisions(assessment, terms, as_of)
    return assessment


def line_key(line: Any) -> str:
    """A line's evidence references as one key (how decisions and objections name it)."""
    return ",".join(ev.ref for ev in line.evidence)


def _objected(accepted: list[Any], line: Any) -> Any:
    """The accepted objection naming `line` (its rule or band code, and one of its evidence
    references or labels), or None."""
    names = {ev.ref for ev in line.evidence} | {ev.label for ev in line.evidence if ev.label}
    for objection in accepted:
        if objection.rule.strip() in (line.code, line.rule) and \
                objection.evidence.strip() in names:
            return objection
    return None


def apply_decisions(a: PeriodAssessment, terms: Any, as_of: dt.datetime | None) -> None:
    """The agency's decisions applied to the engine's result, in two queries: a pending line
    it decided (PendingDecision, by period, line code and evidence) counts as decided (its
    points and fine, or nothing) and is no longer pending; a line named by an accepted
    objection is withdrawn (no points, no fine). The period's score, tier and fines follow."""
    from dataclasses import replace

    from yunwei.scoring import engine as eng
    from yunwei.scoring.engine.assess import _Run

    from .choices import ObjectionStatus

    if a.result is None:
        return
    contract_id = a.scheme.contract_id
    accepted = list(Objection.objects.filter(contract_id=contract_id,
                                             status=ObjectionStatus.ACCEPTED))
    decisions = {(d.period, d.rule, d.ref): d
                 for d in PendingDecision.objects.filter(contract_id=contract_id)}
    if not accepted and not decisions:
        return
    run = None
    zero = Decimal("0.00")
    for pr in a.result.periods:
        changed, lines = False, []
        for line in pr.lines:
            key = (pr.period.code, line.code, line_key(line))
            if line.pending:
                decision = decisions.get(key)
                if decision is not None:
                    points = Decimal(decision.points) if decision.deduct else Decimal(0)
                    fine = Decimal(decision.fine) if decision.deduct else zero
                    zh = ("甲方决定计入" if decision.deduct else "甲方决定不计") + \
                        f"：{line.zh}；理由：{decision.reason}"
                    en = ("the agency decided to count it" if decision.deduct else
                          "the agency decided not to count it") + \
                        f": {line.en}; reason: {decision.reason}"
                    line = replace(line, points=points, fine=fine, pending=False, zh=zh, en=en)
                    a.decided[key] = decision
                    changed = True
            else:
                objection = _objected(accepted, line)
                if objection is not None and (line.points or line.fine):
                    a.withdrawn[key] = (objection, line.points, line.fine)
                    line = replace(line, points=Decimal(0), fine=zero)
                    changed = True
            lines.append(line)
        if not changed:
            continue
        from_lines = sum(1 for line in pr.lines if line.pending)
        others = [p for p in pr.pending[from_lines:] if p.rule != "tiers"]
        pr.lines = lines
        pr.pending = [eng.Right(ln.rule, ln.period, ln.when, ln.zh, ln.en, ln.evidence)
                      for ln in lines if ln.pending] + others
        pr.rule_fines = sum((ln.fine for ln in lines), zero)
        pr.tier, pr.tier_pending, pr.tier_fine = None, False, zero
        if a.engine.base is not None:
            pr.score = a.engine.base + sum((ln.points for ln in lines), Decimal(0))
            if run is None:
                run = _Run(a.engine, terms, a.periods, as_of)
            run.tier(pr)
        pr.fines = pr.rule_fines + pr.tier_fine
    a.result.fines = sum((p.fines for p in a.result.periods), zero)
    a.result.pending = [p for pr in a.result.periods for p in pr.pending]


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
    key: str = ""  # the line's evidence references (how decisions name it)
    code: str = ""  # the line's rule or band code
    withdrawn: Any = None  # the accepted objection that withdrew the line
    withdrawn_points: Decimal = Decimal(0)
    withdrawn_fine: Decimal = Decimal(0)
    decision: Any = None  # the agency's PendingDecision applied to the line
    explanation_en: str = ""  # the explanation in English (Excel and pages in English)


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
    fines_from: str = "next_payment"

    @property
    def tier_label(self) -> str:
        """The tier in the reader's language (`tier` is the Chinese, for the PDF)."""
        from django.utils.translation import get_language

        if self.period.tier is None or (get_language() or "zh").startswith("zh"):
            return self.tier
        return self.period.tier.en

    @property
    def draft(self) -> bool:
        """A statement with items still waiting for the agency is a draft (草稿)."""
        return bool(self.pending) or self.tier_pending


def settle(a: PeriodAssessment, period: Any) -> Settlement:
    """The settlement of one period where the definition says fines are taken
    (`payments.fines_from`): deducted from the scheduled final payment, claimed against the
    performance guarantee (up to the bond when the contract sets one), or neither (the payment
    is whole and the fines are recovered separately)."""
    urls = evidence_urls(period.lines)
    shown = []
    for line in period.lines:
        key = line_key(line)
        withdrawn = a.withdrawn.get((period.period.code, line.code, key))
        shown.append(ShownLine(
            line.code, line.points, line.fine, line.zh,
            [(ev.label or ev.ref, urls.get(ev.ref, "")) for ev in line.evidence],
            line.when, line.pending, key, line.code,
            withdrawn[0] if withdrawn else None,
            withdrawn[1] if withdrawn else Decimal(0), withdrawn[2] if withdrawn else Decimal(0),
            a.decided.get((period.period.code, line.code, key)), line.en))
    scheme = a.scheme
    fines = period.fines
    scheduled = Decimal(scheme.final_payment)
    where = (a.engine.payments or {}).get("fines_from") or "next_payment"
    if where == "none":
        final, claim, unrecovered = scheduled, Decimal("0.00"), fines
    elif where == "bond":
        # claimed against the guarantee, up to the bond the contract sets (when it sets one)
        from yunwei.scoring.engine.payments import bond_amount

        final, claim = scheduled, fines
        if a.engine.payments.get("bond"):
            claim = min(fines, bond_amount(a.engine, scheme.contract.amount))
        unrecovered = fines - claim
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
        period.rule_fines, period.tier_fine, fines, scheduled, final, where == "bond",
        claim, unrecovered, [s for s in shown if not s.pending], [s for s in shown if s.pending],
        period.failed, period.terminations, trend, where)
