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
    yield
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
