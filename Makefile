# Two commands for a new user: `make demo` and `make test` (see README.md).
.PHONY: demo test env lint fmt messages bench bench-desk clean

env: .venv/.synced

.venv/.synced: pyproject.toml uv.lock scripts/bootstrap.sh
	sh scripts/bootstrap.sh
	touch $@

demo: env
	.venv/bin/yunwei demo

test: env
	sh scripts/test.sh

lint: env
	.venv/bin/ruff check .

fmt: env
	.venv/bin/ruff check --fix .

messages: env
	cd yunwei && ../.venv/bin/python -m yunwei.cli makemessages -l zh_Hans --no-obsolete && ../.venv/bin/python -m yunwei.cli compilemessages

bench: env
	sh scripts/bootstrap.sh --group bench
	.venv/bin/python benchmarks/worktime_bench.py

bench-desk: env
	.venv/bin/python benchmarks/desk_bench.py

clean:
	rm -rf .venv .tools data artifacts
