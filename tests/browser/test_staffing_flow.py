"""In a real browser: the agency approves an entry check, the vendor PM builds a month's
roster and fixes a shortfall, an engineer on a phone sees their shifts and asks for leave."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .test_tenant_isolation import PHONE, _passwords, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shortfall(page) -> int:
    return int(re.search(r"(\d+)", page.inner_text("#shortfall")).group(1))


def test_entry_check_roster_and_leave(browser, live_server, world, shot):
    from django.utils import timezone

    from yunwei.staffing import actions
    from yunwei.staffing.testing import make_staffing

    st = make_staffing(world.a, "A")
    admin, pm = world.a.users["agency_admin"], world.a.users["vendor_pm"]
    engineer = world.a.users["vendor_engineer"]
    _passwords(world, admin, pm, engineer)
    li, wang = st["people"]["li"], st["people"]["wang"]
    night = st["patterns"]["night"]
    c = world.a.contract

    # 1. the agency approves Li's entry check
    page = login(browser, live_server, admin.username)
    page.goto(f"{live_server.url}/staffing/people/{li.pk}/")
    assert page.inner_text("#phone") == li.phone  # the agency administrator sees it whole
    page.select_option("#id_approve", "1")
    page.fill("#id_note", "学历证书、身份证已核")
    page.click("#entry-submit")
    assert "入场已核验" in page.inner_text("#entry-status")
    shot(page, "staffing-1-agency-approves-entry")

    # 2. the vendor PM generates October (national holiday: two on the night shift on 1-7
    # Oct, only Wang is on the desk post) and fixes a shortfall by putting Li on a night
    page = login(browser, live_server, pm.username)
    page.goto(f"{live_server.url}/staffing/roster/?contract={c.pk}&month=2026-10")
    page.click("#generate")
    page.wait_for_selector("#shortfall")
    before = _shortfall(page)
    assert before >= 7
    shot(page, "staffing-2-roster-with-shortfall")
    li.posts.add(night.post)  # the PM gives Li the desk post (person form), then the shift
    page.reload()
    page.select_option("#add-shift #id_person", str(li.pk))
    page.select_option("#add-shift #id_pattern", str(night.pk))
    page.fill("#add-shift #id_day", "2026-10-01")
    page.locator("#add-shift button").click()
    page.wait_for_selector("#shortfall")
    assert _shortfall(page) == before - 1
    shot(page, "staffing-3-shortfall-fixed")

    # 3. the engineer (Wang) on a phone sees their shifts and asks for leave
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    actions.do_add_shift(wang, st["patterns"]["day"], tomorrow, actor=None)
    phone = login(browser, live_server, engineer.username, viewport=PHONE)
    phone.goto(f"{live_server.url}/staffing/my-shifts/")
    assert "白班" in phone.inner_text("#my-shifts")
    shot(phone, "staffing-4-engineer-shifts-on-phone")
    phone.click("#ask-leave")
    later = timezone.localdate() + dt.timedelta(days=3)
    phone.fill("#id_starts", f"{later}T09:00")
    phone.fill("#id_ends", f"{later}T17:30")
    phone.fill("#id_reason", "家中有事")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_url("**/staffing/leave/*/")
    assert "待审批" in phone.content()
    shot(phone, "staffing-5-leave-asked-on-phone")


def test_engineer_asks_a_swap_on_a_phone(browser, live_server, world, shot, django_user_model):
    """Wang, on a phone, asks Li to take one of his shifts; Li agrees on her phone; the vendor
    PM approves; Wang's list no longer has the shift, Li's has it; Wang subscribes his
    calendar with the token URL, which opens without a session."""
    from django.utils import timezone

    from yunwei.contracts.models import Membership
    from yunwei.staffing import actions
    from yunwei.staffing.testing import make_staffing

    st = make_staffing(world.a, "A")
    pm, engineer = world.a.users["vendor_pm"], world.a.users["vendor_engineer"]
    li_user = django_user_model.objects.create(username="a_li")
    Membership.objects.create(contract=world.a.contract, user=li_user, role="vendor_engineer")
    _passwords(world, pm, engineer, li_user)
    wang, li = st["people"]["wang"], st["people"]["li"]
    li.user, li.entry_status = li_user, "approved"
    li.save()
    soon = timezone.localdate() + dt.timedelta(days=5)
    shift = actions.do_add_shift(wang, st["patterns"]["day"], soon, actor=None)

    # 1. Wang asks, from his shift list on the phone
    phone = login(browser, live_server, engineer.username, viewport=PHONE)
    phone.goto(f"{live_server.url}/staffing/my-shifts/")
    phone.locator(f"a[href$='?shift={shift.pk}']").click()
    phone.select_option("#id_colleague", str(li.pk))
    phone.fill("#id_reason", "孩子开家长会")
    shot(phone, "staffing-6-engineer-asks-swap-on-phone")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_url("**/staffing/swaps/*/")
    assert "待同事确认" in phone.inner_text("#swap-status")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    # 2. Li agrees on her phone (the request is waiting on her list)
    li_phone = login(browser, live_server, li_user.username, viewport=PHONE)
    li_phone.goto(f"{live_server.url}/staffing/my-shifts/")
    li_phone.locator("#to-answer a").first.click()
    li_phone.click("#swap-agree")
    li_phone.wait_for_selector("#swap-status")
    assert "待审批" in li_phone.inner_text("#swap-status")

    # 3. the vendor PM approves
    page = login(browser, live_server, pm.username)
    page.goto(li_phone.url)
    page.select_option("#swap-decide #id_approve", "1")
    page.locator("#swap-decide button").click()
    page.wait_for_selector("#swap-coverage")
    assert "已批准" in page.inner_text("#swap-status")

    # 4. the roster changed: Li has the shift; Wang gets his calendar address
    li_phone.goto(f"{live_server.url}/staffing/my-shifts/")
    assert "白班" in li_phone.inner_text("#my-shifts")
    phone.goto(f"{live_server.url}/staffing/my-shifts/")
    assert "白班" not in phone.inner_text("#my-shifts")
    phone.click("#feed-issue")
    url = phone.input_value("#feed-url")
    shot(phone, "staffing-7-calendar-address-on-phone")
    anonymous = browser.new_context()
    response = anonymous.request.get(url)
    assert response.status == 200 and "BEGIN:VCALENDAR" in response.text()
    assert anonymous.request.get(url[:-8] + "xxxx.ics").status == 404
    anonymous.close()
