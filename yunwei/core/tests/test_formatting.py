"""The one formatting rule (core/formatting.py): inputs and the text each must read as, in
both languages, written by hand; and the template filters give the same in each language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from yunwei.core import formatting as f

UTC = dt.UTC
MONEY = [(Decimal("1234567.89"), "¥1,234,567.89"), (Decimal("11800"), "¥11,800.00"),
         (Decimal("11800.00"), "¥11,800.00"), (0, "¥0.00"), (Decimal("999.995"), "¥1,000.00"),
         (Decimal("-12.5"), "-¥12.50"), ("1,180,000", "¥1,180,000.00"), (1.1, "¥1.10"),
         (Decimal("5E+4"), "¥50,000.00"), (None, "—")]
PERCENT = [(Decimal("5E+1"), "50%"), (Decimal("50.00"), "50%"), (Decimal("99.5"), "99.5%"),
           (Decimal("8E+1"), "80%"), (Decimal("12.345"), "12.35%"), (100, "100%"),
           (99.95, "99.95%"), (0.1 + 0.2, "0.3%"), (Decimal("0"), "0%"), (None, "—")]
NUMBERS = [(Decimal("8.00"), "8"), (Decimal("1E+1"), "10"), (Decimal("1.50"), "1.5"),
           (Decimal("-0.25"), "-0.25"), (Decimal("-0.001"), "0"), (2.675, "2.68")]
# (seconds, Chinese, English)
DURATIONS = [(300, "5 分钟", "5 min"), (9000, "2 小时 30 分钟", "2 h 30 min"),
             (3600, "1 小时", "1 h"), (45, "45 秒", "45 s"), (90, "1 分钟 30 秒", "1 min 30 s"),
             (6780, "1 小时 53 分钟", "1 h 53 min"), (28800, "8 小时", "8 h"),
             (0, "0 分钟", "0 min"), (-600, "-10 分钟", "-10 min"), (None, "—", "—")]
TIMES = [(dt.datetime(2026, 11, 30, 6, 5, tzinfo=UTC), "2026-11-30 14:05"),
         (dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC), "2027-01-01 00:30"),
         (dt.datetime(2026, 11, 30, 14, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
          "2026-11-30 14:05"),
         (dt.date(2026, 11, 30), "2026-11-30"), (None, "—")]


@pytest.mark.parametrize(("value", "text"), MONEY)
def test_money(value, text):
    assert f.money(value) == text


@pytest.mark.parametrize(("value", "text"), PERCENT)
def test_percent(value, text):
    assert f.percent(value) == text
    assert "E" not in text


def test_ratio_percent():
    assert f.ratio_percent(Decimal("0.995")) == "99.5%"
    assert f.ratio_percent(0.5) == "50%"


@pytest.mark.parametrize(("value", "text"), NUMBERS)
def test_number(value, text):
    assert f.number(value) == text


@pytest.mark.parametrize(("seconds", "zh", "en"), DURATIONS)
def test_duration_in_both_languages(seconds, zh, en):
    assert f.duration(seconds, "zh") == zh
    assert f.duration(seconds, "en") == en


def test_duration_minutes():
    assert f.duration_minutes(480, "zh") == "8 小时"
    assert f.duration_minutes(150, "en") == "2 h 30 min"


@pytest.mark.parametrize(("value", "text"), TIMES)
def test_times_are_local(value, text):
    assert f.when(value) == text


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-hans", "¥1,234.50|50%|2 小时 30 分钟|30 分钟|2026-11-30 14:05|1.5"),
    ("en", "¥1,234.50|50%|2 h 30 min|30 min|2026-11-30 14:05|1.5")])
def test_template_filters_follow_the_language(lang, expected):
    template = Template("{% load yunwei %}{{ m|money }}|{{ p|percent }}|{{ s|duration }}|"
                        "{{ n|duration_minutes }}|{{ t|when }}|{{ x|plain_number }}")
    with translation.override(lang):
        text = template.render(Context({
            "m": Decimal("1234.5"), "p": Decimal("5E+1"), "s": 9000, "n": 30,
            "t": dt.datetime(2026, 11, 30, 6, 5, tzinfo=UTC), "x": Decimal("1.50")}))
    assert text == expected


def test_payment_milestone_names_and_checks_read_percentages_plainly():
    from yunwei.scoring.milestones import Milestone, check

    problems = check(Decimal("100000"), [Milestone("首付款", Decimal("5E+1"),
                                                   Decimal("50000")),
                                         Milestone("尾款", Decimal("3E+1"), Decimal("30000"))])
    text = "；".join(problems)
    assert "各期付款比例合计 80%" in text and "E+" not in text
