"""In a real browser: the agency admin and a foreign vendor's engineer see only their own."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password-1"
PHONE = {"width": 390, "height": 844}


def login(browser, live_server, username: str, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                  locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _passwords(world, *users):
    for user in users:
        user.set_password(PASSWORD)
        user.save()


def test_agency_admin_sees_own_contract_not_the_foreign_one(browser, live_server, world, shot):
    admin = world.a.users["agency_admin"]
    _passwords(world, admin)
    page = login(browser, live_server, admin.username)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_text(world.a.contract.project_name).is_visible()
    assert page.get_by_text(world.b.contract.project_name).count() == 0
    shot(page, "agency-admin-home")

    page.click(f"text={world.a.contract.project_name}")
    page.wait_for_url(f"**/contracts/{world.a.contract.pk}/")
    # the team's heading (the contract page also links to the team's list by that name)
    assert page.get_by_role("heading", name="项目人员", exact=True).is_visible()
    # one ledger: the configuration items' panel (the old equipment ledger is gone)
    assert page.get_by_role("heading", name="配置项", exact=True).is_visible()
    assert page.get_by_text("变更历史").is_visible()
    shot(page, "agency-admin-contract")

    response = page.goto(f"{live_server.url}/contracts/{world.b.contract.pk}/")
    assert response.status == 404
    assert world.b.contract.project_name not in page.content()
    shot(page, "agency-admin-foreign-404")


def test_foreign_vendor_engineer_on_a_phone(browser, live_server, world, shot):
    engineer = world.b.users["vendor_engineer"]
    _passwords(world, engineer)
    page = login(browser, live_server, engineer.username, viewport=PHONE)
    assert page.get_by_text(world.b.contract.project_name).is_visible()
    assert world.a.contract.project_name not in page.content()
    shot(page, "vendor-engineer-phone-home")

    from yunwei.core import context
    from yunwei.inventory.actions import do_sync_equipment

    with context.acting(None, source="test"):
        do_sync_equipment(world.a.contract)
        do_sync_equipment(world.b.contract)
    page.goto(f"{live_server.url}/equipment/")  # the old ledger: its items now
    page.wait_for_url("**/inventory/")
    assert world.b.equipment.name in page.content()
    assert world.a.equipment.name not in page.content()
    shot(page, "vendor-engineer-phone-equipment")

    for url in (f"/contracts/{world.a.contract.pk}/", f"/equipment/{world.a.equipment.pk}/",
                f"/contracts/{world.a.contract.pk}/edit/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url
    api = page.goto(f"{live_server.url}/api/contracts/{world.a.contract.pk}/")
    assert api.status == 404


def test_switch_to_english(browser, live_server, world, shot):
    admin = world.a.users["agency_admin"]
    _passwords(world, admin)
    page = login(browser, live_server, admin.username)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My contracts").is_visible()
    shot(page, "agency-admin-english")


def test_sla_policy_and_deadline_calculator(browser, live_server, world, shot):
    engineer = world.a.users["vendor_engineer"]
    _passwords(world, engineer)
    page = login(browser, live_server, engineer.username, viewport=PHONE)
    page.goto(f"{live_server.url}/calendars/sla/{world.a.policy.pk}/")
    assert page.get_by_text(world.a.target.level_name).first.is_visible()
    page.select_option("#id_target", str(world.a.target.pk))
    page.fill("#id_start", "2025-09-26T15:00")
    page.get_by_role("button", name="计算", exact=True).click()
    page.wait_for_selector(".deadline")
    assert "2025-09-28 14:30" in page.inner_text("#deadline")
    assert "调休上班" in page.inner_text("#deadline")
    shot(page, "vendor-engineer-phone-deadline")
