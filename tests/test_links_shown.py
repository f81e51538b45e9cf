"""Links and pages shown by the rule the view checks (issue #10, the crawl of the apps merged
on 2026-11-30): no link that leads to a refusal, no page that refuses what it could explain."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("role", "shown"), [
    ("agency_admin", True), ("vendor_pm", True), ("vendor_engineer", True),  # may add items
    ("agency_liaison", False), ("supervisor", False), ("expert", False), ("service_desk", False),
])
def test_import_link_only_for_who_may_import(world, role, shown):
    client = _client(world.a.users[role])
    page = client.get("/inventory/").content.decode()
    assert ('href="/inventory/import/"' in page) is shown
    # the same rule as the import page itself
    assert client.get("/inventory/import/").status_code == (200 if shown else 403)


def test_replacement_page_explains_when_nobody_is_on_the_staff(world):
    from yunwei.staffing.models import Person

    assert not Person.objects.filter(contract=world.a.contract).exists()
    pm = _client(world.a.users["vendor_pm"])
    page = pm.get("/staffing/replacements/add/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "尚无驻场人员" in text and 'name="leaving"' not in text
    assert 'href="/staffing/people/add/"' in text
    pm.cookies["yunwei_language"] = "en"
    assert "Add the staff members first" in pm.get("/staffing/replacements/add/").content.decode()
    # a role that may not replace anybody is still refused
    assert _client(world.a.users["expert"]).get("/staffing/replacements/add/").status_code == 403


def test_replacement_form_once_there_are_staff(world):
    from yunwei.staffing.testing import make_staffing

    make_staffing(world.a, "AAA")
    page = _client(world.a.users["vendor_pm"]).get("/staffing/replacements/add/")
    assert page.status_code == 200 and 'name="leaving"' in page.content.decode()


def test_document_types_linked_from_the_contract_page(world):
    page = _client(world.a.users["vendor_engineer"]).get(f"/contracts/{world.a.contract.pk}/")
    assert f'href="/deliverables/types/?contract={world.a.contract.pk}"' in page.content.decode()
    requester = _client(world.a.users["requester"]).get(f"/contracts/{world.a.contract.pk}/")
    assert "/deliverables/types/" not in requester.content.decode()


@pytest.mark.parametrize(("language", "heading", "other"), [
    ("zh-hans", "一、巡检完成情况", "Inspections done"),
    ("en", "1. Inspections done", "巡检完成情况"),
])
def test_inspection_report_page_in_the_users_language(world, language, heading, other):
    client = _client(world.a.users["agency_admin"])
    client.cookies["yunwei_language"] = language
    text = client.get(f"/inventory/rounds/report/?contract={world.a.contract.pk}"
                      "&month=2026-03").content.decode()
    assert heading in text and other not in text
