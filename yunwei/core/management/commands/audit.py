"""`yunwei audit verify`: walk the audit chain and name the first tampered row."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunwei.core.audit import verify_chain


class Command(BaseCommand):
    """Audit trail tools."""

    help = "Audit trail tools: `verify` walks the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"audit chain OK: {result.rows} rows verified"))
            return
        raise CommandError(f"audit chain BROKEN: {result.problem}")
