"""`yunwei assess simulate FILE`: try an assessment scheme on a year's records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunwei.scoring.money import MoneyError
from yunwei.scoring.simulate import SimulationError, simulate_text


class Command(BaseCommand):
    """Assessment tools."""

    help = ("Assessment tools: `simulate FILE` prints the assessment of a YAML file as JSON; "
            "`import FILE --contract NUMBER` imports its records into a contract.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["simulate", "import"])
        parser.add_argument("file")
        parser.add_argument("--contract", help="contract number (for import)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path} / cannot read {path}: {exc}") from exc
        try:
            if options["action"] == "simulate":
                self.stdout.write(simulate_text(text))
            else:
                self._import(text, options.get("contract"))
        except (SimulationError, MoneyError) as exc:
            raise CommandError(str(exc)) from exc

    def _import(self, text: str, number: str | None) -> None:
        import yaml

        from yunwei.assessment.importing import import_records
        from yunwei.contracts.models import Contract
        from yunwei.core import context

        contract = Contract.objects.filter(number=number).first() if number else None
        if contract is None:
            raise CommandError(f"找不到合同 {number!r}（用 --contract 指定合同编号）"
                               f" / no contract {number!r}")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise CommandError(f"YAML 格式错误 / invalid YAML: {exc}") from exc
        with context.acting(None, source="cli:assess-import"):
            counts = import_records(contract, data)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
