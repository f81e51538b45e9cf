"""Inventory benchmark on SQLite: 10,000 items imported from a workbook (preview + import),
a month of daily rounds for 300 items generated and their completeness computed, availability
for a year of 5,000 outages. Prints times and query counts, each at a small and the full size
(a count that does not grow with the data shows no per-row queries).

Run: .venv/bin/python benchmarks/inventory_bench.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "inventory"


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
    from openpyxl import Workbook

    call_command("migrate", verbosity=0)
    from yunwei.contracts.models import Contract
    from yunwei.core import context
    from yunwei.inventory import importer, reports
    from yunwei.inventory.actions import do_ensure_standard_types, do_generate_rounds
    from yunwei.inventory.models import (
        AvailabilityTarget,
        ConfigItem,
        InspectionPlan,
        InspectionRound,
        InspectionTemplate,
        MaintenanceWindow,
        Outage,
        RoundResult,
        TemplateCheck,
    )
    from yunwei.organizations.models import Organization

    tz = dt.timezone(dt.timedelta(hours=8))

    def new_contract(n: int) -> Contract:
        agency = Organization.objects.create(kind="agency", name=f"基准政务云中心{n}")
        vendor = Organization.objects.create(kind="vendor", name=f"基准运维公司{n}")
        return Contract.objects.create(
            number=f"BENCH-{n}", code=f"B{n}", project_name="基准", agency=agency,
            vendor=vendor, service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("3000000.00"), status="active")

    def ledger(n: int) -> bytes:
        book = Workbook(write_only=True)
        ws = book.create_sheet("主机")
        ws.append(["政务云主机台账"])
        ws.append(["类型", "主机名", "IP地址", "操作系统", "CPU核数", "内存(GB)", "磁盘(GB)",
                   "环境", "负责人"])
        for i in range(n):
            ws.append(["主机", f"vm-{i:05d}", f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
                       "麒麟 V10", 8, 32, 500, "生产", "运维组"])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def measure(label: str, func) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            func()
            took = time.perf_counter() - start
        print(f"  {label:<44} {took:7.2f} s {len(queries):6d} queries")
        return took, len(queries)

    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    print(f"CPU check: a 3,000,000-step Python loop took {time.perf_counter() - start:.2f} s "
          f"(about 0.15 s on an idle core; the times below scale with it)")
    print("1. import (preview + all-or-nothing import, audited), 10,000 hosts")
    with context.acting(None, source="bench"):
        for n in (1_000, 10_000):
            c = new_contract(n)
            do_ensure_standard_types(c)
            data = ledger(n)
            measure(f"{n:>6} rows imported",
                    lambda c=c, data=data: importer.do_import(c, None, data))
            assert ConfigItem.objects.filter(contract=c).count() == n
            measure(f"{n:>6} rows imported again (no change)",
                    lambda c=c, data=data: importer.do_import(c, None, data))

    print("2. a month of daily rounds for 300 items, then completeness")
    with context.acting(None, source="bench"):
        for n_items in (30, 300):
            c = new_contract(100 + n_items)
            types = do_ensure_standard_types(c)
            ConfigItem.objects.bulk_create([ConfigItem(
                contract=c, item_type=types["host"], code=f"H{i:04d}", name=f"h{i}",
                attrs={"os": "x", "ip": f"10.0.{i // 256}.{i % 256}"}) for i in range(n_items)])
            tpl = InspectionTemplate.objects.create(contract=c, item_type=types["host"],
                                                    name="日巡检")
            checks = [TemplateCheck.objects.create(contract=c, template=tpl, position=k,
                                                   text=f"检查{k}") for k in (1, 2)]
            InspectionPlan.objects.create(contract=c, template=tpl, name="日巡检",
                                          frequency="daily", starts=dt.date(2026, 3, 1))
            measure(f"{n_items:>4} items: rounds for March generated",
                    lambda: do_generate_rounds(dt.date(2026, 3, 31), first=dt.date(2026, 3, 1)))
            rounds = list(InspectionRound.objects.filter(contract=c))
            items = list(ConfigItem.objects.filter(contract=c))
            rng = random.Random(1)
            results = []
            for r in rounds:
                for it in items:
                    if rng.random() < 0.08:
                        continue  # missed
                    late = rng.random() < 0.05
                    when = dt.datetime.combine(r.due + dt.timedelta(days=late), dt.time(10),
                                               tzinfo=tz)
                    results += [RoundResult(contract=c, round=r, item=it, point=ch,
                                            outcome="normal", checked_at=when) for ch in checks]
            RoundResult.objects.bulk_create(results, batch_size=2000)
            out: dict = {}
            measure(f"{n_items:>4} items: completeness of {len(rounds)} rounds, "
                    f"{len(results)} results",
                    lambda c=c, out=out: out.setdefault("r", reports.completeness(
                        c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1))))
            i = out["r"].items
            print(f"       due {i.due}, done {i.done} (on time {i.on_time}, late {i.late}), "
                  f"missed {i.missed}")

    print("3. availability for a year of outages (100 targets, monthly, 50 windows)")
    with context.acting(None, source="bench"):
        for n_out in (500, 5_000):
            c = new_contract(1000 + n_out)
            types = do_ensure_standard_types(c)
            ConfigItem.objects.bulk_create([ConfigItem(
                contract=c, item_type=types["database"], code=f"D{i:03d}", name=f"db{i}",
                attrs={"engine": "MySQL"}) for i in range(100)])
            items = list(ConfigItem.objects.filter(contract=c))
            AvailabilityTarget.objects.bulk_create([AvailabilityTarget(
                contract=c, item=it, percent=Decimal("99.9")) for it in items])
            rng = random.Random(2)
            base = dt.datetime(2026, 1, 1, tzinfo=tz)
            outs = []
            for _ in range(n_out):
                start = base + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
                outs.append(Outage(contract=c, item=rng.choice(items), start=start,
                                   end=start + dt.timedelta(minutes=rng.randrange(1, 240)),
                                   cause="x"))
            Outage.objects.bulk_create(outs, batch_size=2000)
            MaintenanceWindow.objects.bulk_create([MaintenanceWindow(
                contract=c, start=base + dt.timedelta(days=7 * k, hours=2),
                end=base + dt.timedelta(days=7 * k, hours=4), description="维护")
                for k in range(50)])
            measure(f"{n_out:>5} outages: 100 items x 12 months",
                    lambda c=c: reports.availability_table(c.pk, dt.date(2026, 1, 1),
                                                           dt.date(2026, 12, 31)))


if __name__ == "__main__":
    main()
