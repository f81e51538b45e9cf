"""Availability at the boundaries, against hand-computed minutes (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from yunwei.inventory import availability as av

TZ = ZoneInfo("Asia/Shanghai")


def t(day: str, hm: str = "00:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TZ)


MARCH = ("2026-03", t("2026-03-01"), t("2026-04-01"))  # 31 days = 44,640 minutes
APRIL = ("2026-04", t("2026-04-01"), t("2026-05-01"))  # 30 days = 43,200 minutes

# (case, outages, windows, exclude, period, expected counted minutes, expected down minutes)
CASES = [
    ("nothing down", [], [], False, MARCH, 44640, 0),
    ("across midnight: 23:30-00:45", [(t("2026-03-10", "23:30"), t("2026-03-11", "00:45"))],
     [], False, MARCH, 44640, 75),
    ("across the month end, March part", [(t("2026-03-31", "23:00"), t("2026-04-01", "01:30"))],
     [], False, MARCH, 44640, 60),
    ("across the month end, April part", [(t("2026-03-31", "23:00"), t("2026-04-01", "01:30"))],
     [], False, APRIL, 43200, 90),
    ("overlapping outages count once: 10:00-11:00 and 10:30-12:00",
     [(t("2026-03-05", "10:00"), t("2026-03-05", "11:00")),
      (t("2026-03-05", "10:30"), t("2026-03-05", "12:00"))], [], False, MARCH, 44640, 120),
    ("one outage inside another", [(t("2026-03-05", "10:00"), t("2026-03-05", "12:00")),
                                   (t("2026-03-05", "10:15"), t("2026-03-05", "10:45"))],
     [], False, MARCH, 44640, 120),
    ("touching outages", [(t("2026-03-05", "10:00"), t("2026-03-05", "11:00")),
                          (t("2026-03-05", "11:00"), t("2026-03-05", "11:30"))],
     [], False, MARCH, 44640, 90),
    ("window excluded: 02:00-04:00 window, outage 03:00-05:00",
     [(t("2026-03-08", "03:00"), t("2026-03-08", "05:00"))],
     [(t("2026-03-08", "02:00"), t("2026-03-08", "04:00"))], True, MARCH, 44520, 60),
    ("window not excluded when the contract does not say so",
     [(t("2026-03-08", "03:00"), t("2026-03-08", "05:00"))],
     [(t("2026-03-08", "02:00"), t("2026-03-08", "04:00"))], False, MARCH, 44640, 120),
    ("outage wholly inside a window", [(t("2026-03-08", "02:30"), t("2026-03-08", "03:00"))],
     [(t("2026-03-08", "02:00"), t("2026-03-08", "04:00"))], True, MARCH, 44520, 0),
    ("window across the month end counts only its March part",
     [], [(t("2026-03-31", "23:00"), t("2026-04-01", "02:00"))], True, MARCH, 44580, 0),
    ("outage before the period", [(t("2026-02-27", "10:00"), t("2026-02-27", "11:00"))],
     [], False, MARCH, 44640, 0),
    ("open outage runs to the period end", [(t("2026-03-31", "22:00"), None)], [], False,
     MARCH, 44640, 120),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_boundaries(case):
    _name, outages, windows, exclude, (code, start, end), counted, down = case
    result = av.availability(code, start, end, outages, windows, exclude, Decimal("99.9"))
    assert result.counted_seconds == counted * 60
    assert result.down_seconds == down * 60


def test_percentage_and_allowed_minutes_by_hand():
    # 44.64 minutes down in March is exactly 99.9 %: 44,640 x 0.001 = 44.64
    start = t("2026-03-01")
    result = av.availability("2026-03", start, t("2026-04-01"),
                             [(start, start + dt.timedelta(seconds=2678))],
                             target=Decimal("99.9"))
    assert result.allowed_minutes == Decimal("44.6")
    assert result.percent == Decimal("99.900")  # 1 - 2678/2678400 = 0.99900015
    assert result.met is True
    worse = av.availability("2026-03", start, t("2026-04-01"),
                            [(start, start + dt.timedelta(minutes=45))], target=Decimal("99.9"))
    assert worse.percent == Decimal("99.899")  # 1 - 45/44640 = 0.998992
    assert worse.met is False
    assert worse.down_minutes == Decimal("45.0")


def test_by_period_splits_one_outage_across_months():
    periods = av.months(dt.date(2026, 3, 1), dt.date(2026, 4, 30), TZ)
    assert [p[0] for p in periods] == ["2026-03", "2026-04"]
    rows = av.by_period(periods, [(t("2026-03-31", "23:00"), t("2026-04-01", "01:30"))])
    assert [r.down_seconds // 60 for r in rows] == [60, 90]
    assert [r.period_seconds // 60 for r in rows] == [44640, 43200]


def test_december_rolls_into_next_year():
    periods = av.months(dt.date(2026, 12, 1), dt.date(2027, 1, 31), TZ)
    assert [(p[0], p[2]) for p in periods] == [("2026-12", t("2027-01-01")),
                                               ("2027-01", t("2027-02-01"))]
