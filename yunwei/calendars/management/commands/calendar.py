"""`yunwei calendar`: working-time arithmetic and holiday notices from the command line.

  yunwei calendar add "2025-09-26 15:00" 8h --hours 09:00-17:30   -> 2025-09-28 14:30
  yunwei calendar add "2025-09-26 15:00" 8h --calendar 24x7
  yunwei calendar workdays-add 2025-09-30 10
  yunwei calendar show 2026-10
  yunwei calendar import-notice notice.txt [--year 2027] [--save]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.utils import DatabaseError

from yunwei.core import context
from yunwei.worktime import CalendarError, WorkCalendar, parse_duration
from yunwei.worktime.china import china_calendar
from yunwei.worktime.engine import TZ, month_grid

from ...choices import CalendarKind


def _engine(kind: str, hours: str) -> WorkCalendar:
    from ...provider import engine_for

    try:
        return engine_for(kind, hours)
    except DatabaseError:  # no database yet: the package's data only
        return china_calendar(None if kind == CalendarKind.ALWAYS else hours)


def _instant(text: str) -> dt.datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise CalendarError(f"无法识别的时间“{text}”（例如 2025-09-26 15:00）",
                            f"cannot read time {text!r} (e.g. 2025-09-26 15:00)") from exc
    return value if value.tzinfo else value.replace(tzinfo=TZ)


class Command(BaseCommand):
    """Working-calendar tools."""

    help = "Working-time arithmetic on China's calendar, and holiday notices."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a duration (30m, 4h, 2d) to an instant")
        add.add_argument("start")
        add.add_argument("duration")
        add.add_argument("--hours", default="09:00-17:30")
        add.add_argument("--calendar", choices=["24x7", "office"], default="office")
        add.add_argument("--explain", action="store_true")
        wd = sub.add_parser("workdays-add", help="the date N working days later")
        wd.add_argument("date")
        wd.add_argument("n", type=int)
        show = sub.add_parser("show", help="print a month with holidays and make-up workdays")
        show.add_argument("month", help="YYYY-MM")
        imp = sub.add_parser("import-notice", help="parse a State Council notice")
        imp.add_argument("file")
        imp.add_argument("--year", type=int)
        imp.add_argument("--save", action="store_true", help="store it (confirmed)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"].replace("-", "_"))(options)
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc

    def do_add(self, options: dict[str, Any]) -> None:
        cal = _engine(options["calendar"], options["hours"])
        seconds = parse_duration(options["duration"], cal.standard_day_seconds)
        result = cal.deadline(_instant(options["start"]), seconds)
        self.stdout.write(result.at.strftime("%Y-%m-%d %H:%M"))
        for flag in result.flags:
            self.stderr.write(f"注意 / note: {flag}")
        if options["explain"]:
            for step in result.steps:
                self.stdout.write(f"  {step.text_zh}")

    def do_workdays_add(self, options: dict[str, Any]) -> None:
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CalendarError(f"无法识别的日期“{options['date']}”",
                                f"cannot read date {options['date']!r}") from exc
        result, flags = _engine(CalendarKind.OFFICE, "09:00-17:30").workdays_deadline(
            day, options["n"])
        self.stdout.write(result.isoformat())
        for flag in flags:
            self.stderr.write(f"注意 / note: {flag}")

    def do_show(self, options: dict[str, Any]) -> None:
        try:
            year, month = (int(p) for p in options["month"].split("-"))
            dt.date(year, month, 1)
        except ValueError as exc:
            raise CalendarError("月份格式为 YYYY-MM", "month must be YYYY-MM") from exc
        cal = _engine(CalendarKind.OFFICE, "09:00-17:30")
        self.stdout.write(f"{year}-{month:02d}   休=放假 holiday   班=调休上班 make-up workday")
        self.stdout.write("  一    二    三    四    五    六    日")
        notes = []
        for week in month_grid(cal, year, month):
            cells = []
            for cell in week:
                if cell is None:
                    cells.append("     ")
                    continue
                day, kind, name = cell
                mark = {"holiday": "休", "makeup": "班"}.get(kind, "  ")
                cells.append(f"{day.day:>3}{mark}" if mark.strip() else f"{day.day:>3}  ")
                if name:
                    notes.append(f"{day:%m-%d} {mark} {name}")
            self.stdout.write(" ".join(cells).rstrip())
        for y in cal.missing_years(dt.date(year, month, 1), dt.date(year, month, 1)):
            self.stdout.write(f"注意 / note: {y} 年节假日安排尚未录入，按周一至周五显示")
        for note in notes:
            self.stdout.write(f"  {note}")

    def do_import_notice(self, options: dict[str, Any]) -> None:
        from ... import actions

        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}: {exc}") from exc
        notice = actions.preview_notice(text, options["year"])
        self.stdout.write(notice.summary())
        if not options["save"]:
            self.stdout.write("（未保存；加 --save 保存 / not stored; add --save to store）")
            return
        with context.acting(None, source="cli:calendar"):
            _, recomputed = actions.do_save_arrangement(
                notice.year, notice.holidays, notice.workdays, notice_text=text)
        self.stdout.write(self.style.SUCCESS(
            f"已保存 {notice.year} 年安排，重新计算 {recomputed} 个未完成的时限 / stored"))
