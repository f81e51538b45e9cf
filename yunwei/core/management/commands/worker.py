"""`yunwei worker`: run the background jobs (core.jobs); several may run at once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yunwei.core import worker
from yunwei.core.checks import refuse_unsafe_start


class Command(BaseCommand):
    """Run the background worker."""

    help = ("Run the background worker (periodic jobs and the job queue) until stopped; "
            "any number may run at once, on one server or several.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true",
                            help="run every periodic job once here, bypassing the queue, and exit")
        parser.add_argument("--tick", type=float, default=1.0,
                            help="seconds to wait when there is nothing to do (default 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsafe_start(self)
        if options["once"]:
            for name, result in worker.run_once().items():
                self.stdout.write(f"{name}: {result}")
            return
        worker.run_forever(tick=options["tick"])
