"""`yunwei assess simulate FILE`: try an assessment scheme on records; `assess scheme FILE`:
check a scheme file (or a template name) and list its rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunwei.scoring.engine.errors import EngineError
from yunwei.scoring.money import MoneyError
from yunwei.scoring.simulate import SimulationError, simulate_text


def _platform_lpr() -> Any:
    """The LPR table entered on the platform (None without a database)."""
    from django.db.utils import DatabaseError

    try:
        from yunwei.assessment.models import lpr_table  # the command already reads the app

        return lpr_table()
    except (DatabaseError, ImportError):
        return None


class Command(BaseCommand):
    """Assessment tools."""

    help = ("Assessment tools: `simulate FILE` prints the assessment of a YAML file as JSON "
            "(the built-in prison format, or `format: yunwei.simulation/1` with any scheme, "
            "the contract's periods and records of every measure); `scheme FILE|TEMPLATE` "
            "checks a scheme and lists its rules; `import FILE --contract NUMBER` imports "
            "records into a contract.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["simulate", "scheme", "import"])
        parser.add_argument("file")
        parser.add_argument("--contract", help="contract number (for import)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["action"] == "scheme" and not path.exists():
            return self._scheme(None, options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path} / cannot read {path}: {exc}") from exc
        try:
            if options["action"] == "simulate":
                self.stdout.write(simulate_text(text, _platform_lpr()))
            elif options["action"] == "scheme":
                self._scheme(text, None)
            else:
                self._import(text, options.get("contract"))
        except (SimulationError, MoneyError, EngineError) as exc:
            raise CommandError(str(exc)) from exc
        return None

    def _scheme(self, text: str | None, name: str | None) -> None:
        from yunwei.scoring.engine import load_text, template

        try:
            scheme = load_text(text) if text is not None else template(str(name))
        except EngineError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{scheme.code}：{scheme.name.zh} / {scheme.name.en}")
        self.stdout.write(f"  periods={scheme.periods} base={scheme.base} "
                          f"measures={', '.join(scheme.measures)}")
        for rule in scheme.rules:
            self.stdout.write(f"  {rule.code} [{rule.kind}] {rule.title.zh}")
        for tier in scheme.tiers:
            self.stdout.write(f"  tier {tier.bounds.text()}: {tier.label.zh}")

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
