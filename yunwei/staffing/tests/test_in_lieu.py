"""Unreported time off in lieu (调休 taken without asking): a rostered shift missed (no punch,
no leave asked) after a day worked off the roster. Expected answers worked out by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from yunwei.staffing import rules

SH = ZoneInfo("Asia/Shanghai")


def utc(y, mo, d, h, mi=0):
    """A naive UTC time from a Shanghai wall-clock time (the derivation's convention)."""
    local = dt.datetime(y, mo, d, h, mi, tzinfo=SH)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def day_shift(d):
    return (utc(2026, 3, d, 9), utc(2026, 3, d, 17, 30))


# -- which days were worked off the roster --------------------------------------------------------
def test_off_roster_days_table():
    """Sat 7 March worked with no shift rostered: an off-roster day. Mon 9 March punches
    belong to the rostered day shift (in its 4 h window). Sun 8 March: a single punch is no
    day worked. A night shift 20:00-08:00 from Tue 10 March: its 07:58 punch on the 11th is
    inside the shift, not an off-roster day."""
    punches = [
        (utc(2026, 3, 7, 8, 55), 1), (utc(2026, 3, 7, 17, 40), 2),   # Sat, off roster
        (utc(2026, 3, 8, 10), 3),                                    # Sun, one punch only
        (utc(2026, 3, 9, 8, 50), 4), (utc(2026, 3, 9, 17, 35), 5),   # Mon, rostered
        (utc(2026, 3, 10, 19, 55), 6), (utc(2026, 3, 11, 7, 58), 7),  # night shift
    ]
    shifts = [day_shift(9), (utc(2026, 3, 10, 20), utc(2026, 3, 11, 8))]
    assert rules.off_roster_days(punches, shifts, SH) == [(dt.date(2026, 3, 7), (1, 2))]


def test_off_roster_day_is_the_local_day():
    """Punches 00:30 and 07:00 Shanghai time on 7 March are 16:30 and 23:00 UTC on 6 March:
    the day worked is the 7th."""
    punches = [(utc(2026, 3, 7, 0, 30), 1), (utc(2026, 3, 7, 7), 2)]
    assert rules.off_roster_days(punches, [], SH) == [(dt.date(2026, 3, 7), (1, 2))]


# -- pairing an absence with a day worked ---------------------------------------------------------
W = dt.date(2026, 3, 7)  # the day worked off the roster


@pytest.mark.parametrize("absent_on, paired", [
    (W, False),                               # the same day: no day off taken after it
    (W + dt.timedelta(days=1), True),
    (W + dt.timedelta(days=30), True),        # 30 days later: inside the 30-day window
    (W + dt.timedelta(days=31), False),       # 31 days: outside
    (W - dt.timedelta(days=1), False),        # before the day worked: plain absence
])
def test_pair_window_boundaries(absent_on, paired):
    got = rules.pair_in_lieu([("s", absent_on)], [(W, (1, 2))], 30)
    assert ("s" in got) is paired
    if paired:
        assert got["s"] == (W, (1, 2))


def test_one_day_worked_pays_for_one_day_off():
    """Two absences (10 and 11 March) after one Saturday worked: the earlier absence is the
    time off in lieu, the later one stays an absence. Two days worked pay for both, each the
    earliest free one."""
    absences = [("b", dt.date(2026, 3, 11)), ("a", dt.date(2026, 3, 10))]
    assert rules.pair_in_lieu(absences, [(W, (1, 2))], 30) == {"a": (W, (1, 2))}
    sunday = (dt.date(2026, 3, 8), (3, 4))
    got = rules.pair_in_lieu(absences, [sunday, (W, (1, 2))], 30)
    assert got == {"a": (W, (1, 2)), "b": sunday}


def test_a_day_already_taken_is_not_paired_again():
    """A day worked whose punches an earlier record already used pays for nothing more."""
    assert rules.pair_in_lieu([("a", dt.date(2026, 3, 10))], [(W, (1, 2))], 30, used={2}) == {}


# -- derived from imported punches, shown, and counted --------------------------------------------
@pytest.mark.django_db
def test_derived_shown_and_counted(world, client):
    from yunwei.core import measures
    from yunwei.staffing import actions
    from yunwei.staffing.models import AttendanceRecord, LeaveRequest, Punch
    from yunwei.staffing.testing import make_staffing
    from yunwei.worktime import TZ

    st = make_staffing(world.a, "A")
    c = world.a.contract
    users = world.a.users
    pm = users["vendor_pm"]
    wang = st["people"]["wang"]
    day = st["patterns"]["day"]
    # Wang is rostered on the day shift Mon 9 to Fri 13 March 2026 (and 2 March by the
    # fixture); he works Saturday 7 March off the roster, then misses Wednesday 11 (no punch,
    # no leave asked) and Thursday 12 (a leave request, never approved)
    lines = ["姓名,打卡时间", f"{wang.name},2026-03-07 08:58", f"{wang.name},2026-03-07 17:35"]
    for d in (9, 10, 11, 12, 13):
        actions.do_add_shift(wang, day, dt.date(2026, 3, d), actor=pm)
        if d in (9, 10, 13):
            lines += [f"{wang.name},2026-03-{d:02d} 08:55", f"{wang.name},2026-03-{d:02d} 17:31"]
    LeaveRequest.objects.create(contract=c, person=wang,
                                starts=dt.datetime(2026, 3, 12, 9, tzinfo=TZ),
                                ends=dt.datetime(2026, 3, 12, 17, 30, tzinfo=TZ), reason="事假",
                                asked_at=dt.datetime(2026, 3, 11, 20, tzinfo=TZ), in_time=False)
    actions.do_import_attendance(c.pk, "\n".join(lines).encode(), "march.csv", actor=pm)
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31), actor=pm)
    got = {r.day.day: r.kind for r in AttendanceRecord.objects.filter(contract=c, person=wang)}
    assert got == {2: "present", 9: "present", 10: "present", 11: "compensatory_unreported",
                   12: "leave_unreported", 13: "present"}
    record = AttendanceRecord.objects.get(contract=c, kind="compensatory_unreported")
    saturday = sorted(Punch.objects.filter(person=wang, time__date=dt.date(2026, 3, 7))
                      .values_list("pk", flat=True))
    assert sorted(int(x) for x in record.evidence.split(",")) == saturday
    # derived again: the same (the Saturday is not taken twice)
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31), actor=pm)
    record = AttendanceRecord.objects.get(contract=c, kind="compensatory_unreported")
    assert sorted(int(x) for x in record.evidence.split(",")) == saturday
    # April, derived on its own: March's record already used the Saturday; a missed 1 April
    # shift is a plain absence
    actions.do_add_shift(wang, day, dt.date(2026, 4, 1), actor=pm)
    actions.do_derive_attendance(c.pk, dt.date(2026, 4, 1), dt.date(2026, 4, 30), actor=pm)
    assert AttendanceRecord.objects.get(contract=c, day=dt.date(2026, 4, 1)).kind == "absent"
    # the measures: its own, and time off not reported to the schemes' attendance measure
    start = dt.datetime(2026, 3, 1, tzinfo=TZ)
    end = dt.datetime(2026, 4, 1, tzinfo=TZ)
    [event] = measures.collect(c, ["staffing_unreported_lieu"], start, end)
    assert event.attrs == {"person": wang.name, "shift": "白班", "worked_on": "2026-03-07"}
    assert event.ref == f"staffing.attendancerecord:{record.pk}"
    kinds = sorted(e.attrs["kind"] for e in measures.collect(c, ["attendance"], start, end)
                   if e.time == dt.date(2026, 3, 11))
    assert kinds == ["leave_unreported"]
    assert "staffing_unreported_lieu" in measures.known()
    # shown on the person's page with its evidence, to those who see attendance
    client.force_login(users["agency_admin"])
    body = client.get(wang.get_absolute_url()).content.decode()
    assert 'id="in-lieu"' in body and "2026-03-07 08:58" in body and "2026-03-07 17:35" in body
    client.force_login(users["service_desk"])  # may see the person, not attendance
    assert 'id="in-lieu"' not in client.get(wang.get_absolute_url()).content.decode()
