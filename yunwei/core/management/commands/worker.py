"""`yunwei worker`: run the background jobs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yunwei.core import worker
from yunwei.core.checks import refuse_unsafe_start


class Command(BaseCommand):
    """Run the background worker."""

    help = "Run the background worker (periodic jobs) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsafe_start(self)
        if options["once"]:
            for name, result in worker.run_once().items():
                self.stdout.write(f"{name}: {result}")
            return
        worker.run_forever()
