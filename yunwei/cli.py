"""The `yunwei` console entry point: Django's manage.py with Yunwei's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (`yunwei demo`, `yunwei serve`, `yunwei audit verify`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunwei.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yunwei", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
