"""Operations benchmark: a contract with 2,000 accidents (levels, repeat detection on opening)
and 20,000 operations records; times opening an accident (repeat detection against all earlier
ones), collecting a year's measures, and counting the terms. Prints time and query counts.

Run: .venv/bin/python benchmarks/operations_bench.py [--accidents N] [--records N]
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
WORK = ROOT / "benchmarks" / ".work" / "operations"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accidents", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=20_000)
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
    from django.contrib.auth import get_user_model

    from yunwei.assets.models import Equipment
    from yunwei.contracts.models import Contract, Membership
    from yunwei.core import context, measures
    from yunwei.operations import actions
    from yunwei.operations.counting import count_terms
    from yunwei.operations.models import (
        Accident,
        AccidentLevel,
        OperationsPolicy,
        OperationsRecord,
        OperationsTerm,
    )
    from yunwei.organizations.models import Organization

    tz = dt.timezone(dt.timedelta(hours=8))
    start = dt.datetime(2025, 1, 1, tzinfo=tz)
    with context.acting(None, source="bench"):
        agency = Organization.objects.create(kind="agency", name="甲方")
        vendor = Organization.objects.create(kind="vendor", name="乙方")
        contract = Contract.objects.create(
            number="BENCH-1", code="BEN", project_name="基准", agency=agency, vendor=vendor,
            service_start=dt.date(2025, 1, 1), service_end=dt.date(2025, 12, 31),
            amount=Decimal("1000000.00"), status="active")
        user = get_user_model().objects.create_user("bench_pm")
        Membership.objects.create(contract=contract, user=user, role="vendor_pm")
        level = AccidentLevel.objects.create(contract=contract, code="2", name="二级",
                                             report_hours=Decimal(24))
        OperationsPolicy.objects.create(contract=contract, repeat_window_days=30)
        items = [Equipment.objects.create(contract=contract, category="终端", name=f"终端{i}")
                 for i in range(50)]
        for kind in ("backup", "drill", "special_duty"):
            OperationsTerm.objects.create(contract=contract, kind=kind, period="month",
                                          minimum=1, maximum=40)
        step = dt.timedelta(days=365) / args.accidents
        Accident.objects.bulk_create([
            Accident(contract=contract, title=f"事故{i}", occurred_at=start + i * step,
                     cause=f"原因{i % 97}", preliminary_level=level, stage="preliminary",
                     report_deadline=start + i * step + dt.timedelta(hours=24))
            for i in range(args.accidents)])
        through = Accident.equipment.through
        through.objects.bulk_create([
            through(accident_id=a, equipment_id=items[a % 50].pk)
            for a in Accident.objects.values_list("pk", flat=True)])
        rstep = dt.timedelta(days=365) / args.records
        OperationsRecord.objects.bulk_create([
            OperationsRecord(contract=contract, kind=("backup", "drill", "special_duty")[i % 3],
                             title=f"记录{i}", performed_at=start + i * rstep)
            for i in range(args.records)])

        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            actions.do_open_accident(contract, actor=user, title="新事故",
                                     occurred_at=start + dt.timedelta(days=200),
                                     equipment=[items[3]], cause="新原因")
            opened = time.perf_counter() - t0
        print(f"open an accident (repeat check over {args.accidents}): "
              f"{opened * 1000:.1f} ms, {len(q)} queries")
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            events = measures.collect(contract, [m.name for m in measures.MEASURES.values()
                                                 if m.app == "operations"],
                                      start, start + dt.timedelta(days=365))
            took = time.perf_counter() - t0
        print(f"collect a year's operations measures: {len(events)} events in "
              f"{took * 1000:.1f} ms, {len(q)} queries")
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            counts = count_terms(contract, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
            took = time.perf_counter() - t0
        periods = sum(len(tc.periods) for tc in counts)
        print(f"count 3 terms x 12 months over {args.records} records: {periods} periods in "
              f"{took * 1000:.1f} ms, {len(q)} queries")


if __name__ == "__main__":
    main()
