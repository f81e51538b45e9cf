"""Monthly O&M report benchmark: a contract with 100,000 work orders over 2026 (and their
evaluations) on SQLite. Prints the time to draft the report (figures, DOCX and PDF) for one
month, and for the whole year (all 100,000 orders in one report period), with query counts.

Run: .venv/bin/python benchmarks/deliverables_bench.py [--orders N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "deliverables"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
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
    from yunwei.contracts.models import Contract
    from yunwei.core import context
    from yunwei.deliverables import report
    from yunwei.organizations.models import Organization
    from yunwei.workorders.models import Evaluation, WorkOrder

    tz = dt.timezone(dt.timedelta(hours=8))
    with context.acting(None, source="bench"):
        agency = Organization.objects.create(kind="agency", name="基准信息中心")
        vendor = Organization.objects.create(kind="vendor", name="基准运维公司")
        contract = Contract.objects.create(
            number="BENCH-D", code="DLV", project_name="基准", agency=agency, vendor=vendor,
            service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("3000000.00"), status="active")
    base = dt.datetime(2026, 1, 1, 8, 0, tzinfo=tz)
    levels = [("urgent", "紧急"), ("high", "重要"), ("normal", "一般")]
    categories = ["网络", "终端", "视频会议", "服务器", "打印机"]
    channels = ["phone", "qq", "walk_in", "self_service", "email"]
    orders = []
    for i in range(1, args.orders + 1):
        issued = base + dt.timedelta(minutes=(i * 5) % (360 * 24 * 60))
        resolved = issued + dt.timedelta(hours=(2, 8, 24)[i % 3]) if i % 50 else None
        code, name = levels[i % 3]
        orders.append(WorkOrder(
            contract=contract, number=f"DLV-2026-{i:06d}", year=2026, seq=i, title="终端故障",
            channel=channels[i % 5], category=categories[i % 5], level_code=code,
            level_name=name, state="closed" if resolved else "in_progress", reported_at=issued,
            resolved_at=resolved, closed_at=resolved, sla_breached=i % 97 == 0))
    WorkOrder.objects.bulk_create(orders, batch_size=5000)
    # every order's resolution clock (what the report and the score page read): stopped with
    # what it counted, or running; limits 4 / 8 / 24 h by level, so the 24-hour ones run late
    from yunwei.calendars.models import SlaClockRecord, SlaPolicy, SlaTarget, WorkingCalendar

    with context.acting(None, source="bench"):
        calendar = WorkingCalendar.objects.create(contract=contract, name="7x24", kind="24x7")
        policy = SlaPolicy.objects.create(contract=contract, name="基准服务水平")
        target = SlaTarget.objects.create(policy=policy, level_code="all", level_name="全部",
                                          metric="resolution", minutes=240, calendar=calendar)
    limits = {"urgent": 4, "high": 8, "normal": 12}
    clocks = []
    for pk, code, issued, resolved in WorkOrder.objects.filter(contract=contract).values_list(
            "pk", "level_code", "reported_at", "resolved_at"):
        deadline = issued + dt.timedelta(hours=limits[code])
        remaining = int((deadline - resolved).total_seconds()) if resolved else None
        clocks.append(SlaClockRecord(
            contract=contract, subject_type="workorders.workorder", subject_id=str(pk),
            target=target, started_at=issued, deadline=deadline,
            state="stopped" if resolved else "running", remaining_seconds=remaining,
            breached=remaining is not None and remaining < 0,
            met=None if remaining is None else remaining >= 0))
    SlaClockRecord.objects.bulk_create(clocks, batch_size=5000)
    evaluations = [Evaluation(work_order_id=pk, rating="unsatisfied" if pk % 41 == 0
                              else "satisfied", method="app", confirmed_by_name="张三",
                              confirmed_at=resolved)
                   for pk, resolved in WorkOrder.objects.filter(resolved_at__isnull=False)
                   .values_list("pk", "resolved_at") if pk % 3 == 0]
    Evaluation.objects.bulk_create(evaluations, batch_size=5000)

    def measure(label: str, start: dt.date, end: dt.date) -> None:
        report.build(contract, start, end)  # warm up (templates, fonts)
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            data = report.build(contract, start, end)
            t1 = time.perf_counter()
            docx = report.to_docx(data, "https://yw.example")
            t2 = time.perf_counter()
            pdf = report.to_pdf(data, "https://yw.example")
            t3 = time.perf_counter()
        total = data["sections"][0]["figures"]["totals"]["total"]
        print(f"{label:<30} {total:>7,} orders  figures {t1 - t0:5.2f} s ({len(queries)} queries)"
              f"  +docx {t2 - t1:4.2f} s  +pdf {t3 - t2:4.2f} s  | one download: DOCX "
              f"{t2 - t0:5.2f} s, PDF {t1 - t0 + t3 - t2:5.2f} s  "
              f"({len(docx) // 1024} KB docx, {len(pdf) // 1024} KB pdf)")

    print(f"contract with {args.orders:,} work orders, {len(evaluations):,} evaluations")
    t0 = time.perf_counter()  # the first PDF of a process loads the CJK fonts (fontconfig)
    report.to_pdf(report.build(contract, dt.date(2026, 1, 1), dt.date(2026, 1, 1)))
    print(f"first PDF of the process (font loading, once per process): "
          f"{time.perf_counter() - t0:5.2f} s")
    measure("monthly report, October 2026", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    measure("annual report, 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    print(f"target: the monthly report under 5 s (load average now {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
