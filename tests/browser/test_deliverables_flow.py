"""In a real browser: the agency returns a monthly report with comments, the vendor
resubmits a corrected file, the agency approves it."""

from __future__ import annotations

import pytest

from .test_tenant_isolation import _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_return_resubmit_approve(browser, live_server, world, shot, tmp_path):
    agency_user, vendor_user = world.a.users["agency_admin"], world.a.users["vendor_pm"]
    _passwords(world, agency_user, vendor_user)
    item = world.a.deliverables["deliverable"]  # September report, version 1 submitted
    url = f"{live_server.url}{item.get_absolute_url()}"

    agency = login(browser, live_server, agency_user.username)
    agency.goto(url)
    agency.select_option("#id_decision", "return")
    agency.get_by_role("button", name="保存审核结论").click()
    assert "退回时请写明修改意见" in agency.inner_text("body")  # refused, not a 500
    agency.select_option("#id_decision", "return")
    agency.fill("#id_comments", "请补充满意度统计")
    agency.get_by_role("button", name="保存审核结论").click()
    assert "文档已退回修改" in agency.inner_text("body")
    shot(agency, "deliverables-1-returned")

    vendor = login(browser, live_server, vendor_user.username)
    vendor.goto(url)
    assert "请补充满意度统计" in vendor.inner_text("#versions")
    corrected = tmp_path / "月报-修订.docx"
    corrected.write_bytes(b"corrected")
    vendor.set_input_files("#id_file", str(corrected))
    vendor.fill("#id_note", "已补充")
    vendor.get_by_role("button", name="提交").click()
    assert "文档已提交" in vendor.inner_text("body")
    shot(vendor, "deliverables-2-resubmitted")

    agency.goto(url)
    agency.select_option("#id_decision", "approve")
    agency.get_by_role("button", name="保存审核结论").click()
    assert "文档已审核通过" in agency.inner_text("body")
    shot(agency, "deliverables-3-approved")
    item.refresh_from_db()
    assert (item.status, item.version) == ("approved", 2)


def test_submit_return_resubmit_then_deemed_approval_on_a_phone(browser, live_server, world,
                                                                shot, tmp_path):
    """On phones (390x844): the vendor submits, the agency returns it with comments, the
    vendor resubmits, the agency stays silent; the job system, run at a frozen clock, deems
    it approved the moment the review window ends, and the pages say so."""
    import datetime as dt

    from yunwei.deliverables.tests.test_flow import TZ, run_queue

    from .test_tenant_isolation import PHONE

    agency_user, vendor_user = world.a.users["agency_admin"], world.a.users["vendor_pm"]
    _passwords(world, agency_user, vendor_user)
    dtype = world.a.deliverables["documenttype"]
    dtype.deemed_approval, dtype.review_workdays, dtype.rework_workdays = True, 10, 5
    dtype.save()
    item = dtype.instances.get(period_end=dt.date(2026, 8, 31))
    url = f"{live_server.url}{item.get_absolute_url()}"
    report = tmp_path / "8月月报.docx"
    report.write_bytes(b"v1")

    vendor = login(browser, live_server, vendor_user.username, viewport=PHONE)
    vendor.goto(url)
    vendor.set_input_files("#id_file", str(report))
    vendor.get_by_role("button", name="提交").click()
    assert "文档已提交" in vendor.inner_text("body")

    agency = login(browser, live_server, agency_user.username, viewport=PHONE)
    agency.goto(url)
    agency.select_option("#id_decision", "return")
    agency.fill("#id_comments", "缺少可用率统计")
    agency.get_by_role("button", name="保存审核结论").click()
    assert "文档已退回修改" in agency.inner_text("body")

    vendor.goto(url)
    assert "缺少可用率统计" in vendor.inner_text("#versions")
    report.write_bytes(b"v2")
    vendor.set_input_files("#id_file", str(report))
    vendor.fill("#id_note", "已补充可用率")
    vendor.get_by_role("button", name="提交").click()
    assert "文档已提交" in vendor.inner_text("body")
    item.refresh_from_db()
    assert (item.status, item.version) == ("resubmitted", 2)
    # the window: 10 working days counted from the resubmission day (its own table tests
    # are in deliverables/tests/test_rules.py); the agency answers nothing
    last = item.review_deadline
    assert last is not None and item.deem_job
    run_queue(dt.datetime.combine(last, dt.time(23, 59), TZ))  # the last day: still waiting
    item.refresh_from_db()
    assert item.status == "resubmitted"
    agency.goto(url)
    assert "已重新提交" in agency.inner_text("main")

    run_queue(dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0, 1), TZ))
    item.refresh_from_db()
    assert (item.status, item.approved_on) == ("deemed_approved",
                                               last + dt.timedelta(days=1))
    vendor.goto(url)
    body = vendor.inner_text("main")
    assert "视为通过" in body
    versions = vendor.inner_text("#versions")
    assert "缺少可用率统计" in versions and "视为通过（逾期未审核）" in versions
    assert vendor.evaluate("document.documentElement.scrollWidth") <= 390
    # stacked on the phone: no header row, each cell labelled by its column
    assert not vendor.locator("#versions tr.table-head").is_visible()
    assert vendor.locator("#versions td").first.get_attribute("data-label") == "版本"
    shot(vendor, "deliverables-4-deemed-approved-phone")
