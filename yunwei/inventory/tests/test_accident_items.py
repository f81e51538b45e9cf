"""An accident names the configuration items it affected (core.lookups: operations does not
import the inventory); each one's outage follows, idempotently, and ends when the accident's
work orders are resolved or the accident records its end (issue #14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from yunwei.core import context, lookups
from yunwei.core.errors import Refused
from yunwei.core.models.audit import AuditEvent
from yunwei.inventory.actions import do_ensure_standard_types
from yunwei.inventory.models import ConfigItem, Outage
from yunwei.operations import actions as ops
from yunwei.operations.models import Accident, AccidentItem
from yunwei.workorders import actions as wo_actions

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def t(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def env(world, django_capture_on_commit_callbacks):
    c = world.a.contract
    types = do_ensure_standard_types(c)
    system = ConfigItem.objects.create(contract=c, item_type=types["system"], code="SYS-1",
                                       name="一卡通平台")
    db = ConfigItem.objects.create(contract=c, item_type=types["system"], code="DB-1",
                                   name="数据库")
    foreign_types = do_ensure_standard_types(world.b.contract)
    foreign = ConfigItem.objects.create(contract=world.b.contract,
                                        item_type=foreign_types["system"], code="SYS-9",
                                        name="外单位系统")

    def run(func, *args, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kw)

    return {"c": c, "system": system, "db": db, "foreign": foreign, "run": run,
            "users": world.a.users, "world": world}


def outage_rows(item):
    return list(Outage.objects.filter(item=item).values_list("start", "end", "source",
                                                             "source_ref"))


def open_with(env, items, **kw):
    return env["run"](ops.do_open_accident, env["c"], actor=env["users"]["vendor_pm"],
                      title="一卡通中断", occurred_at=kw.pop("at", t(1, 9)), items=items, **kw)


def test_naming_an_item_opens_its_outage_once(env):
    acc = open_with(env, [env["system"].pk])
    assert list(acc.items.values_list("item_id", "label")) == [(env["system"].pk,
                                                                "SYS-1 一卡通平台")]
    ref = f"operations.accident:{acc.pk}"
    assert outage_rows(env["system"]) == [(t(1, 9), None, "accident", ref)]
    # announcing again, or saving the same items again, changes nothing
    before = AuditEvent.objects.count()
    env["run"](ops.do_update_accident, acc, actor=env["users"]["vendor_engineer"],
               items=[env["system"].pk])
    assert outage_rows(env["system"]) == [(t(1, 9), None, "accident", ref)]
    assert not AuditEvent.objects.filter(pk__gt=0, object_type="operations.accidentitem"
                                         ).exclude(action="create").exists()
    assert AuditEvent.objects.filter(object_type="inventory.outage").count() == 1
    assert AuditEvent.objects.count() - before <= 1  # at most the accident's own row


def test_adding_and_removing_items_follows_with_outages(env):
    acc = open_with(env, [env["system"].pk])
    env["run"](ops.do_update_accident, acc, actor=env["users"]["supervisor"],
               items=[env["system"].pk, env["db"].pk])
    assert len(outage_rows(env["db"])) == 1
    env["run"](ops.do_update_accident, acc, actor=env["users"]["supervisor"],
               items=[env["db"].pk])
    assert outage_rows(env["system"]) == []  # created from the accident: gone with the link
    assert set(acc.items.values_list("item_id", flat=True)) == {env["db"].pk}
    deleted = AuditEvent.objects.filter(object_type="operations.accidentitem", action="delete")
    assert deleted.count() == 1


@pytest.mark.parametrize(("items", "field_en"), [
    (["x"], "not a configuration item id"),
    ([None], "not a configuration item id"),
    ("foreign", "a configuration item belongs to another contract or does not exist"),
    ([999999], "a configuration item belongs to another contract or does not exist"),
])
def test_bad_items_are_refused(env, items, field_en):
    if items == "foreign":
        items = [env["foreign"].pk]
    with pytest.raises(Refused) as refused:
        open_with(env, items)
    assert refused.value.en == field_en and refused.value.field == "items"
    assert refused.value.zh  # a Chinese message too
    assert not Accident.objects.exists()


def test_without_an_item_ledger_items_are_refused(env, monkeypatch):
    monkeypatch.setattr(lookups, "LOOKUPS", {})
    with pytest.raises(Refused) as refused:
        open_with(env, [env["system"].pk])
    assert refused.value.field == "items"
    assert open_with(env, []).items.count() == 0  # no items: fine without the inventory


@pytest.mark.parametrize("role", ["expert", "requester", "service_desk"])
def test_who_may_not_change_the_items(env, role):
    acc = open_with(env, [])
    with pytest.raises(Refused):
        ops.do_update_accident(acc, actor=env["users"][role], items=[env["system"].pk])
    assert not AccidentItem.objects.exists()


def test_graded_accident_keeps_its_items(env):
    acc = open_with(env, [env["system"].pk])
    Accident.objects.filter(pk=acc.pk).update(stage="graded")
    acc.refresh_from_db()
    with pytest.raises(Refused):
        ops.do_update_accident(acc, actor=env["users"]["agency_admin"], items=[])
    with pytest.raises(Refused):
        ops.do_update_accident(acc, actor=env["users"]["agency_admin"],
                               fields={"title": "改名"})
    # the same items and title: nothing to refuse
    ops.do_update_accident(acc, actor=env["users"]["agency_admin"], items=[env["system"].pk],
                           fields={"title": "一卡通中断"})


def test_the_accident_end_closes_its_outage(env):
    acc = open_with(env, [env["system"].pk])
    env["run"](ops.do_update_accident, acc, actor=env["users"]["vendor_pm"],
               fields={"ended_at": t(1, 11, 30)})
    assert outage_rows(env["system"])[0][:2] == (t(1, 9), t(1, 11, 30))
    with pytest.raises(Refused) as refused:  # an end before the start
        ops.do_update_accident(acc, actor=env["users"]["vendor_pm"],
                               fields={"ended_at": t(1, 8)})
    assert refused.value.field == "ended_at"
    with pytest.raises(Refused):  # not a field a correction may set
        ops.do_update_accident(acc, actor=env["users"]["vendor_pm"],
                               fields={"stage": "graded"})


def test_outage_ends_when_the_last_work_order_is_resolved(env):
    users = env["users"]
    desk, eng = users["service_desk"], users["vendor_engineer"]
    orders = []
    with context.acting(desk):
        for n in (1, 2):
            wo = wo_actions.do_create_workorder(env["c"], actor=desk, title=f"故障{n}",
                                                channel="phone", requester=users["requester"],
                                                reported_at=t(1, 9))
            wo = wo_actions.do_transition(wo.pk, "dispatch", actor=desk, version=None,
                                          assignee=eng.pk, at=t(1, 9))
            wo = wo_actions.do_transition(wo.pk, "start", actor=eng, version=None, at=t(1, 9))
            wo = wo_actions.do_update_workorder(wo.pk, actor=eng, version=None,
                                                problem_analysis="a", resolution_steps="b",
                                                verification="c")
            orders.append(wo)
    acc = env["run"](ops.do_open_accident, env["c"], actor=users["vendor_pm"], title="中断",
                     work_orders=orders, items=[env["system"].pk])
    assert outage_rows(env["system"])[0][:2] == (t(1, 9), None)
    env["run"](wo_actions.do_transition, orders[0].pk, "resolve", actor=eng, version=None,
               at=t(1, 10))
    assert outage_rows(env["system"])[0][:2] == (t(1, 9), None)  # one order still open
    env["run"](wo_actions.do_transition, orders[1].pk, "resolve", actor=eng, version=None,
               at=t(1, 12, 15))
    assert outage_rows(env["system"])[0][:2] == (t(1, 9), t(1, 12, 15))
    assert Accident.objects.get(pk=acc.pk).stage == "gathering"  # nobody saved it again


# -- the same step in the UI and the API ------------------------------------------------------
def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_names_and_removes_items(env, django_capture_on_commit_callbacks):
    acc = open_with(env, [])
    url = f"/api/accidents/{acc.pk}/"
    api = client_for(env["users"]["vendor_engineer"])
    with django_capture_on_commit_callbacks(execute=True):
        ok = api.patch(url, {"items": [env["system"].pk]}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["items"] == [{"id": env["system"].pk, "label": "SYS-1 一卡通平台"}]
    assert len(outage_rows(env["system"])) == 1
    bad = api.patch(url, {"items": [env["foreign"].pk]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "items"
    assert bad.json()["detail"] == "配置项不属于该合同"
    assert api.patch(url, {"items": ["x"]}, content_type="application/json").status_code == 400
    assert api.patch(url, {"ended_at": "2026-04-01T08:00:00+08:00"},
                     content_type="application/json").status_code == 400
    assert client_for(env["users"]["expert"]).patch(
        url, {"items": []}, content_type="application/json").status_code == 403
    assert client_for(env["world"].b.users["vendor_pm"]).patch(
        url, {"items": []}, content_type="application/json").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api.patch(url, {"items": []}, content_type="application/json").status_code == 200
    assert outage_rows(env["system"]) == []


def test_api_opens_with_items(env, django_capture_on_commit_callbacks):
    api = client_for(env["users"]["vendor_pm"])
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post("/api/accidents/", {
            "contract": env["c"].pk, "title": "数据库宕机", "occurred_at":
            "2026-04-02T09:00:00+08:00", "items": [env["db"].pk]},
            content_type="application/json")
    assert made.status_code == 201, made.content
    assert [row["id"] for row in made.json()["items"]] == [env["db"].pk]
    assert outage_rows(env["db"])[0][:3] == (t(2, 9), None, "accident")


def test_edit_page_names_items_and_the_page_shows_their_outages(env,
                                                                django_capture_on_commit_callbacks):
    acc = open_with(env, [])
    page = client_for(env["users"]["vendor_pm"])
    edit = f"/operations/{acc.pk}/edit/"
    form = page.get(edit)
    assert form.status_code == 200 and "SYS-1 一卡通平台" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        saved = page.post(edit, {"title": "一卡通中断", "cause": "", "description": "",
                                 "items": [env["system"].pk, env["db"].pk]})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert set(acc.items.values_list("item_id", flat=True)) == {env["system"].pk, env["db"].pk}
    detail = page.get(acc.get_absolute_url()).content.decode()
    outage = Outage.objects.get(item=env["db"])
    assert outage.get_absolute_url() in detail and "数据库" in detail
    refused = page.post(edit, {"title": "一卡通中断", "items": [env["system"].pk],
                               "ended_at": "2026-04-01 08:00"})
    assert refused.status_code == 400  # the form again, with the reason
    assert "恢复时间须晚于发生时间" in refused.content.decode()


def test_api_list_queries_do_not_grow_with_items(env):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = client_for(env["users"]["agency_admin"])
    open_with(env, [env["system"].pk])
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/accidents/").status_code == 200
    for n in range(5):
        open_with(env, [env["system"].pk, env["db"].pk], at=t(2 + n, 9))
    with CaptureQueriesContext(connection) as large:
        rows = api.get("/api/accidents/").json()["results"]
    assert len(rows) == 6 and sum(len(r["items"]) for r in rows) == 11
    assert len(large) == len(small)
