"""Service desk benchmark: Yunwei vs django-helpdesk, side by side in one run.

Both run under gunicorn (2 sync workers) on 127.0.0.1, both on SQLite in WAL mode. The script
installs the latest django-helpdesk from PyPI into its own virtual environment (with
HELPDESK_TEAMS_MODE_ENABLED = False, rest_framework.authtoken, a staff user with a token, one
queue and a dummy e-mail backend), then creates 2,000 tickets through each one's REST API with
token authentication, first from 1 client, then from 8 concurrent clients, and prints tickets
per second, p50/p99 latency, the ratio Yunwei/django-helpdesk and the error count. The two take
turns in 4 rounds of 500 tickets each, so that the drift of a shared machine's speed over a
few minutes falls on both alike.

Then: the first page of a queue (50 rows) for a contract holding 100,000 work orders, over HTTP
(p50/p99), and its query count at 1,000 and at 100,000 work orders.

Loopback only; bounded loops; every server started here is stopped before the script ends.
Run: make bench-desk   (or .venv/bin/python benchmarks/desk_bench.py [--tickets N])

Figures of 2026-12-01 02:08-02:12 on an idle 2-core machine (load 0.3-1.3), two full runs:
  intake, 8 clients: Yunwei 669.2 / 640.2 tickets/s, p50 11.1 / 11.4 ms, p99 29.0 / 29.0 ms;
  django-helpdesk 2.6.1 193.6 / 182.8 tickets/s, p99 73.6 / 58.9 ms: 3.46x / 3.50x.
  1 client: Yunwei 431.5 / 381.8 tickets/s (p99 4.2 / 4.9 ms): 4.19x / 4.89x. 0 errors.
  queue page, 100,000 orders: p50 8.1 / 8.3 ms, p99 11.8 / 11.1 ms; 8 queries at 4,020 and at
  100,000 rows.
At 04:45 on the session's final commit (load 0.2-1.2): 8 clients 549.8 vs 150.8 tickets/s,
  3.65x, Yunwei p50 13.4 / p99 30.9 ms; 1 client 4.59x; queue page p50 9.6 / p99 12.8 ms.
The same script on a machine of the same kind while other jobs kept both cores busy (load 5-8) gave
44.4 tickets/s and a p99 of 315 ms at 8 clients (django-helpdesk fell as far: the ratio held
at 3.27x): the p99 at 8 clients is queueing on two sync workers, so it is only meaningful on an
otherwise quiet machine. Run it alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "desk"
PY = sys.executable
ROUNDS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no answer on 127.0.0.1:{port}{path}")


def run(cmd: list[str], **kwargs) -> str:
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)
    return done.stdout


# -- django-helpdesk ----------------------------------------------------------------------------
HD_SETTINGS = """
import os
BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.sites", "django.contrib.messages",
    "django.contrib.staticfiles", "django.contrib.humanize",
    "rest_framework", "rest_framework.authtoken", "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "hdsite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
              "APP_DIRS": True, "OPTIONS": {"context_processors": [
                  "django.template.context_processors.request",
                  "django.contrib.auth.context_processors.auth",
                  "django.contrib.messages.context_processors.messages"]}}]
WSGI_APPLICATION = "hdsite.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.path.join(BASE_DIR, "..", "helpdesk.sqlite3"),
                         "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                     "init_command": "PRAGMA journal_mode=WAL;"
                                                     "PRAGMA synchronous=NORMAL;"}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
STATIC_URL = "/static/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [
    "rest_framework.authentication.TokenAuthentication"]}
LOGGING = {"version": 1, "disable_existing_loggers": True}
"""
HD_URLS = """
from django.urls import include, path
urlpatterns = [path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]
"""
HD_WSGI = """
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdsite.settings")
application = get_wsgi_application()
"""
HD_SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "hdsite.settings"
django.setup()
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
user = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
queue = Queue.objects.create(title="Bench", slug="bench", email_address="q@example.invalid")
print(Token.objects.create(user=user).key, queue.id)
"""


