"""Staffing benchmark: 50 people, a year of punches (~36,500 rows, two a day) imported from a
DingTalk-shaped CSV, then the year's attendance derived and its coverage counted, on SQLite.
Prints the times and query counts for one month and for the whole year (the counts must not
grow with the rows).

Run: .venv/bin/python benchmarks/staffing_bench.py   (PROFILE=1: a cProfile of the year's run;
SQLITE_CACHE_MB=64: the connection's page cache that size, to compare)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "staffing"
PEOPLE = 50


def punches_csv(first: dt.date, days: int) -> bytes:
    """Two punches a day per person, some late, some early, some days missing."""
    lines = ["姓名,工号,打卡时间"]
    for d in range(days):
        day = first + dt.timedelta(days=d)
        for n in range(PEOPLE):
            if (d + n) % 53 == 0:
                continue  # absent
            late = (0, 0, 0, 12, 61, 125)[(d * 7 + n) % 6] if (d + n) % 5 == 0 else 0
            arrive = dt.datetime.combine(day, dt.time(8, 50)) + dt.timedelta(minutes=late)
            leave = dt.datetime.combine(day, dt.time(17, 35)) - dt.timedelta(
                minutes=40 if (d + n) % 29 == 0 else 0)
            lines.append(f"员工{n:02d},E{n:03d},{arrive:%Y-%m-%d %H:%M:%S}")
            lines.append(f"员工{n:02d},E{n:03d},{leave:%Y-%m-%d %H:%M:%S}")
    return ("\n".join(lines) + "\n").encode("gbk")


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    os.environ.update(YUNWEI_DATA_DIR=str(WORK), DJANGO_SETTINGS_MODULE="yunwei.settings",
                      SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
                      LOG_LEVEL="WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    if os.environ.get("SQLITE_CACHE_MB"):  # an experiment: a larger page cache than SQLite's 2 MB
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size=-{int(os.environ['SQLITE_CACHE_MB']) * 1024}")
    from yunwei.calendars.models import WorkingCalendar
    from yunwei.contracts.models import Contract
    from yunwei.core import context
    from yunwei.organizations.models import Organization
    from yunwei.staffing import actions
    from yunwei.staffing.models import AttendanceRecord, Person, Post, ShiftPattern

    with context.acting(None, source="bench"):
        agency = Organization.objects.create(kind="agency", name="基准应急指挥中心")
        vendor = Organization.objects.create(kind="vendor", name="基准运维公司")
        contract = Contract.objects.create(
            number="BENCH-S", code="EMC", project_name="基准", agency=agency, vendor=vendor,
            service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("3000000.00"), status="active")
        cal = WorkingCalendar.objects.create(contract=contract, name="7x24", kind="24x7")
        post = Post.objects.create(contract=contract, name="值守工程师", calendar=cal)
        ShiftPattern.objects.create(contract=contract, post=post, name="白班",
                                    start=dt.time(9), end=dt.time(17, 30), days="daily",
                                    headcount=PEOPLE)
        for n in range(PEOPLE):
            p = Person.objects.create(contract=contract, name=f"员工{n:02d}",
                                      employee_no=f"E{n:03d}", entry_status="approved",
                                      entry_decided_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
            p.posts.add(post)
        t0 = time.perf_counter()
        for month in range(1, 13):
            actions.do_generate_roster(contract.pk, 2026, month, actor=None)
        print(f"{'roster: 12 months generated (setup)':<46} {time.perf_counter() - t0:6.2f} s")

        def run(label: str, first: dt.date, days: int) -> None:
            data = punches_csv(first, days)
            last = first + dt.timedelta(days=days - 1)
            with CaptureQueriesContext(connection) as q1:
                t0, c0 = time.perf_counter(), time.process_time()
                batch = actions.do_import_attendance(contract.pk, data, "打卡.csv", actor=None)
                t1, c1 = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as q2:
                n = actions.do_derive_attendance(contract.pk, first, last)
                rows = actions.coverage(contract.pk, first, last)
                t2, c2 = time.perf_counter(), time.process_time()
            print(f"{label}\n  import {t1 - t0:5.2f} s ({c1 - c0:5.2f} s CPU) {len(q1):3} "
                  f"queries ({batch.rows:,} rows, {batch.added:,} new) | derive + coverage "
                  f"{t2 - t1:5.2f} s ({c2 - c1:5.2f} s CPU) {len(q2):3} queries ({n:,} records, "
                  f"{len(rows)} coverage rows) | total {t2 - t0:5.2f} s ({c2 - c0:5.2f} s CPU)")

        run("one month (2026-01)", dt.date(2026, 1, 1), 31)
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        run("the year (2026), January again (idempotent)", dt.date(2026, 1, 1), 365)
        if os.environ.get("PROFILE"):
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        kinds = AttendanceRecord.objects.filter(contract=contract).values_list("kind", flat=True)
        from collections import Counter

        print("records by kind:", dict(Counter(kinds)))
    print("target: under 5 s on SQLite, a query count independent of the rows "
          f"(load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
