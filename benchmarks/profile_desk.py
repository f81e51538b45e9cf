"""CPU per request of the desk benchmark's two requests, measured in-process (no server).

What `make bench-desk` times over HTTP, measured here without gunicorn and without other
clients, so that it can run on a busy machine: CPU time (time.process_time) per request of
  - creating a work order through the REST API with token authentication, and
  - the first page of the queue of a contract holding many work orders (logged-in desk user),
then a cProfile top list of each, and each request's query count.

The data is the benchmark's (one contract, a 7x24 calendar, an SLA policy, a service-desk user
with a token), in its own SQLite data directory (benchmarks/.work/profile).

Run: .venv/bin/python benchmarks/profile_desk.py [-n 300] [--queue-rows 100000] [--top 25]
     [--no-profile] [--sort tottime|cumulative] [--queries] [--only create|queue]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "profile"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import desk_bench  # noqa: E402  (the benchmark's own setup and fill scripts)


def prepare(rows: int, fresh: bool) -> tuple[dict[str, str], str, int]:
    """The data directory, filled to `rows` work orders (kept between runs unless fresh)."""
    data = WORK / f"data-{rows}"
    marker = data / "setup.json"
    env = desk_bench.yunwei_env(data)
    if fresh:
        shutil.rmtree(data, ignore_errors=True)
    if not marker.exists():
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        desk_bench.run([sys.executable, "-m", "yunwei.cli", "migrate", "-v0"], cwd=ROOT,
                       env=env)
        token, contract = desk_bench.run([sys.executable, "-c", desk_bench.YW_SETUP],
                                         cwd=ROOT, env=env).split()
        if rows:
            print(f"filling to {rows:,} work orders ...", flush=True)
            desk_bench.run([sys.executable, "-c", desk_bench.YW_FILL, contract, "0", str(rows)],
                           cwd=ROOT, env=env)
        marker.write_text(json.dumps({"token": token, "contract": int(contract)}))
    setup = json.loads(marker.read_text())
    return env, setup["token"], setup["contract"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300, help="requests of each kind")
    parser.add_argument("--queue-rows", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print each request's SQL")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data directory")
    parser.add_argument("--only", choices=["create", "queue"], default=None)
    args = parser.parse_args()
    if os.environ.get("PROFILE_DESK_CHILD") != "1":
        env, token, contract = prepare(args.queue_rows, args.fresh)
        env = {**env, "PROFILE_DESK_CHILD": "1", "PROFILE_TOKEN": token,
               "PROFILE_CONTRACT": str(contract)}
        sys.exit(subprocess.call([sys.executable, __file__, *sys.argv[1:]], cwd=ROOT, env=env))
    measure(args, os.environ["PROFILE_TOKEN"], int(os.environ["PROFILE_CONTRACT"]))


def _count(queries: list[str], execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def measure(args: argparse.Namespace, token: str, contract: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json")
    page = Client()
    page.force_login(get_user_model().objects.get(username="bench"))
    counter = [0]

    def create() -> None:
        counter[0] += 1
        body = {"contract": contract, "title": f"投影仪故障 p{counter[0]}",
                "description": "3 楼会议室投影仪无法开机", "requester_name": "张三",
                "level_code": "normal"}
        response = api.post("/api/workorders/", data=json.dumps(body, ensure_ascii=False),
                            content_type="application/json")
        assert response.status_code == 201, (response.status_code, response.content[:300])

    queue_url = f"/workorders/?contract={contract}"

    def queue() -> None:
        response = page.get(queue_url)
        assert response.status_code == 200, response.status_code
        response.content  # noqa: B018 - rendered

    kinds = {"create": create, "queue": queue}
    if args.only:
        kinds = {args.only: kinds[args.only]}
    results = {}
    for name, request in kinds.items():
        for _ in range(20):  # warm up: templates, caches, connections
            request()
        queries: list[str] = []  # (the test client resets connection.queries per request)
        with connection.execute_wrapper(partial(_count, queries)):
            request()
        t0, w0 = time.process_time(), time.perf_counter()
        for _ in range(args.n):
            request()
        cpu, wall = time.process_time() - t0, time.perf_counter() - w0
        results[name] = (cpu * 1000 / args.n, wall * 1000 / args.n, len(queries))
        if args.queries:
            print(f"\n==== {name}: {len(queries)} queries ====")
            for sql in queries:
                print("  " + sql[:300])
        if not args.no_profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(max(1, args.n // 3)):
                request()
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(f"\n==== {name}: top {args.top} by {args.sort} ====")
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
    print(f"\n{'request':<10}{'CPU ms':>10}{'wall ms':>10}{'queries':>10}   "
          f"(n={args.n}, queue of {args.queue_rows:,} rows)")
    for name, (cpu, wall, count) in results.items():
        print(f"{name:<10}{cpu:>10.2f}{wall:>10.2f}{count:>10}")


if __name__ == "__main__":
    main()
