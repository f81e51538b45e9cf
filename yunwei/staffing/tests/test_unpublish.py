"""Withdrawing a published roster back to draft: the vendor PM, with a reason, before the
month begins; audited, the agency told, the agency sees the headcount only again."""

import datetime as dt

import pytest
from django.core import mail

from yunwei.core.errors import Refused
from yunwei.core.models import AuditEvent
from yunwei.staffing import actions
from yunwei.staffing.models import RosterMonth, RosterShift
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

APRIL = dt.datetime(2026, 4, 20, 9, tzinfo=TZ)


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world):
    data = dict(world.a.staffing)
    for role, user in world.a.users.items():
        user.email = f"{role}@example.cn"
        user.save()
    pm = world.a.users["vendor_pm"]
    data["shift"] = actions.do_add_shift(data["people"]["wang"], data["patterns"]["day"],
                                         dt.date(2026, 5, 6), actor=pm)
    actions.do_publish_roster(world.a.contract.pk, 2026, 5, actor=pm)
    mail.outbox.clear()
    data["world"], data["pm"], data["c"] = world, pm, world.a.contract
    return data


def test_withdraw_to_draft_audited_and_told(st, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roster = actions.do_unpublish_roster(st["c"].pk, 2026, 5, actor=st["pm"],
                                             reason="客户调整值班要求", now=APRIL)
    assert (roster.status, roster.unpublish_reason, roster.unpublished_by) == (
        "draft", "客户调整值班要求", st["pm"])
    st["shift"].refresh_from_db()
    assert not st["shift"].published
    event = AuditEvent.objects.filter(object_type="staffing.rostermonth",
                                      object_id=str(roster.pk)).order_by("-pk").first()
    assert event.after["unpublish_reason"] == "客户调整值班要求"
    assert (event.before["status"], event.after["status"]) == ("published", "draft")
    assert [sorted(m.to) for m in mail.outbox] == [["agency_admin@example.cn",
                                                    "agency_liaison@example.cn"]]
    assert "客户调整值班要求" in mail.outbox[0].body
    # published again afterwards: the same month record
    again = actions.do_publish_roster(st["c"].pk, 2026, 5, actor=st["pm"])
    assert again.pk == roster.pk and again.status == "published"


@pytest.mark.parametrize("kwargs, zh", [
    ({"reason": " "}, "请写明撤回理由"),
    ({"reason": "x", "month": 6}, "2026-06 的排班尚未发布"),
    ({"reason": "x", "now": dt.datetime(2026, 5, 1, 0, tzinfo=TZ)},
     "2026-05 已开始，已发布的排班不能撤回（请直接调整班次，调整会被记录）"),
    ({"reason": "x", "month": 13}, "月份无效"),
])
def test_refusals(st, kwargs, zh):
    month = kwargs.pop("month", 5)
    kwargs.setdefault("now", APRIL)
    with pytest.raises(Refused) as exc:
        actions.do_unpublish_roster(st["c"].pk, 2026, month, actor=st["pm"], **kwargs)
    assert exc.value.zh == zh
    assert RosterMonth.objects.get(contract=st["c"], month=dt.date(2026, 5, 1)).status \
        == "published"


def test_the_last_evening_before_the_month_may_still_withdraw(st):
    actions.do_unpublish_roster(st["c"].pk, 2026, 5, actor=st["pm"], reason="x",
                                now=dt.datetime(2026, 4, 30, 23, 59, tzinfo=TZ))


@pytest.mark.parametrize("role", ["agency_admin", "agency_liaison", "vendor_engineer",
                                  "service_desk", "expert"])
def test_only_the_vendor_pm_withdraws(st, role):
    with pytest.raises(Refused) as exc:
        actions.do_unpublish_roster(st["c"].pk, 2026, 5, actor=st["world"].a.users[role],
                                    reason="x", now=APRIL)
    assert exc.value.en == "only the vendor PM withdraws the roster"


def test_roster_page_withdraws(st, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: APRIL)
    client.force_login(st["pm"])
    url = f"/staffing/roster/?contract={st['c'].pk}&month=2026-05"
    assert 'id="unpublish"' in client.get(url).content.decode()
    response = client.post("/staffing/roster/unpublish/", {
        "contract": st["c"].pk, "month": "2026-05", "reason": ""})
    assert response.status_code == 302
    assert RosterMonth.objects.get(month=dt.date(2026, 5, 1)).status == "published"
    client.post("/staffing/roster/unpublish/", {"contract": st["c"].pk, "month": "2026-05",
                                                "reason": "人员变动"})
    assert RosterMonth.objects.get(month=dt.date(2026, 5, 1)).status == "draft"
    html = client.get(url).content.decode()
    assert 'id="withdrawn"' in html and "人员变动" in html
    # the agency sees the headcount only again
    client.force_login(st["world"].a.users["agency_admin"])
    html = client.get(url).content.decode()
    assert 'id="not-published"' in html and 'id="unpublish"' not in html
    assert not RosterShift.objects.filter(day__month=5, published=True).exists()
    # the engineer may not post it
    client.force_login(st["world"].a.users["vendor_engineer"])
    assert client.post("/staffing/roster/unpublish/", {
        "contract": st["c"].pk, "month": "2026-05", "reason": "x"}).status_code == 403