def setup_helpdesk() -> tuple[Path, str, int, str]:
    venv = WORK / "helpdesk-venv"
    if not (venv / "bin" / "python").exists():
        run([PY, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
         "--upgrade", "django-helpdesk", "gunicorn"])
    version = run([str(venv / "bin" / "python"), "-c",
                   "import importlib.metadata as m; print(m.version('django-helpdesk'))"]).strip()
    project = WORK / "hdproj"
    shutil.rmtree(project, ignore_errors=True)
    (project / "hdsite").mkdir(parents=True)
    (project / "hdsite" / "__init__.py").write_text("")
    (project / "hdsite" / "settings.py").write_text(HD_SETTINGS)
    (project / "hdsite" / "urls.py").write_text(HD_URLS)
    (project / "hdsite" / "wsgi.py").write_text(HD_WSGI)
    (project / "manage.py").write_text(
        "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hdsite.settings')\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(sys.argv)\n")
    for name in ("helpdesk.sqlite3", "helpdesk.sqlite3-wal", "helpdesk.sqlite3-shm"):
        (WORK / name).unlink(missing_ok=True)
    run([str(venv / "bin" / "python"), "manage.py", "migrate", "-v0"], cwd=project)
    token, queue = run([str(venv / "bin" / "python"), "-c", HD_SETUP], cwd=project).split()
    return venv, token, int(queue), version


# -- Yunwei ----------------------------------------------------------------------------------
YW_SETUP = """
import django, os, datetime as dt
os.environ["DJANGO_SETTINGS_MODULE"] = "yunwei.settings"
django.setup()
from decimal import Decimal
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from yunwei.core import context
from yunwei.organizations.models import Organization
from yunwei.contracts.models import Contract, Membership
from yunwei.calendars.models import WorkingCalendar, SlaPolicy, SlaTarget
from yunwei.workorders.models import DeskSettings
with context.acting(None, source="bench"):
    a = Organization.objects.create(kind="agency", name="基准甲方")
    v = Organization.objects.create(kind="vendor", name="基准乙方")
    c = Contract.objects.create(number="BENCH-1", code="BEN", project_name="基准", agency=a,
                                vendor=v, service_start=dt.date(2026, 1, 1),
                                service_end=dt.date(2027, 12, 31), amount=Decimal("1000000"),
                                status="active")
    desk = WorkingCalendar.objects.create(contract=c, name="7x24", kind="24x7", hours="")
    policy = SlaPolicy.objects.create(contract=c, name="SLA")
    for metric, minutes in (("response", 30), ("on_site", 240), ("resolution", 1440)):
        SlaTarget.objects.create(policy=policy, level_code="normal", level_name="一般",
                                 metric=metric, minutes=minutes, calendar=desk)
    DeskSettings.objects.create(contract=c, sla_policy=policy, default_level="normal")
    user = get_user_model().objects.create_user("bench", password="bench-password-123")
    Membership.objects.create(contract=c, user=user, role="service_desk")
print(Token.objects.create(user=user).key, c.id)
"""
YW_FILL = """
import django, os, sys, datetime as dt
os.environ["DJANGO_SETTINGS_MODULE"] = "yunwei.settings"
django.setup()
from django.utils import timezone
from yunwei.workorders.models import WorkOrder
contract_id, start, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
base = timezone.now() - dt.timedelta(days=400)
states = ["new", "accepted", "dispatched", "in_progress", "pending_confirmation", "closed"]
batch = []
for i in range(start, start + count):
    at = base + dt.timedelta(minutes=5 * i)
    wo = WorkOrder(contract_id=contract_id, number=f"FILL-{at.year}-{i:07d}", year=at.year,
                   seq=1000000 + i, title=f"历史工单 {i} 终端故障", channel="phone",
                   requester_name="张三", state=states[i % 6], reported_at=at,
                   resolution_deadline=at + dt.timedelta(hours=24))
    wo.refresh_search_text()
    batch.append(wo)
    if len(batch) == 5000:
        WorkOrder.objects.bulk_create(batch)  # the benchmark's data, not audited work
        batch = []
WorkOrder.objects.bulk_create(batch)
"""
YW_QUERIES = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "yunwei.settings"
os.environ["YUNWEI_TESTING"] = "1"
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
client = Client()
client.force_login(get_user_model().objects.get(username="bench"))
url = "/workorders/?contract=" + sys.argv[1]
client.get(url)
with CaptureQueriesContext(connection) as q:
    assert client.get(url).status_code == 200
