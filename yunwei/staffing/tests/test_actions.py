"""Staffing actions: entry check, leave, replacement, roster, derivation, measures, views."""

import datetime as dt

import pytest

from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import AttendanceRecord, Person, RosterShift
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world):
    data = dict(world.a.staffing)
    data["world"] = world
    return data


def aware(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_entry_check_only_by_agency_admin(st):
    users = st["world"].a.users
    li = st["people"]["li"]
    for role in ("vendor_pm", "agency_liaison", "vendor_engineer"):
        with pytest.raises(Refused):
            actions.do_check_entry(li, actor=users[role], approve=True)
    actions.do_check_entry(li, actor=users["agency_admin"], approve=True, note="学历证书已核")
    li.refresh_from_db()
    assert li.entry_status == "approved" and "学历证书" in li.entry_note
    with pytest.raises(Refused):
        actions.do_check_entry(li, actor=users["agency_admin"], approve=False)


@pytest.mark.parametrize("ahead, emergency, accepted", [
    (dt.timedelta(hours=24), False, True),
    (dt.timedelta(hours=23, minutes=59), False, False),
    (dt.timedelta(hours=23, minutes=59), True, True),
    (-dt.timedelta(hours=2, minutes=1), True, False),
])
def test_leave_notice_boundaries(st, ahead, emergency, accepted):
    wang = st["people"]["wang"]
    engineer = st["world"].a.users["vendor_engineer"]
    starts = aware(2026, 4, 1, 9)
    call = dict(actor=engineer, starts=starts, ends=aware(2026, 4, 1, 17, 30), reason="事假",
                emergency=emergency, now=starts - ahead)
    if accepted:
        assert actions.do_request_leave(wang, **call).status == "pending"
    else:
        with pytest.raises(Refused):
            actions.do_request_leave(wang, **call)


def test_leave_only_for_oneself_and_decided_by_agency(st):
    users = st["world"].a.users
    li = st["people"]["li"]
    with pytest.raises(Refused):  # the engineer is Wang, not Li
        actions.do_request_leave(li, actor=users["vendor_engineer"], starts=aware(2026, 5, 6, 9),
                                 ends=aware(2026, 5, 6, 18), reason="x",
                                 now=aware(2026, 5, 1, 9))
    leave = actions.do_request_leave(li, actor=users["vendor_pm"], starts=aware(2026, 5, 6, 9),
                                     ends=aware(2026, 5, 6, 18), reason="x",
                                     now=aware(2026, 5, 1, 9))
    with pytest.raises(Refused):
        actions.do_decide_leave(leave, actor=users["vendor_pm"], approve=True)
    assert actions.do_decide_leave(leave, actor=users["agency_admin"],
                                   approve=True).status == "approved"


@pytest.mark.parametrize("days, with_notice", [(6, False), (7, True)])
def test_replacement_notice(st, days, with_notice):
    users = st["world"].a.users
    now = aware(2026, 6, 1, 10)
    r = actions.do_request_replacement(st["people"]["li"], st["people"]["wang"],
                                       actor=users["vendor_pm"],
                                       effective_on=dt.date(2026, 6, 1 + days), now=now)
    assert r.with_notice is with_notice


def test_replacement_checks_the_new_persons_qualifications(st):
    users = st["world"].a.users
    new = Person.objects.create(contract=st["world"].a.contract, name="新人")
    with pytest.raises(Refused, match="本科"):
        actions.do_request_replacement(st["people"]["li"], new, actor=users["vendor_pm"],
                                       effective_on=dt.date(2026, 7, 1))
    with pytest.raises(Refused):
        actions.do_request_replacement(st["people"]["li"], st["people"]["wang"],
                                       actor=users["vendor_pm"], emergency=True,
                                       effective_on=dt.date(2026, 7, 1))


def test_roster_generation_follows_the_calendar(st):
    """October 2026: 1-7 national holiday (7 days off), 9 Oct (Fri) and 10 Oct (Sat) worked
    (调休 per the 2026 arrangement as the calendar engine has it); the day shift needs one
    person per working day, the 7x24 night shift one a day plus one extra during 1-7 Oct."""
    from yunwei.calendars.provider import engine_for

    engine = engine_for("office", "09:00-17:30")
    workdays = [d for d in range(1, 32) if engine.is_workday(dt.date(2026, 10, d))]
    assert 1 not in workdays and 7 not in workdays  # holidays off
    c = st["world"].a.contract
    required = actions.required_headcount(c.pk, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    day, night = st["patterns"]["day"], st["patterns"]["night"]
    assert sorted(d.day for (d, _p, pat) in required if pat == day.pk) == workdays
    assert required[(dt.date(2026, 10, 1), night.post_id, night.pk)] == 2
    assert required[(dt.date(2026, 10, 8), night.post_id, night.pk)] == 1
    # only Wang is approved: he is on both posts, never on two shifts at once
    added = actions.do_generate_roster(c.pk, 2026, 10, actor=st["world"].a.users["vendor_pm"])
    shifts = list(RosterShift.objects.filter(contract=c, day__month=10).order_by("starts"))
    assert added == len(shifts) > 0
    by_person = {}
    for s in shifts:
        by_person.setdefault(s.person_id, []).append(s)
    for mine in by_person.values():
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                assert a.ends <= b.starts or b.ends <= a.starts, (a, b)
    rows = actions.coverage(c.pk, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert sum(r.shortfall for r in rows) > 0  # one person cannot cover two posts
    # generating again adds nothing
    assert actions.do_generate_roster(c.pk, 2026, 10, actor=None) == 0


def test_add_shift_refusals(st):
    users = st["world"].a.users
    wang, li = st["people"]["wang"], st["people"]["li"]
    night = st["patterns"]["night"]
    with pytest.raises(Refused):  # Li is not on the desk post
        actions.do_add_shift(li, night, dt.date(2026, 3, 2), actor=users["vendor_pm"])
    with pytest.raises(Refused):
        actions.do_add_shift(wang, night, dt.date(2026, 3, 2), actor=users["agency_admin"])
    # Wang works the day shift of 3-2 (fixture); the night 20:00-08:00 follows it: allowed
    actions.do_add_shift(wang, night, dt.date(2026, 3, 2), actor=users["vendor_pm"])
    with pytest.raises(Refused):  # the night of 3-1 runs into 3-2 08:00; a day shift of 3-1?
        actions.do_add_shift(wang, st["patterns"]["day"], dt.date(2026, 3, 2),
                             actor=users["vendor_pm"])


def test_derivation_from_punches(st):
    c = st["world"].a.contract
    wang = st["people"]["wang"]
    day = st["patterns"]["day"]
    pm = st["world"].a.users["vendor_pm"]
    for d in (4, 5, 6):
        actions.do_add_shift(wang, day, dt.date(2026, 3, d), actor=pm)
    night = actions.do_add_shift(wang, st["patterns"]["night"], dt.date(2026, 3, 9), actor=pm)
    csv = ("姓名,打卡时间\n"
           f"{wang.name},2026-03-04 10:01\n{wang.name},2026-03-04 17:30\n"   # late 61
           f"{wang.name},2026-03-05 08:59\n{wang.name},2026-03-05 15:30\n"   # early 120
           f"{wang.name},2026-03-09 19:58\n{wang.name},2026-03-10 08:01\n")  # night, present
    actions.do_import_attendance(c.pk, csv.encode(), "march.csv", actor=pm)
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31), actor=pm)
    got = {(r.day.day, r.kind, r.minutes) for r in AttendanceRecord.objects.filter(
        contract=c, person=wang)}
    assert got == {(2, "present", 0), (4, "late", 61), (5, "early", 120), (6, "absent", 0),
                   (9, "present", 0)}
    rec = AttendanceRecord.objects.get(contract=c, shift=night)
    assert len(rec.evidence.split(",")) == 2
    # a hand correction wins over derivation and is audited
    from yunwei.core.models import AuditEvent

    absent = AttendanceRecord.objects.get(contract=c, person=wang, day=dt.date(2026, 3, 6))
    AttendanceRecord.objects.create(contract=c, person=wang, day=absent.day, shift=absent.shift,
                                    kind="leave", derived=False, note="补批病假")
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31), actor=pm)
    kinds = list(AttendanceRecord.objects.filter(contract=c, person=wang,
                                                 day=dt.date(2026, 3, 6)).values_list("kind",
                                                                                       flat=True))
    assert kinds == ["leave"]
    assert AuditEvent.objects.filter(object_type="staffing.attendancerecord").exists()


