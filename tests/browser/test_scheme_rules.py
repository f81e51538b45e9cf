"""In a real browser on a phone: the agency administrator adds a rate over time (0.5 % of the
contract a started week, at most 30 %, a termination right at the cap) to a blank scheme,
previews what it counted in the last closed quarter, and saves it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_rate_rule_on_a_phone(browser, live_server, world, shot, monkeypatch):
    from yunwei.assessment import actions
    from yunwei.assessment.models import ManualEntry, Scheme

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 11, 30))
    contract = world.a.contract
    contract.amount = Decimal("998000.00")
    contract.save()
    Scheme.objects.filter(contract=contract).delete()
    ManualEntry.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, name="学生卡平台运维")
    # 9 days late in August (2026Q3, the last closed quarter): 2 started weeks
    ManualEntry.objects.create(contract=contract, rule="D-LATE", date=dt.date(2026, 8, 10),
                               count=9, evidence="8 月逾期提交技术服务")
    admin = world.a.users["agency_admin"]
    _passwords(world, admin)
    page = login(browser, live_server, admin.username, viewport=PHONE)
    page.goto(f"{live_server.url}/assessment/{scheme.pk}/rules/")
    page.select_option("#id_periods", "quarters")
    page.select_option("#id_new-kind", "rate")
    page.fill("#id_new-code", "D-LATE")
    page.fill("#id_new-title", "逾期提交技术服务")
    page.fill("#id_new-percent", "0.5")
    page.fill("#id_new-every_days", "7")
    page.fill("#id_new-cap_percent", "30")
    page.check("#id_new-term_at_cap")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.get_by_role("button", name="预览上一个已结束的考核期").click()
    row = page.locator('#preview-rules tr[data-rule="D-LATE"]')
    # by hand: 998,000 x 0.5 % x 2 weeks = 9,980.00, one line
    assert row.locator("td").nth(1).inner_text() == "1"
    assert "9980.00" in row.inner_text()
    shot(page, "scheme-rules-1-preview-phone")
    assert Scheme.objects.get(pk=scheme.pk).definition["rules"] == []  # not saved yet
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"{live_server.url}{scheme.get_absolute_url()}")
    assert "逾期提交技术服务" in page.inner_text("body")
    shot(page, "scheme-rules-2-saved-phone")
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert (rule["kind"], rule["every_days"], rule["termination"]) == ("rate", 7,
                                                                       {"at_cap": True})
