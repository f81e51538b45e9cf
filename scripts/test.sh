#!/bin/sh
# Run every test: lint, then the suite on SQLite and, when one answers on 127.0.0.1:5432 (CI has
# one; trust auth, user postgres), on PostgreSQL. The two runs are independent (own data
# folder, own test database, free ports for every server) and run side by side: each pytest
# uses one core. Each run's output is kept in its own log and printed whole when it ends.
# YUNWEI_TEST_SERIAL=1 runs them one after the other instead.
# On a machine with more than 2 cores each run spreads its tests over pytest-xdist workers
# (cores / 2 each when both databases run, every core for SQLite alone; each worker has its
# own data folder and test database); YUNWEI_TEST_WORKERS=N sets N, 0 runs without xdist.
# The screenshot gallery is not run here: `make screenshots` (tests/browser/test_screenshots.py).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-test-deps.sh
export YUNWEI_TESTING=1
base="${YUNWEI_DATA_DIR:-$PWD/data/test}"
.venv/bin/ruff check .
YUNWEI_DATA_DIR="$base" .venv/bin/python -m yunwei.cli makemigrations --check --dry-run >/dev/null

pg=""
if .venv/bin/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2)' 2>/dev/null; then
  pg="${PG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yunwei}"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432 under CI" >&2
  exit 1
fi

cores=$(nproc 2>/dev/null || echo 1)
workers="${YUNWEI_TEST_WORKERS:-}"
if [ -z "$workers" ]; then
  if [ -n "$pg" ] && [ "${YUNWEI_TEST_SERIAL:-}" != "1" ]; then
    workers=$(( cores / 2 ))
  else
    workers=$cores
  fi
  # 2 cores or one per run: each worker's start-up (collection, migrations) would only cost
  if [ "$cores" -le 2 ] || [ "$workers" -lt 2 ]; then workers=0; fi
fi
if [ "$workers" -gt 0 ]; then
  # loadfile: a file's tests stay on one worker, so its module-wide world (the access matrix,
  # the schema run) is built once and tests/test_pages.py crawls once. (loadgroup would let
  # files be split, but pytest-xdist 3.8 cannot tag the tests' ids under pytest 9.)
  set -- -n "$workers" --dist loadfile "$@"
  echo "== $workers pytest-xdist workers per run ($cores cores)"
fi

logs="$base-logs"
mkdir -p "$logs"

run_sqlite() {
  YUNWEI_DATA_DIR="$base" .venv/bin/pytest "$@"
}
run_pg() {
  YUNWEI_DATA_DIR="$base-pg" YUNWEI_ARTIFACTS="$PWD/artifacts/postgresql" DATABASE_URL="$pg" \
    .venv/bin/pytest "$@"
}

if [ -z "$pg" ]; then
  echo "== tests on SQLite"
  run_sqlite "$@"
  echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"
  exit 0
fi

if [ "${YUNWEI_TEST_SERIAL:-}" = "1" ]; then
  echo "== tests on SQLite"
  run_sqlite "$@"
  echo "== tests on PostgreSQL"
  run_pg "$@"
  exit 0
fi

echo "== tests on SQLite and on PostgreSQL, side by side (logs in $logs)"
started=$(date +%s)
run_sqlite "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
run_pg "$@" >"$logs/postgresql.log" 2>&1 &
pg_pid=$!
sqlite_rc=0
pg_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
echo "== tests on SQLite (exit $sqlite_rc, $(( $(date +%s) - started )) s)"
cat "$logs/sqlite.log"
wait "$pg_pid" || pg_rc=$?
echo "== tests on PostgreSQL (exit $pg_rc, $(( $(date +%s) - started )) s)"
cat "$logs/postgresql.log"
echo "== SQLite: exit $sqlite_rc; PostgreSQL: exit $pg_rc"
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
