"""The working calendar and business-time arithmetic.

A calendar is a working-hours pattern (one or more intervals a day) applied to working days,
where working days follow China's statutory arrangement: Monday to Friday, minus statutory
holidays, plus make-up workdays (调休) on weekends. A 7x24 calendar counts every second.

Time is Asia/Shanghai (no daylight saving since 1991, so a fixed UTC+8 offset): instants are
held as integer local seconds since 1970-01-01 00:00 local. Prefix sums of working seconds per
day make every operation O(log n): add = bisect, elapsed = subtraction.

Convention: a deadline that ends exactly at the end of a working period is that end (Friday
09:30 + 8 h on a 09:00-17:30 day is Friday 17:30, not Monday 09:00).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from .durations import format_duration
from .errors import CalendarError

TZ = ZoneInfo("Asia/Shanghai")
OFFSET = 8 * 3600
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2060, 12, 31)
_EPOCH_ORD = dt.date(1970, 1, 1).toordinal()
_BASE_ORD = FIRST_DAY.toordinal()
_BASE_DAY = _BASE_ORD - _EPOCH_ORD  # local day number of FIRST_DAY
_NDAYS = LAST_DAY.toordinal() - _BASE_ORD + 1
WEEKDAYS_ZH = "一二三四五六日"

Intervals = tuple[tuple[int, int], ...]
_HOURS_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(text: str) -> Intervals:
    """'09:00-17:30' or '08:00-12:00,13:00-17:00' (also '+' or ';') -> second intervals."""
    parts = [p for p in re.split(r"[,，;；+]", text) if p.strip()]
    if not parts:
        raise CalendarError("工作时间为空", "no working hours given")
    intervals = []
    for part in parts:
        m = _HOURS_RE.match(part)
        if not m:
            raise CalendarError(f"无法识别的工作时段“{part.strip()}”（例如 09:00-17:30）",
                                f"cannot read working period {part.strip()!r} (e.g. 09:00-17:30)")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if m1 > 59 or m2 > 59 or h1 > 24 or h2 > 24 or (h1 == 24 and m1) or (h2 == 24 and m2):
            raise CalendarError(f"时间无效“{part.strip()}”", f"invalid time {part.strip()!r}")
        start, end = h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60
        if end <= start:
            raise CalendarError(f"工作时段“{part.strip()}”的结束早于或等于开始",
                                f"working period {part.strip()!r} ends before it starts")
        intervals.append((start, end))
    intervals.sort()
    for (_, e1), (s2, _) in pairwise(intervals):
        if s2 < e1:
            raise CalendarError("工作时段相互重叠", "working periods overlap")
    return tuple(intervals)


def to_local_seconds(value: dt.datetime) -> int:
    """Integer local (Asia/Shanghai) seconds since 1970 for an instant; naive = Shanghai."""
    tz = value.tzinfo
    if tz is not None and tz is not TZ and value.utcoffset() != _OFFSET_TD:
        value = value.astimezone(TZ)
    # Wall-clock fields are Shanghai local time here (fixed offset): no zone lookups needed.
    return ((value.toordinal() - _EPOCH_ORD) * 86400 + value.hour * 3600 + value.minute * 60
            + value.second)


_LOCAL_EPOCH = dt.datetime(1970, 1, 1, tzinfo=TZ)
_OFFSET_TD = dt.timedelta(seconds=OFFSET)


def from_local_seconds(seconds: int) -> dt.datetime:
    """The aware Asia/Shanghai datetime for local seconds since 1970."""
    return _LOCAL_EPOCH + dt.timedelta(seconds=seconds)


def _day_index(day: dt.date) -> int:
    index = day.toordinal() - _BASE_ORD
    if not 0 <= index < _NDAYS:
        raise CalendarError(f"日期 {day} 超出支持范围（{FIRST_DAY.year}–{LAST_DAY.year}）",
                            f"date {day} is outside {FIRST_DAY.year}-{LAST_DAY.year}")
    return index


def _stamp(local: int) -> str:
    """'10-09 16:10' for local seconds, with ':05' when the moment has seconds (an explanation
    shows what it counts: its steps then add up to the second)."""
    t = from_local_seconds(local)
    return t.strftime("%m-%d %H:%M:%S" if t.second else "%m-%d %H:%M")


#: The flag of a computation over a year whose holiday arrangement is not confirmed. Flags are
#: stored as computed (work order clocks, deliverables): this Chinese text; `flag_text` gives
#: it in the reader's language.
UNCONFIRMED_ZH = "{year} 年节假日安排尚未录入，按周一至周五计算"
UNCONFIRMED_EN = "The {year} holiday arrangement is not entered yet: counted Monday to Friday"
_UNCONFIRMED = re.compile(r"(\d{4}) 年节假日安排尚未录入，按周一至周五计算")


def flag_text(flags: str, lang: str) -> str:
    """Flags (one, or several joined) in `lang` ("zh" or "en"); other text is left as is."""
    if lang != "en":
        return flags
    return _UNCONFIRMED.sub(lambda m: UNCONFIRMED_EN.format(year=m.group(1)), flags)


@dataclass(frozen=True)
class Step:
    """One line of a deadline's explanation."""

    kind: str  # start, count, skip, pause, end, flag
    text_zh: str
    text_en: str
    counted: int = 0


