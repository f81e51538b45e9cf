"""Parse the State Council's yearly holiday notice (国务院办公厅关于部分节假日安排的通知).

Each item reads like "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
Every date is checked against its weekday in brackets, every range against "共N天", and make-up
workdays must fall on a weekend, so a typo in the pasted text is an error, never a wrong date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .errors import CalendarError

_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ITEM = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*(.+?)\s*[：:]\s*(.+)$")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:[（(](?P<note>[^）)]*)[）)])?"
)
_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分)?\s*节假日")
_COUNT = re.compile(r"共\s*(\d+)\s*天")
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)([一二三四五六日天])")


@dataclass
class NoticeItem:
    """One numbered item: a holiday with its days off and its make-up workdays."""

    name: str
    holidays: list[dt.date] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)


@dataclass
class Notice:
    """The arrangement of one year as parsed from a notice."""

    year: int
    items: list[NoticeItem]

    @property
    def holidays(self) -> dict[dt.date, str]:
        return {d: item.name for item in self.items for d in item.holidays}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d: item.name for item in self.items for d in item.workdays}

    def summary(self) -> str:
        """A human-readable preview of what will be stored."""
        lines = [f"{self.year} 年节假日安排："]
        for item in self.items:
            off = _span(item.holidays)
            on = "、".join(f"{d:%m-%d}（周{'一二三四五六日'[d.weekday()]}）" for d in item.workdays)
            lines.append(f"  {item.name}：放假 {off}，共 {len(item.holidays)} 天"
                         + (f"；上班 {on}" if on else ""))
        return "\n".join(lines)


def _span(days: list[dt.date]) -> str:
    if not days:
        return "—"
    first, last = min(days), max(days)
    return f"{first:%m-%d}" if first == last else f"{first:%m-%d} 至 {last:%m-%d}"


def _err(line_no: int, zh: str, en: str) -> CalendarError:
    return CalendarError(f"第 {line_no} 行：{zh}", f"line {line_no}: {en}")


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Parse a notice; `year` is taken from the text ("2026年部分节假日") when not given."""
    if year is None:
        m = _YEAR.search(text)
        if not m:
            raise CalendarError("未能从通知中识别年份，请指定年份",
                                "no year found in the notice; give the year")
        year = int(m.group(1))
    items: list[NoticeItem] = []
    seen: dict[dt.date, int] = {}
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace(" ", "")
        m = _ITEM.match(line)
        if not m:
            continue
        name, body = m.group(2), m.group(3)
        if "放假" not in body:
            raise _err(line_no, f"“{name}”没有“放假”字样", f"item {name!r} has no 放假")
        off_text, _, rest = body.partition("放假")
        item = NoticeItem(name=name)
        dates = _dates(off_text, year, line_no)
        if not dates:
            raise _err(line_no, f"“{name}”没有放假日期", f"item {name!r} has no dates off")
        if "至" in off_text:
            if len(dates) != 2:
                raise _err(line_no, "放假起止日期无法识别", "cannot read the range of days off")
            first, last = dates
            if last < first:
                raise _err(line_no, f"放假结束日 {last} 早于开始日 {first}",
                           f"days off end {last} before they start {first}")
            item.holidays = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        else:
            item.holidays = dates
        count = _COUNT.search(rest) or re.search(r"放假\s*(\d+)\s*天", body)
        if count and int(count.group(1)) != len(item.holidays):
            raise _err(line_no,
                       f"“{name}”写明共 {count.group(1)} 天，但日期共 {len(item.holidays)} 天",
                       f"{name!r} says {count.group(1)} days but the dates give "
                       f"{len(item.holidays)}")
        for sentence in re.split(r"[。；;]", rest):
            if "上班" not in sentence:
                continue
            for day in _dates(sentence, year, line_no):
                if day.weekday() < 5:
                    raise _err(line_no, f"调休上班日 {day} 不是周末",
                               f"make-up workday {day} is not a weekend day")
                item.workdays.append(day)
        for day in item.holidays + item.workdays:
            if day in seen:
                raise _err(line_no, f"{day} 在第 {seen[day]} 行已出现",
                           f"{day} already appears on line {seen[day]}")
            seen[day] = line_no
        items.append(item)
    if not items:
        raise CalendarError("通知中没有找到节假日条目（如“一、元旦：1月1日…放假…”）",
                            "no holiday items found (lines like '一、元旦：1月1日…放假…')")
    return Notice(year=year, items=items)


def _dates(text: str, year: int, line_no: int) -> list[dt.date]:
    result: list[dt.date] = []
    month: int | None = None
    for m in _DATE.finditer(text):
        y = int(m.group("y")) if m.group("y") else year
        if m.group("m"):
            month = int(m.group("m"))
        if month is None:
            raise _err(line_no, f"日期“{m.group(0)}”缺少月份", f"date {m.group(0)!r} has no month")
        try:
            day = dt.date(y, month, int(m.group("d")))
        except ValueError as exc:
            raise _err(line_no, f"日期无效“{m.group(0)}”", f"invalid date {m.group(0)!r}") from exc
        note = m.group("note") or ""
        wd = _WEEKDAY_NOTE.search(note)
        if wd and _WEEKDAY[wd.group(1)] != day.weekday():
            actual = "一二三四五六日"[day.weekday()]
            raise _err(line_no, f"{day} 是周{actual}，通知写的是周{wd.group(1)}",
                       f"{day} is a {day:%A}, the notice says 周{wd.group(1)}")
        result.append(day)
    return result
