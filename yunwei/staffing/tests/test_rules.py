"""Table tests of the pure staffing rules (expected answers written by hand)."""

import datetime as dt

import pytest

from yunwei.staffing import rules
from yunwei.worktime import WorkCalendar

D = dt.date(2026, 3, 2)  # a Monday
T = dt.datetime


def at(h: int, m: int = 0, day: dt.date = D) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(h, m))


@pytest.mark.parametrize("arrived, kind, minutes", [
    (at(9, 0), "present", 0),
    (at(9, 59), "late", 59),
    (at(10, 0), "late", 60),
    (at(10, 1), "late", 61),
    (at(10, 59), "late", 119),
    (at(11, 0), "late", 120),
    (at(11, 1), "late", 121),
])
def test_late_by_minutes(arrived, kind, minutes):
    out = rules.judge_shift(at(9), at(17, 30), [(arrived, 1), (at(17, 30), 2)])
    assert [(o.kind, o.minutes) for o in out] == [(kind, minutes)]


def test_late_seconds_round_down():
    out = rules.judge_shift(at(9), at(17), [(at(9, 0) + dt.timedelta(seconds=59), 1),
                                            (at(17), 2)])
    assert [o.kind for o in out] == ["present"]


@pytest.mark.parametrize("left, minutes", [(at(16, 31), 59), (at(16, 30), 60), (at(15, 29), 121)])
def test_early_by_minutes(left, minutes):
    out = rules.judge_shift(at(9), at(17, 30), [(at(8, 50), 1), (left, 2)])
    assert [(o.kind, o.minutes) for o in out] == [("early", minutes)]


def test_late_and_early_both_recorded():
    out = rules.judge_shift(at(9), at(17, 30), [(at(9, 30), 1), (at(17), 2)])
    assert [(o.kind, o.minutes) for o in out] == [("late", 30), ("early", 30)]


def test_no_punch_is_absent_and_one_punch_is_absent_too():
    assert [o.kind for o in rules.judge_shift(at(9), at(17), [])] == ["absent"]
    out = rules.judge_shift(at(9), at(17), [(at(8, 55), 7)])
    assert [(o.kind, o.evidence) for o in out] == [("absent", (7,))]


def test_night_shift_across_midnight():
    start, end = rules.shift_bounds(D, dt.time(20), dt.time(8))
    assert (start, end) == (at(20), at(8, day=D + dt.timedelta(days=1)))
    punches = [(at(19, 55), 1), (at(8, 2, D + dt.timedelta(days=1)), 2)]
    assert [o.kind for o in rules.judge_shift(start, end, punches)] == ["present"]
    early = [(at(20, 10), 1), (at(7, 0, D + dt.timedelta(days=1)), 2)]
    assert [(o.kind, o.minutes) for o in rules.judge_shift(start, end, early)] == [
        ("late", 10), ("early", 60)]


def test_punches_of_another_day_do_not_count():
    out = rules.judge_shift(at(9), at(17), [(at(9, day=D - dt.timedelta(days=1)), 1),
                                            (at(17, day=D - dt.timedelta(days=1)), 2)])
    assert [o.kind for o in out] == ["absent"]


def test_leave():
    full = rules.Leave(at(0), at(23, 59), approved=True, in_time=True)
    assert [o.kind for o in rules.judge_shift(at(9), at(17), [], [full])] == ["leave"]
    pending = rules.Leave(at(0), at(23, 59), approved=False, in_time=True)
    assert [o.kind for o in rules.judge_shift(at(9), at(17), [], [pending])] == [
        "leave_unreported"]
    morning = rules.Leave(at(9), at(12), approved=True, in_time=True)
    out = rules.judge_shift(at(9), at(17), [(at(12, 5), 1), (at(17), 2)], [morning])
    assert [(o.kind, o.minutes) for o in out] == [("late", 5)]


@pytest.mark.parametrize("ahead, emergency, ok", [
    (dt.timedelta(hours=24), False, True),
    (dt.timedelta(hours=23, minutes=59), False, False),
    (dt.timedelta(hours=23, minutes=59), True, True),
    (-dt.timedelta(hours=2), True, True),
    (-dt.timedelta(hours=2, minutes=1), True, False),
])
def test_leave_notice(ahead, emergency, ok):
    starts = at(9)
    assert rules.leave_in_time(starts - ahead, starts, 24, emergency, 2) is ok


@pytest.mark.parametrize("days, ok", [(6, False), (7, True), (8, True)])
def test_replacement_notice(days, ok):
    assert rules.notice_ok(D, D + dt.timedelta(days=days), 7) is ok


def test_workdays_follow_holidays_and_makeup_days():
    # 2026-10-01 (Thu) is a holiday; 2026-10-10 (Sat) a make-up workday (hand-written here)
    cal = WorkCalendar("09:00-17:30", holidays={dt.date(2026, 10, 1): "国庆"},
                       workdays={dt.date(2026, 10, 10): "国庆调休"}, known_years=[2026])
    table = {dt.date(2026, 10, 1): False, dt.date(2026, 10, 9): True,
             dt.date(2026, 10, 10): True, dt.date(2026, 10, 11): False}
    for day, worked in table.items():
        assert rules.shift_applies("workdays", day, cal.is_workday(day)) is worked
        assert rules.shift_applies("daily", day, cal.is_workday(day)) is True


def test_coverage_and_ratio():
    req = {(D, "p", "day"): 2, (D, "p", "night"): 1}
    got = {(D, "p", "day"): 1, (D, "p", "night"): 1}
    att = {(D, "p", "day"): 1}
    rows = rules.coverage(req, got, att)
    assert [(r.pattern, r.shortfall, r.missing) for r in rows] == [("day", 1, 1),
                                                                    ("night", 0, 1)]
    assert rules.coverage_ratio(rows) == pytest.approx(1 / 3)
    assert rules.coverage_ratio([]) is None
