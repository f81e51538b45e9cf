"""The pure rules, against hand-made tables."""

from __future__ import annotations

import datetime as dt

import pytest

from yunwei.operations import rules

TZ = dt.timezone(dt.timedelta(hours=8))


def t(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(("day", "period", "start", "nxt"), [
    (dt.date(2026, 3, 31), "month", dt.date(2026, 3, 1), dt.date(2026, 4, 1)),
    (dt.date(2026, 3, 31), "quarter", dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
    (dt.date(2026, 4, 1), "quarter", dt.date(2026, 4, 1), dt.date(2026, 7, 1)),
    (dt.date(2026, 12, 31), "quarter", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    (dt.date(2026, 6, 30), "half", dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
    (dt.date(2026, 7, 1), "half", dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
    (dt.date(2026, 12, 31), "year", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    (dt.date(2026, 12, 31), "month", dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
])
def test_periods(day, period, start, nxt):
    assert rules.period_start(day, period) == start
    assert rules.next_period(start, period) == nxt


def test_count_per_quarter_with_last_day_and_minimum():
    items = [(dt.date(2026, 3, 31), "q1-last-day"), (dt.date(2026, 4, 1), "q2-first-day"),
             (dt.date(2026, 2, 1), "q1")]
    counts = rules.count_per_period(items, "quarter", dt.date(2026, 1, 1),
                                    dt.date(2026, 6, 30), minimum=2)
    assert [(c.start, c.count, c.shortfall) for c in counts] == [
        (dt.date(2026, 1, 1), 2, 0), (dt.date(2026, 4, 1), 1, 1)]
    assert counts[0].items == ("q1", "q1-last-day")


def test_fifth_drill_is_beyond_a_maximum_of_four():
    items = [(dt.date(2026, m, 10), f"drill-{m}") for m in (9, 2, 5, 11, 7)]
    [year] = rules.count_per_period(items, "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                    maximum=4)
    assert year.count == 5
    assert year.over == ("drill-11",)  # the fifth in time order, whatever the input order
    assert year.excess == 1


def test_four_drills_are_within_the_maximum():
    items = [(dt.date(2026, m, 10), m) for m in (1, 2, 3, 4)]
    [year] = rules.count_per_period(items, "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                    maximum=4)
    assert (year.count, year.excess, year.over) == (4, 0, ())


@pytest.mark.parametrize(("done", "late"), [
    (t(1, 1, 20, 59), 0), (t(1, 1, 21, 0), 0), (t(1, 1, 21, 1), 60), (None, 0)])
def test_late_by(done, late):
    assert rules.late_by(t(1, 1, 21, 0), done) == late


def test_deadline_in_calendar_hours_and_on_a_clock():
    assert rules.deadline_after(t(1, 1, 9), 12) == t(1, 1, 21)
    assert rules.deadline_after(t(1, 1, 9), 1.5) == t(1, 1, 10, 30)

    class Clock:
        def add(self, start, seconds):
            return ("clock", start, seconds)

    assert rules.deadline_after(t(1, 1, 9), 2, Clock()) == ("clock", t(1, 1, 9), 7200)


def _past(ref, when, items=(), cause=""):
    return rules.PastAccident(ref, when, frozenset(items), cause)


@pytest.mark.parametrize(("earlier", "window", "expected"), [
    ([_past(1, t(3, 1), items=[7])], 30, 1),           # same item, 30 days before: repeat
    ([_past(1, t(2, 28, 8, 59), items=[7])], 30, None),  # 30 days and a minute: not
    ([_past(1, t(3, 1), items=[8])], 30, None),        # another item, no cause
    ([_past(1, t(3, 10), items=[8], cause="端口故障")], 30, 1),  # same cause
    ([_past(1, t(3, 10), items=[8], cause="")], 30, None),       # empty cause never matches
    ([_past(1, t(3, 10), items=[7])], 0, None),        # no window: no repeat rule
    ([_past(1, t(3, 5), items=[7]), _past(2, t(3, 20), items=[7])], 30, 2),  # the latest
])
def test_repeat(earlier, window, expected):
    found = rules.repeat_of(t(3, 31), [7], "端口故障 " if expected == 1 and earlier[0].cause
                            else "", earlier, window)
    assert (found.ref if found else None) == expected


@pytest.mark.parametrize(("work", "outside"), [
    ((t(1, 1, 20), t(1, 1, 22)), False),
    ((t(1, 1, 20), t(1, 1, 23, 1)), True),
    ((t(1, 1, 19, 59), t(1, 1, 21)), True),
    ((None, None), False),
])
def test_outside_window(work, outside):
    assert rules.outside_window(t(1, 1, 20), t(1, 1, 23), *work) is outside


def test_no_window_means_outside():
    assert rules.outside_window(None, None, t(1, 1, 20), None)
