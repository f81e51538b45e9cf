#!/bin/sh
# Create .venv from uv.lock on a machine that has only python3: installs uv with pip when
# missing, picks a Python >= 3.12, and syncs the locked dependencies (dev group included).
set -eu
cd "$(dirname "$0")/.."
PY=$(sh scripts/find-python.sh)
if command -v uv >/dev/null 2>&1; then
  UV=uv
else
  if [ ! -x .tools/bin/uv ]; then
    echo "installing uv into .tools/ ..."
    python3 -m venv .tools
    .tools/bin/pip install --quiet --disable-pip-version-check uv
  fi
  UV=.tools/bin/uv
fi
"$UV" sync --frozen --python "$PY" --quiet "$@"
