"""The API offers the steps of the round page and the item page: answers (idempotent by the
caller's key, an abnormal check opens one work order), completing and reviewing a round, and a
cloud resource's lifecycle; with the same roles, refusals in both languages, and 404 for
another contract's objects."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from yunwei.core import context
from yunwei.inventory.actions import do_ensure_standard_types
from yunwei.inventory.models import ConfigItem, InspectionRound, RoundResult
from yunwei.inventory.testing import make_world_with_inventory
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rnd(world, inv):
    with context.acting(None, source="test"):
        inv["roundresult"].point.delete()  # one check in this round
    return inv["inspectionround"], inv["configitem"], inv["templatecheck"]


def test_answers_are_recorded_once_and_an_abnormal_one_opens_a_work_order(world, rnd):
    round_, item, check = rnd
    url = f"/api/inspection-rounds/{round_.pk}/answers/"
    body = {"answers": [{"key": "api-1", "item": item.pk, "check": check.pk,
                         "outcome": "abnormal", "value": "95", "note": "风扇异响",
                         "at": "2026-03-02T10:00:00+08:00"}]}
    orders = WorkOrder.objects.count()
    engineer = api(world.a.users["vendor_engineer"])
    first = engineer.post(url, body, format="json")
    assert first.status_code == 200, first.content
    assert [r["status"] for r in first.json()["results"]] == ["saved"]
    again = engineer.post(url, body, format="json")
    assert [r["status"] for r in again.json()["results"]] == ["unchanged"]
    result = RoundResult.objects.get(round=round_, item=item, point=check)
    assert (result.outcome, result.value, result.note) == ("abnormal", "95", "风扇异响")
    assert WorkOrder.objects.count() == orders + 1 and result.work_order_id
    assert first.json()["state"] == "done"  # the round's only item, its only check


@pytest.mark.parametrize(("role", "code", "line"), [
    # as the phone's intake: the vendor records; a reviewer may reach the round (to review it)
    # but each answer is refused with the reason; the expert reads only; the requester sees
    # nothing
    ("vendor_pm", 200, "saved"), ("vendor_engineer", 200, "saved"),
    ("agency_admin", 200, "refused"), ("supervisor", 200, "refused"),
    ("expert", 403, None), ("requester", 404, None)])
def test_who_may_answer(world, rnd, role, code, line):
    round_, item, check = rnd
    body = {"answers": [{"key": f"k-{role}", "item": item.pk, "check": check.pk,
                         "outcome": "normal"}]}
    response = api(world.a.users[role]).post(f"/api/inspection-rounds/{round_.pk}/answers/",
                                             body, format="json")
    assert response.status_code == code, response.content
    if line:
        assert [r["status"] for r in response.json()["results"]] == [line]
    assert RoundResult.objects.filter(round=round_).exists() == (line == "saved")


@pytest.mark.parametrize("body", [
    {}, {"answers": "not json"}, {"answers": [{"key": "x"}]},
    {"answers": [{"key": "x", "item": 1, "check": 1, "outcome": "maybe"}]},
    {"answers": [{"key": "x", "item": 1, "check": 1, "outcome": "normal", "at": "yesterday"}]},
])
def test_bad_answers_are_refused_with_400(world, rnd, body):
    round_ = rnd[0]
    response = api(world.a.users["vendor_engineer"]).post(
        f"/api/inspection-rounds/{round_.pk}/answers/", body, format="json")
    assert response.status_code == 400
    assert not RoundResult.objects.filter(round=round_).exists()


def test_an_item_of_another_contract_is_refused_alone(world, rnd):
    round_, item, check = rnd
    foreign = ConfigItem.objects.filter(contract=world.b.contract).first()
    body = {"answers": [
        {"key": "a", "item": foreign.pk, "check": check.pk, "outcome": "normal"},
        {"key": "b", "item": item.pk, "check": check.pk, "outcome": "normal"}]}
    response = api(world.a.users["vendor_engineer"]).post(
        f"/api/inspection-rounds/{round_.pk}/answers/", body, format="json")
    assert [r["status"] for r in response.json()["results"]] == ["refused", "saved"]
    assert "巡检项不属于该巡检" in response.json()["results"][0]["message"]


def test_complete_then_review_and_a_reviewed_round_is_closed(world, rnd):
    round_, item, check = rnd
    base = f"/api/inspection-rounds/{round_.pk}"
    engineer, supervisor = api(world.a.users["vendor_engineer"]), api(world.a.users["supervisor"])
    refused = engineer.post(f"{base}/complete/")  # nothing recorded yet
    assert refused.status_code == 400
    assert refused.json()["detail"] == "尚未记录任何巡检结果"
    assert refused.json()["detail_en"] == "no result has been recorded"
    engineer.post(f"{base}/answers/", {"answers": [
        {"key": "c1", "item": item.pk, "check": check.pk, "outcome": "normal"}]}, format="json")
    response = engineer.post(f"{base}/review/", {"note": "自己复核"}, format="json")
    assert response.status_code == 400 and "监理或甲方" in response.json()["detail"]
    response = supervisor.post(f"{base}/review/", {"note": "抽查无误"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "reviewed"
    assert InspectionRound.objects.get(pk=round_.pk).review_note == "抽查无误"
    late = engineer.post(f"{base}/answers/", {"answers": [
        {"key": "c2", "item": item.pk, "check": check.pk, "outcome": "abnormal"}]},
        format="json")
    assert late.status_code == 409 and late.json()["detail_en"] == "the round has been reviewed"
    assert RoundResult.objects.get(round=round_).outcome == "normal"


def test_another_contracts_round_is_404_to_every_step(world, rnd):
    theirs = InspectionRound.objects.filter(contract=world.b.contract).first()
    client = api(world.a.users["agency_admin"])
    for step in ("answers", "complete", "review"):
        response = client.post(f"/api/inspection-rounds/{theirs.pk}/{step}/", {},
                               format="json")
        assert response.status_code == 404, step


def test_cloud_resource_lifecycle_through_the_api(world):
    c = world.a.contract
    with context.acting(None, source="test"):
        vm = ConfigItem.objects.create(contract=c, item_type=do_ensure_standard_types(c)["cloud"],
                                       code="VM-API", name="云服务器")
    url = f"/api/config-items/{vm.pk}/lifecycle/"
    pm, admin = api(world.a.users["vendor_pm"]), api(world.a.users["agency_admin"])
    assert pm.post(url, {"step": "requested"}, format="json").json()["lifecycle"] == "requested"
    refused = pm.post(url, {"step": "approved"}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"] == "审批与释放须由甲方管理员执行"
    assert admin.post(url, {"step": "approved"}, format="json").status_code == 200
    released = admin.post(url, {"step": "released"}, format="json").json()
    assert (released["lifecycle"], released["status"]) == ("released", "retired")
    bad = admin.post(url, {"step": "changed"}, format="json")
    assert bad.status_code == 400 and "不能从" in bad.json()["detail"]
    assert api(world.a.users["supervisor"]).post(url, {"step": "changed"},
                                                 format="json").status_code == 403
    assert api(world.b.users["agency_admin"]).post(url, {"step": "changed"},
                                                   format="json").status_code == 404
