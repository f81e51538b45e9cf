"""Accidents recorded in the operations app make or link the outages of the items they touch
(core.events.incident_recorded): availability counts the accident, the record with the
evidence, and nobody types the outage twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.core.errors import Refused
from yunwei.core.models.audit import AuditEvent as AuditEntry
from yunwei.inventory import reports
from yunwei.inventory.actions import (
    do_ensure_standard_types,
    do_link_work_order,
    do_outage_from_work_order,
    do_record_outage,
    do_sync_equipment,
)
from yunwei.inventory.models import AvailabilityTarget, ConfigItem, Outage
from yunwei.operations import actions as ops
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def t(day: int, hour: int = 9, minute: int = 0, month: int = 4) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def env(world, django_capture_on_commit_callbacks):
    c = world.a.contract
    do_sync_equipment(c)
    do_sync_equipment(world.b.contract)
    device = ConfigItem.objects.get(contract=c, equipment=world.a.equipment)
    types = do_ensure_standard_types(c)
    system = ConfigItem.objects.create(contract=c, item_type=types["system"], code="SYS-1",
                                       name="一卡通平台")

    def open_accident(**kw):
        with django_capture_on_commit_callbacks(execute=True):
            return ops.do_open_accident(c, actor=kw.pop("actor", world.a.users["vendor_pm"]),
                                        title=kw.pop("title", "视频会议中断"), **kw)

    def order(title="终端无信号", reported=None, resolved=None, equipment=None):
        reported = reported or t(1, 9)
        from yunwei.workorders.actions import do_create_workorder

        wo = do_create_workorder(c, actor=None, title=title, requester_name="张三",
                                 equipment=equipment)
        WorkOrder.objects.filter(pk=wo.pk).update(reported_at=reported, resolved_at=resolved)
        return WorkOrder.objects.get(pk=wo.pk)

    return {"c": c, "device": device, "system": system, "open": open_accident,
            "order": order, "world": world, "capture": django_capture_on_commit_callbacks}


def outages(item):
    return list(Outage.objects.filter(item=item).order_by("start").values_list(
        "start", "end", "source", "source_ref"))


def test_accident_on_a_ledger_line_creates_an_open_outage_with_its_evidence(env):
    acc = env["open"](occurred_at=t(1, 9), equipment=[env["world"].a.equipment],
                      cause="电源故障")
    (o,) = Outage.objects.filter(item=env["device"])
    assert (o.start, o.end, o.source, o.cause) == (t(1, 9), None, "accident", "电源故障")
    assert o.source_ref == f"operations.accident:{acc.pk}"
    assert o.source_url == acc.get_absolute_url() and o.source_label == str(acc)


def test_accident_from_resolved_work_orders_ends_when_the_last_was_resolved(env):
    eq = env["world"].a.equipment
    first = env["order"](reported=t(1, 9), resolved=t(1, 10, 30), equipment=eq)
    second = env["order"](reported=t(1, 9, 10), resolved=t(1, 11, 15))
    do_link_work_order(env["device"], second, None)
    env["open"](work_orders=[first, second])  # the time: the first order's report
    assert outages(env["device"]) == [(t(1, 9), t(1, 11, 15), "accident",
                                       outages(env["device"])[0][3])]


def test_an_unresolved_work_order_leaves_the_outage_open(env):
    eq = env["world"].a.equipment
    first = env["order"](reported=t(1, 9), resolved=t(1, 10, 30), equipment=eq)
    second = env["order"](reported=t(1, 9, 10), equipment=eq)
    env["open"](work_orders=[first, second])
    assert [o[1] for o in outages(env["device"])] == [None]


@pytest.mark.parametrize("case, existing, linked", [
    # an outage already entered from the accident's work order: linked, its times stay
    ("from the work order", "work_order", True),
    # entered by hand, covering the accident's time: linked
    ("entered, covering 09:00", (t(1, 8, 50), t(1, 10)), True),
    # entered by hand, still open since before the accident: linked
    ("entered, open since 08:00", (t(1, 8), None), True),
    # entered by hand, starting 30 minutes after the (open) accident: linked
    ("entered, 09:30 after an open accident", (t(1, 9, 30), t(1, 10)), True),
    # over before the accident: a separate outage is created
    ("entered, ended 08:59", (t(1, 8), t(1, 8, 59)), False),
    # the day before: a separate outage
    ("entered, the day before", (t(1, 9) - dt.timedelta(days=1), t(1, 10) - dt.timedelta(
        days=1)), False),
])
def test_an_existing_outage_is_linked_not_typed_twice(env, case, existing, linked):
    eq = env["world"].a.equipment
    wo = env["order"](reported=t(1, 9), equipment=eq)
    if existing == "work_order":
        wo.resolved_at = t(1, 9, 40)
        wo.save()
        before = do_outage_from_work_order(env["device"], wo, None)
    else:
        before = do_record_outage(env["device"], None, start=existing[0], end=existing[1],
                                  cause="人工登记")
    acc = env["open"](occurred_at=t(1, 9), work_orders=[wo] if existing == "work_order"
                      else [], equipment=[eq])
    rows = Outage.objects.filter(item=env["device"]).order_by("start")
    ref = f"operations.accident:{acc.pk}"
    before.refresh_from_db()
    if linked:
        assert rows.count() == 1, case
        assert before.source_ref == ref and before.source != "accident"
        assert (before.start, before.end) == ((t(1, 9), t(1, 9, 40)) if existing == "work_order"
                                              else existing)
    else:
        assert rows.count() == 2, case
        assert before.source_ref == ""
        assert rows.filter(source="accident", source_ref=ref, start=t(1, 9)).count() == 1


def test_announcing_again_changes_nothing_and_a_correction_follows(env):
    eq = env["world"].a.equipment
    acc = env["open"](occurred_at=t(1, 9), equipment=[eq], cause="电源故障")
    audit_rows = AuditEntry.objects.count()
    with env["capture"](execute=True):
        ops.announce(acc)
    assert Outage.objects.filter(item=env["device"]).count() == 1
    assert AuditEntry.objects.count() == audit_rows  # nothing saved, nothing audited
    # corrected: a new cause; the equipment removed; a system named through a work order
    wo = env["order"](reported=t(1, 9))
    do_link_work_order(env["system"], wo, None)
    acc.cause = "光缆中断"
    acc.save()
    acc.equipment.set([])
    acc.work_orders.set([wo])
    with env["capture"](execute=True):
        ops.announce(acc)
    assert not Outage.objects.filter(item=env["device"]).exists()  # made from it: gone
    (o,) = Outage.objects.filter(item=env["system"])
    assert (o.source, o.cause, o.start, o.end) == ("accident", "光缆中断", t(1, 9), None)


def test_a_linked_outage_is_unlinked_not_deleted_when_the_item_is_dropped(env):
    eq = env["world"].a.equipment
    entered = do_record_outage(env["device"], None, start=t(1, 8), end=t(1, 10), cause="人工")
    acc = env["open"](occurred_at=t(1, 9), equipment=[eq])
    entered.refresh_from_db()
    assert entered.source_ref
    acc.equipment.set([])
    with env["capture"](execute=True):
        ops.announce(acc)
    entered.refresh_from_db()
    assert entered.source_ref == "" and entered.source == "entered"


def test_availability_is_computed_from_the_accident(env):
    # April: 30 days = 43,200 minutes; 99.9 % allows 43.2 minutes; the accident's work order
    # was resolved 50 minutes after it was reported: 99.884 %, the target missed
    AvailabilityTarget.objects.create(contract=env["c"], item=env["device"],
                                      percent=Decimal("99.9"))
    wo = env["order"](reported=t(10, 14), resolved=t(10, 14, 50),
                      equipment=env["world"].a.equipment)
    env["open"](work_orders=[wo])
    (line,) = reports.availability_table(env["c"].pk, dt.date(2026, 4, 1),
                                         dt.date(2026, 4, 30))
    (april,) = line.periods
    assert (april.down_minutes, april.allowed_minutes) == (Decimal("50.0"), Decimal("43.2"))
    assert april.percent == Decimal("99.884") and april.met is False


def test_items_of_another_contract_are_never_touched(env):
    other = ConfigItem.objects.get(contract=env["world"].b.contract)
    # the accident names B's ledger line: the operations app refuses before anything happens
    with pytest.raises(Refused):
        env["open"](occurred_at=t(1, 9), equipment=[env["world"].b.equipment])
    assert not Outage.objects.filter(item=other, source="accident").exists()


def test_who_may_not_open_an_accident_makes_no_outage(env):
    for role in ("requester", "expert", "service_desk"):
        with pytest.raises(Refused):
            env["open"](actor=env["world"].a.users[role], occurred_at=t(1, 9),
                        equipment=[env["world"].a.equipment])
    assert not Outage.objects.filter(item=env["device"], source="accident").exists()


def test_the_edit_form_announces_the_correction(env, client):
    acc = env["open"](occurred_at=t(1, 9), equipment=[env["world"].a.equipment], cause="旧")
    client.force_login(env["world"].a.users["vendor_pm"])
    with env["capture"](execute=True):
        response = client.post(f"/operations/{acc.pk}/edit/", {
            "title": acc.title, "cause": "新原因", "equipment": [env["world"].a.equipment.pk],
            "description": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Outage.objects.get(item=env["device"]).cause == "新原因"


def test_the_outage_page_links_the_accident_without_developer_data(env, client):
    acc = env["open"](occurred_at=t(1, 9), equipment=[env["world"].a.equipment])
    o = Outage.objects.get(item=env["device"])
    client.force_login(env["world"].a.users["supervisor"])
    for url in (o.get_absolute_url(), env["device"].get_absolute_url()):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert acc.get_absolute_url() in page
        assert "operations.accident" not in page
