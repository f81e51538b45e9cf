#!/usr/bin/env python
"""Django's command-line utility (the `yunwei` command does the same)."""

from yunwei.cli import main

if __name__ == "__main__":
    main()
