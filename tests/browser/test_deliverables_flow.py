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
