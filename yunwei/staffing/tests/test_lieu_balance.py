"""A 调休 (time off in lieu) request is checked against the days worked off: shifts attended
on days that are not working days of the post's calendar (weekends, holidays; a 调休 make-up
workday is a working day), in half days, less earlier 调休 not refused."""

import datetime as dt

import pytest

from yunwei.core.errors import Refused
from yunwei.staffing import actions, rules
from yunwei.staffing.models import (
    AttendanceRecord,
    LeaveRequest,
    Person,
    Post,
    RosterShift,
    ShiftPattern,
    StaffingTerms,
)
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 12, 9, tzinfo=TZ)


@pytest.fixture
def p(world):
    c = world.a.contract
    StaffingTerms.objects.create(contract=c, leave_notice_hours=24)
    post = Post.objects.create(contract=c, name="驻场主机工程师", calendar=world.a.calendar)
    person = Person.objects.create(contract=c, name="周敏", user=world.a.users["vendor_engineer"],
                                   entry_status="approved")
    person.posts.set([post])
    return {"c": c, "post": post, "person": person, "user": world.a.users["vendor_engineer"],
            "admin": world.a.users["agency_admin"], "patterns": {}}


def work(p, day, start, end, kind="present"):
    """A rostered shift of (start, end) on `day` with an attendance record of `kind`."""
    key = (start, end)
    pattern = p["patterns"].get(key) or p["patterns"].setdefault(key, ShiftPattern.objects.create(
        contract=p["c"], post=p["post"], name=f"{start:%H%M}-{end:%H%M}", start=start, end=end,
        days="daily"))
    starts, ends = rules.shift_bounds(day, start, end, TZ)
    shift = RosterShift.objects.create(contract=p["c"], person=p["person"], pattern=pattern,
                                       day=day, starts=starts, ends=ends)
    return AttendanceRecord.objects.create(contract=p["c"], person=p["person"], day=day,
                                           shift=shift, kind=kind)


D, T = dt.date, dt.time
DAY = (T(9), T(17, 30))
NIGHT = (T(20), T(8))


# expected half days, counted by hand from the 2026 arrangement: National Day holidays
# 10-01..10-07, make-up workdays Sun 09-20 and Sat 10-10; 09-26 an ordinary Saturday
@pytest.mark.parametrize("shifts, half_days", [
    ([(D(2026, 10, 1), *DAY)], 2),                          # holiday duty: a whole day
    ([(D(2026, 9, 26), *DAY)], 2),                          # a Saturday shift
    ([(D(2026, 10, 10), *DAY)], 0),                         # make-up workday: not extra
    ([(D(2026, 9, 20), *DAY)], 0),                          # make-up Sunday: not extra
    ([(D(2026, 9, 30), *DAY)], 0),                          # an ordinary working day
    ([(D(2026, 9, 26), T(9), T(12))], 1),                   # a Saturday morning: half a day
    ([(D(2026, 9, 26), T(9), T(14))], 1),                   # 5 h: still half a day
    ([(D(2026, 9, 26), T(9), T(14, 1))], 2),                # 5 h 1 min: a whole day
    ([(D(2026, 9, 30), *NIGHT)], 2),                        # 09-30 20:00 into the holiday: 8 h
    ([(D(2026, 10, 7), *NIGHT)], 1),                        # last holiday 20:00-24:00: 4 h
    ([(D(2026, 10, 1), *DAY), (D(2026, 10, 1), T(18), T(22))], 2),  # one day earns one day
    ([(D(2026, 10, 1), *DAY, "late"), (D(2026, 10, 2), *DAY, "early")], 4),
    ([(D(2026, 10, 1), *DAY, "absent")], 0),                # not worked
    ([(D(2026, 10, 1), *DAY, "leave")], 0),
])
def test_days_earned(p, shifts, half_days):
    for day, start, end, *kind in shifts:
        work(p, day, start, end, *kind)
    assert actions.in_lieu_balance(p["person"]).earned == half_days


