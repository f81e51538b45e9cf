"""Assessment in the platform: computed from work orders and entered records, explained,
objected to and answered, settled."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.models import Objection
from yunwei.core import context
from yunwei.workorders import actions as wo_actions

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def resolved_order(world, hours_to_resolve: float, day: int, signed: bool = True):
    """An urgent work order issued on 2026-03-{day} 09:00 and resolved after some hours."""
    desk, eng = world.a.users["service_desk"], world.a.users["vendor_engineer"]
    issued = dt.datetime(2026, 3, day, 9, 0, tzinfo=TZ)
    with context.acting(desk):
        wo = wo_actions.do_create_workorder(world.a.contract, actor=desk, title=f"故障{day}",
                                            channel="phone", requester=world.a.users["requester"],
                                            level_code="urgent", reported_at=issued)
        wo = wo_actions.do_transition(wo.pk, "dispatch", actor=desk, version=wo.version,
                                      assignee=eng.pk, at=issued)
        wo = wo_actions.do_transition(wo.pk, "start", actor=eng, version=wo.version, at=issued)
        wo = wo_actions.do_update_workorder(wo.pk, actor=eng, version=wo.version,
                                            problem_analysis="a", resolution_steps="b",
                                            verification="c")
        at = issued + dt.timedelta(hours=hours_to_resolve)
        wo = wo_actions.do_transition(wo.pk, "resolve", actor=eng, version=wo.version, at=at)
        if signed:
            wo_actions.do_transition(wo.pk, "confirm", actor=world.a.users["requester"],
                                     version=wo.version, rating="satisfied", at=at)
    return wo


def counted_7x24(world) -> None:
    """The contract's clocks count every hour (as the template's clause does): wall-clock
    arithmetic below is then the clock's own."""
    from yunwei.calendars.actions import do_save_calendar

    world.a.calendar.kind = "24x7"
    with context.acting(None):
        do_save_calendar(world.a.calendar)


def test_score_page_statement_and_query_count(world):
    counted_7x24(world)
    late = resolved_order(world, 40, day=2)
    client = login(world.a.users["supervisor"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"  # the contract's one period
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "A-L3" in body and "待定" in body and "人民币" in body
    assert f'href="{late.get_absolute_url()}">{late.number}</a>' in body  # linked evidence
    for day in range(5, 15):
        resolved_order(world, 40, day=day)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    sql = [[q["sql"][:150] for q in c.captured_queries] for c in (small, large)]
    assert len(large) == len(small), "\n".join(sql[0]) + "\n---\n" + "\n".join(sql[1])
    statement = client.get(f"/assessment/{world.a.scheme.pk}/statement.xlsx?period=all")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(statement.content)).active.iter_rows(values_only=True))
    title = rows[0][0]
    assert "考核期 整个服务期" in title and " all" not in title and "考核结算单" in title
    assert any(row and row[0] == "W-RUN-3" for row in rows)  # 10 long-overdue orders in a row
    assert login(world.b.users["supervisor"]).get(url).status_code == 404


def test_objection_is_filed_by_the_vendor_and_answered_by_the_agency(world):
    vendor = login(world.a.users["vendor_pm"])
    response = vendor.post("/assessment/objections/add/", {
        "contract": world.a.contract.pk, "rule": "A-L3", "evidence": "AAA-ACC-1",
        "text": "该事故由甲方停电引起，不应计入"})
    assert response.status_code == 302
    objection = Objection.objects.get(evidence="AAA-ACC-1")
    assert objection.filed_by == world.a.users["vendor_pm"]
    assert vendor.post(f"/assessment/objections/{objection.pk}/answer/",
                       {"status": "accepted", "answer": "x"}).status_code == 403
    agency = login(world.a.users["agency_admin"])
    answer = {"status": "rejected", "answer": "停电记录显示与事故无关"}
    assert agency.post(f"/assessment/objections/{objection.pk}/answer/",
                       answer).status_code == 302
    objection.refresh_from_db()
    assert objection.status == "rejected"
    assert objection.answered_by == world.a.users["agency_admin"]
    assert login(world.a.users["expert"]).post("/assessment/objections/add/", {
        "contract": world.a.contract.pk, "rule": "A-L3", "evidence": "x", "text": "y"}
    ).status_code == 403


