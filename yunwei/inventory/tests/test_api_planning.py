"""The API offers the planning pages' steps (types, templates and their checks, plans,
maintenance windows, availability targets), the work order links and the Excel import, under
the role table of docs/domains/inventory.md: a permitted role creates (audited), a refused
role gets 403, another contract's objects are 404 or refused in the choices, bad input 400 in
both languages, and a list's query count does not grow with its rows."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from rest_framework.test import APIClient

from yunwei.core.models import AuditEvent
from yunwei.inventory.models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    WorkOrderItem,
)
from yunwei.inventory.testing import make_world_with_inventory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _new_item(world, inv, code: str) -> ConfigItem:
    return ConfigItem.objects.create(contract=world.a.contract, item_type=inv["itemtype"],
                                     code=code, name=f"{code} 名称")


#: endpoint -> (model, a permitted role, a refused role (403), body, bad body and the field
#: at fault, a body naming another contract's object): from the role table of inventory.md.
Body = Callable[[Any, dict, dict], dict]
CASES: dict[str, tuple[str, str, str, Body, Body, str, Body]] = {
    "item-types": (
        "itemtype", "vendor_pm", "vendor_engineer",
        lambda w, i, f: {"contract": w.a.contract.pk, "code": "ups", "name": "UPS",
                         "key_field": "name",
                         "fields": [{"code": "kva", "label": "容量", "kind": "int"}]},
        lambda w, i, f: {"contract": w.a.contract.pk, "code": "ups", "name": "UPS",
                         "fields": [{"code": "kva", "label": "容量", "kind": "colour"}]},
        "fields",
        lambda w, i, f: {"contract": w.b.contract.pk, "code": "ups", "name": "UPS"}),
    "inspection-templates": (
        "inspectiontemplate", "agency_admin", "supervisor",
        lambda w, i, f: {"contract": w.a.contract.pk, "item_type": i["itemtype"].pk,
                         "name": "月巡检"},
        lambda w, i, f: {"contract": w.a.contract.pk, "item_type": i["itemtype"].pk,
                         "name": ""},
        "name",
        lambda w, i, f: {"contract": w.a.contract.pk, "item_type": f["itemtype"].pk,
                         "name": "月巡检"}),
    "template-checks": (
        "templatecheck", "vendor_pm", "expert",
        lambda w, i, f: {"contract": w.a.contract.pk, "template": i["inspectiontemplate"].pk,
                         "position": 3, "text": "磁盘使用率", "min_value": "0",
                         "max_value": "85"},
        lambda w, i, f: {"contract": w.a.contract.pk, "template": i["inspectiontemplate"].pk,
                         "text": "磁盘使用率", "min_value": "90", "max_value": "85"},
        "max_value",
        lambda w, i, f: {"contract": w.a.contract.pk, "template": f["inspectiontemplate"].pk,
                         "text": "磁盘使用率"}),
    "inspection-plans": (
        "inspectionplan", "agency_admin", "vendor_engineer",
        lambda w, i, f: {"contract": w.a.contract.pk, "name": "周巡检",
                         "template": i["inspectiontemplate"].pk, "frequency": "weekly",
                         "window_workdays": 2, "starts": "2026-03-02",
                         "items": [i["configitem"].pk]},
        lambda w, i, f: {"contract": w.a.contract.pk, "name": "周巡检",
                         "template": i["inspectiontemplate"].pk, "frequency": "hourly",
                         "starts": "2026-03-02"},
        "frequency",
        lambda w, i, f: {"contract": w.a.contract.pk, "name": "周巡检",
                         "template": i["inspectiontemplate"].pk, "frequency": "weekly",
                         "starts": "2026-03-02", "items": [f["configitem"].pk]}),
    "maintenance-windows": (
        "maintenancewindow", "vendor_pm", "service_desk",
        lambda w, i, f: {"contract": w.a.contract.pk, "start": "2026-04-04T22:00:00+08:00",
                         "end": "2026-04-05T02:00:00+08:00", "description": "核心交换机升级"},
        lambda w, i, f: {"contract": w.a.contract.pk, "start": "2026-04-05T02:00:00+08:00",
                         "end": "2026-04-04T22:00:00+08:00", "description": "核心交换机升级"},
        "end",
        lambda w, i, f: {"contract": w.b.contract.pk, "start": "2026-04-04T22:00:00+08:00",
                         "end": "2026-04-05T02:00:00+08:00", "description": "核心交换机升级"}),
    "availability-targets": (
        "availabilitytarget", "agency_admin", "vendor_pm",
        lambda w, i, f: {"contract": w.a.contract.pk, "item": _new_item(w, i, "T-1").pk,
                         "percent": "99.9", "exclude_windows": True},
        lambda w, i, f: {"contract": w.a.contract.pk, "item": _new_item(w, i, "T-2").pk,
                         "percent": "150"},
        "percent",
        lambda w, i, f: {"contract": w.a.contract.pk, "item": f["configitem"].pk,
                         "percent": "99.9"}),
}


@pytest.fixture
def objs(world, inv):
    """Contract A's objects and contract B's (made by the `inv` fixture), by model name."""
    for side, objects in ((world.a, inv), (world.b, None)):
        link = WorkOrderItem.objects.create(
            contract=side.contract, work_order=side.work_order,
            item=ConfigItem.objects.filter(contract=side.contract).first())
        if objects is not None:
            objects["workorderitem"] = link
    foreign = {name: type(obj).objects.filter(contract=world.b.contract).first()
               for name, obj in inv.items()}
    return inv, foreign


def _more(world, n: int) -> None:
    """One more of every listed object on contract A (and a link of its work order)."""
    from yunwei.inventory import models as m

    c = world.a.contract
    t = m.ItemType.objects.create(contract=c, code=f"more{n}", name=f"类型{n}")
    item = m.ConfigItem.objects.create(contract=c, item_type=t, code=f"MORE-{n}",
                                       name=f"更多{n}")
    tpl = m.InspectionTemplate.objects.create(contract=c, item_type=t, name=f"模板{n}")
    m.TemplateCheck.objects.create(contract=c, template=tpl, text=f"检查{n}")
    plan = m.InspectionPlan.objects.create(contract=c, template=tpl, name=f"计划{n}",
                                           frequency="daily", starts=dt.date(2026, 3, 2))
    plan.items.add(item)
    start = dt.datetime(2026, 3, 2 + n, 10, tzinfo=dt.UTC)
    m.MaintenanceWindow.objects.create(contract=c, start=start,
                                       end=start + dt.timedelta(hours=1), description=f"维护{n}")
    m.AvailabilityTarget.objects.create(contract=c, item=item)
    m.WorkOrderItem.objects.create(contract=c, work_order=world.a.work_order, item=item)


@pytest.mark.parametrize("endpoint", CASES)
def test_permitted_role_creates_and_is_audited(world, objs, endpoint):
    model, allowed, _, body, *_rest = CASES[endpoint]
    inv, foreign = objs
    response = api(world.a.users[allowed]).post(f"/api/{endpoint}/",
                                                body(world, inv, foreign), format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(object_type=f"inventory.{model}", object_id=str(pk),
                                     action="create", source="api").exists()
    # and reads it back, edits it, deletes it (as the edit pages)
    client = api(world.a.users[allowed])
    assert client.get(f"/api/{endpoint}/{pk}/").status_code == 200


@pytest.mark.parametrize("endpoint", CASES)
def test_refused_role_gets_403(world, objs, endpoint):
    model, _, refused, body, *_rest = CASES[endpoint]
    inv, foreign = objs
    response = api(world.a.users[refused]).post(f"/api/{endpoint}/",
                                                body(world, inv, foreign), format="json")
    assert response.status_code == 403, response.content
    # and may not change or delete the contract's own object either
    obj = inv[model]
    client = api(world.a.users[refused])
    assert client.patch(f"/api/{endpoint}/{obj.pk}/", {}, format="json").status_code == 403
    assert client.delete(f"/api/{endpoint}/{obj.pk}/").status_code == 403


@pytest.mark.parametrize("endpoint", CASES)
def test_requester_sees_nothing(world, objs, endpoint):
    model = CASES[endpoint][0]
    client = api(world.a.users["requester"])
    assert client.get(f"/api/{endpoint}/{objs[0][model].pk}/").status_code == 404
    assert client.get(f"/api/{endpoint}/").json()["count"] == 0


@pytest.mark.parametrize("endpoint", CASES)
def test_another_contract_is_404_and_refused_in_choices(world, objs, endpoint):
    model, allowed, _, _body, _bad, _field, foreign_body = CASES[endpoint]
    inv, foreign = objs
    client = api(world.a.users[allowed])
    theirs = foreign[model]
    for method in ("get", "patch", "delete"):
        assert getattr(client, method)(f"/api/{endpoint}/{theirs.pk}/").status_code == 404
    response = client.post(f"/api/{endpoint}/", foreign_body(world, inv, foreign),
                           format="json")
    assert response.status_code == 400, response.content
    listed = client.get(f"/api/{endpoint}/").json()["results"]
    assert theirs.pk not in {row["id"] for row in listed}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("endpoint", CASES)
def test_bad_input_is_400_with_a_message(world, objs, endpoint, lang):
    _model, allowed, _, _body, bad, field, _foreign = CASES[endpoint]
    inv, foreign = objs
    response = api(world.a.users[allowed]).post(
        f"/api/{endpoint}/", bad(world, inv, foreign), format="json",
        HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400, response.content
    message = " ".join(response.json()[field])
    assert message.strip()
    # our own rules say both languages at once; DRF's own messages follow the language
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in message)
    ascii_words = any(ch.isascii() and ch.isalpha() for ch in message)
    assert chinese if lang == "zh-hans" else ascii_words, message


def test_editing_a_type_checks_its_import_key(world, objs):
    inv, _ = objs
    client = api(world.a.users["agency_admin"])
    url = f"/api/item-types/{inv['itemtype'].pk}/"
    bad = client.patch(url, {"key_field": "serial"}, format="json")
    assert bad.status_code == 400
    assert "导入键" in bad.json()["key_field"][0] and "import key" in bad.json()["key_field"][0]
    ok = client.patch(url, {"name": "虚拟机"}, format="json")
    assert ok.status_code == 200, ok.content
    assert AuditEvent.objects.filter(object_type="inventory.itemtype",
                                     object_id=str(inv["itemtype"].pk),
                                     action="update").exists()


def test_saving_a_plan_queues_its_rounds(world, objs, monkeypatch):
    from yunwei.core import jobs

    queued: list[tuple[str, dict]] = []
    monkeypatch.setattr(jobs, "schedule", lambda name, **kw: queued.append((name, kw)))
    inv, foreign = objs
    response = api(world.a.users["vendor_pm"]).post(
        "/api/inspection-plans/", CASES["inspection-plans"][3](world, inv, foreign),
        format="json")
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    assert queued == [("inventory.plan_rounds",
                       {"kwargs": {"plan_id": plan_id, "first": "2026-03-02"}})]
    assert InspectionPlan.objects.get(pk=response.json()["id"]).items.count() == 1


def test_target_is_the_agency_admins_and_one_per_item(world, objs):
    inv, _ = objs
    response = api(world.a.users["agency_admin"]).post(
        "/api/availability-targets/", {"contract": world.a.contract.pk,
                                       "item": inv["configitem"].pk, "percent": "99"},
        format="json")
    assert response.status_code == 400
    assert AvailabilityTarget.objects.filter(item=inv["configitem"]).count() == 1


@pytest.mark.parametrize("endpoint", [*CASES, "work-order-items"])
def test_list_query_count_is_flat(world, objs, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _inv, _ = objs
    client = api(world.a.users["agency_admin"])
    url = f"/api/{endpoint}/"
    client.get(url)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    few = measure()
    for n in range(3):
        _more(world, n)
    many = measure()
    assert few[1] < many[1], (few, many)
    assert few[0] == many[0], (few, many)


# -- work order links ---------------------------------------------------------------------------
@pytest.mark.parametrize(("role", "code"), [
    ("agency_admin", 201), ("vendor_pm", 201), ("vendor_engineer", 201),
    ("supervisor", 403), ("expert", 403), ("service_desk", 403), ("requester", 403)])
def test_who_may_link_an_item_to_a_work_order(world, objs, role, code):
    inv, _ = objs
    item = _new_item(world, inv, "LINK-1")
    response = api(world.a.users[role]).post(
        "/api/work-order-items/", {"work_order": world.a.work_order.pk, "item_ref": "LINK-1"},
        format="json")
    assert response.status_code == code, response.content
    linked = WorkOrderItem.objects.filter(work_order=world.a.work_order, item=item)
    assert linked.exists() == (code == 201)
    if code == 201:
        assert response.json()["item"] == item.pk
        assert AuditEvent.objects.filter(object_type="inventory.workorderitem",
                                         object_id=str(linked.get().pk),
                                         action="create", source="api").exists()


@pytest.mark.parametrize(("role", "code"), [
    ("agency_admin", 204), ("vendor_pm", 204), ("vendor_engineer", 403), ("expert", 403),
    ("requester", 404)])
def test_who_may_unlink(world, objs, role, code):
    link = objs[0]["workorderitem"]
    response = api(world.a.users[role]).delete(f"/api/work-order-items/{link.pk}/")
    assert response.status_code == code, response.content
    assert WorkOrderItem.objects.filter(pk=link.pk).exists() == (code != 204)


@pytest.mark.parametrize(("body", "field"), [
    ({"item_ref": "nobody-has-this"}, "item"),
    ({"item": 0}, "item"),
    ({}, "item"),
])
def test_bad_links_are_400_in_both_languages(world, objs, body, field):
    response = api(world.a.users["vendor_pm"]).post(
        "/api/work-order-items/", {"work_order": world.a.work_order.pk, **body},
        format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    text = data.get("detail", "") + data.get("detail_en", "") + " ".join(data.get(field, []))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text) and any(
        ch.isascii() and ch.isalpha() for ch in text), data


def test_links_of_another_contract(world, objs):
    _inv, foreign = objs
    client = api(world.a.users["vendor_pm"])
    # another contract's work order: 404; another contract's item on our order: refused
    assert client.post("/api/work-order-items/", {"work_order": world.b.work_order.pk,
                                                  "item_ref": "AAA-H1"},
                       format="json").status_code == 404
    response = client.post("/api/work-order-items/", {"work_order": world.a.work_order.pk,
                                                      "item": foreign["configitem"].pk},
                           format="json")
    assert response.status_code == 400
    assert client.delete(f"/api/work-order-items/{foreign['workorderitem'].pk}/"
                         ).status_code == 404


# -- the Excel import ---------------------------------------------------------------------------
def ledger(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    ws = book.active
    ws.append(["编号", "名称", "负责人"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ledger.xlsx", out.getvalue())


def test_import_previews_then_writes(world, objs):
    inv, _ = objs
    client = api(world.a.users["vendor_engineer"])
    rows = [["VM-01", "门户网站", "王工"], ["VM-02", "办公系统", "李工"]]
    body = {"contract": world.a.contract.pk, "item_type": inv["itemtype"].pk}
    preview = client.post("/api/config-items/import/", {**body, "file": ledger(rows)},
                          format="multipart")
    assert preview.status_code == 200, preview.content
    assert preview.json() == {"dry_run": True, "ok": True, "created": 2, "changed": 0,
                              "unchanged": 0, "errors": []}
    assert not ConfigItem.objects.filter(code__in=["VM-01", "VM-02"]).exists()
    done = client.post("/api/config-items/import/",
                       {**body, "file": ledger(rows), "dry_run": "false"}, format="multipart")
    assert done.status_code == 201, done.content
    assert done.json()["created"] == 2
    made = ConfigItem.objects.filter(contract=world.a.contract, code__in=["VM-01", "VM-02"])
    assert made.count() == 2
    assert AuditEvent.objects.filter(object_type="inventory.configitem", action="create",
                                     object_id__in=[str(i.pk) for i in made]).count() == 2
    again = client.post("/api/config-items/import/",
                        {**body, "file": ledger(rows), "dry_run": "false"}, format="multipart")
    assert again.json()["unchanged"] == 2 and again.json()["created"] == 0


def test_import_with_a_bad_row_writes_nothing(world, objs):
    inv, _ = objs
    response = api(world.a.users["vendor_pm"]).post(
        "/api/config-items/import/",
        {"contract": world.a.contract.pk, "item_type": inv["itemtype"].pk, "dry_run": "false",
         "file": ledger([["VM-01", "门户网站", "王工"], ["VM-01", "重复", "李工"]])},
        format="multipart")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors and errors[0]["detail"] and errors[0]["detail_en"]
    assert "未导入任何行" in response.json()["detail"]
    assert "nothing imported" in response.json()["detail_en"]
    assert not ConfigItem.objects.filter(code="VM-01").exists()


@pytest.mark.parametrize(("role", "code"), [
    ("supervisor", 403), ("expert", 403), ("service_desk", 403), ("requester", 403)])
def test_import_refused_roles(world, objs, role, code):
    response = api(world.a.users[role]).post(
        "/api/config-items/import/",
        {"contract": world.a.contract.pk, "file": ledger([["VM-09", "x", "y"]])},
        format="multipart")
    assert response.status_code == code, response.content
    assert not ConfigItem.objects.filter(code="VM-09").exists()


def test_import_into_another_contract_or_with_its_type(world, objs):
    _inv, foreign = objs
    client = api(world.a.users["vendor_pm"])
    theirs = client.post("/api/config-items/import/",
                         {"contract": world.b.contract.pk, "file": ledger([["X", "x", ""]])},
                         format="multipart")
    assert theirs.status_code == 404
    their_type = client.post("/api/config-items/import/",
                             {"contract": world.a.contract.pk,
                              "item_type": foreign["itemtype"].pk,
                              "file": ledger([["X", "x", ""]])}, format="multipart")
    assert their_type.status_code == 400
    assert their_type.json()["detail"] and their_type.json()["detail_en"]
    garbage = client.post("/api/config-items/import/",
                          {"contract": world.a.contract.pk,
                           "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
                          format="multipart")
    assert garbage.status_code == 400


