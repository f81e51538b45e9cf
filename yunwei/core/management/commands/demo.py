"""`yunwei demo`: migrate, load the demo engagement, then serve the UI and the worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    """Set up and run the demo."""

    help = "Migrate, load the demo engagement and serve it on 127.0.0.1:8000 with the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="load the data and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        from yunwei.demo.loader import DEMO_PASSWORD, load_demo

        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo engagement loaded"))
        self.stdout.write(f"\n  http://{options['bind']}/   密码 password: {DEMO_PASSWORD}\n")
        for username, role, contract in logins:
            self.stdout.write(f"  {username:<14} {role:<28} {contract}")
        self.stdout.write("")
        if options["no_serve"]:
            return
        # The demo may keep its generated key in the data folder (core.checks): tell the server
        # and the worker started below that this is the demo.
        os.environ["YUNWEI_DEMO"] = "1"
        env = dict(os.environ)
        worker = subprocess.Popen([sys.executable, "-m", "yunwei.cli", "worker"], env=env)
        try:
            call_command("serve", bind=options["bind"], workers=2, threads=4)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
