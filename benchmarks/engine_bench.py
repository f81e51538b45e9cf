"""General assessment engine benchmark, in memory (no database): one period of the prison
contract with 100,000 work orders, 20 staff x 365 days of attendance and 50 accidents under
prison-2025 as data, against the built-in engine (yunwei/scoring/evaluate.py) on the same
records; and a year of the cloud contract (seed 003, cloud-db-2022, monthly periods) with
100,000 events, which only the general engine can assess. The records are drawn from a seeded
generator, so every run sees the same input.

Prints, per case and engine: the best wall time and the best CPU time of --repeat runs,
events per second (wall), the ratio to the peer (wall), and the peak memory of one run under
tracemalloc (measured apart from the timed runs, which it would slow down). The schemes are
loaded once, outside the timed runs. The prison case also checks that both engines agree line
for line.

Run: .venv/bin/python benchmarks/engine_bench.py [--orders N] [--events N] [--repeat N]
                                                 [--seed N] [--profile] [--digest]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import pstats
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yunwei.scoring import engine  # noqa: E402
from yunwei.scoring.evaluate import (  # noqa: E402
    AccidentRecord,
    Assessor,
    PersonnelRecord,
    WorkOrderRecord,
)
from yunwei.scoring.templates import PRISON_2025  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=8))
# loaded once, as the platform keeps a contract's scheme: the runs time the assessment alone
SCHEMES = {name: engine.template(name) for name in ("prison-2025", "cloud-db-2022")}


# -- the prison contract: 2025-01-01 .. 2025-12-31, one whole period ----------------------------
PRISON_TOTAL = Decimal("3000000.00")
PRISON_START, PRISON_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
PRISON_AS_OF = dt.datetime(2026, 1, 1, tzinfo=TZ)
KINDS = ["late", "early", "absent", "leave_unreported", "unchecked_entry",
         "replaced_without_notice"]


def prison_records(orders: int, seed: int) -> tuple[list, list, list]:
    """Work orders, accidents and attendance records of a busy year, drawn from `seed`."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, 7, 0, tzinfo=TZ)
    span = 364 * 24 * 60
    out_orders = []
    for i in range(orders):
        issued = start + dt.timedelta(minutes=i * span // orders + rng.randrange(5))
        urgency = "urgent" if rng.random() < 0.5 else "normal"
        limit = 8 if urgency == "urgent" else 24
        roll = rng.random()
        if roll < 0.005:
            resolved = None  # still open at the end of the year: overdue to the period's end
            issued = min(issued, PRISON_AS_OF - dt.timedelta(hours=rng.randrange(1, 200)))
        else:
            if roll < 0.90:
                minutes = -rng.randrange(limit * 60)  # in time
            elif roll < 0.95:
                minutes = rng.randrange(4 * 60)  # late, but under the 4 h allowance
            elif roll < 0.98:
                minutes = rng.randrange(4 * 60, 24 * 60 + 1)
            else:
                minutes = rng.randrange(24 * 60 + 1, 120 * 60)
            resolved = issued + dt.timedelta(hours=limit, minutes=minutes)
        out_orders.append(WorkOrderRecord(
            f"PRS-2025-{i + 1:06d}", urgency, issued, resolved,
            signed=rng.random() >= 0.01,
            rating=("unsatisfied" if rng.random() < 0.005 else
                    rng.choice(["satisfied", "satisfied", "basically", None])),
            steps_recorded=rng.random() >= 0.005, archived=rng.random() >= 0.003))
    accidents = []
    for i in range(50):
        occurred = start + dt.timedelta(days=rng.randrange(360), minutes=rng.randrange(1440))
        level = rng.randrange(1, 4)
        report = None if rng.random() < 0.1 else \
            occurred + dt.timedelta(minutes=rng.randrange(60 * 60))
        accidents.append(AccidentRecord(f"ACC-2025-{i + 1:03d}", level, occurred, report))
    personnel = []
    for day in range(365):
        date = PRISON_START + dt.timedelta(days=day)
        for n in range(20):
            roll = rng.random()
            kind, minutes = "present", 0
            if roll < 0.04:
                kind = rng.choice(KINDS[:2])
                minutes = rng.randrange(1, 240)
            elif roll < 0.05:
                kind = rng.choice(KINDS[2:])
            personnel.append(PersonnelRecord(kind, f"工程师{n:02d}", date, minutes,
                                             f"attendance:{day * 20 + n}"))
    return out_orders, accidents, personnel


def prison_events(orders: list, accidents: list, personnel: list) -> list[engine.Event]:
    """The same records as the measures prison-2025 declares (the platform's adapter)."""
    out = []
    for wo in orders:
        out.append(engine.Event("work_order", wo.issued, wo.number, f"工单 {wo.number}", {
            "urgency": wo.urgency, "resolved": wo.resolved, "deadline": wo.deadline,
            "signed": wo.signed, "rating": wo.rating, "steps_recorded": wo.steps_recorded,
            "archived": wo.archived}))
    for acc in accidents:
        out.append(engine.Event("accident", acc.occurred, acc.ref, f"事故 {acc.ref}", {
            "level": acc.level, "report_submitted": acc.report_submitted}))
    for r in personnel:
        out.append(engine.Event("attendance", r.date, r.ref, f"{r.person} {r.date}",
                                {"kind": r.kind, "person": r.person, "minutes": r.minutes}))
    return out


def run_old(orders: list, accidents: list, personnel: list) -> Any:
    old = Assessor(PRISON_2025, PRISON_TOTAL)
    old.work_orders(orders, PRISON_AS_OF)
    old.accidents(accidents, PRISON_AS_OF)
    old.personnel(personnel)
    return old.result()


def run_prison(events: list[engine.Event]) -> engine.Assessment:
    scheme = SCHEMES["prison-2025"]
    contract = engine.Contract(PRISON_TOTAL, PRISON_START, PRISON_END)
    periods = engine.make_periods(PRISON_START, PRISON_END, scheme.periods)
    return engine.assess(scheme, contract, periods, events, as_of=PRISON_AS_OF)


def agree(old: Any, new: engine.PeriodResult) -> bool:
    """The check of yunwei/scoring/tests/test_engine_prison.py: every line and every total."""
    def old_key(line: Any) -> tuple:
        return (line.rule, line.points, line.fine_yuan, line.evidence, line.pending)

    def new_key(line: engine.Line) -> tuple:
        return (line.code, line.points, line.fine, "、".join(e.ref for e in line.evidence),
                line.pending)

    return (sorted(map(new_key, new.lines)) == sorted(map(old_key, old.lines))
            and new.score == old.score and new.tier is not None and new.tier.zh == old.tier
            and new.tier_fine == old.tier_fine_yuan and new.rule_fines == old.rule_fines_yuan
            and new.fines == old.fine_yuan)


# -- the cloud contract (seed 003): 2022-06-01 .. 2023-05-31, twelve months ---------------------
CLOUD_TOTAL = Decimal("998000.00")
CLOUD_START, CLOUD_END = dt.date(2022, 6, 1), dt.date(2023, 5, 31)


def cloud_inputs(count: int, seed: int) -> tuple[list[engine.Event], list[engine.Value],
                                                 list[engine.ManualEntry]]:
    """`count` records of cloud-db-2022: its measures' events (work orders, duties) and the
    agency's hand entries (violations, late work with its days, breaches), and a year of
    availability."""
    rng = random.Random(seed)
    start = dt.datetime(2022, 6, 1, 0, 0, tzinfo=TZ)
    span = 364 * 24 * 60
    limits = {1: 2, 2: 4, 3: 8, 4: 16}
    events: list[engine.Event] = []
    manual: list[engine.ManualEntry] = []
    for i in range(count):
        when = start + dt.timedelta(minutes=i * span // count + rng.randrange(5))
        roll = rng.random()
        if roll < 0.02:
            manual.append(engine.ManualEntry("C3-VIOLATION", f"inspections.finding:{i}",
                                             when, f"检查记录 {i}"))
        elif roll < 0.025:
            manual.append(engine.ManualEntry("C1-LATE", f"deliverables.report:{i}", when.date(),
                                             f"交付物 {i}", rng.randrange(1, 20)))
        elif roll < 0.02501:
            manual.append(engine.ManualEntry("C4-SECRET", f"audit.finding:{i}", when,
                                             f"保密检查 {i}"))
        elif roll < 0.0252:
            events.append(engine.Event("special_duty", when.date(), f"duty:{i}", "值守"))
        else:
            level = rng.randrange(1, 5)
            hours = limits[level] * (rng.random() * (1.5 if rng.random() < 0.05 else 1.0))
            resolved = None if rng.random() < 0.001 else \
                when + dt.timedelta(minutes=int(hours * 60))
            events.append(engine.Event("work_order", when, f"workorders.workorder:{i}",
                                       f"故障 {i}", {"urgency": str(level),
                                                     "resolved": resolved}))
    values = []
    for p in engine.make_periods(CLOUD_START, CLOUD_END, "months"):
        availability = Decimal(99800 + rng.randrange(201)) / 1000
        values.append(engine.Value("availability", p.code, availability,
                                   f"monitoring.month:{p.code}"))
    return events, values, manual


def run_cloud(events: list[engine.Event], values: list[engine.Value],
              manual: list[engine.ManualEntry] = ()) -> engine.Assessment:
    scheme = SCHEMES["cloud-db-2022"]
    contract = engine.Contract(CLOUD_TOTAL, CLOUD_START, CLOUD_END)
    periods = engine.make_periods(CLOUD_START, CLOUD_END, scheme.periods)
    return engine.assess(scheme, contract, periods, events, values, manual)


# -- measuring -----------------------------------------------------------------------------------
def best(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The best wall time and the best CPU time (the process's own: on a shared machine the
    steadier figure) of `repeat` runs of `fn`, and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), result


def peak(fn: Callable[[], Any]) -> int:
    """The peak memory (bytes) tracemalloc sees during one run of `fn`."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return high


def row(label: str, seconds: float, cpu: float, events: int, memory: int,
        peer: float | None) -> str:
    ratio = f"{seconds / peer:6.2f}x" if peer else "     —"
    return (f"  {label:<30} wall {seconds:7.3f} s  cpu {cpu:7.3f} s  "
            f"{events / seconds:10,.0f} events/s  {ratio}  peak {memory / 2**20:6.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=100_000, help="events of the cloud case")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--profile", action="store_true",
                        help="print the cProfile top 25 of one run of each general case")
    parser.add_argument("--digest", action="store_true",
                        help="print a SHA-256 of each general result in full (repr), to show "
                        "that two versions of the engine give the same results")
    args = parser.parse_args()

    orders, accidents, personnel = prison_records(args.orders, args.seed)
    events = prison_events(orders, accidents, personnel)
    n = len(events)
    print(f"prison-2025, one whole period: {len(orders):,} work orders, {len(personnel):,} "
          f"attendance records, {len(accidents)} accidents = {n:,} events "
          f"(seed {args.seed}, best of {args.repeat})")
    t_old, c_old, old = best(lambda: run_old(orders, accidents, personnel), args.repeat)
    t_new, c_new, new = best(lambda: run_prison(events), args.repeat)
    m_old = peak(lambda: run_old(orders, accidents, personnel))
    m_new = peak(lambda: run_prison(events))
    pr = new.periods[0]
    print(row("built-in engine (evaluate.py)", t_old, c_old, n, m_old, None))
    print(row("general engine (as data)", t_new, c_new, n, m_new, t_old))
    print(f"  score {pr.score}  tier {pr.tier.zh if pr.tier else '—'}  lines {len(pr.lines):,}"
          f"  pending {len(pr.pending):,}  fines ¥{pr.fines:,}  engines agree: "
          f"{'yes' if agree(old, pr) else 'NO'}")
    if args.digest:
        print(f"  digest {digest(new)}")
    if args.profile:
        profile(lambda: run_prison(events))

    cevents, cvalues, cmanual = cloud_inputs(args.events, args.seed)
    print(f"\ncloud-db-2022 (seed 003), twelve monthly periods: {len(cevents):,} events, "
          f"{len(cmanual):,} hand entries, {len(cvalues)} monthly values (seed {args.seed}, "
          f"best of {args.repeat})")
    t_cloud, c_cloud, result = best(lambda: run_cloud(cevents, cvalues, cmanual), args.repeat)
    m_cloud = peak(lambda: run_cloud(cevents, cvalues, cmanual))
    print(row("general engine (as data)", t_cloud, c_cloud, len(cevents), m_cloud, None))
    lines = sum(len(p.lines) for p in result.periods)
    print(f"  lines {lines:,}  pending {len(result.pending):,}  failed periods "
          f"{len(result.failed_periods)}  termination rights {len(result.termination_rights)}"
          f"  fines ¥{result.fines:,}  (no peer: the built-in engine knows only prison-2025)")
    if args.digest:
        print(f"  digest {digest(result)}")
    if args.profile:
        profile(lambda: run_cloud(cevents, cvalues, cmanual))
    print("\ntarget (issue #11): the engine well under 1 s for the prison period")


def digest(result: engine.Assessment) -> str:
    """Every line, total, right and pending decision of `result` (Decimals with their
    exponent) as one SHA-256."""
    return hashlib.sha256(repr(result).encode()).hexdigest()


def profile(fn: Callable[[], Any]) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
