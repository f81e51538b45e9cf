"""`yunwei assess simulate FILE`: try an assessment scheme on a year's records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunwei.scoring.money import MoneyError
from yunwei.scoring.simulate import SimulationError, simulate_text


class Command(BaseCommand):
    """Assessment tools."""

    help = "Assessment tools: `simulate FILE` prints the assessment of a YAML file as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["simulate"])
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path} / cannot read {path}: {exc}") from exc
        try:
            self.stdout.write(simulate_text(text))
        except (SimulationError, MoneyError) as exc:
            raise CommandError(str(exc)) from exc
