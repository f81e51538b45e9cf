"""Deductions, rewards, score, tier, fines and settlement computed from records.

Every line of the result names its rule, its points, its fine and its evidence, and explains
itself ("-0.3：工单 PRS-2026-000041 超时 30 小时（紧急，时限 8 小时）").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .money import percent_of, yuan
from .scheme import Scheme

HOUR = 3600


@dataclass(frozen=True)
class WorkOrderRecord:
    """What assessment needs of a work order."""

    number: str
    urgency: str  # a key of the scheme's limits_hours (urgent, normal)
    issued: dt.datetime
    resolved: dt.datetime | None = None
    signed: bool = True
    rating: str | None = None  # satisfied, basically, unsatisfied
    steps_recorded: bool = True
    archived: bool = True
    deadline: dt.datetime | None = None  # when the platform's clock says (else issued + limit)
    late_seconds: float | None = None  # past the clock's deadline, counted by the clock itself
    limit_hours: float | None = None  # the clock's own limit (else the scheme's for urgency)


@dataclass(frozen=True)
class AccidentRecord:
    """An accident (事故) with its level and report time."""

    ref: str
    level: int
    occurred: dt.datetime
    report_submitted: dt.datetime | None = None


@dataclass(frozen=True)
class PersonnelRecord:
    """An attendance or staffing record: kind, person, date, minutes late or early."""

    kind: str  # unchecked_entry, replaced_without_notice, absent, late, early, leave_unreported
    person: str
    date: dt.date
    minutes: int = 0
    ref: str = ""


@dataclass(frozen=True)
class QuarterlyEvaluation:
    """A served unit's quarterly evaluation."""

    quarter: str
    unit: str
    rating: str  # satisfied, basically, unsatisfied


@dataclass(frozen=True)
class Praise:
    """A praise: the event, who gave it, whether the agency checked it."""

    event: str
    level: str  # principal, in_charge, unit
    checked: bool = True
    ref: str = ""
    when: dt.date | None = None


@dataclass(frozen=True)
class ManualEntry:
    """A deduction entered by the agency or supervisor with its evidence."""

    rule: str
    evidence: str
    count: int = 1
    when: dt.date | None = None


@dataclass(frozen=True)
class Line:
    """One deduction or reward with its evidence; pending lines wait for a decision."""

    rule: str
    category: str
    points: Decimal
    fine_yuan: Decimal
    evidence: str
    explanation: str
    pending: bool = False
    when: dt.date | None = None  # the day the evidence belongs to (for trends)


@dataclass
class Result:
    """The assessment of a period."""

    base: Decimal
    lines: list[Line] = field(default_factory=list)
    score: Decimal = Decimal(0)
    tier: str = ""
    tier_fine_percent: Decimal = Decimal(0)
    tier_fine_yuan: Decimal = Decimal(0)
    rule_fines_yuan: Decimal = Decimal(0)
    fine_yuan: Decimal = Decimal(0)
    scheduled_final_payment: Decimal = Decimal(0)
    guarantee: bool = False
    guarantee_claim_yuan: Decimal = Decimal(0)
    final_payment_yuan: Decimal = Decimal(0)
    unrecovered_yuan: Decimal = Decimal(0)

    @property
    def pending(self) -> list[Line]:
        return [line for line in self.lines if line.pending]


def _fmt_points(points: Decimal) -> str:
    text = format(points.normalize(), "f")
    return ("+" + text) if points > 0 else text


def _hours(seconds: float) -> str:
    hours = seconds / HOUR
    return f"{hours:.0f}" if abs(hours - round(hours)) < 1e-9 else f"{hours:.1f}"


