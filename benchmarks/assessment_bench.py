"""Assessment benchmark on the general engine (one period, the contract's year): a contract
with 100,000 work orders (each with its stopped resolution clock, as the platform records
them), 20 staff x 365 days of personnel records and
50 accidents, assessed on SQLite. Prints the time and the query count
(at a small and at the full size: the count must not grow with the data).

Run: .venv/bin/python benchmarks/assessment_bench.py [--orders N]
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
WORK = ROOT / "benchmarks" / ".work" / "assessment"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
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
    from yunwei.assessment.actions import do_copy_template
    from yunwei.assessment.compute import assess_periods
    from yunwei.assessment.models import Accident, PersonnelRecord
    from yunwei.calendars.models import SlaClockRecord, SlaPolicy, SlaTarget, WorkingCalendar
    from yunwei.contracts.models import Contract
    from yunwei.core import context
    from yunwei.organizations.models import Organization
    from yunwei.workorders.models import Evaluation, WorkOrder

    tz = dt.timezone(dt.timedelta(hours=8))
    with context.acting(None, source="bench"):
        agency = Organization.objects.create(kind="agency", name="基准监狱管理局")
        vendor = Organization.objects.create(kind="vendor", name="基准运维公司")
        contract = Contract.objects.create(
            number="BENCH-A", code="PRS", project_name="基准", agency=agency, vendor=vendor,
            service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("3000000.00"), status="active")
        scheme = do_copy_template(contract, "prison-2025", final_payment=Decimal("900000"))
        calendar = WorkingCalendar.objects.create(contract=contract, name="7x24", kind="24x7")
        policy = SlaPolicy.objects.create(contract=contract, name="服务水平")
        targets = {code: SlaTarget.objects.create(
            policy=policy, level_code=code, level_name=code, metric="resolution",
            minutes=hours * 60, calendar=calendar) for code, hours in (("urgent", 8),
                                                                      ("normal", 24))}
        terms = {code: t.versions.get() for code, t in targets.items()}

    def fill(start: int, count: int) -> None:
        base = dt.datetime(2026, 1, 1, 8, 0, tzinfo=tz)
        orders, evaluations = [], []
        for i in range(start, start + count):
            issued = base + dt.timedelta(minutes=(i * 5) % (360 * 24 * 60))
            late_hours = (0, 2, 5, 30, 60)[i % 5] if i % 97 == 0 else 0
            resolved = issued + dt.timedelta(hours=(8 if i % 2 else 24) + late_hours)
            due = issued + dt.timedelta(hours=8 if i % 2 else 24)  # copy of the clock's
            orders.append(WorkOrder(resolution_deadline=due,
                contract=contract, number=f"PRS-2026-{i:06d}", year=2026, seq=i,
                title="终端故障", channel="phone", requester_name="张三", state="closed",
                level_code="urgent" if i % 2 else "normal", reported_at=issued,
                resolved_at=resolved, closed_at=resolved, problem_analysis="a",
                resolution_steps="b" if i % 211 else "", verification="c"))
        WorkOrder.objects.bulk_create(orders, batch_size=5000)
        ids = WorkOrder.objects.filter(seq__gte=start, seq__lt=start + count).values_list(
            "pk", "seq", "resolved_at", "reported_at", "level_code")
        clocks = []
        for pk, seq, resolved, issued, level in ids:
            limit = dt.timedelta(hours=8 if level == "urgent" else 24)
            late = (resolved - issued - limit).total_seconds()
            clocks.append(SlaClockRecord(
                contract=contract, subject_type="workorders.workorder", subject_id=str(pk),
                target=targets[level], terms=terms[level], label="受理", started_at=issued,
                state="stopped", deadline=issued + limit, remaining_seconds=-int(late),
                breached=late > 0, met=late <= 0, version=2))
            if seq % 331:
                evaluations.append(Evaluation(work_order_id=pk, rating=(
                    "unsatisfied" if seq % 997 == 0 else "satisfied"), method="app",
                    confirmed_by_name="张三", confirmed_at=resolved))
        Evaluation.objects.bulk_create(evaluations, batch_size=5000)
        SlaClockRecord.objects.bulk_create(clocks, batch_size=5000)

    as_of = dt.datetime(2027, 1, 1, tzinfo=tz)

    def measure(label: str) -> None:
        assess_periods(scheme, as_of=as_of)  # warm up
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            a = assess_periods(scheme, as_of=as_of)
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert not a.problems, a.problems
        if args.profile:
            import cProfile
            import pstats

            with cProfile.Profile() as prof:
                assess_periods(scheme, as_of=as_of)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        period = a.result.periods[0]
        print(f"{label:<44} {elapsed:6.2f} s (CPU {cpu:5.2f} s)  {len(queries):3} queries  "
              f"period {period.period.code} score {period.score}  lines {len(period.lines):,}"
              f"  fines ¥{period.fines}")

    fill(1, 1000)
    measure("1,000 work orders, no personnel records")
    fill(1001, args.orders - 1000)
    staff = [f"工程师{n:02d}" for n in range(20)]
    records = []
    for day in range(365):
        date = dt.date(2026, 1, 1) + dt.timedelta(days=day)
        for n, person in enumerate(staff):
            kind, minutes = "present", 0
            if (day + n) % 37 == 0:
                kind, minutes = "late", (30, 75, 150)[(day + n) % 3]
            elif (day + n) % 101 == 0:
                kind = "absent"
            records.append(PersonnelRecord(contract=contract, kind=kind, person=person,
                                           date=date, minutes=minutes, evidence=f"考勤{day}"))
    PersonnelRecord.objects.bulk_create(records, batch_size=5000)
    Accident.objects.bulk_create([Accident(
        contract=contract, ref=f"ACC-{i}", level=(i % 3) + 1,
        occurred_at=dt.datetime(2026, 1, 1, tzinfo=tz) + dt.timedelta(days=i * 7),
        report_submitted_at=dt.datetime(2026, 1, 1, tzinfo=tz) + dt.timedelta(days=i * 7,
                                                                              hours=30),
        evidence=f"事故报告 {i}") for i in range(50)])
    measure(f"{args.orders:,} orders, 7,300 personnel records, 50 accidents")
    print("target: under 2 s on SQLite, the same query count at both sizes")


if __name__ == "__main__":
    main()