def test_unchecked_entry_and_replacement_violations_feed_the_measure(st):
    from yunwei.core import measures

    c = st["world"].a.contract
    li = st["people"]["li"]  # never approved
    actions.do_import_attendance(c.pk, f"姓名,打卡时间\n{li.name},2026-03-11 09:00\n".encode(),
                                 "li.csv", actor=None)
    actions.do_request_replacement(li, st["people"]["wang"], actor=None,
                                   effective_on=dt.date(2026, 3, 20),
                                   now=aware(2026, 3, 15, 9))  # 5 days' notice
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    events = measures.collect(c, ["attendance"], aware(2026, 3, 1), aware(2026, 4, 1))
    kinds = sorted((e.attrs["kind"], e.attrs["person"]) for e in events)
    assert ("unchecked_entry", li.name) in kinds
    assert ("replaced_without_notice", li.name) in kinds
    assert all(e.ref.startswith("staffing.attendancerecord:") for e in events)
    # the evidence label names the kind in words (the score page showed "… 李娜 late")
    assert f"2026-03-11 {li.name} 未经入场核验上岗" in {e.label for e in events}
    values = measures.collect(c, ["staffing_coverage", "staffing_shortfall"],
                              aware(2026, 3, 1), aware(2026, 4, 1))
    assert any(getattr(v, "period", None) == "2026-03" for v in values)


