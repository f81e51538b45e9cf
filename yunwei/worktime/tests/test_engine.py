"""The working-time engine against a minute-by-minute oracle, plus holiday edge tables."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yunwei.worktime import CalendarError, WorkCalendar, parse_duration, parse_hours
from yunwei.worktime.china import china_calendar, package_arrangement

from .oracle import Oracle

TZ = dt.timezone(dt.timedelta(hours=8))
PATTERNS = ["09:00-17:30", "08:00-12:00,13:00-17:00", "08:30-12:00,13:30-18:00", "00:00-24:00",
            "22:00-24:00", "09:00-10:00"]


@cache
def calendar(pattern: str | None) -> WorkCalendar:
    return china_calendar(pattern)


@cache
def oracle(pattern: str | None) -> Oracle:
    holidays, workdays, _ = package_arrangement()
    return Oracle(parse_hours(pattern) if pattern else None, holidays, workdays,
                  always=pattern is None)


def naive(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=None)


MAKEUP_DAYS = sorted(d for d in package_arrangement()[1] if 2024 <= d.year <= 2026)
minutes_2024_2026 = st.integers(0, (dt.date(2026, 12, 20) - dt.date(2024, 1, 1)).days * 1440)
near_makeup = st.builds(
    lambda day, offset: (dt.datetime.combine(day, dt.time()) - dt.datetime(2024, 1, 1))
    // dt.timedelta(minutes=1) + offset,
    st.sampled_from(MAKEUP_DAYS), st.integers(-3 * 1440, 2 * 1440),
)
starts = st.one_of(minutes_2024_2026, near_makeup).map(
    lambda m: dt.datetime(2024, 1, 1, tzinfo=TZ) + dt.timedelta(minutes=m))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=starts, minutes=st.integers(1, 3000), pattern=st.sampled_from(PATTERNS))
def test_add_matches_oracle(start, minutes, pattern):
    got = calendar(pattern).add(start, minutes * 60)
    expected = oracle(pattern).add(naive(start), minutes)
    assert naive(got) == expected


@settings(max_examples=60, deadline=None)
@given(start=starts, minutes=st.integers(1, 6000))
def test_add_matches_oracle_7x24(start, minutes):
    assert naive(calendar(None).add(start, minutes * 60)) == oracle(None).add(naive(start), minutes)


pause_lists = st.lists(st.tuples(st.integers(-600, 4000), st.integers(0, 3000)), max_size=3)


@settings(max_examples=100, deadline=None)
@given(start=starts, minutes=st.integers(1, 2000), pattern=st.sampled_from(PATTERNS[:3]),
       raw_pauses=pause_lists)
def test_add_with_pauses_matches_oracle(start, minutes, pattern, raw_pauses):
    pauses = [(start + dt.timedelta(minutes=a), start + dt.timedelta(minutes=a + n))
              for a, n in raw_pauses]
    got = calendar(pattern).add(start, minutes * 60, pauses)
    expected = oracle(pattern).add(naive(start), minutes,
                                   [(naive(a), naive(b)) for a, b in pauses])
    assert naive(got) == expected


@settings(max_examples=100, deadline=None)
@given(start=starts, span=st.integers(0, 12000), pattern=st.sampled_from(PATTERNS[:3]),
       raw_pauses=pause_lists)
def test_elapsed_matches_oracle(start, span, pattern, raw_pauses):
    end = start + dt.timedelta(minutes=span)
    pauses = [(start + dt.timedelta(minutes=a), start + dt.timedelta(minutes=a + n))
              for a, n in raw_pauses]
    got = calendar(pattern).elapsed(start, end, pauses)
    assert got == oracle(pattern).elapsed(naive(start), naive(end),
                                          [(naive(a), naive(b)) for a, b in pauses])


@settings(max_examples=100, deadline=None)
@given(start=starts, minutes=st.integers(1, 5000), pattern=st.sampled_from(PATTERNS[:3]))
def test_add_and_elapsed_are_inverse(start, minutes, pattern):
    cal = calendar(pattern)
    end = cal.add(start, minutes * 60)
    assert cal.elapsed(start, end) == minutes * 60


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 1)), n=st.integers(0, 40))
def test_add_workdays_matches_counting(day, n):
    cal = calendar("09:00-17:30")
    got = cal.add_workdays(day, n)
    d, left = day, n
    while left:
        d += dt.timedelta(days=1)
        left -= cal.is_workday(d)
    assert got == d


def test_batch_matches_single_calls():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(7)
    cal = calendar("08:00-12:00,13:00-17:00")
    base = int(dt.datetime(2025, 1, 1, tzinfo=TZ).timestamp())
    starts_utc = base + rng.integers(0, 730 * 86400, 5000)
    durations = rng.integers(0, 40 * 3600, 5000)
    batch = cal.add_batch(starts_utc, durations)
    for s, d, b in zip(starts_utc[:2000], durations[:2000], batch[:2000], strict=True):
        single = cal.add(dt.datetime.fromtimestamp(int(s), TZ), int(d))
        assert int(single.timestamp()) == int(b)


# -- table tests at the holiday edges of 2025 and 2026 ---------------------------------------
T = dt.datetime
EDGES = [
    # Make-up Sunday before National Day 2025 (the example)
    ("09:00-17:30", T(2025, 9, 26, 15, 0), "8h", T(2025, 9, 28, 14, 30)),
    # National Day + Mid-Autumn 2025: 10-01..10-08 off, 10-11 (Sat) worked
    ("09:00-17:30", T(2025, 9, 30, 16, 10), "8h", T(2025, 10, 9, 15, 40)),
    ("09:00-17:30", T(2025, 10, 10, 17, 0), "1h", T(2025, 10, 11, 9, 30)),
    # Spring Festival 2025: 01-28..02-04 off; 01-26 (Sun) and 02-08 (Sat) worked
    ("09:00-17:30", T(2025, 1, 24, 17, 0), "1h", T(2025, 1, 26, 9, 30)),
    ("09:00-17:30", T(2025, 1, 27, 12, 0), "8h", T(2025, 2, 5, 11, 30)),
    ("09:00-17:30", T(2025, 2, 7, 17, 0), "1h", T(2025, 2, 8, 9, 30)),
    # Labour Day 2025: 05-01..05-05 off; 04-27 (Sun) worked
    ("09:00-17:30", T(2025, 4, 25, 17, 30), "30m", T(2025, 4, 27, 9, 30)),
    ("09:00-17:30", T(2025, 4, 30, 17, 0), "1h", T(2025, 5, 6, 9, 30)),
    # Spring Festival 2026: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) worked
    ("09:00-17:30", T(2026, 2, 13, 17, 0), "1h", T(2026, 2, 14, 9, 30)),
    ("09:00-17:30", T(2026, 2, 14, 17, 0), "1h", T(2026, 2, 24, 9, 30)),
    # Labour Day 2026: 05-01..05-05 off; 05-09 (Sat) worked
    ("09:00-17:30", T(2026, 4, 30, 17, 0), "1h", T(2026, 5, 6, 9, 30)),
    ("09:00-17:30", T(2026, 5, 8, 17, 0), "1h", T(2026, 5, 9, 9, 30)),
    # National Day 2026: 10-01..10-07 off; 09-20 (Sun) and 10-10 (Sat) worked
    ("09:00-17:30", T(2026, 9, 18, 17, 0), "1h", T(2026, 9, 20, 9, 30)),
    ("09:00-17:30", T(2026, 9, 30, 17, 0), "1h", T(2026, 10, 8, 9, 30)),
    # End of a working period is that end (Friday 09:30 + 8 h = Friday 17:30)
    ("09:00-17:30", T(2026, 11, 20, 9, 30), "8h", T(2026, 11, 20, 17, 30)),
    ("08:00-12:00,13:00-17:00", T(2026, 11, 20, 8, 0), "4h", T(2026, 11, 20, 12, 0)),
    ("08:00-12:00,13:00-17:00", T(2026, 11, 20, 12, 30), "1h", T(2026, 11, 20, 14, 0)),
    # 7x24 ignores holidays
    (None, T(2025, 10, 1, 20, 0), "8h", T(2025, 10, 2, 4, 0)),
]


@pytest.mark.parametrize(("pattern", "start", "duration", "expected"), EDGES)
def test_holiday_edges(pattern, start, duration, expected):
    cal = calendar(pattern)
    got = cal.add(start.replace(tzinfo=TZ), parse_duration(duration, cal.standard_day_seconds))
    assert naive(got) == expected


def test_workdays_table():
    cal = calendar("09:00-17:30")
    assert cal.add_workdays(dt.date(2025, 9, 30), 10) == dt.date(2025, 10, 21)
    assert cal.add_workdays(dt.date(2025, 9, 26), 1) == dt.date(2025, 9, 28)
    assert cal.add_workdays(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 24)


def test_other_time_zones_are_converted():
    cal = calendar("09:00-17:30")
    utc = dt.datetime(2026, 11, 20, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
    assert naive(cal.add(utc, 8 * 3600)) == T(2026, 11, 20, 17, 30)


def test_unknown_year_is_flagged_not_guessed():
    cal = calendar("09:00-17:30")
    deadline = cal.deadline(T(2026, 12, 31, 16, 0, tzinfo=TZ), 8 * 3600)
    assert deadline.flags == ("2027 年节假日安排尚未录入，按周一至周五计算",)
    assert "2027 年节假日安排尚未录入" in deadline.explain()
    _, flags = cal.workdays_deadline(dt.date(2026, 12, 25), 10)
    assert flags
    assert not cal.deadline(T(2026, 11, 2, 9, 0, tzinfo=TZ), 3600).flags


def test_entered_year_overrides_the_package():
    entered = {2027: ({dt.date(2027, 1, 1): "元旦", dt.date(2027, 1, 4): "测试"},
                      {dt.date(2027, 1, 9): "测试"})}
    cal = china_calendar("09:00-17:30", entered=entered)
    assert not cal.is_workday(dt.date(2027, 1, 4)) and cal.is_workday(dt.date(2027, 1, 9))
    assert not cal.deadline(T(2026, 12, 31, 16, 0, tzinfo=TZ), 8 * 3600).flags


def test_explanation_reads_step_by_step():
    cal = calendar("09:00-17:30")
    text = cal.deadline(T(2025, 9, 30, 16, 10, tzinfo=TZ), 8 * 3600, label="受理").explain()
    assert text.startswith("截止时间 = 受理 09-30 16:10 + 8小时")
    assert "跳过 10-01 至 10-08" in text and "国庆节" in text and "中秋节" in text
    assert text.endswith("= 2025-10-09 15:40")


@pytest.mark.parametrize(("text", "fragment"), [
    ("17:30-09:00", "结束早于或等于开始"),
    ("09:00-09:00", "结束早于或等于开始"),
    ("9-17", "无法识别"),
    ("09:00-12:00,11:00-13:00", "重叠"),
    ("25:00-26:00", "时间无效"),
    ("", "为空"),
])
def test_bad_hours_are_refused(text, fragment):
    with pytest.raises(CalendarError, match=fragment):
        parse_hours(text)


@pytest.mark.parametrize("text", ["8x", "h", "-1h", "0m", "8 hours please", ""])
def test_bad_durations_are_refused(text):
    with pytest.raises(CalendarError):
        parse_duration(text)


def test_durations():
    assert parse_duration("30m") == 1800
    assert parse_duration("1h30m") == 5400
    assert parse_duration("8小时") == 8 * 3600
    assert parse_duration("2d", day_seconds=8 * 3600 + 1800) == 17 * 3600


def test_end_before_start_is_refused():
    cal = calendar("09:00-17:30")
    with pytest.raises(CalendarError, match="结束时间早于开始时间"):
        cal.elapsed(T(2026, 1, 2, tzinfo=TZ), T(2026, 1, 1, tzinfo=TZ))
    with pytest.raises(CalendarError):
        cal.add(T(2026, 1, 2, tzinfo=TZ), 3600,
                [(T(2026, 1, 3, tzinfo=TZ), T(2026, 1, 2, tzinfo=TZ))])
    with pytest.raises(CalendarError):
        cal.add(T(2026, 1, 2, tzinfo=TZ), -5)


def test_the_steps_of_an_explanation_add_up_to_the_second():
    """A report at 16:06:40 on 09:00-17:30 with 8 working hours: 1 h 23 min 20 s today, 6 h
    36 min 40 s the next working day (hand count: 8 h - 1:23:20 = 6:36:40, from 09:00 to
    15:36:40). Each step shows its seconds, so the counted steps add up to the 8 hours shown."""
    import re

    cal = calendar("09:00-17:30")
    deadline = cal.deadline(T(2025, 9, 29, 16, 6, 40, tzinfo=TZ), 8 * 3600, label="报告")
    text = deadline.explain()
    assert "09-29 16:06:40–17:30 计 1小时23分钟20秒" in text
    assert "09-30 09:00–15:36:40 计 6小时36分钟40秒" in text
    assert text.endswith("= 2025-09-30 15:36:40")
    counted = [s for s in deadline.steps if s.kind == "count" and s.counted]
    assert sum(s.counted for s in counted) == 8 * 3600

    def seconds(words: str) -> int:
        units = {"小时": 3600, "分钟": 60, "秒": 1}
        return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(小时|分钟|秒)", words))

    shown = [seconds(s.text_zh.rsplit("计 ", 1)[1]) for s in counted]
    assert sum(shown) == 8 * 3600  # as read by a person, not only as stored
    assert "1 h 23 min 20 s" in deadline.explain("en")
