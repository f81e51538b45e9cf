"""In a real browser: the vendor opens an accident from a work order, uploads the analysis
report a minute late, and the agency, the vendor and the supervisor grade it jointly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from .test_tenant_isolation import _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def step(page, name: str):
    """The form of one step on the accident's page."""
    return page.locator(f'form[data-step="{name}"]')


def test_accident_procedure(browser, live_server, world, shot, tmp_path):
    from yunwei.operations.models import Accident, AccidentLevel
    from yunwei.operations.testing import make_operations

    make_operations(world.a, "AAA")
    users = world.a.users
    vendor_user, supervisor_user, agency_user = (users["vendor_pm"], users["supervisor"],
                                                 users["agency_admin"])
    _passwords(world, vendor_user, supervisor_user, agency_user)
    level = AccidentLevel.objects.get(contract=world.a.contract, code="1")  # report in 12 h
    wo = world.a.work_order
    # it occurred 12 h and a minute ago (to the minute): the report, uploaded now, is late
    occurred = timezone.localtime() - dt.timedelta(hours=12, minutes=1)
    report = tmp_path / "事故分析报告.pdf"
    report.write_bytes(b"%PDF-1.4 analysis")
    signed = tmp_path / "签字工单.pdf"
    signed.write_bytes(b"%PDF-1.4 signed")

    vendor = login(browser, live_server, vendor_user.username)
    vendor.goto(f"{live_server.url}/operations/add/?work_order={wo.pk}")
    vendor.fill("#id_title", "三楼会议室视频会议中断")
    vendor.fill("#id_occurred_at", occurred.strftime("%Y-%m-%dT%H:%M"))
    vendor.fill("#id_cause", "终端故障")
    shot(vendor, "accident-0-vendor-opens-from-a-work-order")
    vendor.get_by_role("button", name="保存").click()
    vendor.wait_for_url("**/operations/*/")
    acc = Accident.objects.get(title="三楼会议室视频会议中断")
    assert vendor.get_by_role("link", name=f"{wo.number} {wo.title}").first.is_visible()

    step(vendor, "preliminary").locator("select[name=level]").select_option(str(level.pk))
    step(vendor, "preliminary").get_by_role("button", name="保存").click()
    step(vendor, "report").locator("input[name=file]").set_input_files(str(report))
    step(vendor, "report").get_by_role("button", name="保存").click()
    acc.refresh_from_db()
    assert acc.report_late_seconds >= 60
    assert acc.report_late_seconds == int((acc.report_submitted_at
                                           - acc.report_deadline).total_seconds())
    assert "逾期" in vendor.inner_text("#steps")
    step(vendor, "evidence").locator("select[name=kind]").select_option("mail")
    step(vendor, "evidence").locator("input[name=file]").set_input_files(str(signed))
    step(vendor, "evidence").get_by_role("button", name="保存").click()
    step(vendor, "evidence").locator("select[name=kind]").select_option("signed_order")
    step(vendor, "evidence").locator("input[name=file]").set_input_files(str(signed))
    step(vendor, "evidence").get_by_role("button", name="保存").click()
    assert "证据不全" not in vendor.inner_text("#evidence")
    step(vendor, "special").locator("input[name=note]").fill("非人为失误，非混合故障")
    step(vendor, "special").get_by_role("button", name="保存").click()
    step(vendor, "position").locator("select[name=level]").select_option(str(level.pk))
    step(vendor, "position").locator("textarea[name=opinion]").fill("同意定为一级")
    step(vendor, "position").get_by_role("button", name="保存").click()
    shot(vendor, "accident-1-vendor-reported-late")

    supervisor = login(browser, live_server, supervisor_user.username)
    supervisor.goto(f"{live_server.url}{acc.get_absolute_url()}")
    step(supervisor, "position").locator("select[name=level]").select_option(str(level.pk))
    step(supervisor, "position").locator("textarea[name=opinion]").fill("监理意见：一级")
    step(supervisor, "position").get_by_role("button", name="保存").click()
    assert step(supervisor, "final").count() == 0  # only the agency records the final level

    agency = login(browser, live_server, agency_user.username)
    agency.goto(f"{live_server.url}{acc.get_absolute_url()}")
    step(agency, "position").locator("select[name=party]").select_option("agency")
    step(agency, "position").locator("select[name=level]").select_option(str(level.pk))
    step(agency, "position").locator("textarea[name=opinion]").fill("甲方意见：一级")
    step(agency, "position").get_by_role("button", name="保存").click()
    step(agency, "final").locator("select[name=level]").select_option(str(level.pk))
    step(agency, "final").locator("textarea[name=conclusion]").fill("三方一致：一级事故。")
    step(agency, "final").get_by_role("button", name="保存").click()
    acc.refresh_from_db()
    assert (acc.stage, acc.final_level) == ("graded", level)
    assert "已最终定级" in agency.content()
    shot(agency, "accident-2-graded-jointly")
    # the measure the assessment reads: level 1, the report late
    from yunwei.core import measures

    [event] = measures.collect(world.a.contract, ["accident"], acc.occurred_at,
                               acc.occurred_at + dt.timedelta(seconds=1))
    assert event.ref == f"operations.accident:{acc.pk}"
    assert event.attrs["level"] == "1" and event.attrs["report_submitted"] > \
        event.attrs["report_deadline"]
