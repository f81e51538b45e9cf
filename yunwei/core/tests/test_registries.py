"""The registries through which domain apps plug into core (measures, contract panels)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from yunwei.core import measures, panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_registries():
    saved = dict(measures.MEASURES), dict(panels.PANELS), {
        k: dict(v) for k, v in measures.SOURCES.items()}
    replaces = {k: dict(v) for k, v in measures.REPLACES.items()}
    object_panels = dict(panels.OBJECT_PANELS)
    dashboard_panels = dict(panels.DASHBOARD_PANELS)
    yield
    panels.DASHBOARD_PANELS.clear()
    panels.DASHBOARD_PANELS.update(dashboard_panels)
    measures.REPLACES.clear()
    measures.REPLACES.update(replaces)
    panels.OBJECT_PANELS.clear()
    panels.OBJECT_PANELS.update(object_panels)
    measures.MEASURES.clear()
    measures.MEASURES.update(saved[0])
    measures.SOURCES.clear()
    measures.SOURCES.update(saved[2])
    panels.PANELS.clear()
    panels.PANELS.update(saved[1])


def test_a_registered_measure_is_known_and_collected(world, clean_registries):
    seen = []

    def collect(contract, start, end):
        seen.append((contract.pk, start, end))
        return [f"event of {contract.number}"]

    measures.register(measures.Measure("drill", "演练", "drill", "events", ("scenario",),
                                       collect, app="operations"))
    assert "drill" in measures.known()
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    got = measures.collect(world.a.contract, ["drill", "no_such_measure"], start, end)
    assert got == [f"event of {world.a.contract.number}"]
    assert seen == [(world.a.contract.pk, start, end)]
    # a second app's source of the same measure: both count
    measures.register(measures.Measure("drill", "演练", "drill", "events", ("scenario",),
                                       lambda c, s, e: ["hand-entered drill"], app="assessment"))
    got = measures.collect(world.a.contract, ["drill"], start, end)
    assert sorted(got) == sorted([f"event of {world.a.contract.number}", "hand-entered drill"])
    with pytest.raises(ValueError):
        measures.Measure("x", "x", "x", "rates", (), collect)


def test_a_record_another_source_stands_for_counts_once(world, clean_registries):
    """A source's records may replace another source's events (an operations accident that
    took over an accident entered by hand): those are left out, nothing else is."""
    from yunwei.scoring.engine import Event

    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    hand = [Event("incident", start, f"assessment.accident:{n}", f"hand {n}") for n in (1, 2)]
    ops = [Event("incident", start, "operations.accident:7", "ops 7")]
    measures.register(measures.Measure("incident", "事故", "incident", "events", (),
                                       lambda c, s, e: hand, app="assessment"))
    measures.register(measures.Measure(
        "incident", "事故", "incident", "events", (), lambda c, s, e: ops, app="operations",
        replaces=lambda c: ["assessment.accident:2", "operations.accident:7"]))
    got = [e.ref for e in measures.collect(world.a.contract, ["incident"], start, end)]
    # its own event is never dropped by its own list; the replaced hand entry is
    assert sorted(got) == ["assessment.accident:1", "operations.accident:7"]
    # re-registered without `replaces`: both count again
    measures.register(measures.Measure("incident", "事故", "incident", "events", (),
                                       lambda c, s, e: ops, app="operations"))
    got = [e.ref for e in measures.collect(world.a.contract, ["incident"], start, end)]
    assert len(got) == 3


def test_object_panels_only_on_their_models_pages(world, clean_registries):
    def context(request, obj):
        return {"n": obj.pk} if request.user.is_superuser else None

    panels.OBJECT_PANELS.clear()  # the apps' own (restored by the fixture)
    panels.register_object_panel(panels.ObjectPanel("t", "workorders.workorder", "x.html", context))

    class Request:
        user = world.root

    assert panels.object_panels_for(Request, world.a.work_order) == [
        {"name": "t", "template": "x.html", "context": {"n": world.a.work_order.pk}}]
    assert panels.object_panels_for(Request, world.a.contract) == []
    Request.user = world.a.users["vendor_pm"]
    assert panels.object_panels_for(Request, world.a.work_order) == []


def test_dashboard_panels_in_order_to_whom_they_say(world, clean_registries):
    panels.DASHBOARD_PANELS.clear()  # the apps' own (restored by the fixture)
    panels.register_dashboard_panel(panels.DashboardPanel(
        "b", "b.html", lambda request, contract: {"n": contract.pk}, order=20))
    panels.register_dashboard_panel(panels.DashboardPanel(
        "a", "a.html", lambda request, contract: None if not request.user.is_superuser
        else {}, order=10))

    class Request:
        user = world.root

    c = world.a.contract
    assert panels.dashboard_panels_for(Request, c) == [
        {"name": "a", "template": "a.html", "context": {}},
        {"name": "b", "template": "b.html", "context": {"n": c.pk}}]
    Request.user = world.a.users["service_desk"]
    assert [p["name"] for p in panels.dashboard_panels_for(Request, c)] == ["b"]


def test_contract_page_shows_registered_panels_to_whom_they_say(world, clean_registries):
    def context(request, contract):
        if not request.user.is_superuser:
            return None
        return {"greeting": f"面板：{contract.number}"}

    panels.register(panels.ContractPanel("test", "core/tests/panel.html", context))
    root = Client()
    root.force_login(world.root)
    page = root.get(world.a.contract.get_absolute_url())
    assert page.status_code == 200
    assert f"面板：{world.a.contract.number}" in page.content.decode()
    admin = Client()
    admin.force_login(world.a.users["agency_admin"])
    assert "面板：" not in admin.get(world.a.contract.get_absolute_url()).content.decode()
