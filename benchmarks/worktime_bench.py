"""Working-time benchmark: Yunwei vs businesstimedelta vs pandas CustomBusinessHour.

One process, one run, the same workload on all three: N random instants in 2025-2026 plus
8 working hours on the Chinese calendar with 09:00-17:30 days. The peers get the known
workaround (a 7-day week with every non-working date listed as a holiday) so that their answers
are right. Checks that all three agree on every case, then prints operations per second and
the ratio Yunwei/peer; also the batch API over arrays.

Run: make bench   (or: .venv/bin/python benchmarks/worktime_bench.py [N])
Needs the `bench` dependency group (uv sync --group bench).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from yunwei.worktime.china import china_calendar
from yunwei.worktime.engine import TZ

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
HOURS = 8
SECONDS = HOURS * 3600


def main() -> None:
    import businesstimedelta as btd
    import numpy as np
    import pandas as pd

    rng = random.Random(20261121)
    first, last = dt.datetime(2025, 1, 1), dt.datetime(2026, 12, 31, 23, 59)
    span = int((last - first).total_seconds() // 60)
    starts = [first + dt.timedelta(minutes=rng.randrange(span)) for _ in range(N)]
    starts_tz = [s.replace(tzinfo=TZ) for s in starts]

    cal = china_calendar("09:00-17:30")
    off_days = [dt.date(2024, 12, 1) + dt.timedelta(days=i) for i in range(800)]
    off_days = [d for d in off_days if not cal.is_workday(d)]

    # -- Yunwei, one call at a time
    t0 = time.perf_counter()
    ours = [cal.add(s, SECONDS) for s in starts_tz]
    t_ours = time.perf_counter() - t0

    # -- businesstimedelta with the 7-day-week workaround
    rules = btd.Rules([
        btd.WorkDayRule(start_time=dt.time(9), end_time=dt.time(17, 30),
                        working_days=list(range(7))),
        btd.HolidayRule(off_days),
    ])
    delta = btd.BusinessTimeDelta(rules, hours=HOURS)
    t0 = time.perf_counter()
    theirs_btd = [s + delta for s in starts]
    t_btd = time.perf_counter() - t0

    # -- pandas CustomBusinessHour with the same workaround
    offset = pd.offsets.CustomBusinessHour(n=HOURS, start="09:00", end="17:30",
                                           weekmask="Mon Tue Wed Thu Fri Sat Sun",
                                           holidays=off_days)
    stamps = [pd.Timestamp(s) for s in starts]
    t0 = time.perf_counter()
    theirs_pd = [s + offset for s in stamps]
    t_pd = time.perf_counter() - t0

    # -- without the workaround (Mon-Fri week + holidays): how often a peer is wrong
    naive_rules = btd.Rules([
        btd.WorkDayRule(start_time=dt.time(9), end_time=dt.time(17, 30),
                        working_days=[0, 1, 2, 3, 4]),
        btd.HolidayRule(off_days),
    ])
    naive_delta = btd.BusinessTimeDelta(naive_rules, hours=HOURS)
    naive_wrong = sum(
        (s + naive_delta).replace(tzinfo=None) != o.replace(tzinfo=None)
        for s, o in zip(starts, ours, strict=True)
    )

    # -- batch API
    starts_utc = np.array([int(s.timestamp()) for s in starts_tz], dtype=np.int64)
    reps = max(1, 2_000_000 // N)
    t0 = time.perf_counter()
    for _ in range(reps):
        batch = cal.add_batch(starts_utc, SECONDS)
    t_batch = (time.perf_counter() - t0) / reps

    # -- agreement (pandas rolls a deadline that ends exactly at 17:30 to the next opening,
    #    09:00 of the next working day: the same moment in working time, counted as agreeing)
    def next_opening(t: dt.datetime) -> dt.datetime:
        return cal.add(t, 1) - dt.timedelta(seconds=1)

    mismatches = {"businesstimedelta": 0, "pandas": 0, "batch": 0}
    rolled = 0
    for i, ours_t in enumerate(ours):
        mine = ours_t.replace(tzinfo=None)
        if theirs_btd[i].replace(tzinfo=None) != mine:
            mismatches["businesstimedelta"] += 1
        p = theirs_pd[i].to_pydatetime()
        if p != mine:
            if mine.time() == dt.time(17, 30) and p == next_opening(ours_t).replace(tzinfo=None):
                rolled += 1
            else:
                mismatches["pandas"] += 1
        if int(batch[i]) != int(ours_t.timestamp()):
            mismatches["batch"] += 1

    ops = lambda t: N / t  # noqa: E731
    print(f"workload: {N:,} instants in 2025-2026 + {HOURS} working hours, 09:00-17:30, "
          "Chinese statutory calendar")
    print(f"{'engine':<22}{'ops/s':>14}{'µs/op':>10}")
    for name, t in (("yunwei (one call)", t_ours), ("businesstimedelta", t_btd),
                    ("pandas CBH", t_pd), ("yunwei batch (numpy)", t_batch)):
        print(f"{name:<22}{ops(t):>14,.0f}{t / N * 1e6:>10.2f}")
    faster_peer = min(t_btd, t_pd)
    print(f"ratio yunwei/businesstimedelta: {t_btd / t_ours:.1f}x")
    print(f"ratio yunwei/pandas:            {t_pd / t_ours:.1f}x")
    print(f"ratio yunwei/faster peer:       {faster_peer / t_ours:.1f}x (target >= 20x)")
    print(f"batch ops/s: {ops(t_batch):,.0f} (target >= 1,000,000)")
    print(f"disagreements: {mismatches}; pandas end-of-day roll-overs counted as agreeing: "
          f"{rolled}")
    print(f"without the workaround (Mon-Fri + holidays, no make-up workdays) a peer is wrong "
          f"on {naive_wrong:,} of {N:,} deadlines ({naive_wrong / N:.1%})")
    if any(mismatches.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
