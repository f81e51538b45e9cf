#!/bin/sh
# Print the path of a Python >= 3.12 (Django 6 needs it): PATH first, then pyenv's versions,
# then a uv-managed interpreter. Exits 1 with a message when none can be found.
for cand in "${YUNWEI_PYTHON:-}" python3.12 python3.13 python3 \
    "$HOME"/.pyenv/versions/3.12*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    # pyenv shims may answer for another version: resolve the real interpreter.
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "yunwei: Python >= 3.12 is needed (Django 6); install python3.12 or set YUNWEI_PYTHON" >&2
exit 1
