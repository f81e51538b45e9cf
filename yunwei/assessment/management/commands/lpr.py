"""`yunwei lpr`: the published one-year loan prime rates that late-payment clauses follow.

  yunwei lpr list
  yunwei lpr set 2026-10-20 3.00 [--note 维持不变]
  yunwei lpr delete 2026-10-20
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(f"无法识别的日期“{text}”（例如 2026-10-20） / cannot read date "
                           f"{text!r} (e.g. 2026-10-20)") from exc


class Command(BaseCommand):
    """The one-year LPR table."""

    help = "List, enter or remove the published one-year loan prime rates (LPR)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="the rates entered, newest first")
        put = sub.add_parser("set", help="enter the rate published for a day")
        put.add_argument("date", help="the day it takes effect, YYYY-MM-DD")
        put.add_argument("percent", help="percent a year, e.g. 3.00")
        put.add_argument("--note", default="")
        rm = sub.add_parser("delete", help="remove a rate entered by mistake")
        rm.add_argument("date")

    def handle(self, *args: Any, **options: Any) -> None:
        from yunwei.assessment.actions import do_delete_lpr, do_set_lpr
        from yunwei.assessment.models import LoanPrimeRate, lpr_table

        action = options["action"]
        if action == "set":
            try:
                row = do_set_lpr(_day(options["date"]), options["percent"], options["note"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"{row.effective} {row.percent}%")
        elif action == "delete":
            row = LoanPrimeRate.objects.filter(effective=_day(options["date"])).first()
            if row is None:
                raise CommandError(f"{options['date']} 没有录入的 LPR / no LPR entered for "
                                   f"{options['date']}")
            do_delete_lpr(row)
            self.stdout.write(f"- {row.effective}")
        else:
            for row in LoanPrimeRate.objects.all():
                self.stdout.write(f"{row.effective} {row.percent}% {row.note}".rstrip())
            known = lpr_table().known_until
            self.stdout.write(f"已知至 / known until: {known or '—'}")
