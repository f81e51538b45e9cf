"""In a real browser on a phone (390x844): the agency administrator adds a band rule (work
orders' lateness on the SLA clock) to a blank scheme with the editor's fields, and the scheme
page states it; nothing scrolls sideways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agency_adds_a_band_rule_on_a_phone(browser, live_server, world, shot):
    from yunwei.assessment import actions
    from yunwei.assessment.models import Scheme

    side = world.a
    admin = side.users["agency_admin"]
    _passwords(world, admin)
    Scheme.objects.filter(contract=side.contract).delete()
    scheme = actions.do_create_scheme(side.contract, name="空白方案")
    page = login(browser, live_server, admin.username, viewport=PHONE)
    page.goto(f"{live_server.url}/assessment/{scheme.pk}/rules/")
    page.select_option("#id_new-kind", "band")
    page.fill("#id_new-code", "W-LATE")
    page.fill("#id_new-title", "工单超时")
    page.select_option("#id_new-measure", "work_order")
    page.select_option("#id_new-value", "overdue_hours")
    page.fill("#id_new-band-0-lower", "4")
    page.fill("#id_new-band-0-upper", "24")
    page.fill("#id_new-band-0-points", "-0.2")
    page.fill("#id_new-band-1-lower", "24")
    page.uncheck("#id_new-band-1-lower_incl")
    page.fill("#id_new-band-1-points", "-0.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "band-rule-editor-phone")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/assessment/{scheme.pk}/")
    bands = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]["bands"]
    assert [(b.get("from", b.get("above")), Decimal(str(b["points"]))) for b in bands] == [
        (4, Decimal("-0.2")), (24, Decimal("-0.5"))]
    assert "above" in bands[1]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
