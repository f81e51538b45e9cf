"""The audit trail page: a contract's agency administrator and supervisor read its rows (and
never another contract's), filtered and exported; other roles are refused."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from yunwei.core import context
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db

#: Who may open the trail of their contracts (docs/domains/parties-and-contracts.md, #10).
PERMITTED = {"agency_admin", "supervisor"}
REFUSED = {"agency_liaison", "service_desk", "requester", "vendor_pm", "vendor_engineer",
           "expert"}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_ids(client: Client, params: dict | None = None) -> list[int]:
    """Every row id the page lists under these filters, following the pages."""
    ids: list[int] = []
    page = 1
    while True:
        response = client.get("/audit/", {**(params or {}), "history_page": page})
        assert response.status_code == 200
        current = response.context["page"]
        ids += [e.id for e in current.object_list]
        if not current.has_next():
            return ids
        page += 1


def edit_equipment(side, user, name: str) -> None:
    with context.acting(user):
        side.equipment.name = name
        side.equipment.save()


@pytest.mark.parametrize("role", sorted(PERMITTED | REFUSED))
def test_who_may_open_the_trail(world, role):
    response = login(world.a.users[role]).get("/audit/")
    assert response.status_code == (200 if role in PERMITTED else 403)


def test_the_trail_shows_the_own_contracts_rows_only(world):
    edit_equipment(world.a, world.a.users["agency_admin"], "核心交换机 A")
    edit_equipment(world.b, world.b.users["agency_admin"], "外部合同的交换机")
    own = set(AuditEvent.objects.filter(contract_id=world.a.contract.pk).values_list("id",
                                                                                      flat=True))
    assert own and AuditEvent.objects.exclude(contract_id=world.a.contract.pk).exists()
    for role in PERMITTED:
        client = login(world.a.users[role])
        assert set(shown_ids(client)) == own, role
        page = client.get("/audit/").content.decode()
        assert "外部合同的交换机" not in page and world.b.contract.number not in page
        # naming the foreign contract in the filter shows nothing (not a choice of theirs)
        assert shown_ids(client, {"contract": world.b.contract.pk}) == []
    root = login(world.root)
    assert len(shown_ids(root)) == AuditEvent.objects.count()


def test_filters_narrow_the_rows(world):
    admin = world.a.users["agency_admin"]
    edit_equipment(world.a, admin, "筛选用设备")
    client = login(admin)
    mine = AuditEvent.objects.filter(contract_id=world.a.contract.pk)
    edit = mine.filter(object_type="assets.equipment", action="update").latest("id")
    today = timezone.localdate()
    cases = [
        ({"object_type": "assets.equipment"}, mine.filter(object_type="assets.equipment")),
        ({"actor": admin.username}, mine.filter(actor_username=admin.username)),
        ({"action": "update"}, mine.filter(action="update")),
        ({"request_id": edit.request_id}, mine.filter(request_id=edit.request_id)),
        ({"since": today.isoformat(), "until": today.isoformat()}, mine),
        ({"since": (today + dt.timedelta(days=1)).isoformat()}, mine.none()),
        ({"until": (today - dt.timedelta(days=1)).isoformat()}, mine.none()),
        ({"contract": world.a.contract.pk, "object_type": "assets.equipment",
          "action": "update", "actor": admin.username}, mine.filter(pk=edit.pk)),
    ]
    for params, expected in cases:
        assert set(shown_ids(client, params)) == set(expected.values_list("id", flat=True)), \
            params
    response = client.get("/audit/", {"object_type": "assets.equipment"})
    text = response.content.decode()
    rows = text.split("<tbody>")[1]
    assert "筛选用设备" in rows and "assets.equipment" not in rows  # labels, not codes


def test_bad_filters_give_a_form_error_not_a_500(world):
    client = login(world.a.users["agency_admin"])
    for params in ({"since": "2026-13-45"}, {"object_type": "nope"}, {"history_page": "x"},
                   {"action": "explode"}):
        response = client.get("/audit/", params)
        assert response.status_code == 200, params


def test_exports_carry_the_filtered_rows_of_the_own_contract(world):
    edit_equipment(world.a, world.a.users["agency_admin"], "导出设备")
    edit_equipment(world.b, world.b.users["agency_admin"], "=HYPERLINK(\"x\")外部")
    client = login(world.a.users["supervisor"])
    expected = set(AuditEvent.objects.filter(contract_id=world.a.contract.pk)
                   .values_list("id", flat=True))
    response = client.get("/audit/", {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert {int(r[0]) for r in rows[1:]} == expected
    assert {r[7] for r in rows[1:]} == {world.a.contract.number}
    assert "外部" not in text
    response = client.get("/audit/", {"export": "xlsx", "object_type": "assets.equipment"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    ids = {r[0].value for r in sheet.iter_rows(min_row=2)}
    assert ids == set(AuditEvent.objects.filter(contract_id=world.a.contract.pk,
                                                object_type="assets.equipment")
                      .values_list("id", flat=True))
    assert any("导出设备" in str(c.value) for r in sheet.iter_rows(min_row=2) for c in r)
    assert login(world.a.users["vendor_pm"]).get("/audit/", {"export": "csv"}).status_code \
        == 403


def test_the_page_costs_the_same_queries_whatever_the_rows(world):
    admin = world.a.users["agency_admin"]
    client = login(admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(60):
        edit_equipment(world.a, admin, f"设备 {i}")
    assert count() == before <= 14


def test_the_trail_is_linked_for_those_who_may_read_it(world):
    home = login(world.a.users["agency_admin"]).get("/").content.decode()
    assert 'href="/audit/"' in home
    assert 'href="/audit/"' not in login(world.a.users["vendor_pm"]).get("/").content.decode()
    page = login(world.a.users["supervisor"]).get(
        f"/contracts/{world.a.contract.pk}/").content.decode()
    assert f'/audit/?contract={world.a.contract.pk}' in page


def test_references_and_structured_values_read_by_name(world):
    """A reference to another record shows its name (the contract's number), not "#id"; a
    JSON object one line per key; a change made by no one signed in names its source."""
    from yunwei.core.auditdisplay import Names, changes, source_label

    admin = world.a.users["agency_admin"]
    edit_equipment(world.a, admin, "引用设备")
    event = AuditEvent.objects.filter(object_type="assets.equipment",
                                      contract_id=world.a.contract.pk).order_by("id").first()
    shown = dict((label, new) for label, _old, new in changes(event))
    assert world.a.contract.number in shown.values()
    assert not any(str(v).startswith("#") for v in shown.values())
    fake = AuditEvent(object_type="inventory.configitem", before={"fields": {"ip": "a"}},
                      after={"fields": {"ip": "b", "disk_gb": [1, 2]}})
    with translation.override("en"):
        assert changes(fake, Names()) == [("fields › ip", "a", "b"),
                                          ("fields › disk gb", "∅", "1、2")]
    assert source_label("worker:workorders.sla") != "worker:workorders.sla"
    assert source_label("odd_source") == "Odd source"