def test_personal_data_masked_except_for_agency_admin_and_vendor_pm(st, client):
    wang = st["people"]["wang"]
    users = st["world"].a.users
    for role, visible in (("agency_admin", True), ("vendor_pm", True), ("supervisor", False),
                          ("vendor_engineer", False), ("expert", False),
                          ("service_desk", False)):
        client.force_login(users[role])
        body = client.get(wang.get_absolute_url()).content.decode()
        assert ("13800001111" in body) is visible, role
        assert ("110101199001011234" in body) is visible, role
        if not visible:
            assert "138****1111" in body


def test_ical_feed(st, client):
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], tomorrow, actor=None)
    client.force_login(st["world"].a.users["vendor_engineer"])
    response = client.get(f"/staffing/people/{st['people']['wang'].pk}/shifts.ics")
    assert response.status_code == 200
    import icalendar

    cal = icalendar.Calendar.from_ical(response.content)
    events = [e for e in cal.walk("VEVENT")]
    assert events and "白班" in str(events[0]["summary"])


def test_imported_lateness_runs_through_the_prison_scheme(st):
    """Punches late by 59/60/61/119/120/121 minutes, derived and collected through the
    registry, land in the prison scheme's bands as its YAML reads (by hand: under 60 short,
    60 to 120 pending, above 120 long)."""
    from decimal import Decimal

    from yunwei.core import measures
    from yunwei.scoring.engine import Contract, assess, make_periods, template

    c = st["world"].a.contract
    wang = st["people"]["wang"]
    pm = st["world"].a.users["vendor_pm"]
    day_pattern = st["patterns"]["day"]
    lateness = {dt.date(2026, 4, 6): 59, dt.date(2026, 4, 7): 60, dt.date(2026, 4, 8): 61,
                dt.date(2026, 4, 9): 119, dt.date(2026, 4, 10): 120, dt.date(2026, 4, 13): 121}
    lines = ["姓名,打卡时间"]
    for day, late in lateness.items():
        actions.do_add_shift(wang, day_pattern, day, actor=pm)
        arrive = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=late)
        lines += [f"{wang.name},{arrive:%Y-%m-%d %H:%M}", f"{wang.name},{day} 17:30"]
    actions.do_import_attendance(c.pk, "\n".join(lines).encode(), "april.csv", actor=pm)
    actions.do_derive_attendance(c.pk, dt.date(2026, 4, 1), dt.date(2026, 4, 30), actor=pm)
    events = measures.collect(c, ["attendance"], aware(2026, 4, 1), aware(2026, 5, 1))
    late = sorted((e.time, e.attrs["minutes"]) for e in events if e.attrs["kind"] == "late")
    assert late == sorted(lateness.items())
    scheme = template("prison-2025")
    periods = make_periods(dt.date(2026, 1, 1), dt.date(2026, 12, 31), scheme.periods)
    result = assess(scheme, Contract(Decimal("1000000"), dt.date(2026, 1, 1),
                                     dt.date(2026, 12, 31)), periods,
                    [e for e in events if e.attrs["kind"] == "late"])
    codes = {}
    for period in result.periods:
        for line in period.lines:
            if line.rule == "P-LATE":
                codes[line.when] = line.code
    assert codes == {dt.date(2026, 4, 6): "P-LATE-SHORT", dt.date(2026, 4, 7): "P-LATE-UNCLEAR",
                     dt.date(2026, 4, 8): "P-LATE-UNCLEAR", dt.date(2026, 4, 9): "P-LATE-UNCLEAR",
                     dt.date(2026, 4, 10): "P-LATE-UNCLEAR", dt.date(2026, 4, 13): "P-LATE-LONG"}


