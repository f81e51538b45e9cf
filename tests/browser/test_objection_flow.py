"""In a real browser on a phone (390x844): the vendor's project manager files an objection to
a deduction from the score page, the agency administrator accepts it from the score page's
objection list, and the score goes up by the line's points, the line shown struck through with
the answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = dt.timezone(dt.timedelta(hours=8))


def _score(page) -> Decimal:
    return Decimal(page.locator(".cards .card .kpi").first.inner_text().strip())


def test_vendor_objects_agency_accepts_and_the_score_changes(browser, live_server, world,
                                                             shot):
    from yunwei.assessment.compute import assess_periods
    from yunwei.assessment.models import Objection

    side = world.a
    vendor_user, agency_user = side.users["vendor_pm"], side.users["agency_admin"]
    _passwords(world, vendor_user, agency_user)
    result = assess_periods(side.scheme, as_of=dt.datetime(2027, 1, 1, tzinfo=TZ))
    accident = next(ln for ln in result.period("all").lines if ln.code == "A-L3")
    # by hand: a 3rd-level accident of the prison template counts -2 points
    assert accident.points == Decimal(-2)
    label = accident.evidence[0].label or accident.evidence[0].ref
    score_url = f"{live_server.url}/assessment/{side.scheme.pk}/score/?period=all"

    vendor = login(browser, live_server, vendor_user.username, viewport=PHONE)
    vendor.goto(score_url)
    before = _score(vendor)
    vendor.get_by_role("link", name="提出异议").click()
    vendor.wait_for_url("**/assessment/objections/add/")
    vendor.select_option("#id_contract", str(side.contract.pk))
    vendor.fill("#id_rule", "A-L3")
    vendor.fill("#id_evidence", label)
    vendor.fill("#id_text", "该事故系机房外部断电所致，附供电局停电通知")
    shot(vendor, "objection-filed-form-phone")
    vendor.get_by_role("button", name="保存").click()
    vendor.wait_for_url("**/assessment/objections/*/")
    objection = Objection.objects.get(rule="A-L3", filed_by=vendor_user)
    assert objection.status == "open"
    assert vendor.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    agency = login(browser, live_server, agency_user.username, viewport=PHONE)
    agency.goto(score_url)
    assert _score(agency) == before
    item = agency.locator("li", has=agency.get_by_role("link", name=f"A-L3 {label}"))
    item.get_by_role("link", name="答复").click()
    agency.wait_for_url(f"**/assessment/objections/{objection.pk}/answer/**")
    assert "该事故系机房外部断电所致" in agency.inner_text("#objection-text")
    agency.select_option("#id_status", "accepted")
    agency.fill("#id_answer", "经核实属外部断电，撤销扣分")
    shot(agency, "objection-answer-phone")
    agency.get_by_role("button", name="提交").click()
    agency.wait_for_url("**/assessment/*/score/?period=all")
    # the line is withdrawn: 2 points back, struck through with the answer
    assert _score(agency) == before + 2
    withdrawn = agency.locator("tr.withdrawn", has_text="A-L3")
    assert withdrawn.count() == 1
    assert "经核实属外部断电，撤销扣分" in withdrawn.inner_text()
    assert withdrawn.locator("s").first.inner_text().strip() == "-2"
    shot(agency, "objection-accepted-score-phone")
    objection.refresh_from_db()
    assert objection.status == "accepted" and objection.answered_by == agency_user

    vendor.goto(score_url)
    assert _score(vendor) == before + 2