def ask(p, starts, ends, now=NOW):
    return actions.do_request_leave(p["person"], actor=p["user"], kind="compensatory",
                                    starts=starts, ends=ends, reason="调休", now=now)


def at(day, h, m=0):
    return dt.datetime.combine(day, T(h, m), tzinfo=TZ)


MON, TUE = D(2026, 10, 19), D(2026, 10, 20)


def test_request_against_the_balance(p):
    with pytest.raises(Refused) as exc:  # nothing worked off: nothing to take
        ask(p, at(MON, 9), at(MON, 17, 30))
    assert exc.value.field == "kind"
    assert "已用 0 天" in exc.value.message and "本次申请 1 天" in exc.value.message
    work(p, D(2026, 10, 1), *DAY)        # holiday duty: 1 day
    work(p, D(2026, 10, 7), *NIGHT)      # 4 h on the last holiday: half a day
    assert actions.in_lieu_balance(p["person"]).days() == {"earned": "1.5", "used": "0",
                                                           "left": "1.5"}
    with pytest.raises(Refused) as exc:  # two days asked, 1.5 earned
        ask(p, at(MON, 9), at(TUE, 17, 30))
    assert exc.value.message == ("调休余额不足：加班（休息日、节假日值班）共 1.5 天，已用 0 天，"
                                 "本次申请 2 天")
    assert exc.value.en == ("not enough time off in lieu (days): earned 1.5 (shifts worked on "
                            "days off), used 0, asked 2")
    first = ask(p, at(MON, 9), at(MON, 17, 30))     # a whole day
    ask(p, at(TUE, 9), at(TUE, 12))                 # and a morning: used up
    with pytest.raises(Refused) as exc:
        ask(p, at(TUE, 13), at(TUE, 17, 30))
    assert "已用 1.5 天" in exc.value.message
    # a refused 调休 gives its days back
    actions.do_decide_leave(first, actor=p["admin"], approve=False)
    ask(p, at(TUE, 13), at(TUE, 17, 30))
    assert actions.in_lieu_balance(p["person"]).days()["left"] == "0.5"
    # other kinds of leave do not touch the balance
    actions.do_request_leave(p["person"], actor=p["user"], kind="personal", starts=at(MON, 9),
                             ends=at(MON, 12), reason="事假", now=NOW)
    assert actions.in_lieu_balance(p["person"]).used == 2


def test_agency_cannot_approve_beyond_the_balance(p):
    record = work(p, D(2026, 10, 1), *DAY)
    leave = ask(p, at(MON, 9), at(MON, 17, 30))
    # the holiday shift is corrected to absent afterwards: nothing earned any more
    record.kind = "absent"
    record.save()
    with pytest.raises(Refused) as exc:
        actions.do_decide_leave(leave, actor=p["admin"], approve=True)
    assert "本次申请 1 天" in exc.value.message
    assert LeaveRequest.objects.get(pk=leave.pk).status == "pending"
    actions.do_decide_leave(leave, actor=p["admin"], approve=False)  # refusing is always open
    record.kind = "present"
    record.save()
    again = ask(p, at(TUE, 9), at(TUE, 17, 30))
    assert actions.do_decide_leave(again, actor=p["admin"], approve=True).status == "approved"


def test_balance_queries(p, django_assert_max_num_queries):
    for day in (D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3)):
        work(p, day, *DAY)
    actions.in_lieu_balance(p["person"])
    with django_assert_max_num_queries(3):
        assert actions.in_lieu_balance(p["person"]).earned == 6


def test_api_and_form_show_the_refusal(p, client):
    work(p, D(2026, 10, 1), *DAY)
    client.force_login(p["user"])
    body = {"person": p["person"].pk, "kind": "compensatory", "reason": "调休",
            "starts": "2026-12-07T09:00:00+08:00", "ends": "2026-12-08T17:30:00+08:00"}
    r = client.post("/api/leave/", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "kind"
    assert r.json()["detail_en"].startswith("not enough time off in lieu (days): earned 1 ")
    page = client.get("/staffing/leave/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "调休余额" in html and "周敏" in html