def test_manual_records_need_evidence_and_a_known_rule(world):
    agency = login(world.a.users["agency_admin"])
    response = agency.post("/assessment/manual/add/", {
        "contract": world.a.contract.pk, "rule": "W-FORGED", "date": "2026-06-01", "count": 1})
    assert response.status_code == 400
    assert "请填写证据编号或上传证据文件" in response.content.decode()
    response = agency.post("/assessment/manual/add/", {
        "contract": world.a.contract.pk, "rule": "NOPE", "date": "2026-06-01", "count": 1,
        "evidence": "抽查记录"})
    assert response.status_code == 400
    # the error and the field's help name the rules entered by hand (no code to guess)
    body = response.content.decode()
    assert "其可手工录入的规则：" in body and "W-FORGED 伪造签字或时间记录" in body
    page = agency.get("/assessment/manual/add/").content.decode()
    assert "可手工录入的规则 —— " in page and "W-FORGED 伪造签字或时间记录" in page
    assert "W-ARCHIVE" not in page  # counted from work orders, not entered by hand
    agency.cookies["yunwei_language"] = "en"
    page = agency.get("/assessment/manual/add/").content.decode()
    assert "Rules entered by hand — " in page and "W-FORGED forged signature or time" in page


def test_scheme_edits_are_the_agencys_and_audited(world):
    from yunwei.assessment.models import Scheme
    from yunwei.assessment.tests.test_editor import body, rule_index
    from yunwei.core.models import AuditEvent

    scheme = Scheme.objects.get(pk=world.a.scheme.pk)
    url = f"/assessment/{scheme.pk}/rules/"
    assert login(world.a.users["vendor_pm"]).get(url).status_code == 403
    i = rule_index(scheme.definition, "W-FORM")
    response = login(world.a.users["agency_admin"]).post(url, body(
        scheme.definition, **{f"rule-{i}-points": "-1", "save": "1"}))
    assert response.status_code == 302
    event = AuditEvent.objects.for_object(scheme).first()
    assert event.action == "update" and event.actor_username == world.a.users[
        "agency_admin"].username
    assert event.after["definition"]["rules"][i]["points"] == -1


