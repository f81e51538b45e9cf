"""`yunwei serve`: the production server (gunicorn), static files by whitenoise."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    """Serve the platform with gunicorn."""

    help = "Serve the web UI and API with gunicorn (collects static files first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("YUNWEI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("YUNWEI_WORKERS", "2")))
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("YUNWEI_THREADS", "4")))
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from yunwei.core.checks import refuse_unsafe_start

        refuse_unsafe_start(self)
        if settings.PRODUCTION and not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            "gunicorn", "yunwei.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--timeout", "60",
        ]
        self.stdout.write(f"serving on http://{options['bind']}/")
        import sys

        from gunicorn.app.wsgiapp import run

        sys.argv = argv
        run()
