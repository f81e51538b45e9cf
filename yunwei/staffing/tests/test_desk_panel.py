"""Live coverage on the service desk dashboard: who is on duty now against the contract's
required posts, registered by staffing into core's dashboard panels (work orders do not
import staffing), with the on-duty engineer's phone to the desk."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from yunwei.core import panels
from yunwei.staffing import actions
from yunwei.staffing.models import LeaveRequest
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

WED_10 = dt.datetime(2026, 5, 6, 10, tzinfo=TZ)  # a working Wednesday, day shift 09:00-17:30
WED_02 = dt.datetime(2026, 5, 6, 2, tzinfo=TZ)  # the desk's night shift begun on Tuesday


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world):
    data = dict(world.a.staffing)
    data["world"] = world
    return data


def _rows(contract, at):
    return [(r["post"].name, r["pattern"].name, r["day"], r["required"], r["on_duty"], r["gap"])
            for r in actions.live_coverage(contract.pk, at)]


def test_live_coverage_against_required_posts(st):
    c = st["world"].a.contract
    wang, li = st["people"]["wang"], st["people"]["li"]
    day, night = st["patterns"]["day"], st["patterns"]["night"]
    # nobody rostered: the running day shift needs 1 and has 0
    assert _rows(c, WED_10) == [("A 驻场主机工程师", "白班", WED_10.date(), 1, 0, 1)]
    actions.do_add_shift(wang, day, WED_10.date(), actor=None)
    assert _rows(c, WED_10) == [("A 驻场主机工程师", "白班", WED_10.date(), 1, 1, 0)]
    # one more than required: no gap, two on duty
    actions.do_add_shift(li, day, WED_10.date(), actor=None)
    assert _rows(c, WED_10) == [("A 驻场主机工程师", "白班", WED_10.date(), 1, 2, 0)]
    # an approved leave covering now takes Wang off duty (Li still covers it)
    LeaveRequest.objects.create(contract=c, person=wang, starts=WED_10 - dt.timedelta(hours=1),
                                ends=WED_10 + dt.timedelta(hours=2), reason="病假",
                                asked_at=WED_10 - dt.timedelta(days=2), status="approved")
    rows = actions.live_coverage(c.pk, WED_10)
    assert [(s.person.name, s.on_leave) for s in rows[0]["shifts"]] == [
        ("A王磊", True), ("A李娜", False)]
    assert (rows[0]["on_duty"], rows[0]["gap"]) == (1, 0)
    # 02:00: the night desk shift begun on Tuesday 20:00 runs (7x24), the day shift does not
    tue = WED_02.date() - dt.timedelta(days=1)
    assert _rows(c, WED_02) == [("A 服务台", "夜班", tue, 1, 0, 1)]
    actions.do_add_shift(wang, night, tue, actor=None)
    assert _rows(c, WED_02) == [("A 服务台", "夜班", tue, 1, 1, 0)]
    # the end of a shift is outside it: 17:30 sharp shows no day shift
    assert _rows(c, dt.datetime(2026, 5, 6, 17, 30, tzinfo=TZ)) == []


def test_a_holiday_requires_no_day_shift(st):
    # 1 May 2026 is a public holiday on the office calendar: no day shift required
    assert _rows(st["world"].a.contract, dt.datetime(2026, 5, 1, 10, tzinfo=TZ)) == []


def test_registered_in_core_not_imported_by_workorders():
    assert "staffing_on_duty" in panels.DASHBOARD_PANELS
    import pathlib

    import yunwei.workorders as wo

    for path in pathlib.Path(wo.__file__).parent.rglob("*.py"):
        assert "staffing" not in path.read_text(encoding="utf-8"), path


def _dashboard(user, contract, monkeypatch, at=WED_10):
    monkeypatch.setattr("django.utils.timezone.now", lambda: at)
    client = Client()
    client.force_login(user)
    return client.get(reverse("workorders:dashboard", args=[contract.pk]))


@pytest.mark.parametrize("role, shown, tel", [
    ("service_desk", "13800001111", True),   # the desk calls the engineer on duty
    ("agency_admin", "13800001111", True),
    ("vendor_pm", "13800001111", True),
    ("agency_liaison", "138****1111", False),
    ("supervisor", "138****1111", False),
    ("expert", "138****1111", False),
])
def test_dashboard_shows_who_is_on_duty_with_phone_by_role(st, role, shown, tel, monkeypatch):
    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=pm)
    actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    response = _dashboard(st["world"].a.users[role], c, monkeypatch)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="on-duty-now"' in html and "A王磊" in html and shown in html
    assert ('href="tel:13800001111"' in html) is tel
    if not tel:
        assert "13800001111" not in html


def test_a_draft_month_shows_people_to_the_vendor_only(st, monkeypatch):
    c = st["world"].a.contract
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=None)
    html = _dashboard(st["world"].a.users["service_desk"], c, monkeypatch).content.decode()
    assert "A王磊" not in html and "13800001111" not in html
    assert "not published" in html or "尚未发布" in html
    html = _dashboard(st["world"].a.users["vendor_engineer"], c, monkeypatch).content.decode()
    assert "A王磊" in html


def test_other_contract_and_requester_see_nothing(st, monkeypatch):
    c = st["world"].a.contract
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=None)
    assert _dashboard(st["world"].a.users["requester"], c, monkeypatch).status_code == 403
    assert _dashboard(st["world"].b.users["service_desk"], c, monkeypatch).status_code == 404


def test_dashboard_query_count_does_not_grow_with_people(st, monkeypatch,
                                                         django_assert_max_num_queries):
    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=pm)
    actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        _dashboard(st["world"].a.users["service_desk"], c, monkeypatch)
    actions.do_add_shift(st["people"]["li"], st["patterns"]["day"], WED_10.date(), actor=pm)
    with CaptureQueriesContext(connection) as two:
        _dashboard(st["world"].a.users["service_desk"], c, monkeypatch)
    assert len(two.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("role, tel", [("service_desk", True), ("supervisor", False)])
def test_on_duty_page_calls_for_the_desk_only_during_the_shift(st, role, tel, monkeypatch):
    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=pm)
    actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    monkeypatch.setattr("django.utils.timezone.now", lambda: WED_10)
    client = Client()
    client.force_login(st["world"].a.users[role])
    html = client.get("/staffing/on-duty/").content.decode()
    assert ('href="tel:13800001111"' in html) is tel
    # the person's page (the register) stays masked for the desk, on shift or not
    html = client.get(st["people"]["wang"].get_absolute_url()).content.decode()
    assert "13800001111" not in html


@pytest.mark.parametrize("role, people", [("service_desk", False), ("vendor_pm", True)])
@pytest.mark.parametrize("lang, said", [
    ("zh-hans", "今日排班尚未发布"),
    ("en", "The roster for today is not published"),
])
def test_an_unpublished_roster_gives_no_shortfall(st, role, people, lang, said, monkeypatch):
    """A draft covering today's shift is no promise: the panel says the day's roster is not
    published and gives no gap figure (the draft counted would read "0 missing")."""
    c = st["world"].a.contract
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], WED_10.date(), actor=None)
    monkeypatch.setattr("django.utils.timezone.now", lambda: WED_10)
    client = Client()
    client.force_login(st["world"].a.users[role])
    client.cookies["yunwei_language"] = lang
    html = client.get(f"/staffing/on-duty/panel/?contract={c.pk}").content.decode()
    assert said in html and ("A王磊" in html) is people
    row = html.split("<tbody>")[1].split("</tr>")[0]
    # post, shift, required 1, people, and no gap figure (neither 0 nor 1)
    assert row.rstrip().endswith("<td>—</td>") and "<td>1</td>" in row
    assert 'class="badge bad"' not in html and "shortfall" not in row
    # once published, the gap is given again (the draft's Wang covers the shift: 0)
    actions.do_publish_roster(c.pk, 2026, 5, actor=None)
    html = client.get(f"/staffing/on-duty/panel/?contract={c.pk}").content.decode()
    assert said not in html and "A王磊" in html
    assert html.split("<tbody>")[1].split("</tr>")[0].rstrip().endswith("<td>0</td>")
