"""The O&M report's sections contributed by the other apps (staffing, inventory, operations)
through core.report_sections, its charts, its query count, and its figures checked against
the score page's: one hand-built month (May 2026) counted three ways — by hand (the tables
below), by the assessment (a scheme with one line per event of each kind, read from the score
page) and by the report."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yunwei.core import context, report_sections
from yunwei.deliverables import report

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def at(m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(2026, m, d, hh, tzinfo=TZ)


# -- the hand-built data set ------------------------------------------------------------------
#: accidents: (month, day, level code); April's is outside the period
ACCIDENTS = [(5, 3, "1"), (5, 20, "3"), (5, 31, "3"), (4, 30, "1")]
#: operations records: (kind, month, day, result)
RECORDS = [("backup", 5, 1, "success"), ("backup", 5, 8, "success"), ("backup", 5, 15, "failed"),
           ("backup", 6, 1, "failed"), ("drill", 5, 10, "partial")]
#: changes: (month, day, approved within its window?)
CHANGES = [(5, 5, True), (5, 6, False), (5, 7, False), (6, 2, False)]
#: attendance: (month, day, kind)
ATTENDANCE = [(5, 4, "present"), (5, 5, "present"), (5, 6, "absent"), (5, 7, "absent"),
              (5, 8, "late"), (5, 9, "absent"), (4, 30, "absent")]
#: work orders reported (month, day) with their evaluation
RATINGS = [(5, 2, "satisfied"), (5, 3, "unsatisfied"), (5, 4, "basically"),
           (5, 5, "unsatisfied"), (4, 29, "unsatisfied")]

#: May's figures counted by hand from the tables above, plus the test world's own records
#: entered by hand in the assessment on 2026-05-01 (a level-3 accident and an absence), which
#: the score page counts and so must the report
EXPECTED = {"accidents": {"1": 1, "3": 2 + 1}, "backups": {"total": 3, "success": 2, "failed": 1},
            "unapproved": 2, "changes": 3, "absent": 3 + 1, "late": 1, "unsatisfied": 2,
            "rated": 4}

SCHEME = {
    "format": "yunwei.scheme/1", "code": "check", "name": {"zh": "核对", "en": "check"},
    "base": 100, "periods": "months",
    "measures": {
        "accident": {"kind": "events", "label": {"zh": "事故", "en": "accident"},
                     "attributes": {"level": {"type": "text"}}},
        "backup": {"kind": "events", "label": {"zh": "备份", "en": "backup"},
                   "attributes": {"result": {"type": "choice",
                                             "values": ["success", "partial", "failed"]}}},
        "unapproved_change": {"kind": "events", "label": {"zh": "变更", "en": "change"}},
        "attendance": {"kind": "events", "label": {"zh": "考勤", "en": "attendance"},
                       "attributes": {"kind": {"type": "text"}}},
        "work_order": {"kind": "events", "label": {"zh": "工单", "en": "work order"},
                       "attributes": {"rating": {"type": "text"}}},
    },
    "rules": [
        {"code": "ACC-1", "kind": "per_event", "measure": "accident", "when": {"level": "1"},
         "points": -1, "title": {"zh": "一级事故", "en": "level 1"}},
        {"code": "ACC-3", "kind": "per_event", "measure": "accident", "when": {"level": "3"},
         "points": -1, "title": {"zh": "三级事故", "en": "level 3"}},
        {"code": "BAK", "kind": "per_event", "measure": "backup", "points": 0.1,
         "title": {"zh": "备份", "en": "backup"}},
        {"code": "BAK-FAIL", "kind": "per_event", "measure": "backup",
         "when": {"result": "failed"}, "points": -1, "title": {"zh": "备份失败", "en": "failed"}},
        {"code": "CHG", "kind": "per_event", "measure": "unapproved_change", "points": -1,
         "title": {"zh": "未批准变更", "en": "unapproved change"}},
        {"code": "ABS", "kind": "per_event", "measure": "attendance", "when": {"kind": "absent"},
         "points": -1, "title": {"zh": "缺勤", "en": "absent"}},
        {"code": "LATE", "kind": "per_event", "measure": "attendance", "when": {"kind": "late"},
         "points": -0.1, "title": {"zh": "迟到", "en": "late"}},
        {"code": "UNSAT", "kind": "per_event", "measure": "work_order",
         "when": {"rating": "unsatisfied"}, "points": -1,
         "title": {"zh": "不满意", "en": "unsatisfied"}},
    ],
    "tiers": [],
}


def build_month(world, first: int = 500) -> None:
    """The tables above as records of world.a's contract."""
    from yunwei.operations import actions as ops
    from yunwei.operations.models import AccidentLevel, Change, OperationsRecord
    from yunwei.staffing.models import AttendanceRecord, Person
    from yunwei.workorders.models import Evaluation, WorkOrder

    c, pm = world.a.contract, world.a.users["vendor_pm"]
    with context.acting(None, source="test"):
        levels = {code: AccidentLevel.objects.get_or_create(
            contract=c, code=code, defaults={"name": f"{code}级",
                                             "report_hours": Decimal(24)})[0]
            for code in ("1", "3")}
        for m, d, code in ACCIDENTS:
            acc = ops.do_open_accident(c, actor=pm, title=f"事故{m}-{d}", occurred_at=at(m, d))
            ops.do_set_preliminary_level(acc, actor=pm, level=levels[code])
        for kind, m, d, result in RECORDS:
            OperationsRecord.objects.create(contract=c, kind=kind, title=f"{kind}{m}-{d}",
                                            performed_at=at(m, d), result=result)
        for m, d, ok in CHANGES:
            Change.objects.create(
                contract=c, title=f"变更{m}-{d}", requested_at=at(m, d, 8),
                started_at=at(m, d), finished_at=at(m, d, 11),
                approved_at=at(m, d, 9) if ok else None,
                window_start=at(m, d, 9) if ok else None, window_end=at(m, d, 12) if ok else None)
        person = Person.objects.create(contract=c, name=f"张三{first}", employee_no=f"Z{first}")
        for m, d, kind in ATTENDANCE:
            AttendanceRecord.objects.create(contract=c, person=person, day=dt.date(2026, m, d),
                                            kind=kind, minutes=10 if kind == "late" else 0)
        for i, (m, d, rating) in enumerate(RATINGS, first):
            wo = WorkOrder.objects.create(
                contract=c, number=f"T-{i}", year=2026, seq=i, title=f"工单{i}",
                channel="phone", category="网络", level_code="紧急", level_name="紧急",
                reported_at=at(m, d), resolved_at=at(m, d, 12), state="closed")
            Evaluation.objects.create(work_order=wo, rating=rating, method="app",
                                      confirmed_at=at(m, d, 13))


