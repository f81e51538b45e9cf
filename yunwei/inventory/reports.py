"""Read side of inspections and availability: completeness per period, availability tables
and the monthly inspection report (PDF and DOCX). A fixed number of queries per call."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from . import availability as av
from . import schedule
from .choices import Outcome
from .models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionRound,
    ItemRelation,
    MaintenanceWindow,
    Outage,
    RoundResult,
)


@dataclass
class RoundLine:
    """One round with its counts and completeness status."""

    round: InspectionRound
    items_done: int
    abnormal: int
    last_check: dt.datetime | None
    status: str


@dataclass
class CompletenessReport:
    """Rounds of a contract whose window ends in [first, last], and their totals (items)."""

    first: dt.date
    last: dt.date
    lines: list[RoundLine] = field(default_factory=list)
    items: schedule.Completeness = field(default_factory=schedule.Completeness)
    rounds: schedule.Completeness = field(default_factory=schedule.Completeness)


def completeness(contract_id: int, first: dt.date, last: dt.date,
                 today: dt.date | None = None) -> CompletenessReport:
    """Items inspected / due per round and in total: on time (by the window's last day),
    late, missed, pending. An item counts as inspected when every check of it is recorded.
    Three queries whatever the number of rounds and results."""
    today = today or timezone.localdate()
    rounds = list(InspectionRound.objects.filter(contract_id=contract_id, due__gte=first,
                                                 due__lte=last)
                  .select_related("plan").order_by("due", "plan_id"))
    ids = [r.pk for r in rounds]
    checks = dict(InspectionRound.objects.filter(pk__in=ids).annotate(
        n=Count("plan__template__checks", distinct=True)).values_list("pk", "n"))
    per_item = (RoundResult.objects.filter(round_id__in=ids).values("round_id", "item_id")
                .annotate(n=Count("id"), last=Max("checked_at"),
                          bad=Count("id", filter=Q(outcome=Outcome.ABNORMAL))))
    done: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    lastcheck: dict[int, dt.datetime] = {}
    for row in per_item:
        if row["n"] >= checks.get(row["round_id"], 0):
            done[row["round_id"]].append((timezone.localtime(row["last"]).date(), row["bad"]))
        prev = lastcheck.get(row["round_id"])
        if prev is None or row["last"] > prev:
            lastcheck[row["round_id"]] = row["last"]
    report = CompletenessReport(first, last)
    for r in rounds:
        finished = done.get(r.pk, [])
        for day, _bad in finished:
            report.items.add(schedule.round_status(r.due, day, today))
        left = max(r.items_due - len(finished), 0)
        if left:
            report.items.add(schedule.round_status(r.due, None, today), left)
        completed = timezone.localtime(r.completed_at).date() if r.completed_at else None
        status = schedule.round_status(r.due, completed, today)
        report.rounds.add(status)
        report.lines.append(RoundLine(r, len(finished), sum(1 for _d, b in finished if b),
                                      lastcheck.get(r.pk), status))
    return report


def month_range(month: str) -> tuple[dt.date, dt.date]:
    """"2026-03" as its first and last day."""
    year, mon = (int(p) for p in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass
class AvailabilityLine:
    """One target (item or service) with its availability per period."""

    target: AvailabilityTarget
    periods: list[av.Availability]


def availability_table(contract_id: int, first: dt.date, last: dt.date,
                       item_ids: list[int] | None = None) -> list[AvailabilityLine]:
    """Availability of every target of a contract (or of the given items with the default
    99.9 % target) per month between first and last. Four queries in all."""
    tz = timezone.get_current_timezone()
    periods = av.months(first, last, tz)
    start, end = periods[0][1], periods[-1][2]
    targets = list(AvailabilityTarget.objects.filter(contract_id=contract_id)
                   .select_related("item__item_type"))
    if item_ids is not None:
        have = {t.item_id for t in targets}
        targets = [t for t in targets if t.item_id in item_ids] + [
            AvailabilityTarget(contract_id=contract_id, item=i, percent=Decimal("99.9"))
            for i in ConfigItem.objects.filter(pk__in=item_ids).exclude(pk__in=have)]
    members: dict[int, set[int]] = {t.item_id: {t.item_id} for t in targets}
    if any(t.as_service for t in targets):
        for src, dst in ItemRelation.objects.filter(
                contract_id=contract_id, kind__in=("runs_on", "depends_on")).values_list(
                "source_id", "target_id"):
            if src in members:
                members[src].add(dst)
    wanted = set().union(*members.values()) if members else set()
    outages: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    for item_id, a, b in Outage.objects.filter(
            contract_id=contract_id, item_id__in=wanted, start__lt=end).filter(
            Q(end__isnull=True) | Q(end__gt=start)).values_list("item_id", "start", "end"):
        outages[item_id].append((a, b))
    windows = list(MaintenanceWindow.objects.filter(
        contract_id=contract_id, start__lt=end, end__gt=start).values_list("start", "end"))
    now = timezone.now()
    lines = []
    for t in targets:
        spans = [(a, b or now) for m in (members[t.item_id] if t.as_service else {t.item_id})
                 for a, b in outages.get(m, [])]
        lines.append(AvailabilityLine(t, av.by_period(
            periods, spans, windows, t.exclude_windows, Decimal(t.percent))))
    return lines


def monthly_report(contract: Any, month: str) -> dict[str, Any]:
    """The context of the monthly inspection report."""
    first, last = month_range(month)
    report = completeness(contract.pk, first, last)
    abnormal = list(RoundResult.objects.filter(
        contract_id=contract.pk, outcome=Outcome.ABNORMAL, round__due__gte=first,
        round__due__lte=last).select_related("item", "point", "round__plan", "work_order")
        .order_by("checked_at"))
    return {"contract": contract, "month": month, "first": first, "last": last,
            "report": report, "abnormal": abnormal,
            "availability": availability_table(contract.pk, first, last),
            "generated": timezone.localtime()}


STATUS_ZH = {"on_time": "按时", "late": "逾期完成", "missed": "未巡检", "pending": "进行中"}


def report_pdf(contract: Any, month: str) -> bytes:
    """The monthly inspection report as PDF (WeasyPrint, Chinese fonts)."""
    from yunwei.core.pdf import render_pdf

    ctx = monthly_report(contract, month)
    ctx["status_labels"] = STATUS_ZH
    return render_pdf("inventory/report_pdf.html", ctx)


def report_docx(contract: Any, month: str) -> bytes:
    """The monthly inspection report as DOCX (python-docx; East Asian font set)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    ctx = monthly_report(contract, month)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(f"{contract.project_name} {month} 巡检月报", level=1)
    doc.add_paragraph(f"合同编号：{contract.number}　统计期：{ctx['first']:%Y-%m-%d} 至 "
                      f"{ctx['last']:%Y-%m-%d}")
    items = ctx["report"].items
    doc.add_heading("一、巡检完成情况", level=2)
    doc.add_paragraph(f"应巡检 {items.due} 项次，已巡检 {items.done} 项次（按时 {items.on_time}，"
                      f"逾期 {items.late}），未巡检 {items.missed}，进行中 {items.pending}；"
                      f"完成率 {items.rate:.1%}。")
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["巡检计划", "周期", "截止", "应检", "已检", "状态"],
                          strict=True):
        cell.text = text
    for line in ctx["report"].lines:
        r = line.round
        cells = table.add_row().cells
        values = [r.plan.name, f"{r.period_start:%Y-%m-%d}", f"{r.due:%Y-%m-%d}",
                  str(r.items_due), str(line.items_done), STATUS_ZH[line.status]]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    doc.add_heading("二、异常情况", level=2)
    if not ctx["abnormal"]:
        doc.add_paragraph("本月巡检未发现异常。")
    for res in ctx["abnormal"]:
        wo = f"，工单 {res.work_order.number}" if res.work_order else ""
        doc.add_paragraph(f"{res.checked_at:%m-%d} {res.item}：{res.point.text}，"
                          f"实测 {res.value or '—'}{wo}", style="List Bullet")
    doc.add_heading("三、可用性", level=2)
    for line in ctx["availability"]:
        for p in line.periods:
            doc.add_paragraph(f"{line.target.item}：{p.percent}%（目标 {p.target}%），"
                              f"停机 {p.down_minutes} 分钟，扣除维护窗口 "
                              f"{Decimal(p.excluded_seconds) / 60:.1f} 分钟")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
