"""Leave types (年假, 病假, 事假, 调休 …) as choices, with their rules as contract data
(LeaveRule) where the contract sets them; other kinds follow the staffing terms."""

import datetime as dt

import pytest

from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import LeaveRequest, LeaveRule, Person, StaffingTerms
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=TZ)


@pytest.fixture
def p(world):
    c = world.a.contract
    StaffingTerms.objects.create(contract=c, leave_notice_hours=24, emergency_leave_hours=2)
    # the contract lets sick leave be reported up to 48 h afterwards; annual leave 3 days ahead,
    # 5 days a year
    LeaveRule.objects.create(contract=c, kind="sick", emergency_hours=48)
    LeaveRule.objects.create(contract=c, kind="annual", notice_hours=72, days_per_year=5)
    person = Person.objects.create(contract=c, name="周敏", user=world.a.users["vendor_engineer"])
    return {"person": person, "user": world.a.users["vendor_engineer"]}


def ask(p, kind, starts, hours=8, emergency=False):
    return actions.do_request_leave(p["person"], actor=p["user"], kind=kind, starts=starts,
                                    ends=starts + dt.timedelta(hours=hours), reason="事由",
                                    emergency=emergency, now=NOW)


H = dt.timedelta(hours=1)


@pytest.mark.parametrize("kind, starts, emergency, ok", [
    ("personal", NOW + 24 * H, False, True),            # terms: 24 h ahead
    ("personal", NOW + 24 * H - dt.timedelta(minutes=1), False, False),
    ("marriage", NOW + 24 * H, False, True),            # 婚假: no rule, terms apply
    ("annual", NOW + 72 * H, False, True),              # rule: 72 h ahead
    ("annual", NOW + 71 * H, False, False),
    ("sick", NOW - 48 * H, True, True),                 # rule: 48 h afterwards
    ("sick", NOW - 49 * H, True, False),
    ("personal", NOW - 2 * H, True, True),              # terms: 2 h afterwards
    ("personal", NOW - 3 * H, True, False),
])
def test_notice_by_kind(p, kind, starts, emergency, ok):
    if ok:
        assert ask(p, kind, starts, emergency=emergency).kind == kind
    else:
        with pytest.raises(Refused) as exc:
            ask(p, kind, starts, emergency=emergency)
        assert exc.value.field == "starts"


def test_days_a_year(p):
    first = dt.datetime(2026, 4, 6, 9, tzinfo=TZ)
    ask(p, "annual", first, hours=24 * 3)  # 6, 7, 8 April (ends 9 April 09:00: 4 days)
    ask(p, "annual", first + dt.timedelta(days=10))  # 16 April: 5 days
    with pytest.raises(Refused) as exc:
        ask(p, "annual", first + dt.timedelta(days=20))
    assert exc.value.zh == "2026 年年假最多 5 天，本次请假后将达 6 天"
    assert exc.value.en == "Annual leave: at most 5 days in 2026, this request would make 6"
    # a refused request gives its days back; other kinds are not limited
    LeaveRequest.objects.filter(starts=first).update(status="refused")
    ask(p, "annual", first + dt.timedelta(days=20))
    ask(p, "personal", first + dt.timedelta(days=30), hours=24 * 10)


def test_a_day_ending_at_midnight_counts_once(p):
    LeaveRule.objects.filter(kind="annual").update(days_per_year=1)
    ask(p, "annual", dt.datetime(2026, 4, 6, 0, tzinfo=TZ), hours=24)
    with pytest.raises(Refused):
        ask(p, "annual", dt.datetime(2026, 4, 7, 0, tzinfo=TZ), hours=1)


def test_unknown_kind_refused(p):
    with pytest.raises(Refused) as exc:
        ask(p, "holiday", NOW + 48 * H)
    assert (exc.value.field, exc.value.en) == ("kind", "choose a kind of leave")


def test_leave_page_offers_kinds(p, client):
    client.force_login(p["user"])
    html = client.get("/staffing/leave/add/").content.decode()
    assert 'name="kind"' in html and 'value="compensatory"' in html
    start = (dt.datetime.now(TZ) + dt.timedelta(days=10)).replace(microsecond=0)
    response = client.post("/staffing/leave/add/", {
        "person": p["person"].pk, "kind": "sick", "starts": start.strftime("%Y-%m-%d %H:%M"),
        "ends": (start + 8 * H).strftime("%Y-%m-%d %H:%M"), "reason": "发烧"})
    assert response.status_code == 302
    assert LeaveRequest.objects.get().kind == "sick"
    response = client.post("/staffing/leave/add/", {
        "person": p["person"].pk, "kind": "nope", "starts": start.strftime("%Y-%m-%d %H:%M"),
        "ends": (start + 8 * H).strftime("%Y-%m-%d %H:%M"), "reason": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("role, status", [("agency_admin", 200), ("vendor_pm", 403),
                                          ("requester", 403)])
def test_only_the_agency_admin_sets_leave_rules(world, role, status, client):
    client.force_login(world.a.users[role])
    assert client.get(f"/staffing/leave-rules/add/?contract={world.a.contract.pk}"
                      ).status_code == status
