"""The intake of a phone's offline queue: idempotent by the phone's key, an older answer does
not overwrite a newer one, a reviewed round answers 409 with the reason, roles and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yunwei.core.models.audit import AuditEvent
from yunwei.inventory.models import InspectionRound, RoundResult
from yunwei.inventory.testing import make_world_with_inventory
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


@pytest.fixture
def env(world, inv, client):
    rnd, item, check = inv["inspectionround"], inv["configitem"], inv["templatecheck"]
    photo_check = inv["roundresult"].point
    RoundResult.objects.all().delete()
    client.force_login(world.a.users["vendor_engineer"])
    client.cookies["yunwei_language"] = "zh-hans"
    return {"rnd": rnd, "item": item, "check": check, "photo_check": photo_check,
            "url": f"/inventory/rounds/{rnd.pk}/sync/", "world": world, "client": client}


def answer(env, key, outcome="normal", value="40", at="2026-03-02T10:00:00+08:00", check=None):
    return {"key": key, "item": env["item"].pk, "check": (check or env["check"]).pk,
            "outcome": outcome, "value": value, "note": "", "at": at}


def send(env, answers, files=None, client=None):
    data = {"answers": json.dumps(answers), **(files or {})}
    return (client or env["client"]).post(env["url"], data)


# (case, answers sent one after the other, expected statuses of the last batch,
#  expected recorded (outcome, value))
CASES = [
    ("sent once", [[("k1", "normal", "40", "10:00")]], ["saved"], ("normal", "40")),
    ("the same key twice (a retry)", [[("k1", "normal", "40", "10:00")],
                                      [("k1", "normal", "40", "10:00")]],
     ["unchanged"], ("normal", "40")),
    ("the same key twice in one batch", [[("k1", "normal", "40", "10:00"),
                                          ("k1", "normal", "40", "10:00")]],
     ["saved", "unchanged"], ("normal", "40")),
    ("a newer answer with its own key", [[("k1", "normal", "40", "10:00")],
                                         [("k2", "abnormal", "95", "10:05")]],
     ["saved"], ("abnormal", "95")),
    ("an older answer arriving late", [[("k2", "abnormal", "95", "10:05")],
                                       [("k1", "normal", "40", "10:00")]],
     ["superseded"], ("abnormal", "95")),
]


@pytest.mark.parametrize("case, batches, statuses, recorded", CASES)
def test_answers_are_recorded_once_by_their_key(env, case, batches, statuses, recorded):
    for batch in batches:
        response = send(env, [answer(env, k, o, v, f"2026-03-02T{t}:00+08:00")
                              for k, o, v, t in batch])
        assert response.status_code == 200, response.content
    assert [r["status"] for r in response.json()["results"]] == statuses, case
    (result,) = RoundResult.objects.filter(round=env["rnd"])
    assert (result.outcome, result.value) == recorded


def test_a_retry_writes_no_audit_row_and_opens_no_second_work_order(env):
    send(env, [answer(env, "k1", "abnormal", "95")])
    orders, audits = WorkOrder.objects.count(), AuditEvent.objects.count()
    body = send(env, [answer(env, "k1", "abnormal", "95")]).json()
    assert body["results"][0]["status"] == "unchanged"
    assert body["results"][0]["work_order"]["number"]
    assert (WorkOrder.objects.count(), AuditEvent.objects.count()) == (orders, audits)


def test_a_photo_travels_with_its_key_and_the_round_completes(env):
    files = {"photo_p1": SimpleUploadedFile("rack.png", PNG, content_type="image/png")}
    body = send(env, [answer(env, "c1"), answer(env, "p1", check=env["photo_check"])],
                files).json()
    assert [r["status"] for r in body["results"]] == ["saved", "saved"]
    assert body["state"] == "done" and body["state_label"] == "已完成"
    assert body["done_items"] == [env["item"].pk]
    assert RoundResult.objects.get(point=env["photo_check"]).photo


def test_a_missing_photo_is_refused_for_that_answer_only(env):
    env["photo_check"].photo_required = True
    env["photo_check"].save()
    body = send(env, [answer(env, "c1"), answer(env, "p1", check=env["photo_check"])]).json()
    assert [r["status"] for r in body["results"]] == ["saved", "refused"]
    assert "该项须拍照" in body["results"][1]["message"]


def test_a_reviewed_round_is_a_conflict_with_its_reason(env):
    InspectionRound.objects.filter(pk=env["rnd"].pk).update(state="reviewed")
    response = send(env, [answer(env, "k1")])
    assert response.status_code == 409
    assert response.json() == {"error": "该巡检已复核，本机暂存的巡检结果未能保存。",
                               "conflict": True}
    env["client"].cookies["yunwei_language"] = "en"
    assert "already been reviewed" in send(env, [answer(env, "k1")]).json()["error"]
    assert not RoundResult.objects.exists()


@pytest.mark.parametrize("raw", ["", "not json", "{}", "[1, 2]", '{"key": "x"}'])
def test_bad_input_is_a_clear_400(env, raw):
    response = env["client"].post(env["url"], {"answers": raw})
    assert response.status_code == 400
    assert response.json()["error"] == "无法读取提交的巡检结果，请刷新页面后重新填写。"


@pytest.mark.parametrize("bad, zh", [
    ({"key": ""}, "缺少答案编号"),
    ({"outcome": "maybe"}, "请选择正常或异常"),
    ({"check": 999999}, "巡检项不属于该巡检"),
    ({"item": "abc"}, "巡检项不属于该巡检"),
])
def test_a_bad_answer_is_refused_with_its_reason(env, bad, zh):
    body = send(env, [{**answer(env, "k1"), **bad}]).json()
    assert body["results"][0]["status"] == "refused" and zh in body["results"][0]["message"]
    assert not RoundResult.objects.exists()


def test_a_phone_clock_ahead_is_taken_as_now(env):
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    send(env, [answer(env, "k1", at=future)])
    assert RoundResult.objects.get().checked_at < dt.datetime.now(dt.UTC) + dt.timedelta(
        minutes=1)


@pytest.mark.parametrize("role, allowed", [
    ("vendor_engineer", True), ("vendor_pm", True), ("supervisor", False),
    ("agency_liaison", False), ("expert", False), ("service_desk", False),
    ("requester", False),
])
def test_who_may_send_answers(env, client, role, allowed):
    client.force_login(env["world"].a.users[role])
    client.cookies["yunwei_language"] = "zh-hans"
    response = send(env, [answer(env, "k1")], client=client)
    if allowed:
        assert response.json()["results"][0]["status"] == "saved"
    else:
        assert response.status_code in (403, 404) or (
            response.json()["results"][0]["status"] == "refused")
    assert RoundResult.objects.exists() == allowed


def test_another_contracts_user_cannot_reach_the_round(env, client):
    client.force_login(env["world"].b.users["vendor_engineer"])
    assert send(env, [answer(env, "k1")], client=client).status_code in (403, 404)
    assert not RoundResult.objects.exists()
