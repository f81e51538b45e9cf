"""One ledger: the old equipment ledger's pages redirect to the configuration items, it has
no menu entry, and lines added since (API, admin) get their device items from a periodic job."""

from __future__ import annotations

import pytest
from django.test import Client

from yunwei.assets.models import Equipment
from yunwei.core import context, jobs
from yunwei.core.navigation import menu_for
from yunwei.inventory.actions import do_sync_equipment
from yunwei.inventory.models import ConfigItem

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def synced(world) -> None:
    with context.acting(None, source="test"):
        do_sync_equipment(world.a.contract)
        do_sync_equipment(world.b.contract)


def test_the_menu_has_one_ledger(world):
    for user in (world.a.users["agency_admin"], world.a.users["vendor_engineer"], world.root):
        urls = [entry["url"] for entry in menu_for(user)]
        assert "/inventory/" in urls and "/equipment/" not in urls, urls


@pytest.mark.parametrize(("role", "answer"), [
    # who may see the ledger line (every role but the requester) is sent to its item
    ("agency_admin", 302), ("vendor_pm", 302), ("vendor_engineer", 302), ("service_desk", 302),
    ("supervisor", 302), ("expert", 302), ("requester", 404),
])
def test_a_ledger_line_page_sends_to_its_item(world, role, answer):
    synced(world)
    item = ConfigItem.objects.get(equipment=world.a.equipment)
    response = login(world.a.users[role]).get(f"/equipment/{world.a.equipment.pk}/")
    assert response.status_code == answer
    if answer == 302:
        assert response["Location"] == f"/inventory/{item.pk}/"
        page = login(world.a.users[role]).get(response["Location"])
        assert page.status_code == 200 and world.a.equipment.name in page.content.decode()


def test_a_foreign_line_reveals_nothing(world):
    synced(world)
    client = login(world.a.users["agency_admin"])
    for pk in (world.b.equipment.pk, 10**8, "abc"):
        response = client.get(f"/equipment/{pk}/")
        assert response.status_code == 404, pk
        assert world.b.equipment.name not in response.content.decode()


def test_the_ledger_list_sends_to_the_items(world):
    client = login(world.a.users["vendor_pm"])
    response = client.get("/equipment/")
    assert (response.status_code, response["Location"]) == (302, "/inventory/")
    response = client.get("/equipment/", {"contract": world.a.contract.pk})
    assert response["Location"] == f"/inventory/?contract={world.a.contract.pk}"
    response = client.get("/equipment/", {"contract": "<script>"})  # bad input: dropped
    assert response["Location"] == "/inventory/"
    assert Client().get("/equipment/")["Location"].startswith("/login/")


def test_the_old_forms_are_gone(world):
    client = login(world.a.users["agency_admin"])
    for url in ("/equipment/add/", f"/equipment/{world.a.equipment.pk}/edit/",
                f"/equipment/{world.a.equipment.pk}/delete/"):
        assert client.get(url).status_code == 404, url


def test_a_line_not_yet_synced_is_looked_up_by_name(world):
    client = login(world.a.users["agency_admin"])
    response = client.get(f"/equipment/{world.a.equipment.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inventory/?")
    assert f"contract={world.a.contract.pk}" in response["Location"]


def test_the_periodic_job_gives_new_lines_their_items_once(world):
    assert "inventory.equipment" in jobs.JOBS and jobs.JOBS["inventory.equipment"].every_seconds
    job = jobs.JOBS["inventory.equipment"].func
    with context.acting(None, source="test"):
        # the world's two lines (one per contract) and one added through the API since
        line = Equipment.objects.create(contract=world.a.contract, category="读卡器",
                                        name="学校读卡器", model_number="R-1", quantity=1800)
        assert job() == 3
        assert job() == 0  # nothing new: nothing made
    item = ConfigItem.objects.get(equipment=line)
    assert (item.code, item.name, item.quantity, item.item_type.code) == (
        f"EQ-{line.pk:05d}", "学校读卡器", 1800, "device")
    assert item.attrs["model"] == "R-1"
    assert ConfigItem.objects.get(equipment=world.b.equipment).contract_id == \
        world.b.contract.pk