@dataclass(frozen=True)
class Deadline:
    """A computed deadline with the flags and steps that explain it."""

    start: dt.datetime
    duration: int
    at: dt.datetime
    flags: tuple[str, ...] = ()
    steps: tuple[Step, ...] = field(default=(), compare=False)

    def explain(self, lang: str = "zh") -> str:
        """The explanation as one text, e.g. '截止时间 = 报告 10-09 16:10 + 8小时（工作小时）…'."""
        texts = [s.text_zh if lang == "zh" else s.text_en for s in self.steps]
        return "；".join(texts) if lang == "zh" else "; ".join(texts)


class WorkCalendar:
    """A working calendar: hours on working days, statutory holidays and make-up workdays.

    hours: working periods of a working day, e.g. parse_hours('09:00-17:30'); None = 7x24.
    holidays / workdays: date -> name (statutory holidays; weekend days that are worked).
    known_years: years whose arrangement is confirmed; other years fall back to Mon-Fri and
        every result touching them carries a flag.
    weekday_hours: optional different hours for some weekdays (0 = Monday) on working days.
    """

    def __init__(
        self,
        hours: Intervals | str | None = None,
        holidays: Mapping[dt.date, str] | None = None,
        workdays: Mapping[dt.date, str] | None = None,
        known_years: Iterable[int] = (),
        weekday_hours: Mapping[int, Intervals | str] | None = None,
        name: str = "",
    ) -> None:
        self.name = name
        self.always = hours is None
        self.hours: Intervals = ((0, 86400),) if hours is None else (
            parse_hours(hours) if isinstance(hours, str) else tuple(hours))
        self.holidays = dict(holidays or {})
        self.workdays = dict(workdays or {})
        clash = set(self.holidays) & set(self.workdays)
        if clash:
            day = min(clash)
            raise CalendarError(f"{day} 既是放假日又是上班日", f"{day} is both holiday and workday")
        self.known_years = frozenset(known_years)
        self.weekday_hours = {
            int(k): (parse_hours(v) if isinstance(v, str) else tuple(v))
            for k, v in (weekday_hours or {}).items()
        }
        self._build()

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        patterns: list[Intervals] = [(), self.hours]
        index = {(): 0, self.hours: 1}
        for hours in self.weekday_hours.values():
            if hours not in index:
                index[hours] = len(patterns)
                patterns.append(hours)
        day_pattern = bytearray(_NDAYS)
        is_work = bytearray(_NDAYS)
        cumulative = [0] * (_NDAYS + 1)
        workcount = [0] * (_NDAYS + 1)
        lengths = [sum(e - s for s, e in p) for p in patterns]
        total = 0
        count = 0
        day = FIRST_DAY
        one = dt.timedelta(days=1)
        for i in range(_NDAYS):
            working = self._statutory_workday(day)
            if working:
                is_work[i] = 1
                count += 1
            if self.always:
                p = 1
            elif working:
                p = index[self.weekday_hours.get(day.weekday(), self.hours)]
            else:
                p = 0
            day_pattern[i] = p
            total += lengths[p]
            cumulative[i + 1] = total
            workcount[i + 1] = count
            day += one
        self._patterns = patterns
        self._day_pattern = bytes(day_pattern)
        self._is_work = bytes(is_work)
        self._cum = cumulative
        self._wcount = workcount
        self._np: Any = None
        day_len = lengths[1]
        self.standard_day_seconds = day_len

    def _statutory_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    # -- facts about days ------------------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        """Whether `day` is a statutory working day (Mon-Fri, holidays off, 调休 on)."""
        return bool(self._is_work[_day_index(day)])

    def day_kind(self, day: dt.date) -> tuple[str, str]:
        """('holiday'|'makeup'|'weekend'|'workday', name) for a date."""
        if day in self.holidays:
            return "holiday", self.holidays[day]
        if day in self.workdays:
            return "makeup", self.workdays[day]
        return ("weekend", "") if day.weekday() >= 5 else ("workday", "")

    def missing_years(self, first: dt.date, last: dt.date) -> list[int]:
        """Years between two dates whose arrangement has not been confirmed."""
        return [y for y in range(first.year, last.year + 1) if y not in self.known_years]

    def flags_between(self, first: dt.date, last: dt.date) -> tuple[str, ...]:
        """The flags for a computation spanning these dates (unconfirmed years)."""
        return self._flags(first, last)

    def _flags(self, first: dt.date, last: dt.date, workdays: bool = False) -> tuple[str, ...]:
        if self.always and not workdays:
            return ()
        return tuple(UNCONFIRMED_ZH.format(year=y) for y in self.missing_years(first, last))

    # -- the core arithmetic on local seconds ----------------------------------------------------
    def position(self, local: int) -> int:
        """Working seconds from the calendar's origin to a local instant."""
        day, sec = divmod(local, 86400)
        d = day - _BASE_DAY
        if not 0 <= d < _NDAYS:
            raise CalendarError("时间超出支持范围（2000–2060 年）", "instant outside 2000-2060")
        within = 0
        for s, e in self._patterns[self._day_pattern[d]]:
            if sec <= s:
                break
            within += (e if sec >= e else sec) - s
        return self._cum[d] + within

    def add_local(self, local: int, seconds: int) -> int:
        """Local instant `seconds` of working time after `local` (the hot path)."""
        if seconds <= 0:
            if seconds == 0:
                return local
            raise CalendarError("时长不能为负", "duration cannot be negative")
        target = self.position(local) + seconds
        d = bisect_left(self._cum, target) - 1
        if d >= _NDAYS:
            raise CalendarError("截止时间超出支持范围（2060 年以后）", "deadline after 2060")
        rem = target - self._cum[d]
        for s, e in self._patterns[self._day_pattern[d]]:
            length = e - s
            if rem <= length:
                return (d + _BASE_DAY) * 86400 + s + rem
            rem -= length
        raise AssertionError("unreachable: prefix sums are consistent")

    # -- public operations on datetimes ----------------------------------------------------------
    def add(self, start: dt.datetime, seconds: int,
            pauses: Sequence[tuple[dt.datetime, dt.datetime]] = ()) -> dt.datetime:
        """The instant `seconds` of counted time after `start`, skipping pause intervals."""
        local = to_local_seconds(start)
        if not pauses:
            return from_local_seconds(self.add_local(local, seconds))
        return from_local_seconds(self._add_with_pauses(local, seconds, self._pauses(pauses)))

    def _pauses(self, pauses: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[tuple[int, int]]:
        spans = []
        for p_start, p_end in pauses:
            a, b = to_local_seconds(p_start), to_local_seconds(p_end)
            if b < a:
                raise CalendarError("暂停的结束早于开始", "a pause ends before it starts")
            spans.append((a, b))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        return merged

    def _add_with_pauses(self, local: int, seconds: int, pauses: list[tuple[int, int]]) -> int:
        cursor, remaining = local, seconds
        for a, b in pauses:
            if b <= cursor:
                continue
            candidate = self.add_local(cursor, remaining)
            if a >= candidate:
                return candidate
            if a > cursor:
                remaining -= self.position(a) - self.position(cursor)
            cursor = max(cursor, b)
        return self.add_local(cursor, remaining)

    def elapsed(self, start: dt.datetime, end: dt.datetime,
                pauses: Sequence[tuple[dt.datetime, dt.datetime]] = ()) -> int:
        """Counted seconds between two instants, less the pauses."""
        a, b = to_local_seconds(start), to_local_seconds(end)
        if b < a:
            raise CalendarError("结束时间早于开始时间", "the end is before the start")
        total = self.position(b) - self.position(a)
        for pa, pb in self._pauses(pauses):
            lo, hi = max(a, pa), min(b, pb)
            if hi > lo:
                total -= self.position(hi) - self.position(lo)
        return total

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The date `n` working days after `day` (工作日 deadlines); n = 0 gives `day`."""
        if n < 0:
            raise CalendarError("工作日数不能为负", "number of working days cannot be negative")
        if n == 0:
            return day
        d = _day_index(day)
        target = self._wcount[d + 1] + n
        i = bisect_left(self._wcount, target)
        if i > _NDAYS:
            raise CalendarError("日期超出支持范围（2060 年以后）", "date after 2060")
        return FIRST_DAY + dt.timedelta(days=i - 1)

    def deadline(self, start: dt.datetime, seconds: int,
                 pauses: Sequence[tuple[dt.datetime, dt.datetime]] = (),
                 label: str = "开始") -> Deadline:
        """`add()` with its flags and a step-by-step explanation."""
        at = self.add(start, seconds, pauses)
        start_local = start.astimezone(TZ) if start.tzinfo else start.replace(tzinfo=TZ)
        flags = self._flags(start_local.date(), at.date())
        steps = self._explain(to_local_seconds(start), seconds, to_local_seconds(at),
                              self._pauses(pauses) if pauses else [], label)
        steps += [Step("flag", f, flag_text(f, "en")) for f in flags]
        return Deadline(start_local, seconds, at, flags, tuple(steps))

    def workdays_deadline(self, day: dt.date, n: int) -> tuple[dt.date, tuple[str, ...]]:
        """`add_workdays()` with the flags for years whose arrangement is missing."""
        result = self.add_workdays(day, n)
        return result, self._flags(day, result, workdays=True)

    # -- explanation ----------------------------------------------------------------------------
    def _explain(self, start: int, seconds: int, end: int, pauses: list[tuple[int, int]],
                 label: str) -> list[Step]:
        stamp = _stamp

        unit = "小时" if self.always else "工作小时"
        hours = format_duration(seconds)
        steps = [Step("start", f"截止时间 = {label} {stamp(start)} + {hours}"
                      + ("" if self.always else f"（{unit}）"),
                      f"deadline = {stamp(start)} + {format_duration(seconds, 'en')}"
                      + ("" if self.always else " of working time"))]
        day = start // 86400
        last_day = end // 86400
        skipped: list[dt.date] = []

        def flush_skipped() -> None:
            if not skipped:
                return
            first, last = skipped[0], skipped[-1]
            names = sorted({self.day_kind(d)[1] for d in skipped if self.day_kind(d)[1]})
            reason = "、".join(names) + " 放假" if names else "休息日"
            span = first.strftime("%m-%d") + (
                f" 至 {last.strftime('%m-%d')}" if last != first else
                f" 周{WEEKDAYS_ZH[first.weekday()]}")
            steps.append(Step("skip", f"跳过 {span}（{reason}）",
                              f"skip {first}{'..' + str(last) if last != first else ''} (off)"))
            skipped.clear()

        while day <= last_day:
            d = day - _BASE_DAY
            date = FIRST_DAY + dt.timedelta(days=d)
            intervals = self._patterns[self._day_pattern[d]]
            if not intervals:
                skipped.append(date)
                day += 1
                continue
            flush_skipped()
            kind, name = self.day_kind(date)
            if kind == "makeup" and not self.always:
                label = f"{date.strftime('%m-%d')} 周{WEEKDAYS_ZH[date.weekday()]}"
                steps.append(Step("count", f"{label} 调休上班（{name}）",
                                  f"{date} make-up workday ({name})"))
            for s, e in intervals:
                a = max(day * 86400 + s, start)
                b = min(day * 86400 + e, end)
                if b <= a:
                    continue
                # subtract pauses inside [a, b)
                cuts = [(max(a, pa), min(b, pb)) for pa, pb in pauses if min(b, pb) > max(a, pa)]
                cursor = a
                for ca, cb in cuts:
                    if ca > cursor:
                        steps.append(self._count_step(cursor, ca))
                    steps.append(Step("pause", f"暂停 {stamp(ca)}–{stamp(cb)[6:]}（不计时）",
                                      f"paused {stamp(ca)}-{stamp(cb)[6:]}"))
                    cursor = cb
                if b > cursor:
                    steps.append(self._count_step(cursor, b))
            day += 1
        flush_skipped()
        final = from_local_seconds(end).strftime("%Y-") + _stamp(end)
        steps.append(Step("end", f"= {final}", f"= {final}"))
        return steps

    def _count_step(self, a: int, b: int) -> Step:
        ta, tb = from_local_seconds(a), from_local_seconds(b)
        end = _stamp(b)[6:] if tb.date() == ta.date() else _stamp(b)
        span = f"{_stamp(a)}–{end}"
        return Step("count", f"{span} 计 {format_duration(b - a)}",
                    f"{span} counts {format_duration(b - a, 'en')}", counted=b - a)

    # -- batch ---------------------------------------------------------------------------------
    def add_batch(self, starts_utc: Any, seconds: Any) -> Any:
        """Vectorised add: arrays of UTC epoch seconds and durations -> UTC epoch seconds.

        Needs numpy. Same results as `add_local` (checked by the tests and the benchmark)."""
        import numpy as np

        if self._np is None:
            width = max(len(p) for p in self._patterns) or 1
            starts = np.full((len(self._patterns), width), 86400, dtype=np.int64)
            ends = np.full((len(self._patterns), width), 86400, dtype=np.int64)
            for i, p in enumerate(self._patterns):
                for j, (s, e) in enumerate(p):
                    starts[i, j], ends[i, j] = s, e
            lengths = ends - starts
            before = np.cumsum(lengths, axis=1) - lengths  # work before interval j
            self._np = (np.frombuffer(self._day_pattern, dtype=np.uint8).astype(np.int64),
                        np.asarray(self._cum, dtype=np.int64), starts, ends, lengths, before)
        pattern, cum, p_start, _p_end, p_len, p_before = self._np
        local = np.asarray(starts_utc, dtype=np.int64) + OFFSET
        secs = np.broadcast_to(np.asarray(seconds, dtype=np.int64), local.shape)
        if np.any(secs < 0):
            raise CalendarError("时长不能为负", "duration cannot be negative")
        day = local // 86400 - _BASE_DAY
        if local.size and (day.min() < 0 or day.max() >= _NDAYS):
            raise CalendarError("时间超出支持范围（2000–2060 年）", "instant outside 2000-2060")
        sec = (local % 86400)[:, None]
        pat = pattern[day]
        within = np.clip(sec - p_start[pat], 0, p_len[pat]).sum(axis=1)
        target = cum[day] + within + secs
        d = np.searchsorted(cum, target, side="left") - 1
        if local.size and d.max() >= _NDAYS:
            raise CalendarError("截止时间超出支持范围（2060 年以后）", "deadline after 2060")
        rem = (target - cum[d])[:, None]
        pat2 = pattern[d]
        fits = rem <= (p_before[pat2] + p_len[pat2])
        j = fits.argmax(axis=1)
        result_local = (d + _BASE_DAY) * 86400 + p_start[pat2, j] + (rem[:, 0] - p_before[pat2, j])
        result_local = np.where(secs == 0, local, result_local)
        return result_local - OFFSET


def month_grid(
    calendar: WorkCalendar, year: int, month: int
) -> list[list[tuple[dt.date, str, str] | None]]:
    """Weeks (Monday first) of (date, kind, name) for a month; None pads the first/last week."""
    first = dt.date(year, month, 1)
    days = []
    day = first
    while day.month == month:
        kind, name = calendar.day_kind(day)
        days.append((day, kind, name))
        day += dt.timedelta(days=1)
    cells: list[tuple[dt.date, str, str] | None] = [None] * first.weekday() + days
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]
