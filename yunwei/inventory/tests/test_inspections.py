"""Inspection plans, rounds on the contract's calendar, results, work orders, review,
completeness, the monthly report and the measures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yunwei.core.errors import Refused
from yunwei.inventory import reports
from yunwei.inventory.actions import (
    do_ensure_standard_types,
    do_generate_rounds,
    do_record_outage,
    do_record_result,
    do_review_round,
)
from yunwei.inventory.models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    MaintenanceWindow,
    RoundResult,
    TemplateCheck,
    WorkOrderItem,
)

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def setup(world):
    c = world.a.contract
    types = do_ensure_standard_types(c)
    hosts = [ConfigItem.objects.create(
        contract=c, item_type=types["host"], code=f"H{i}", name=f"主机{i}",
        attrs={"os": "麒麟", "ip": f"10.0.0.{i}"}) for i in range(1, 4)]
    tpl = InspectionTemplate.objects.create(contract=c, item_type=types["host"], name="日巡检")
    cpu = TemplateCheck.objects.create(contract=c, template=tpl, position=1, text="CPU",
                                       expected="≤80", max_value=Decimal("80"))
    rack = TemplateCheck.objects.create(contract=c, template=tpl, position=2, text="机柜指示灯",
                                        photo_required=True)
    plan = InspectionPlan.objects.create(contract=c, template=tpl, name="主机日巡检",
                                         frequency="daily", window_workdays=1,
                                         starts=dt.date(2026, 3, 1), calendar=world.a.calendar)
    return {"contract": c, "hosts": hosts, "cpu": cpu, "rack": rack, "plan": plan,
            "world": world}


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("p.png", PNG, content_type="image/png")


def test_daily_rounds_follow_the_working_calendar_and_are_created_once(setup):
    # March 2026 has 22 working days (no holiday; 31 days less 9 weekend days)
    plan = setup["plan"].pk
    assert do_generate_rounds(dt.date(2026, 3, 31), first=dt.date(2026, 3, 1), plan_id=plan) == 22
    assert do_generate_rounds(dt.date(2026, 3, 31), first=dt.date(2026, 3, 1), plan_id=plan) == 0
    rounds = InspectionRound.objects.filter(plan=setup["plan"])
    assert rounds.count() == 22
    assert not rounds.filter(period_start=dt.date(2026, 3, 7)).exists()  # a Saturday
    assert set(rounds.values_list("items_due", flat=True)) == {3}


def test_monthly_onsite_plan_due_on_the_fifth_working_day(setup):
    plan = setup["plan"]
    plan.frequency, plan.window_workdays = "onsite_monthly", 5
    plan.save()
    do_generate_rounds(dt.date(2026, 10, 20), first=dt.date(2026, 10, 1))
    rnd = InspectionRound.objects.get(plan=plan)
    # 2026 National Day: 1-7 October off; working days 8, 9, 10 (make-up Saturday), 12, 13
    assert (rnd.period_start, rnd.due) == (dt.date(2026, 10, 1), dt.date(2026, 10, 13))


def record_all(rnd, hosts, cpu, rack, day, bad=None):
    for h in hosts:
        do_record_result(rnd, actor=None, item=h, check=cpu,
                         outcome="abnormal" if h is bad else "normal",
                         value="95" if h is bad else "40", at=at(day))
        do_record_result(rnd, actor=None, item=h, check=rack, outcome="normal", photo=photo(),
                         at=at(day))


def test_a_half_done_round_is_kept_and_completes_with_the_last_item(setup):
    s = setup
    do_generate_rounds(dt.date(2026, 3, 2), first=dt.date(2026, 3, 2))
    rnd = InspectionRound.objects.get(plan=s["plan"])
    engineer = s["world"].a.users["vendor_engineer"]
    do_record_result(rnd, actor=engineer, item=s["hosts"][0], check=s["cpu"], outcome="normal",
                     value="40", at=at(dt.date(2026, 3, 2)))
    rnd.refresh_from_db()
    assert rnd.state == "in_progress" and rnd.results.count() == 1
    with pytest.raises(Refused) as exc:  # the photo is required
        do_record_result(rnd, actor=engineer, item=s["hosts"][0], check=s["rack"],
                         outcome="normal")
    assert exc.value.field == "photo"
    record_all(rnd, s["hosts"], s["cpu"], s["rack"], dt.date(2026, 3, 2))
    rnd.refresh_from_db()
    assert rnd.state == "done" and rnd.results.count() == 6


def test_an_abnormal_check_opens_one_work_order_linked_to_the_item(setup):
    s = setup
    do_generate_rounds(dt.date(2026, 3, 2), first=dt.date(2026, 3, 2))
    rnd = InspectionRound.objects.get(plan=s["plan"])
    host = s["hosts"][1]
    do_record_result(rnd, actor=None, item=host, check=s["cpu"], outcome="abnormal",
                     value="95", note="持续高负载")
    result = RoundResult.objects.get(round=rnd, item=host, point=s["cpu"])
    wo = result.work_order
    assert wo is not None and wo.contract_id == s["contract"].pk
    assert "主机2" in wo.title and "95" in wo.description and wo.requester_name == "巡检"
    assert WorkOrderItem.objects.filter(work_order=wo, item=host).exists()
    # recorded again (a retry on a weak connection, or a corrected value): no second order
    do_record_result(rnd, actor=None, item=host, check=s["cpu"], outcome="abnormal",
                     value="96")
    result.refresh_from_db()
    assert result.work_order_id == wo.pk
    from yunwei.workorders.models import WorkOrder

    orders = WorkOrder.objects.filter(contract=s["contract"], title__startswith="巡检异常")
    assert orders.count() == 1


def test_who_may_record_and_review(setup):
    s = setup
    users = s["world"].a.users
    do_generate_rounds(dt.date(2026, 3, 2), first=dt.date(2026, 3, 2))
    rnd = InspectionRound.objects.get(plan=s["plan"])
    for role in ("supervisor", "agency_admin", "expert", "requester", "service_desk"):
        with pytest.raises(Refused):
            do_record_result(rnd, actor=users[role], item=s["hosts"][0], check=s["cpu"],
                             outcome="normal")
    with pytest.raises(Refused):  # not done yet
        do_review_round(rnd, users["supervisor"])
    record_all(rnd, s["hosts"], s["cpu"], s["rack"], dt.date(2026, 3, 2))
    for role in ("vendor_engineer", "vendor_pm", "expert", "requester"):
        with pytest.raises(Refused):
            do_review_round(rnd, users[role])
    do_review_round(rnd, users["supervisor"], "抽查无误")
    rnd.refresh_from_db()
    assert rnd.state == "reviewed" and rnd.reviewed_by == users["supervisor"]
    with pytest.raises(Refused):  # a reviewed round is closed
        do_record_result(rnd, actor=users["vendor_engineer"], item=s["hosts"][0],
                         check=s["cpu"], outcome="abnormal")
    # contract B's engineer cannot record on A's round
    with pytest.raises(Refused):
        do_record_result(rnd, actor=s["world"].b.users["vendor_engineer"], item=s["hosts"][0],
                         check=s["cpu"], outcome="normal")


def test_completeness_on_time_late_missed_pending(setup):
    s = setup
    do_generate_rounds(dt.date(2026, 3, 6), first=dt.date(2026, 3, 2))  # Mon 2 .. Fri 6
    rounds = {r.period_start: r for r in InspectionRound.objects.filter(plan=s["plan"])}
    d = dt.date
    record_all(rounds[d(2026, 3, 2)], s["hosts"], s["cpu"], s["rack"], d(2026, 3, 2))  # on time
    record_all(rounds[d(2026, 3, 3)], s["hosts"], s["cpu"], s["rack"], d(2026, 3, 4))  # late
    # 4 March: only the first host done, on time; the other two missed
    record_all(rounds[d(2026, 3, 4)], s["hosts"][:1], s["cpu"], s["rack"], d(2026, 3, 4))
    # 5 March: nothing (missed); 6 March: today, nothing yet (pending)
    report = reports.completeness(s["contract"].pk, d(2026, 3, 1), d(2026, 3, 31),
                                  today=d(2026, 3, 6))
    items = report.items
    assert (items.due, items.done, items.on_time, items.late, items.missed, items.pending) == \
        (15, 7, 4, 3, 5, 3)
    assert [line.status for line in report.lines] == ["on_time", "late", "missed", "missed",
                                                       "pending"]


def test_completeness_queries_do_not_grow_with_rounds(setup, django_assert_max_num_queries):
    s = setup
    do_generate_rounds(dt.date(2026, 3, 31), first=dt.date(2026, 3, 1))
    for rnd in InspectionRound.objects.filter(plan=s["plan"])[:10]:
        record_all(rnd, s["hosts"], s["cpu"], s["rack"], rnd.due)
    with django_assert_max_num_queries(3):
        reports.completeness(s["contract"].pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_monthly_report_pdf_and_docx(setup):
    s = setup
    do_generate_rounds(dt.date(2026, 3, 3), first=dt.date(2026, 3, 2))
    rnd = InspectionRound.objects.filter(plan=s["plan"]).order_by("due").first()
    record_all(rnd, s["hosts"], s["cpu"], s["rack"], dt.date(2026, 3, 2), bad=s["hosts"][2])
    from docx import Document

    doc = Document(io.BytesIO(reports.report_docx(s["contract"], "2026-03")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026-03 巡检月报" in text and "应巡检 6 项次，已巡检 3 项次" in text
    assert "主机3" in text and "实测 95" in text
    assert doc.tables[0].rows[1].cells[0].text == "主机日巡检"
    from yunwei.core.pdf import PdfUnavailable

    try:
        pdf = reports.report_pdf(s["contract"], "2026-03")
    except PdfUnavailable:
        pytest.skip("WeasyPrint is not available here")
    assert pdf.startswith(b"%PDF")


def test_measures_for_the_assessment(setup):
    from yunwei.core import measures

    s = setup
    c = s["contract"]
    do_generate_rounds(dt.date(2026, 3, 3), first=dt.date(2026, 3, 2))
    rnd = InspectionRound.objects.filter(plan=s["plan"]).order_by("due").first()
    record_all(rnd, s["hosts"], s["cpu"], s["rack"], dt.date(2026, 3, 2), bad=s["hosts"][0])
    db = s["hosts"][0]
    AvailabilityTarget.objects.create(contract=c, item=db, percent=Decimal("99.9"))
    start = at(dt.date(2026, 3, 10), 23)
    do_record_outage(db, None, start=start, end=start + dt.timedelta(minutes=90), cause="宕机")
    assert {"inspection", "inspection_abnormal_open", "availability",
            "ledger_completeness"} <= measures.known()
    a, b = at(dt.date(2026, 3, 1), 0), at(dt.date(2026, 4, 1), 0)
    got = measures.collect(c, ["inspection", "inspection_abnormal_open", "availability",
                               "ledger_completeness"], a, b)
    insp = [e for e in got if e.measure == "inspection"]
    assert sorted(e.attrs["status"] for e in insp) == ["missed", "on_time"]  # 2 and 3 March
    opened = [e for e in got if e.measure == "inspection_abnormal_open"]
    assert len(opened) == 1 and opened[0].attrs["item"] == "H1"
    avail = [v for v in got if v.measure == "availability"]
    # 90 minutes of 44,640: 1 - 90/44640 = 99.798 %
    assert [(v.period, v.value) for v in avail] == [("2026-03", Decimal("99.798"))]
    ledger = [v for v in got if v.measure == "ledger_completeness"]
    assert [(v.period, v.value) for v in ledger] == [("2026-03", Decimal("100.00"))]


def test_service_availability_counts_what_it_depends_on_once(setup):
    s = setup
    c = s["contract"]
    types = {t.code: t for t in c.item_types.all()}
    system = ConfigItem.objects.create(contract=c, item_type=types["system"], code="S1",
                                       name="业务系统")
    db, host = s["hosts"][0], s["hosts"][1]
    from yunwei.inventory.models import ItemRelation

    ItemRelation.objects.create(contract=c, source=system, kind="depends_on", target=db)
    ItemRelation.objects.create(contract=c, source=system, kind="runs_on", target=host)
    AvailabilityTarget.objects.create(contract=c, item=system, percent=Decimal("99.9"),
                                      as_service=True, exclude_windows=True)
    t0 = at(dt.date(2026, 3, 10), 10)
    do_record_outage(db, None, start=t0, end=t0 + dt.timedelta(minutes=60), cause="a")
    do_record_outage(host, None, start=t0 + dt.timedelta(minutes=30),
                     end=t0 + dt.timedelta(minutes=90), cause="b")  # overlaps: 90 in all
    MaintenanceWindow.objects.create(contract=c, start=t0 + dt.timedelta(minutes=80),
                                     end=t0 + dt.timedelta(minutes=100), description="维护")
    lines = reports.availability_table(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    (line,) = lines
    (p,) = line.periods
    assert p.down_seconds == 80 * 60  # 90 less the 10 minutes inside the window
    assert p.counted_seconds == (44640 - 20) * 60