def test_each_app_registers_its_own_section_and_deliverables_imports_none_of_them():
    apps = {name: s.app for name, s in report_sections.SECTIONS.items()}
    assert apps == {"workorders": "deliverables", "operations": "operations",
                    "inventory": "inventory", "staffing": "staffing", "plan": "deliverables"}
    here = Path(report.__file__).parent
    for path in here.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for other in ("staffing", "inventory", "operations"):
            assert f"yunwei.{other}" not in text, (path, other)


def test_report_figures_agree_with_the_score_page(world):
    build_month(world)
    scheme = world.a.scheme
    scheme.definition = SCHEME
    scheme.save()

    # 1. the assessment: the score page of May, one line per event of each kind
    client = Client()
    client.force_login(world.a.users["supervisor"])
    page = client.get(f"/assessment/{scheme.pk}/score/?period=2026-05")
    assert page.status_code == 200, page.content.decode()[:500]
    from yunwei.assessment.compute import assess_periods

    assessment = assess_periods(scheme)
    assert assessment.result is not None, assessment.problems
    period = assessment.period("2026-05")
    lines = Counter(line.rule for line in period.lines)
    body = page.content.decode()
    for line in period.lines:
        for item in line.evidence:
            assert item.label in body  # the page shows every line the counts below come from
    score = {"accidents": {"1": lines["ACC-1"], "3": lines["ACC-3"]},
             "backups": {"total": lines["BAK"], "failed": lines["BAK-FAIL"]},
             "unapproved": lines["CHG"], "absent": lines["ABS"], "late": lines["LATE"],
             "unsatisfied": lines["UNSAT"]}

    # 2. the report
    data = report.build(world.a.contract, *MAY)
    sections = {s["name"]: s for s in data["sections"]}
    ops = sections["operations"]["figures"]
    staff = sections["staffing"]["figures"]
    wos = sections["workorders"]["figures"]
    backups = ops["records"]["backup"]
    figures = {"accidents": ops["accidents_by_level"],
               "backups": {"total": backups["total"], "failed": backups["failed"]},
               "unapproved": len(ops["unapproved"]), "absent": staff["attendance"]["absent"],
               "late": staff["attendance"]["late"], "unsatisfied": wos["ratings"]["不满意"]}

    # 3. by hand
    hand = {"accidents": EXPECTED["accidents"],
            "backups": {"total": EXPECTED["backups"]["total"],
                        "failed": EXPECTED["backups"]["failed"]},
            "unapproved": EXPECTED["unapproved"], "absent": EXPECTED["absent"],
            "late": EXPECTED["late"], "unsatisfied": EXPECTED["unsatisfied"]}
    assert figures == hand
    assert score == hand
    assert ops["changes"] == EXPECTED["changes"] and wos["rated"] == EXPECTED["rated"]
    assert backups["success"] == EXPECTED["backups"]["success"]

    # the documents say the same, with one chart per non-empty series
    from docx import Document

    doc = Document(io.BytesIO(report.to_docx(data, "https://yw.example")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本期事故 4 起" in text and "人员考勤与在岗覆盖" in text
    charts = sum(len(s["rendered"]) for s in data["sections"])
    assert charts >= 5 and len(doc.inline_shapes) == charts
    pdf = report.to_pdf(data, "https://yw.example")
    assert pdf.count(b"/Subtype /Image") >= charts


def test_report_query_count_does_not_grow_with_the_data(world):
    build_month(world)
    report.build(world.a.contract, *MAY)  # warm caches (calendars, content types)
    with CaptureQueriesContext(connection) as small:
        report.build(world.a.contract, *MAY)
    build_month(world, first=600)  # the month twice over: the same queries
    with CaptureQueriesContext(connection) as large:
        report.build(world.a.contract, *MAY)
    sql = [[q["sql"][:120] for q in c.captured_queries] for c in (small, large)]
    assert len(large) == len(small), "\n".join(sql[0]) + "\n---\n" + "\n".join(sql[1])
    assert len(small) <= 40


# -- SLA figures: the report reads the clocks the score page reads -----------------------------
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
#: June's orders: (name, level, reported day, hours to resolve or None (open), resolution
#: clock: (hours to its deadline, seconds left when it stopped or None (running)), response
#: clock breached?). Where the order's `sla_breached` copy (any clock) and the resolution
#: clock disagree, the report used to follow the copy and the score page the clock.
ORDERS = [
    ("A", "紧急", 2, 2, (4, 7200), True),  # resolution on time; only the response was late
    ("B", "紧急", 3, 6, (4, -7200), False),  # two hours late by the clock; copy not yet set
    ("C", "紧急", 4, 1, (4, 10800), False),  # on time
    ("D", "一般", 5, None, (8, None), False),  # open, its deadline passed on 06-05
    ("E", "一般", 29, None, (24 * 30, None), False),  # open, due after the month closes
    ("G", "一般", 8, 6, (4, 1800), False),  # 6 h by the wall clock, on time by the clock
    # (a 2.5-hour pause agreed in writing)
]
#: counted by hand from the table: late = B (stopped, 2 h over) and D (open past its deadline)
SLA_EXPECTED = {
    "totals": {"total": 6, "resolved": 4, "met": 3, "breached": 2, "compliance": 75.0},
    "紧急": {"total": 3, "resolved": 3, "met": 2, "breached": 1, "compliance": 66.7},
    "一般": {"total": 3, "resolved": 1, "met": 1, "breached": 1, "compliance": 100.0},
    "late": ["T-B", "T-D"],
}
SLA_SCHEME = {
    "format": "yunwei.scheme/1", "code": "sla", "name": {"zh": "时限核对", "en": "SLA check"},
    "base": 100, "periods": "months",
    "measures": {"work_order": {
        "kind": "events", "label": {"zh": "工单", "en": "work order"},
        "attributes": {
            "resolved": {"type": "time"}, "deadline": {"type": "time"},
            "overdue_hours": {"type": "overdue", "start": "time", "end": "resolved",
                              "deadline": "deadline", "unit": "hours",
                              "limit": 8760}}}},  # (every order here has its clock)
    "rules": [{"code": "LATE", "kind": "per_event", "measure": "work_order",
               "when": {"overdue_hours": {"gt": 0}}, "points": -1,
               "title": {"zh": "工单超时", "en": "late"}}],
    "tiers": [],
}


def build_sla_month(world) -> None:
    """ORDERS as work orders of world.a's contract with their persisted clocks."""
    from yunwei.calendars.models import SlaClockRecord, SlaTarget
    from yunwei.workorders.models import WorkOrder

    c = world.a.contract
    response = SlaTarget.objects.create(policy=world.a.policy, level_code="urgent",
                                        level_name="紧急", metric="response", minutes=30,
                                        calendar=world.a.calendar)

    def record(wo, target, deadline, remaining):
        SlaClockRecord.objects.create(
            contract=c, subject_type="workorders.workorder", subject_id=str(wo.pk),
            target=target, started_at=wo.reported_at, deadline=deadline,
            state="running" if remaining is None else "stopped", remaining_seconds=remaining,
            breached=remaining is not None and remaining < 0,
            met=None if remaining is None else remaining >= 0)

    with context.acting(None, source="test"):
        for i, (name, level, day, hours, (due, left), response_late) in enumerate(ORDERS, 700):
            reported = at(6, day)
            resolved = reported + dt.timedelta(hours=hours) if hours is not None else None
            wo = WorkOrder.objects.create(
                contract=c, number=f"T-{name}", year=2026, seq=i, title=f"工单{name}",
                channel="phone", category="网络", level_code=level, level_name=level,
                reported_at=reported, resolved_at=resolved,
                state="closed" if resolved else "in_progress", sla_breached=response_late)
            record(wo, world.a.target, reported + dt.timedelta(hours=due), left)
            record(wo, response, reported + dt.timedelta(minutes=30),
                   -600 if response_late else 600)


def test_report_sla_figures_come_from_the_clocks_the_score_page_reads(world):
    from yunwei.assessment.compute import assess_periods
    from yunwei.workorders.models import WorkOrder

    build_sla_month(world)
    scheme = world.a.scheme
    scheme.definition = SLA_SCHEME
    scheme.save()
    june = WorkOrder.objects.filter(contract=world.a.contract, reported_at__gte=at(6, 1, 0),
                                    reported_at__lt=at(7, 1, 0))
    # the stored copy (any clock breached) tells another story: what the report used to read
    assert sorted(june.filter(sla_breached=True).values_list("number", flat=True)) == ["T-A"]

    # 1. the score page
    client = Client()
    client.force_login(world.a.users["supervisor"])
    page = client.get(f"/assessment/{scheme.pk}/score/?period=2026-06")
    assert page.status_code == 200, page.content.decode()[:500]
    period = assess_periods(scheme).period("2026-06")
    late_lines = sorted(item.label for line in period.lines if line.rule == "LATE"
                        for item in line.evidence)
    body = page.content.decode()
    assert all(label in body for label in late_lines)

    # 2. the report
    figures = report.build(world.a.contract, *JUNE)["sections"][0]["figures"]
    keys = ("total", "resolved", "met", "breached", "compliance")
    got = {"totals": {k: figures["totals"][k] for k in keys},
           **{row["key"]: {k: row[k] for k in keys} for row in figures["by_level"]},
           "late": sorted(o["number"] for o in figures["breached_orders"])}

    # 3. by hand: all three agree
    assert got == SLA_EXPECTED
    assert late_lines == SLA_EXPECTED["late"]
    assert figures["totals"]["breached"] == len(late_lines)