def test_copy_template_once_per_contract(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        actions.do_copy_template(world.a.contract, "prison-2025")


def test_statement_pdf_has_the_settlement_in_chinese(world, tmp_path):
    import shutil
    import subprocess

    response = login(world.a.users["expert"]).get(
        f"/assessment/{world.a.scheme.pk}/statement.pdf?period=all")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is installed by scripts/install-test-deps.sh")
    path = tmp_path / "s.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "运维服务考核结算单" in text and "应付尾款" in text and "人民币" in text


def test_payment_milestones_due_dates_checks_and_late_penalty(world):
    from yunwei.assessment.models import PaymentMilestone

    first = world.a.records["paymentmilestone"]
    due, flags = first.due_date()
    # 20 working days after 09-01: 09-20 (Sunday) is worked, 09-25 (Mid-Autumn) is off
    assert due == dt.date(2026, 9, 29) and flags == ()
    PaymentMilestone.objects.create(contract=world.a.contract, seq=2, name="尾款",
                                    percent=Decimal(50), amount=Decimal("559000.00"),
                                    amount_capitals="人民币伍拾伍万捌仟元整")
    page = login(world.a.users["vendor_pm"]).get(
        f"/assessment/{world.a.scheme.pk}/score/?period=all").content.decode()
    assert "2026-09-29" in page
    assert "大写“人民币伍拾伍万捌仟元整”与小写 559000.00 元不符" in page
    assert "逾期第 15 个工作日为" in page  # unpaid after the due date: the agency's penalty
    agency = login(world.a.users["agency_admin"])
    response = agency.post(f"/assessment/payments/{first.pk}/edit/", {
        "contract": world.a.contract.pk, "seq": 1, "name": first.name, "percent": "50",
        "amount": "559000.00", "condition_date": "2026-09-01", "invoice_days_before": 5,
        "due_working_days": 20, "status": "delayed", "delay_reason": ""})
    assert response.status_code == 400 and "请说明延期原因" in response.content.decode()


def test_import_past_records_is_idempotent_and_assessed(world, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from yunwei.scoring.tests.test_scoring import SAMPLE

    path = tmp_path / "2025.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    number = world.a.contract.number
    call_command("assess", "import", str(path), "--contract", number)
    assert "work_orders=2" in capsys.readouterr().out
    call_command("assess", "import", str(path), "--contract", number)
    assert "work_orders=0 accidents=0" in capsys.readouterr().out
    contract = world.a.contract  # the past records are the contract's 2025 service year
    contract.service_start, contract.service_end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    contract.save()
    world.a.scheme.refresh_from_db()
    a = assess_periods(world.a.scheme, as_of=dt.datetime(2026, 1, 1, tzinfo=TZ))
    rules = [line.code for line in a.period("all").lines if not line.pending]
    assert {"W-LATE-4-24", "W-UNSIGNED", "A-L2", "A-REPORT", "P-ABSENT", "Q-UNSAT",
            "R-IN-CHARGE", "W-MAIL"} <= set(rules)
    with pytest.raises(CommandError, match="找不到合同"):
        call_command("assess", "import", str(path), "--contract", "NOPE")
    path.write_text("contract_amount: 1\nwork_orders: [{urgency: x, issued: 2025-01-01}]",
                    encoding="utf-8")
    with pytest.raises(CommandError, match="未知的紧急程度"):
        call_command("assess", "import", str(path), "--contract", number)


def test_the_agency_adds_its_own_manual_rule(world):
    from yunwei.assessment.models import Scheme
    from yunwei.assessment.tests.test_editor import body

    agency = login(world.a.users["agency_admin"])
    scheme = Scheme.objects.get(pk=world.a.scheme.pk)
    response = agency.post(f"/assessment/{scheme.pk}/rules/", body(scheme.definition, **{
        "new-code": "X-DRILL", "new-title": "未按计划开展应急演练", "new-points": "-3",
        "new-fine_percent": "0.5", "save": "1"}))
    assert response.status_code == 302
    assert agency.post("/assessment/manual/add/", {
        "contract": world.a.contract.pk, "rule": "X-DRILL", "date": "2026-07-01", "count": 1,
        "evidence": "演练计划及签到表"}).status_code == 302
    a = assess_periods(Scheme.objects.get(pk=scheme.pk),
                       as_of=dt.datetime(2027, 1, 1, tzinfo=TZ))
    drill = [line for line in a.period("all").lines if line.code == "X-DRILL"]
    # 0.5 % of 1,118,000.00 = 5,590.00
    assert [(x.points, x.fine) for x in drill] == [(Decimal(-3), Decimal("5590.00"))]
    # a rule that only the engine counts is not entered by hand
    assert agency.post("/assessment/manual/add/", {
        "contract": world.a.contract.pk, "rule": "A-L1", "date": "2026-07-01", "count": 1,
        "evidence": "x"}).status_code == 400
    assert login(world.b.users["agency_admin"]).post(
        f"/assessment/{scheme.pk}/rules/", body(scheme.definition, save="1")).status_code == 404


def test_score_page_names_the_whole_period_and_explains_in_the_pages_language(world):
    """The one-period scheme's period is "整个服务期" / "the whole service period", never its
    code `all`; an English page explains each line in English (the engine writes both)."""
    counted_7x24(world)
    resolved_order(world, 40, day=2)
    client = login(world.a.users["supervisor"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    zh = client.get(url).content.decode()
    assert "· 整个服务期（2026-" in zh and ">all<" not in zh and "· all（" not in zh
    client.cookies["yunwei_language"] = "en"
    en = client.get(url).content.decode()
    assert "· the whole service period (" in en or "· the whole service period（" in en
    assert "for the agency to decide: " in en and "待定：" not in en
