# Two commands for a new user: `make demo` and `make test` (see README.md).
.PHONY: demo test screenshots env lint fmt messages bench bench-desk clean

env: .venv/.synced

.venv/.synced: pyproject.toml uv.lock scripts/bootstrap.sh
	sh scripts/bootstrap.sh
	touch $@

demo: env
	.venv/bin/yunwei demo

test: env
	sh scripts/test.sh

# Every page for every role in both languages on a phone, saved as PNG (not part of make test).
screenshots: env
	sh scripts/install-test-deps.sh
	YUNWEI_TESTING=1 YUNWEI_DATA_DIR="$(CURDIR)/data/test-screenshots" .venv/bin/pytest \
		-p no:cacheprovider -m screenshots tests/browser/test_screenshots.py

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