def test_coverage_counts_each_person_once(st):
    """Two people on one day shift: Wang late and early (two records), Li present: the shift
    needs 1 (the pattern's headcount), has 2 rostered and 2 attended."""
    c = st["world"].a.contract
    wang, li = st["people"]["wang"], st["people"]["li"]
    day = st["patterns"]["day"]
    d = dt.date(2026, 3, 16)
    actions.do_add_shift(wang, day, d, actor=None)
    actions.do_add_shift(li, day, d, actor=None)
    csv = (f"姓名,打卡时间\n{wang.name},2026-03-16 09:10\n{wang.name},2026-03-16 17:00\n"
           f"{li.name},2026-03-16 08:50\n{li.name},2026-03-16 17:45\n")
    actions.do_import_attendance(c.pk, csv.encode(), "m.csv", actor=None)
    actions.do_derive_attendance(c.pk, d, d)
    kinds = sorted(AttendanceRecord.objects.filter(contract=c, day=d).exclude(
        kind="unchecked_entry").values_list("kind", flat=True))
    assert kinds == ["early", "late", "present"]
    [row] = [r for r in actions.coverage(c.pk, d, d) if r.pattern == day.pk]
    assert (row.required, row.rostered, row.attended) == (1, 2, 2)


def test_api_masks_personal_data_and_is_read_only(st, client):
    users = st["world"].a.users
    wang = st["people"]["wang"]
    client.force_login(users["supervisor"])
    rows = {r["id"]: r for r in client.get("/api/staff/").json()["results"]}
    assert rows[wang.pk]["phone"] == "138****1111"
    assert rows[wang.pk]["id_number"] == "110101********1234"
    client.force_login(users["vendor_pm"])
    assert client.get(f"/api/staff/{wang.pk}/").json()["phone"] == "13800001111"
    # writes go through do_add_person (test_people_corrections): an empty body names its field
    empty = client.post("/api/staff/", {})
    assert empty.status_code == 400 and empty.json()["field"] == "contract"
    got = client.get(f"/api/attendance/?contract={st['world'].a.contract.pk}").json()
    assert got["count"] >= 1


def test_swap_shifts(st):
    users = st["world"].a.users
    wang, li = st["people"]["wang"], st["people"]["li"]
    day, night = st["patterns"]["day"], st["patterns"]["night"]
    a = actions.do_add_shift(wang, night, dt.date(2026, 5, 4), actor=None)
    b = actions.do_add_shift(li, day, dt.date(2026, 5, 5), actor=None)
    with pytest.raises(Refused):  # Li does not hold the desk post of the night shift
        actions.do_swap_shifts(a, b, actor=users["vendor_pm"])
    c = actions.do_add_shift(wang, day, dt.date(2026, 5, 6), actor=None)
    with pytest.raises(Refused):
        actions.do_swap_shifts(b, c, actor=users["agency_admin"])
    actions.do_swap_shifts(b, c, actor=users["vendor_pm"])
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.person_id, c.person_id) == (wang.pk, li.pk)
