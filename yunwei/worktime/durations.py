"""Parse and format durations such as 30m, 4h, 1h30m, 2d, 8小时, 30分钟."""

from __future__ import annotations

import re

from .errors import CalendarError

_UNITS = {
    "s": 1, "sec": 1, "秒": 1,
    "m": 60, "min": 60, "分": 60, "分钟": 60,
    "h": 3600, "hr": 3600, "小时": 3600, "时": 3600,
    "d": None, "day": None, "天": None, "日": None, "工作日": None,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+|[\u4e00-\u9fff]+)", re.IGNORECASE)


def parse_duration(text: str, day_seconds: int = 86400) -> int:
    """Seconds in `text`. A day ('d', '天') is `day_seconds` long: 24 h on a 7x24 calendar,
    the standard working day (e.g. 8.5 h for 09:00-17:30) on an office calendar."""
    raw = text.strip()
    if not raw:
        raise CalendarError("时长为空", "empty duration")
    pos = 0
    total = 0.0
    for match in _PART.finditer(raw):
        if match.start() != pos and raw[pos:match.start()].strip():
            break
        unit = match.group(2).lower()
        if unit not in _UNITS:
            raise CalendarError(f"未知的时长单位“{match.group(2)}”（可用 m、h、d）",
                                f"unknown duration unit {match.group(2)!r} (use m, h, d)")
        size = _UNITS[unit] or day_seconds
        total += float(match.group(1)) * size
        pos = match.end()
    if pos != len(raw) or pos == 0:
        raise CalendarError(f"无法识别的时长“{text}”（例如 30m、4h、1h30m、2d）",
                            f"cannot read duration {text!r} (e.g. 30m, 4h, 1h30m, 2d)")
    if total <= 0:
        raise CalendarError("时长必须大于零", "duration must be positive")
    return round(total)


def format_duration(seconds: int, lang: str = "zh") -> str:
    """'8小时30分钟' / '8 h 30 min', exact to the second: seconds are shown whenever there are
    some, so that the steps of an explanation add up to the total they explain."""
    seconds = int(seconds)
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if lang == "zh":
        parts = [f"{hours}小时" if hours else "", f"{minutes}分钟" if minutes else "",
                 f"{secs}秒" if secs else ""]
        text = "".join(parts) or "0秒"
    else:
        parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "",
                 f"{secs} s" if secs else ""]
        text = " ".join(p for p in parts if p) or "0 s"
    return sign + text
