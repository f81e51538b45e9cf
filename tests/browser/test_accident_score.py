"""In a real browser, through the score page: the vendor opens an accident from the work
order's button (pre-filled from it), it is graded jointly in operations, and the score page
shows it as a deduction line with the points and the fine of the contract's rule table, saying
which accident, its level and who graded it; the link leads to the accident's record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from .test_tenant_isolation import _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The prison contract's accident rules, by hand: level -> (points, % of the contract total)
RULES = {"1": (D(-5), D(3)), "2": (D(-4), D(2)), "3": (D(-2), D(1))}
REPORT_LATE = D(-2)  # A-REPORT: the analysis report after 12 / 24 / 48 h


def test_graded_accident_is_a_linked_deduction_on_the_score_page(browser, live_server, world,
                                                                 shot):
    from yunwei.operations import actions
    from yunwei.operations.models import Accident, AccidentLevel
    from yunwei.operations.testing import make_operations

    make_operations(world.a, "AAA")
    users = world.a.users
    vendor_user, agency_user = users["vendor_pm"], users["agency_admin"]
    _passwords(world, vendor_user, agency_user)
    level = AccidentLevel.objects.create(contract=world.a.contract, code="2", name="二级事故",
                                         report_hours=D(24), rank=2)
    wo = world.a.work_order
    wo.description = "三楼会议室视频会议中断，5 个分会场无图像"
    wo.save()

    # the vendor opens it from the work order's button: pre-filled, linked back
    vendor = login(browser, live_server, vendor_user.username)
    vendor.goto(f"{live_server.url}{wo.get_absolute_url()}")
    vendor.get_by_role("link", name="由此工单登记事故").click()
    vendor.wait_for_url("**/operations/add/?work_order=*")
    assert vendor.input_value("#id_title") == wo.title
    assert vendor.input_value("#id_description") == wo.description
    # it occurred 24 h and a minute ago: the report, submitted now, is a minute late
    occurred = timezone.localtime() - dt.timedelta(hours=24, minutes=1)
    vendor.fill("#id_occurred_at", occurred.strftime("%Y-%m-%dT%H:%M"))
    vendor.get_by_role("button", name="保存").click()
    vendor.wait_for_url("**/operations/*/")
    acc = Accident.objects.get(title=wo.title, work_orders=wo)
    vendor.goto(f"{live_server.url}{wo.get_absolute_url()}")
    assert vendor.locator("#accidents").get_by_role("link", name=str(acc)).is_visible()

    # graded jointly in operations (the procedure's own browser test is test_accident_flow)
    actions.do_set_preliminary_level(acc, actor=vendor_user, level=level)
    actions.do_submit_report(acc, actor=vendor_user, file=ContentFile(b"%PDF", "r.pdf"))
    actions.do_consider_special_cases(acc, actor=users["supervisor"], human_error=False,
                                      mixed_fault=False, note="非人为")
    for kind in ("user_feedback", "mail", "handling_log", "signed_order"):
        actions.do_add_evidence(acc, actor=vendor_user, kind=kind,
                                file=ContentFile(b"x", name=f"{kind}.png"))
    for party, user in (("agency", "agency_admin"), ("vendor", "vendor_pm"),
                        ("supervisor", "supervisor")):
        actions.do_record_position(acc, actor=users[user], party=party, level=level,
                                   opinion="同意二级")
    actions.do_final_grading(acc, actor=agency_user, level=level, conclusion="三方一致：二级")
    acc.refresh_from_db()
    assert acc.report_late_seconds >= 60

    agency = login(browser, live_server, agency_user.username)
    agency.goto(f"{live_server.url}/assessment/{world.a.scheme.pk}/score/?period=all")
    who = agency_user.get_full_name() or agency_user.username
    label = (f"运维事故记录：{acc.title}（二级事故；三方共同定级，{who} 于 "
             f"{timezone.localdate():%Y-%m-%d} 登记）")
    points, percent = RULES["2"]
    fine = (world.a.contract.amount * percent / 100).quantize(D("0.01"))
    rows = agency.locator("tr", has=agency.get_by_role("link", name=label, exact=True))
    texts = sorted(rows.nth(i).inner_text() for i in range(rows.count()))
    assert len(texts) == 2, texts  # the level's line and the late report's
    level_row = next(t for t in texts if "A-L2" in t)
    report_row = next(t for t in texts if "A-REPORT" in t)
    assert f"\t{points}\t" in f"\t{level_row}\t".replace("\n", "\t")
    assert f"¥{fine:,.2f}" in level_row  # money by the one formatting rule
    assert f"\t{REPORT_LATE}\t" in f"\t{report_row}\t".replace("\n", "\t")
    assert "运维事故记录" in agency.inner_text("#line-sources")
    shot(agency, "accident-score-line")
    rows.filter(has_text="A-L2").get_by_role("link", name=label, exact=True).click()
    agency.wait_for_url(f"**{acc.get_absolute_url()}")
    assert "已最终定级" in agency.content() and "三方一致：二级" in agency.content()
