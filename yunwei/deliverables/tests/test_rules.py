"""Pure rules: periods, due dates and review windows across holidays and 调休 make-up
workdays. Expected dates are counted by hand from the State Council's published arrangements
(2025: 国庆 10-01..10-08, make-up 09-28 and 10-11; 2026: 元旦 01-01..01-03, make-up 01-04;
春节 02-15..02-23, make-up 02-14 and 02-28; 劳动节 05-01..05-05, make-up 05-09; 中秋 09-25..27;
国庆 10-01..10-07, make-up 09-20 and 10-10)."""

from __future__ import annotations

import datetime as dt

import pytest

from yunwei.deliverables import rules
from yunwei.worktime import WorkCalendar

D = dt.date

HOLIDAYS = {d: "假" for d in [
    D(2025, 1, 1), *[D(2025, 10, i) for i in range(1, 9)],
    D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), *[D(2026, 2, i) for i in range(15, 24)],
    *[D(2026, 5, i) for i in range(1, 6)], D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27),
    *[D(2026, 10, i) for i in range(1, 8)]]}
MAKEUP = {d: "班" for d in [D(2025, 9, 28), D(2025, 10, 11), D(2026, 1, 4), D(2026, 2, 14),
                            D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]}


@pytest.fixture(scope="module")
def cal():
    """A calendar built from the hand table above (independent of the package's data)."""
    return WorkCalendar("09:00-17:30", HOLIDAYS, MAKEUP, known_years=[2025, 2026])


@pytest.mark.parametrize(("period_end", "workdays", "expected", "why"), [
    (D(2026, 9, 30), 5, D(2026, 10, 13), "September report: 国庆 off, Sat 10-10 worked"),
    (D(2025, 9, 30), 5, D(2025, 10, 14), "2025: 8 days off, Sat 10-11 worked"),
    (D(2026, 8, 31), 5, D(2026, 9, 7), "plain weekend"),
    (D(2026, 9, 18), 1, D(2026, 9, 20), "Sunday 09-20 is a make-up workday"),
    (D(2026, 9, 18), 2, D(2026, 9, 21), "then Monday"),
    (D(2026, 9, 24), 1, D(2026, 9, 28), "中秋 Fri-Sun off"),
    (D(2026, 1, 31), 5, D(2026, 2, 6), "January report before 春节"),
    (D(2026, 1, 31), 11, D(2026, 2, 14), "Saturday 02-14 is worked"),
    (D(2026, 1, 31), 12, D(2026, 2, 24), "then nine days of 春节"),
    (D(2026, 2, 28), 5, D(2026, 3, 6), "period ends on a make-up Saturday: counted after it"),
    (D(2026, 9, 30), 10, D(2026, 10, 20), "Q3 report, 10 working days"),
    (D(2025, 12, 31), 5, D(2026, 1, 8), "annual report: 元旦 off, Sunday 01-04 worked"),
    (D(2026, 6, 30), 0, D(2026, 6, 30), "due on the period's last day"),
])
def test_due_dates_across_holidays_and_makeup_days(cal, period_end, workdays, expected, why):
    assert rules.due_date(cal, period_end, workdays)[0] == expected, why


@pytest.mark.parametrize(("submitted", "window", "last_day", "deemed_at"), [
    (D(2026, 4, 30), 3, D(2026, 5, 8), dt.datetime(2026, 5, 9, tzinfo=rules.TZ)),
    (D(2026, 4, 30), 4, D(2026, 5, 9), dt.datetime(2026, 5, 10, tzinfo=rules.TZ)),
    (D(2026, 9, 30), 1, D(2026, 10, 8), dt.datetime(2026, 10, 9, tzinfo=rules.TZ)),
    (D(2026, 10, 9), 1, D(2026, 10, 10), dt.datetime(2026, 10, 11, tzinfo=rules.TZ)),
    (D(2026, 11, 27), 10, D(2026, 12, 11), dt.datetime(2026, 12, 12, tzinfo=rules.TZ)),
])
def test_review_windows_and_deemed_approval_instants(cal, submitted, window, last_day,
                                                    deemed_at):
    end = rules.window_end(cal, submitted, window)
    assert end == last_day
    assert rules.end_of_day(end) == deemed_at


def test_unconfirmed_year_is_flagged(cal):
    _, flags = rules.due_date(cal, D(2027, 1, 31), 5)
    assert flags and "2027" in flags[0]


@pytest.mark.parametrize(("frequency", "start", "end", "fixed", "expected"), [
    ("monthly", D(2026, 1, 1), D(2026, 3, 31), None,
     [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28)),
      (D(2026, 3, 1), D(2026, 3, 31))]),
    ("monthly", D(2026, 1, 15), D(2026, 2, 10), None,
     [(D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 10))]),
    ("quarterly", D(2026, 2, 15), D(2026, 8, 10), None,
     [(D(2026, 2, 15), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30)),
      (D(2026, 7, 1), D(2026, 8, 10))]),
    ("quarterly", D(2025, 11, 1), D(2026, 1, 31), None,
     [(D(2025, 11, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 1, 31))]),
    ("annual", D(2025, 7, 1), D(2026, 6, 30), None,
     [(D(2025, 7, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 6, 30))]),
    ("once", D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 15), [(D(2026, 1, 1), D(2026, 12, 15))]),
    ("once", D(2026, 1, 1), D(2026, 12, 31), None, [(D(2026, 1, 1), D(2026, 12, 31))]),
    ("monthly", D(2026, 2, 1), D(2026, 1, 1), None, []),
])
def test_periods(frequency, start, end, fixed, expected):
    assert rules.periods(frequency, start, end, fixed) == expected


@pytest.mark.parametrize(("status", "action", "expected"), [
    ("due", "submit", "submitted"), ("late", "submit", "submitted"),
    ("missing", "submit", "submitted"), ("returned", "submit", "resubmitted"),
    ("submitted", "approve", "approved"), ("resubmitted", "approve", "approved"),
    ("submitted", "return", "returned"), ("resubmitted", "return", "returned"),
    ("submitted", "deem", "deemed_approved"), ("due", "mark_late", "late"),
    ("late", "mark_missing", "missing"),
])
def test_allowed_steps(status, action, expected):
    assert rules.step(status, action) == expected


@pytest.mark.parametrize(("status", "action"), [
    ("due", "approve"), ("approved", "submit"), ("approved", "return"),
    ("deemed_approved", "submit"), ("returned", "approve"), ("submitted", "submit"),
    ("approved", "deem"), ("returned", "deem"), ("submitted", "mark_late"),
])
def test_refused_steps(status, action):
    with pytest.raises(rules.RuleError) as info:
        rules.step(status, action)
    assert "不允许" in info.value.zh


@pytest.mark.parametrize(("status", "today", "expected"), [
    ("due", D(2026, 10, 13), None),  # on the due date: still due
    ("due", D(2026, 10, 14), "late"),
    ("late", D(2026, 11, 9), None),
    ("late", D(2026, 11, 10), "missing"),
    ("due", D(2026, 11, 10), "missing"),
    ("submitted", D(2026, 12, 1), None),
])
def test_overdue_status(status, today, expected):
    assert rules.overdue_status(status, today, D(2026, 10, 13), D(2026, 11, 10)) == expected
