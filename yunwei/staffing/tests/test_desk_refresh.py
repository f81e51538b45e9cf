"""The desk dashboard's "on duty now" section refreshes itself: it polls its own fragment
(/staffing/on-duty/panel/?contract=) every minute with HTMX, scoped like the panel, so a
shift that starts or ends, or a roster change, shows without reloading the page."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yunwei.staffing import actions
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

WED_10 = dt.datetime(2026, 5, 6, 10, tzinfo=TZ)  # a working Wednesday, day shift 09:00-17:30
URL = "/staffing/on-duty/panel/?contract={}"


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world, monkeypatch):
    data = dict(world.a.staffing)
    data["world"], data["c"], data["users"] = world, world.a.contract, world.a.users
    data["clock"] = [WED_10]
    monkeypatch.setattr("django.utils.timezone.now", lambda: data["clock"][0])
    pm = world.a.users["vendor_pm"]
    actions.do_add_shift(data["people"]["wang"], data["patterns"]["day"], WED_10.date(),
                         actor=pm)
    actions.do_publish_roster(data["c"].pk, 2026, 5, actor=pm)
    return data


def _get(user, contract_pk):
    client = Client()
    client.force_login(user)
    return client.get(URL.format(contract_pk))


def test_dashboard_section_polls_its_fragment(st):
    client = Client()
    client.force_login(st["users"]["service_desk"])
    html = client.get(reverse("workorders:dashboard", args=[st["c"].pk])).content.decode()
    assert f'hx-get="/staffing/on-duty/panel/?contract={st["c"].pk}"' in html
    assert 'hx-trigger="every 60s, refresh"' in html and 'hx-swap="outerHTML"' in html
    assert 'data-poll-visible="on-duty-now"' in html


@pytest.mark.parametrize("role, code, tel", [
    ("service_desk", 200, True), ("agency_admin", 200, True), ("vendor_pm", 200, True),
    ("vendor_engineer", 200, False), ("agency_liaison", 200, False),
    ("supervisor", 200, False), ("expert", 200, False),
    ("requester", 403, False),        # on the contract, but never sees the roster
])
def test_fragment_by_role(st, role, code, tel):
    response = _get(st["users"][role], st["c"].pk)
    assert response.status_code == code
    if code != 200:
        assert "A王磊" not in response.content.decode()
        return
    html = response.content.decode()
    assert response["X-Yunwei-Fragment"] == "on-duty-now"
    assert html.startswith('<section class="panel" id="on-duty-now"')  # the section alone
    assert "<html" not in html and "A王磊" in html
    assert ('href="tel:13800001111"' in html) is tel
    if not tel:
        assert "13800001111" not in html


def test_other_contracts_and_bad_input(st):
    other = st["world"].b.users["service_desk"]
    assert _get(other, st["c"].pk).status_code == 404
    assert _get(st["users"]["service_desk"], 999999).status_code == 404
    client = Client()
    client.force_login(st["users"]["service_desk"])
    assert client.get("/staffing/on-duty/panel/?contract=x").status_code == 404
    assert client.get("/staffing/on-duty/panel/").status_code == 404
    assert Client().get(URL.format(st["c"].pk)).status_code == 302  # to the login page


def test_changes_show_at_the_next_poll(st):
    desk = st["users"]["service_desk"]
    pm = st["users"]["vendor_pm"]
    assert "A李娜" not in _get(desk, st["c"].pk).content.decode()
    # the PM adds Li to the running shift (a published month: a recorded change)
    actions.do_add_shift(st["people"]["li"], st["patterns"]["day"], WED_10.date(), actor=pm)
    assert "A李娜" in _get(desk, st["c"].pk).content.decode()
    # 17:30: the day shift has ended, nobody is on duty any more
    st["clock"][0] = dt.datetime(2026, 5, 6, 17, 30, tzinfo=TZ)
    html = _get(desk, st["c"].pk).content.decode()
    assert "A王磊" not in html and "A李娜" not in html and "17:30" in html


def test_fragment_query_count_does_not_grow_with_people(st):
    desk = st["users"]["service_desk"]
    client = Client()
    client.force_login(desk)
    url = URL.format(st["c"].pk)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    actions.do_add_shift(st["people"]["li"], st["patterns"]["day"], WED_10.date(),
                         actor=st["users"]["vendor_pm"])
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two.captured_queries) == len(one.captured_queries) <= 15
