"""When rounds fall due on the contract's calendar (China's 2026 arrangement, by hand)."""

from __future__ import annotations

import datetime as dt

from yunwei.inventory import schedule
from yunwei.worktime.china import china_calendar

CAL = china_calendar("09:00-17:30")
D = dt.date


def test_daily_rounds_only_on_working_days():
    # The State Council's 2026 notice: National Day 1-7 October off, 10 October (Saturday)
    # a make-up workday; 11 October is a Sunday.
    slots = schedule.slots("daily", D(2026, 9, 30), D(2026, 10, 12), CAL)
    assert [s.period_start for s in slots] == [D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9),
                                               D(2026, 10, 10), D(2026, 10, 12)]
    assert all(s.due == s.period_start for s in slots)


def test_daily_every_day_on_a_7x24_calendar():
    slots = schedule.slots("daily", D(2026, 10, 1), D(2026, 10, 3), CAL, every_day=True)
    assert [s.period_start for s in slots] == [D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3)]


def test_onsite_monthly_window_in_working_days():
    # October 2026: first working day is the 8th (holiday 1-7); the 5th working day counts
    # 8 (Thu), 9 (Fri), 10 (make-up Sat), 12, 13 -> due 13 October.
    slot = schedule.slot_for("onsite_monthly", D(2026, 10, 20), CAL, window_workdays=5)
    assert (slot.period_start, slot.period_end, slot.due) == (D(2026, 10, 1), D(2026, 10, 31),
                                                             D(2026, 10, 13))
    # March 2026: 2 March is Monday, the first working day; 7 working days -> 10 March.
    slot = schedule.slot_for("monthly", D(2026, 3, 5), CAL, window_workdays=7)
    assert slot.due == D(2026, 3, 10)


def test_weekly_round_due_on_the_windows_last_working_day():
    # the week of 28 September 2026: Mon 28 .. Sun 4 Oct (1-4 holiday); 3 working days:
    # 28, 29, 30 -> due 30 September.
    slot = schedule.slot_for("weekly", D(2026, 10, 2), CAL, window_workdays=3)
    assert (slot.period_start, slot.due) == (D(2026, 9, 28), D(2026, 9, 30))


def test_round_status():
    due = D(2026, 3, 10)
    assert schedule.round_status(due, D(2026, 3, 10), D(2026, 3, 31)) == "on_time"
    assert schedule.round_status(due, D(2026, 3, 11), D(2026, 3, 31)) == "late"
    assert schedule.round_status(due, None, D(2026, 3, 11)) == "missed"
    assert schedule.round_status(due, None, D(2026, 3, 10)) == "pending"


def test_completeness_counts():
    c = schedule.Completeness()
    for status in ["on_time", "on_time", "late", "missed", "pending"]:
        c.add(status)
    assert (c.due, c.done, c.on_time, c.late, c.missed, c.pending) == (5, 3, 2, 1, 1, 1)
    assert c.rate == 0.6