print(len(q))
"""


def yunwei_env(data: Path) -> dict[str, str]:
    return {**os.environ, "YUNWEI_DATA_DIR": str(data), "YUNWEI_ENV": "development",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "yunwei.settings",
            # one token sends ~400 requests/s: the per-user API rate limit would refuse them
            "YUNWEI_THROTTLE_USER": "off"}


def setup_yunwei() -> tuple[dict[str, str], str, int]:
    data = WORK / "yunwei-data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    env = yunwei_env(data)
    run([PY, "-m", "yunwei.cli", "migrate", "-v0"], cwd=ROOT, env=env)
    token, contract = run([PY, "-c", YW_SETUP], cwd=ROOT, env=env).split()
    return env, token, int(contract)


# -- load -----------------------------------------------------------------------------------
def load(port: int, path: str, token: str, bodies: list[dict], clients: int) -> dict:
    """POST every body once, split over `clients` keep-alive connections; latencies in ms."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    chunks = [bodies[i::clients] for i in range(clients)]

    def worker(chunk: list[dict]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
                   "Accept": "application/json"}
        mine, bad = [], []
        for body in chunk:
            payload = json.dumps(body, ensure_ascii=False).encode()
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=payload, headers=headers)
                response = conn.getresponse()
                content = response.read()
                if response.status != 201:
                    bad.append(f"{response.status} {content[:200]!r}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"elapsed": elapsed, "latencies": latencies, "errors": errors}


def summary(runs: list[dict]) -> dict:
    """Tickets per second over all rounds of one system, p50/p99 over all requests."""
    latencies = sorted(ms for run in runs for ms in run["latencies"])
    errors = [e for run in runs for e in run["errors"]]
    return {"rate": len(latencies) / sum(run["elapsed"] for run in runs),
            "p50": statistics.median(latencies),
            "p99": latencies[int(len(latencies) * 0.99) - 1], "errors": len(errors),
            "first_error": errors[0] if errors else ""}


def get_page(port: int, path: str, cookie: str, n: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        times.append((time.perf_counter() - t0) * 1000)
    conn.close()
    times.sort()
    return {"p50": statistics.median(times), "p99": times[int(len(times) * 0.99) - 1]}


def login_cookie(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    html = response.read().decode()
    cookies = {c.split("=", 1)[0]: c.split(";", 1)[0] for c in
               response.msg.get_all("Set-Cookie") or []}
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = f"csrfmiddlewaretoken={token}&username=bench&password=bench-password-123"
    conn.request("POST", "/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies["csrftoken"],
        "Referer": f"http://127.0.0.1:{port}/login/"})
    response = conn.getresponse()
    response.read()
    session = [c.split(";", 1)[0] for c in response.msg.get_all("Set-Cookie") or []
               if c.startswith("sessionid")]
    assert session, f"login failed: {response.status}"
    return session[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--queue-rows", type=int, default=100_000)
    parser.add_argument("--queue-only", action="store_true",
                        help="skip the intake comparison; measure only the queue page")
    parser.add_argument("--intake-only", action="store_true",
                        help="skip the queue page; measure only the intake comparison")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    servers: list[subprocess.Popen] = []
    try:
        print("setting up Yunwei ...", flush=True)
        yw_env, yw_token, contract = setup_yunwei()
        yw_port = free_port()
        servers.append(subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "yunwei.wsgi:application", "-w", "2",
             "--bind", f"127.0.0.1:{yw_port}", "--log-level", "warning"],
            cwd=ROOT, env=yw_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(yw_port, "/healthz")
        have = 0 if args.queue_only else 20 + 2 * args.tickets
        if not args.queue_only:
            intake(args, yw_port, yw_token, contract, servers)
        if not args.intake_only:
            queue(args, yw_env, yw_port, contract, have)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()


def intake(args: argparse.Namespace, yw_port: int, yw_token: str, contract: int,
           servers: list[subprocess.Popen]) -> None:
    """Create tickets through both REST APIs, 1 then 8 clients; print the comparison."""
    print("setting up django-helpdesk (latest from PyPI) ...", flush=True)
    hd_venv, hd_token, hd_queue, hd_version = setup_helpdesk()
    hd_port = free_port()
    servers.append(subprocess.Popen(
        [str(hd_venv / "bin" / "gunicorn"), "hdsite.wsgi:application", "-w", "2",
         "--bind", f"127.0.0.1:{hd_port}", "--log-level", "warning"],
        cwd=WORK / "hdproj", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_http(hd_port, "/helpdesk/api/tickets/")

    def hd_bodies(n: int, tag: str) -> list[dict]:
        return [{"queue": hd_queue, "title": f"投影仪故障 {tag}{i}",
                 "description": "3 楼会议室投影仪无法开机", "priority": 3,
                 "submitter_email": "user@example.invalid"} for i in range(n)]

    def yw_bodies(n: int, tag: str) -> list[dict]:
        return [{"contract": contract, "title": f"投影仪故障 {tag}{i}",
                 "description": "3 楼会议室投影仪无法开机", "requester_name": "张三",
                 "level_code": "normal"} for i in range(n)]

    # warm up both (not counted)
    load(hd_port, "/helpdesk/api/tickets/", hd_token, hd_bodies(20, "w"), 2)
    load(yw_port, "/api/workorders/", yw_token, yw_bodies(20, "w"), 2)
    results = {}
    # The machine's speed drifts over minutes (shared hosts): the two systems take turns, in
    # ROUNDS rounds of tickets/ROUNDS each, so that a slow minute falls on both alike.
    per_round = max(1, args.tickets // ROUNDS)
    for clients in (1, 8):
        runs: dict[str, list[dict]] = {"django-helpdesk": [], "yunwei": []}
        for r in range(ROUNDS):
            tag = f"c{clients}r{r}-"
            runs["django-helpdesk"].append(load(hd_port, "/helpdesk/api/tickets/", hd_token,
                                                hd_bodies(per_round, tag), clients))
            runs["yunwei"].append(load(yw_port, "/api/workorders/", yw_token,
                                       yw_bodies(per_round, tag), clients))
        for system, system_runs in runs.items():
            results[(system, clients)] = summary(system_runs)
    print(f"\ncreate {per_round * ROUNDS:,} tickets through the REST API (token auth), "
          f"gunicorn -w 2, SQLite WAL, in {ROUNDS} alternating rounds; "
          f"django-helpdesk {hd_version}")
    print(f"{'system':<18}{'clients':>8}{'tickets/s':>12}{'p50 ms':>10}{'p99 ms':>10}"
          f"{'errors':>8}")
    for (system, clients), r in results.items():
        print(f"{system:<18}{clients:>8}{r['rate']:>12.1f}{r['p50']:>10.1f}{r['p99']:>10.1f}"
              f"{r['errors']:>8}")
        if r["first_error"]:
            print(f"    first error: {r['first_error']}")
    for clients in (1, 8):
        ratio = results[("yunwei", clients)]["rate"] / results[("django-helpdesk",
                                                                 clients)]["rate"]
        print(f"ratio yunwei/django-helpdesk at {clients} client(s): {ratio:.2f}x"
              + (" (target >= 3x)" if clients == 8 else ""))


def queue(args: argparse.Namespace, yw_env: dict[str, str], yw_port: int, contract: int,
          have: int) -> None:
    """The first page of a queue for a contract holding many work orders."""
    queries_small = int(run([PY, "-c", YW_QUERIES, str(contract)], cwd=ROOT,
                            env=yw_env).strip())
    print(f"\nfilling the contract to {args.queue_rows:,} work orders ...", flush=True)
    run([PY, "-c", YW_FILL, str(contract), "0", str(max(0, args.queue_rows - have))],
        cwd=ROOT, env=yw_env)
    queries_large = int(run([PY, "-c", YW_QUERIES, str(contract)], cwd=ROOT,
                            env=yw_env).strip())
    cookie = login_cookie(yw_port)
    page = get_page(yw_port, f"/workorders/?contract={contract}", cookie, 20)  # warm up
    page = get_page(yw_port, f"/workorders/?contract={contract}", cookie, 200)
    print(f"queue first page (50 rows) of {args.queue_rows:,} work orders: "
          f"p50 {page['p50']:.1f} ms, p99 {page['p99']:.1f} ms (target p99 < 50 ms); "
          f"queries {queries_small} at {have:,} rows, {queries_large} at "
          f"{args.queue_rows:,} rows")


if __name__ == "__main__":
    main()
