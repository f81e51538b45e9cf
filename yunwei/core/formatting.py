"""The one formatting rule for numbers, money, percentages, durations and times, used by pages
(template filters in templatetags/yunwei.py), PDFs and Excel alike. Pure Python: no Django.

  money       ¥1,234,567.89        (thousands separators, two decimals, both languages)
  percent     50% · 99.5% · 12.25%  (at most two decimals, never "5E+1%")
  number      8 · 1.5 · -0.25       (a Decimal without trailing zeros or exponent)
  duration    zh "5 分钟", "2 小时 30 分钟", "45 秒"; en "5 min", "2 h 30 min", "45 s"
  when        "2026-11-30 14:05" in Asia/Shanghai; a date as "2026-11-30"
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
EMPTY = "—"
CENT = Decimal("0.01")


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def number(value: Any, places: int = 2) -> str:
    """A plain number: at most `places` decimals, no trailing zeros, never an exponent."""
    d = _decimal(value)
    if d is None:
        return EMPTY if value is None or value == "" else str(value)
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(value: Any) -> str:
    """An amount of yuan: ¥1,234,567.89 (a negative one -¥12.50)."""
    d = _decimal(value)
    if d is None:
        return EMPTY if value is None or value == "" else str(value)
    d = d.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    return f"{sign}¥{abs(d):,.2f}"


def percent(value: Any) -> str:
    """A percentage given in percent (50 -> "50%", 99.5 -> "99.5%")."""
    text = number(value)
    return text if text == EMPTY else f"{text}%"


def ratio_percent(value: Any) -> str:
    """A ratio as a percentage (0.995 -> "99.5%")."""
    d = _decimal(value)
    return EMPTY if d is None else percent(d * 100)


def duration(seconds: Any, lang: str = "zh") -> str:
    """A duration in seconds: hours and minutes (seconds only under a minute, or when the
    duration is not whole minutes and under an hour)."""
    if seconds is None or seconds == "":
        return EMPTY
    total = round(float(seconds))
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    units = {"zh": ("小时", "分钟", "秒"), "en": ("h", "min", "s")}["en" if lang.startswith(
        "en") else "zh"]
    parts = []
    if hours:
        parts.append(f"{hours} {units[0]}")
    if minutes:
        parts.append(f"{minutes} {units[1]}")
    if secs and (not parts or not hours):
        parts.append(f"{secs} {units[2]}")
    return sign + (" ".join(parts) or f"0 {units[1]}")


def duration_minutes(minutes: Any, lang: str = "zh") -> str:
    """A duration in minutes (an SLA requirement)."""
    if minutes is None or minutes == "":
        return EMPTY
    return duration(float(minutes) * 60, lang)


def when(value: Any, seconds: bool = False) -> str:
    """A moment in Asia/Shanghai ("2026-11-30 14:05"), a date as "2026-11-30"."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, dt.datetime):
        local = value.astimezone(TZ) if value.tzinfo is not None else value
        return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
