#!/bin/sh
# Run every test: lint, then the suite on SQLite, then on PostgreSQL when one answers on
# 127.0.0.1:5432 (CI has one; trust auth, user postgres).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-test-deps.sh
export YUNWEI_TESTING=1 YUNWEI_DATA_DIR="${YUNWEI_DATA_DIR:-$PWD/data/test}"
.venv/bin/ruff check .
.venv/bin/python -m yunwei.cli makemigrations --check --dry-run >/dev/null
echo "== tests on SQLite"
.venv/bin/pytest "$@"
if .venv/bin/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2)' 2>/dev/null; then
  echo "== tests on PostgreSQL"
  DATABASE_URL="${PG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yunwei}" \
    .venv/bin/pytest "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432 under CI" >&2
  exit 1
else
  echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"
fi
