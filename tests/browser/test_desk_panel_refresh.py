"""In a real browser: the desk dashboard's "on duty now" section refreshes itself every
minute (HTMX polling its fragment) without reloading the page, skips the poll while the tab is
hidden and refreshes when it is shown again."""

from __future__ import annotations

import datetime as dt

import pytest

from .test_tenant_isolation import _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_duty_panel_refreshes_without_reload(browser, live_server, world, shot):
    from django.utils import timezone
    from playwright.sync_api import expect

    from yunwei.staffing import actions
    from yunwei.staffing.models import ShiftPattern
    from yunwei.staffing.testing import make_staffing

    st = make_staffing(world.a, "A")
    pm = world.a.users["vendor_pm"]
    _passwords(world, pm)
    c = world.a.contract
    host = st["patterns"]["day"].post
    allday = ShiftPattern.objects.create(contract=c, post=host, name="全天", days="daily",
                                         start=dt.time(0), end=dt.time(0))
    today = timezone.localdate()
    actions.do_add_shift(st["people"]["wang"], allday, today, actor=None)

    page = login(browser, live_server, pm.username)
    page.clock.install()  # the page's timers run on a clock the test moves
    page.goto(f"{live_server.url}/workorders/dashboard/{c.pk}/")
    panel = page.locator("#on-duty-now")
    assert "A王磊" in panel.inner_text() and "A李娜" not in panel.inner_text()
    page.evaluate("window.notReloaded = true")

    # Li joins the running shift: a minute later the section shows her, the page is the same
    actions.do_add_shift(st["people"]["li"], allday, today, actor=None)
    page.clock.fast_forward("01:01")
    expect(page.locator("#on-duty-now")).to_contain_text("A李娜")
    assert page.evaluate("window.notReloaded") is True
    shot(page, "staffing-desk-panel-refreshed")

    # a hidden tab does not poll; showing it again refreshes at once
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/on-duty/panel/" in r.url else None)
    page.evaluate("""Object.defineProperty(document, 'hidden', {value: true, configurable: true});
                     document.dispatchEvent(new Event('visibilitychange'))""")
    page.clock.fast_forward("02:01")
    page.wait_for_timeout(300)
    assert requests == []
    actions.do_remove_shift(st["staffing.rostershift"].__class__.objects.get(
        person=st["people"]["li"], pattern=allday), actor=None)
    page.evaluate("""Object.defineProperty(document, 'hidden', {value: false, configurable: true});
                     document.dispatchEvent(new Event('visibilitychange'))""")
    expect(page.locator("#on-duty-now")).not_to_contain_text("A李娜")
    assert len(requests) >= 1 and page.evaluate("window.notReloaded") is True