class Assessor:
    """Applies a scheme to the records of a period."""

    def __init__(self, scheme: Scheme, contract_amount: Decimal) -> None:
        self.scheme = scheme
        self.amount = yuan(contract_amount)
        self.lines: list[Line] = []

    def add(self, code: str, evidence: str, explanation: str, points: Decimal | None = None,
            pending: bool = False, count: int = 1, when: dt.date | None = None) -> None:
        rule = self.scheme.rule(code)
        pts = (rule.points if points is None else points) * count
        fine = percent_of(self.amount, rule.fine_percent) * count if rule.fine_percent else \
            Decimal("0.00")
        text = f"{_fmt_points(pts)}：{explanation}" if not pending else f"待定：{explanation}"
        self.lines.append(Line(code, rule.category, Decimal(0) if pending else pts,
                               Decimal("0.00") if pending else fine, evidence, text, pending,
                               when))

    # -- work orders ------------------------------------------------------------------------
    def work_orders(self, orders: Iterable[WorkOrderRecord], as_of: dt.datetime) -> None:
        opts = self.scheme.options
        limits = opts["limits_hours"]
        free = opts["overdue_free_hours"] * HOUR
        band = opts["overdue_band_hours"] * HOUR
        thresholds = {int(n): code for n, code in opts["run_thresholds"]}
        reset = int(opts["run_reset_at"])
        labels = {"urgent": "紧急", "normal": "一般"}
        grace = dt.timedelta(hours=float(opts.get("sign_grace_hours", 72)))
        run: list[str] = []
        for wo in sorted(orders, key=lambda w: (w.issued, w.number)):
            limit_h = limits.get(wo.urgency)
            if limit_h is None:
                raise ValueError(f"unknown urgency {wo.urgency!r} for {wo.number}")
            deadline = wo.deadline or wo.issued + dt.timedelta(hours=limit_h)
            day = wo.issued.date()
            end = wo.resolved or as_of
            overdue = wo.late_seconds if wo.late_seconds is not None else (
                end - deadline).total_seconds()
            kind = ""
            if overdue >= free:  # a line will say it
                if wo.limit_hours is not None:
                    limit_h = _hours(wo.limit_hours * HOUR)
                kind = f"（{labels.get(wo.urgency, wo.urgency)}，时限 {limit_h} 小时）"
            if overdue > band:
                extra = math.ceil((overdue - band) / band)
                points = self.scheme.rule("W-LATE-24").points + Decimal("-0.1") * extra
                self.add("W-LATE-24", wo.number,
                         f"工单 {wo.number} 超时 {_hours(overdue)} 小时{kind}", points=points,
                         when=day)
                run.append(wo.number)
                if len(run) in thresholds:
                    self.add(thresholds[len(run)], "、".join(run),
                             f"连续 {len(run)} 张工单超时超过 24 小时：{'、'.join(run)}",
                             when=day)
                if len(run) >= reset:
                    run = []
            else:
                run = []
                if overdue >= free:
                    self.add("W-LATE-4-24", wo.number,
                             f"工单 {wo.number} 超时 {_hours(overdue)} 小时{kind}", when=day)
            waited = wo.resolved is not None and as_of - wo.resolved > grace
            if (wo.resolved is not None and wo.rating == "unsatisfied") or (
                    waited and not wo.signed):
                why = "未经服务对象签字确认" if not wo.signed else "服务对象评价为不满意"
                self.add("W-UNSIGNED", wo.number, f"工单 {wo.number} {why}", when=day)
            if wo.resolved is not None and not wo.steps_recorded:
                self.add("W-STEPS", wo.number, f"工单 {wo.number} 关键处理步骤未记录", when=day)
            if wo.resolved is not None and not wo.archived:
                self.add("W-ARCHIVE", wo.number, f"工单 {wo.number} 未按流程归档", when=day)

    # -- accidents --------------------------------------------------------------------------
    def accidents(self, accidents: Iterable[AccidentRecord], as_of: dt.datetime) -> None:
        report_hours = {int(k): v for k, v in self.scheme.options["accident_report_hours"].items()}
        for acc in accidents:
            code = f"A-L{acc.level}"
            when = acc.occurred.date()
            self.add(code, acc.ref, f"{acc.level} 级事故 {acc.ref}"
                     f"（{acc.occurred:%Y-%m-%d %H:%M}）", when=when)
            limit = report_hours.get(acc.level)
            if limit is None:
                continue
            due = acc.occurred + dt.timedelta(hours=limit)
            submitted = acc.report_submitted
            if submitted is None and as_of > due:
                self.add("A-REPORT", acc.ref, f"事故 {acc.ref} 分析报告未提交（应于 "
                         f"{due:%m-%d %H:%M} 前，{limit} 小时内）", when=when)
            elif submitted is not None and submitted > due:
                late = (submitted - due).total_seconds()
                self.add("A-REPORT", acc.ref, f"事故 {acc.ref} 分析报告迟交 "
                         f"{_late_text(late)}（应于 {due:%m-%d %H:%M} 前，{limit} 小时内）",
                         when=when)

    # -- personnel --------------------------------------------------------------------------
    def personnel(self, records: Iterable[PersonnelRecord]) -> None:
        opts = self.scheme.options
        short, long_ = int(opts["late_short_minutes"]), int(opts["late_long_minutes"])
        simple = {"unchecked_entry": ("P-UNCHECKED", "未经审查入场"),
                  "replaced_without_notice": ("P-REPLACED", "未经告知更换"),
                  "absent": ("P-ABSENT", "缺勤或无打卡记录"),
                  "leave_unreported": ("P-LEAVE", "请假未报备")}
        for r in records:
            if r.kind == "present":
                continue
            evidence = r.ref or f"{r.person} {r.date}"
            if r.kind in simple:
                code, what = simple[r.kind]
                self.add(code, evidence, f"{r.person} {r.date} {what}", when=r.date)
            elif r.kind in ("late", "early"):
                what = "迟到" if r.kind == "late" else "早退"
                if r.minutes <= 0:
                    continue
                if r.minutes < short:
                    self.add("P-LATE-SHORT", evidence,
                             f"{r.person} {r.date} {what} {r.minutes} 分钟（不足 1 小时）",
                             when=r.date)
                elif r.minutes > long_:
                    self.add("P-LATE-LONG", evidence,
                             f"{r.person} {r.date} {what} {r.minutes} 分钟（超过 2 小时）",
                             when=r.date)
                else:
                    self.add("P-LATE-UNCLEAR", evidence,
                             f"{r.person} {r.date} {what} {r.minutes} 分钟：条款对 1 至 2 小时"
                             "未作规定，请甲方决定", pending=True, when=r.date)
            else:
                raise ValueError(f"unknown personnel record kind {r.kind!r}")

    # -- evaluations, praises, manual -------------------------------------------------------
    def evaluations(self, evaluations: Iterable[QuarterlyEvaluation]) -> None:
        for ev in evaluations:
            if ev.rating == "unsatisfied":
                self.add("Q-UNSAT", f"{ev.quarter} {ev.unit}",
                         f"{ev.quarter} {ev.unit} 季度评价为不满意", when=_quarter_end(ev.quarter))

    def praises(self, praises: Iterable[Praise]) -> None:
        rules = self.scheme.options["praise_rules"]
        best: dict[str, Praise] = {}
        for praise in praises:
            if praise.level not in rules:
                raise ValueError(f"unknown praise level {praise.level!r}")
            current = best.get(praise.event)
            if current is None or self.scheme.rule(rules[praise.level]).points > \
                    self.scheme.rule(rules[current.level]).points:
                best[praise.event] = praise
        for event, praise in best.items():
            code = rules[praise.level]
            rule = self.scheme.rule(code)
            if praise.checked:
                self.add(code, praise.ref or event, f"{event}：{rule.description}"
                         "（同一事项只计最高一项）", when=praise.when)
            else:
                self.add(code, praise.ref or event, f"{event}：{rule.description}，待甲方核实",
                         pending=True, when=praise.when)

    def manual(self, entries: Iterable[ManualEntry]) -> None:
        for entry in entries:
            if not entry.evidence.strip():
                raise ValueError(f"manual entry {entry.rule} needs evidence")
            rule = self.scheme.rule(entry.rule)
            self.add(entry.rule, entry.evidence, f"{rule.description}（{entry.evidence}）",
                     count=entry.count, when=entry.when)

    # -- totals -----------------------------------------------------------------------------
    def result(self, scheduled_final_payment: Decimal | str = "0",
               guarantee: bool = False) -> Result:
        score = self.scheme.base + sum((line.points for line in self.lines), Decimal(0))
        tier = self.scheme.tier_for(score)
        rule_fines = sum((line.fine_yuan for line in self.lines), Decimal("0.00"))
        tier_fine = percent_of(self.amount, tier.fine_percent)
        fines = rule_fines + tier_fine
        scheduled = yuan(scheduled_final_payment)
        result = Result(base=self.scheme.base, lines=list(self.lines), score=score,
                        tier=tier.label, tier_fine_percent=tier.fine_percent,
                        tier_fine_yuan=tier_fine, rule_fines_yuan=rule_fines, fine_yuan=fines,
                        scheduled_final_payment=scheduled, guarantee=guarantee)
        if guarantee:  # fines are claimed against the bank's performance guarantee
            result.guarantee_claim_yuan = fines
            result.final_payment_yuan = scheduled
        else:
            result.final_payment_yuan = max(scheduled - fines, Decimal("0.00"))
            result.unrecovered_yuan = max(fines - scheduled, Decimal("0.00"))
        return result


def _quarter_end(quarter: str) -> dt.date | None:
    """2026Q1 -> 2026-03-31 (None when the text is not a quarter)."""
    try:
        year, q = quarter.upper().split("Q")
        month = int(q) * 3
        return dt.date(int(year), month, 30 if month in (6, 9) else 31)
    except (ValueError, TypeError):
        return None


def _late_text(seconds: float) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时 {minutes % 60} 分钟" if minutes % 60 else f"{minutes // 60} 小时"
