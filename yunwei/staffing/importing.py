"""Reading attendance exports: DingTalk and WeCom Excel files (raw punches or the daily
summary) and plain CSV (UTF-8 or GBK), columns found by their header names.

Plain Python apart from openpyxl: `read_table()` turns a file into rows of cells, `parse()`
finds the header row (title rows and two-level merged headers are skipped or joined), maps the
columns by name and yields punches with the row number the user sees in the spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Header names (normalized: no spaces, lower case) per field, as the exports write them.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "员工姓名", "人员", "name", "人员姓名", "成员"),
    "employee_no": ("工号", "userid", "员工userid", "账号", "员工id", "employee_no", "考勤号"),
    "datetime": ("打卡时间", "punchtime", "time", "时间", "打卡日期时间", "datetime"),
    "date": ("日期", "考勤日期", "打卡日期", "date", "工作日"),
    "clock_in": ("上班1打卡时间", "上班打卡时间", "上班1", "最早打卡", "最早", "clockin",
                 "上班时间"),
    "clock_out": ("下班1打卡时间", "下班打卡时间", "下班1", "最晚打卡", "最晚", "clockout",
                  "下班时间"),
}
#: Cells that mean "no punch" in a daily summary.
NO_PUNCH = {"", "-", "--", "缺卡", "未打卡", "无", "休息", "旷工", "请假"}
_DATE = re.compile(r"(\d{2,4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class ImportError_(ValueError):
    """A file that cannot be read or a row that cannot be imported (row 0: the whole file)."""

    def __init__(self, row: int, zh: str, en: str) -> None:
        super().__init__(f"{row}: {zh} / {en}")
        self.row, self.zh, self.en = row, zh, en


@dataclass(frozen=True)
class RawPunch:
    """One punch read from a file: its spreadsheet row, who (name / clock-in id) and when."""

    row: int
    name: str
    employee_no: str
    time: dt.datetime


@dataclass
class Parsed:
    """What a file holds: its format, the mapping found, the punches, the rows refused."""

    format: str
    mapping: dict[str, str]
    punches: list[RawPunch] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    rows: int = 0


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or "")).lower()


def read_table(data: bytes, file_name: str) -> list[tuple[int, list[Any]]]:
    """Rows of cells with their 1-based row numbers (xlsx by openpyxl; CSV in UTF-8 or GBK)."""
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportError_(0, "无法读取 Excel 文件", "the Excel file cannot be read") from exc
        sheet = book.worksheets[0]
        rows = [(i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1)]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportError_(0, "文件编码无法识别（应为 UTF-8 或 GBK）",
                           "unknown encoding (UTF-8 or GBK expected)")
    return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text)), 1)]


def _match(names: Sequence[str], overrides: Mapping[str, str]) -> dict[str, int]:
    """Column index per field: by the user's mapping first, then by the known header names."""
    found: dict[str, int] = {}
    normalized = [_norm(n) for n in names]
    for key, header in overrides.items():
        if header and _norm(header) in normalized:
            found[key] = normalized.index(_norm(header))
    for key, candidates in HEADERS.items():
        if key in found:
            continue
        for candidate in candidates:
            if candidate in normalized and normalized.index(candidate) not in found.values():
                found[key] = normalized.index(candidate)
                break
    return found


def _header(rows: list[tuple[int, list[Any]]],
            overrides: Mapping[str, str]) -> tuple[int, list[str], dict[str, int]]:
    """Find the header row among the first rows (skipping titles); join a second header row
    under merged cells (上班1 / 打卡时间 → 上班1打卡时间). Returns the first data index."""
    person_names = set(HEADERS["name"]) | set(HEADERS["employee_no"])
    person_names |= {_norm(v) for k, v in overrides.items() if k in ("name", "employee_no")}
    for idx, (_n, cells) in enumerate(rows[:20]):
        if not any(_norm(c) in person_names for c in cells):
            continue
        names = [str(c or "").strip() for c in cells]
        start = idx + 1
        if start < len(rows):
            sub = [str(c or "").strip() for c in rows[start][1]]
            if any(_norm(s) in ("打卡时间", "打卡结果", "时间", "结果") for s in sub):
                parent, joined = "", []
                for i in range(max(len(names), len(sub))):
                    top = names[i] if i < len(names) else ""
                    parent = top or parent
                    below = sub[i] if i < len(sub) else ""
                    joined.append(parent + below if below else top)
                names, start = joined, start + 1
        return start, names, _match(names, overrides)
    raise ImportError_(0, "找不到表头（需要“姓名”或“工号”列）",
                       "no header row found (a name or employee ID column is needed)")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.search(str(value or ""))
    if not m:
        return None
    year = int(m.group(1))
    year += 2000 if year < 100 else 0
    return dt.date(year, int(m.group(2)), int(m.group(3)))


def _time(value: Any) -> tuple[dt.time, bool] | None:
    """A time of day and whether it is marked as the next day (次日)."""
    if isinstance(value, dt.datetime):
        return value.time(), False
    if isinstance(value, dt.time):
        return value, False
    text = str(value or "")
    m = _TIME.search(text)
    if not m:
        return None
    return dt.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)), "次日" in text


def _datetime(value: Any, day: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.time):
        on = _date(day)
        return dt.datetime.combine(on, value) if on else None
    text = str(value or "")
    if len(text) >= 16 and text[4] == "-" and text[10] == " ":
        try:  # the common case, fast: 2026-03-02 08:55[:12]
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    on = _date(text) or _date(day)
    at = _time(_DATE.sub("", text))
    if on is None or at is None:
        return None
    moment = dt.datetime.combine(on, at[0])
    return moment + dt.timedelta(days=1) if at[1] else moment


def parse(data: bytes, file_name: str, overrides: Mapping[str, str] | None = None) -> Parsed:
    """Read a file into punches (naive local times), collecting each bad row's error."""
    rows = read_table(data, file_name)
    start, names, cols = _header(rows, overrides or {})
    if "name" not in cols and "employee_no" not in cols:
        raise ImportError_(0, "找不到“姓名”或“工号”列", "no name or employee ID column")
    daily = "clock_in" in cols or "clock_out" in cols
    if not daily and "datetime" not in cols:
        raise ImportError_(0, "找不到“打卡时间”列（或“上班/下班打卡时间”）",
                           "no punch time column (or clock-in / clock-out columns)")
    mapping = {k: names[i] for k, i in cols.items()}
    result = Parsed("daily" if daily else "punches", mapping)

    def cell(cells: list[Any], key: str) -> Any:
        i = cols.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    for number, cells in rows[start:]:
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # a blank line
        result.rows += 1
        name = str(cell(cells, "name") or "").strip()
        employee_no = str(cell(cells, "employee_no") or "").strip()
        if not name and not employee_no:
            result.errors.append(ImportError_(number, "缺少姓名", "no name"))
            continue
        day = cell(cells, "date")
        values = ([cell(cells, "clock_in"), cell(cells, "clock_out")] if daily
                  else [cell(cells, "datetime")])
        for value in values:
            if daily and _norm(value) in NO_PUNCH:
                continue
            moment = _datetime(value, day)
            if moment is None:
                result.errors.append(ImportError_(
                    number, f"无法识别的打卡时间“{value}”", f"unreadable punch time {value!r}"))
                break
            if moment.tzinfo is not None or moment.microsecond:
                moment = moment.replace(tzinfo=None, microsecond=0)
            result.punches.append(RawPunch(number, name, employee_no, moment))
    return result
