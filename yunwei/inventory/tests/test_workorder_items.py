"""A work order names the configuration items it is about (on its own page, through the
inventory's panel); the item's page lists its work orders, outages and inspection findings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yunwei.inventory.actions import do_ensure_standard_types, do_sync_equipment
from yunwei.inventory.models import ConfigItem, Outage, RoundResult, WorkOrderItem
from yunwei.inventory.testing import make_world_with_inventory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


@pytest.fixture
def env(world, inv):
    c = world.a.contract
    types = do_ensure_standard_types(c)
    system = ConfigItem.objects.create(contract=c, item_type=types["system"], code="SYS-1",
                                       name="一卡通平台")
    twin = [ConfigItem.objects.create(contract=c, item_type=types["site"], code=f"S{i}",
                                      name="第一中学") for i in (1, 2)]
    return {"wo": world.a.work_order, "system": system, "twin": twin, "world": world,
            "url": "/inventory/work-order-items/"}


def post(client, env, role, data, lang=ZH):
    client.force_login(env["world"].a.users[role])
    client.cookies["yunwei_language"] = "en" if lang is EN else "zh-hans"
    return client.post(env["url"], {"work_order": env["wo"].pk, **data}, follow=True, **lang)


def test_the_engineer_names_a_system_by_code_and_both_pages_link(client, env):
    page = post(client, env, "vendor_engineer", {"item": "SYS-1"})
    assert WorkOrderItem.objects.filter(work_order=env["wo"], item=env["system"]).count() == 1
    html = page.content.decode()
    assert page.redirect_chain[-1][0].startswith(env["wo"].get_absolute_url())
    assert env["system"].get_absolute_url() in html and "已关联" in html
    post(client, env, "vendor_engineer", {"item": "一卡通平台"})  # by name: once
    assert WorkOrderItem.objects.filter(work_order=env["wo"]).count() == 1
    item_page = client.get(env["system"].get_absolute_url(), **ZH).content.decode()
    assert env["wo"].get_absolute_url() in item_page


@pytest.mark.parametrize("text, zh, en", [
    ("", "请填写配置项编号或名称", "enter the item's code or name"),
    ("NOPE-9", "本合同没有编号或名称为“NOPE-9”的配置项",
     "no item of this contract has the code or name 'NOPE-9'"),
    ("第一中学", "有多个名为“第一中学”的配置项，请填写编号",
     "several items are named '第一中学': enter the code"),
    ("BBB-H1", "本合同没有编号或名称为“BBB-H1”的配置项",  # contract B's item
     "no item of this contract has the code or name 'BBB-H1'"),
])
def test_bad_input_gets_a_clear_message_in_both_languages(client, env, text, zh, en):
    from html import unescape

    assert zh in unescape(post(client, env, "vendor_engineer", {"item": text}).content.decode())
    assert en in unescape(post(client, env, "vendor_engineer", {"item": text},
                               EN).content.decode())
    assert not WorkOrderItem.objects.filter(work_order=env["wo"]).exists()


def test_who_may_link_and_unlink(client, env):
    # the expert and the supervisor see the panel without a form and are refused
    for role in ("expert", "supervisor"):
        client.force_login(env["world"].a.users[role])
        html = client.get(env["wo"].get_absolute_url(), **ZH).content.decode()
        assert 'id="items"' in html and 'name="item"' not in html
        refused = post(client, env, role, {"item": "SYS-1"}).content.decode()
        assert "您的角色不能执行此操作" in refused
    assert not WorkOrderItem.objects.exists()
    # the requester sees no item at all
    client.force_login(env["world"].a.users["requester"])
    if client.get(env["wo"].get_absolute_url()).status_code == 200:
        assert 'id="items"' not in client.get(env["wo"].get_absolute_url()).content.decode()
    data = {"work_order": env["wo"].pk, "item": "SYS-1"}
    assert client.post(env["url"], data).status_code in (403, 404)
    # another contract's user: the order does not exist for them; no order named: 404
    assert client.post(env["url"], {"item": "SYS-1"}).status_code == 404
    client.force_login(env["world"].b.users["vendor_pm"])
    assert client.post(env["url"], data).status_code in (403, 404)
    assert not WorkOrderItem.objects.exists()
    # the engineer links but may not unlink; the PM unlinks
    post(client, env, "vendor_engineer", {"item": "SYS-1"})
    pk = env["system"].pk
    assert "您的角色不能执行此操作" in post(client, env, "vendor_engineer",
                                             {"unlink": pk}).content.decode()
    assert WorkOrderItem.objects.count() == 1
    post(client, env, "vendor_pm", {"unlink": pk})
    assert not WorkOrderItem.objects.exists()


def test_the_ledger_lines_item_shows_on_the_work_order_page(client, env):
    world = env["world"]
    do_sync_equipment(world.a.contract)
    device = ConfigItem.objects.get(equipment=world.a.equipment)
    env["wo"].equipment = world.a.equipment
    env["wo"].save()
    client.force_login(world.a.users["supervisor"])
    assert device.get_absolute_url() in client.get(env["wo"].get_absolute_url(),
                                                   **ZH).content.decode()


def test_the_item_page_query_count_does_not_grow(client, env, inv):
    from yunwei.workorders.actions import do_create_workorder

    world = env["world"]
    item = inv["configitem"]
    client.force_login(world.a.users["supervisor"])

    def count() -> int:
        with CaptureQueriesContext(connection) as q:
            assert client.get(item.get_absolute_url(), **ZH).status_code == 200
        return len(q)

    def grow(n: int) -> None:
        start = dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)
        for i in range(n):
            wo = do_create_workorder(world.a.contract, actor=None, title=f"故障{i}",
                                     requester_name="张三")
            WorkOrderItem.objects.create(contract=world.a.contract, work_order=wo, item=item)
            Outage.objects.create(contract=world.a.contract, item=item, work_order=wo,
                                  start=start + dt.timedelta(days=i), cause=f"宕机{i}",
                                  source_url="/operations/1/", source_label=f"事故{i}")
        RoundResult.objects.filter(item=item).update(outcome="abnormal")

    grow(1)
    small = count()
    grow(6)
    assert count() == small


def test_the_outage_of_a_named_item_is_recorded_from_the_work_order_once(client, env):
    wo = env["wo"]
    post(client, env, "vendor_engineer", {"item": "SYS-1"})
    html = client.get(wo.get_absolute_url(), **ZH).content.decode()
    assert "登记中断（报修至解决）" in html
    # the supervisor may not record outages: refused with the reason, nothing recorded
    refused = post(client, env, "supervisor", {"outage": env["system"].pk}).content.decode()
    assert "您的角色不能执行此操作" in refused
    assert not Outage.objects.filter(work_order=wo).exists()
    for _ in range(2):
        page = post(client, env, "vendor_engineer", {"outage": env["system"].pk})
    (outage,) = Outage.objects.filter(work_order=wo)
    assert page.redirect_chain[-1][0] == outage.get_absolute_url()
    assert (outage.item, outage.work_order, outage.start, outage.end) == (
        env["system"], wo, wo.reported_at, wo.resolved_at)
    html = client.get(wo.get_absolute_url(), **ZH).content.decode()
    assert outage.get_absolute_url() in html and "登记中断（报修至解决）" not in html
