# The two commands of the README: `make demo` and `make test` (CI runs `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install install-dev browser lint typecheck unit bench lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package, pip and setuptools included, comes from a lock in requirements/ with its
# sha256 (pip refuses a file whose hash is not listed). storytrace itself is then installed
# without dependencies and without build isolation, so that it is built with the locked
# setuptools. lock.txt: what the tool needs; lock-dev.txt: that, the tests and all extras.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .

# `make lock` recompiles the locks from pyproject.toml (and requirements/*.in) after a change
# of dependencies; tests/test_lock.py fails until it has run. Versions already locked are
# kept where they still fit; `make lock LOCK_FLAGS=--upgrade` moves everything to the newest.
# The hashes are PyPI's, for every platform. uv comes hash-pinned from requirements/uv.txt.
LOCK_VENV ?= .venv-lock
LOCK_INDEX ?= https://pypi.org/simple
LOCK_FLAGS ?=
UV_COMPILE = $(LOCK_VENV)/bin/uv pip compile --quiet --no-config --default-index $(LOCK_INDEX) \
	--universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	$(LOCK_FLAGS)

$(LOCK_VENV)/bin/uv: requirements/uv.txt
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements/uv.txt
	touch $@

lock: $(LOCK_VENV)/bin/uv
	$(UV_COMPILE) pyproject.toml requirements/build.in --output-file requirements/lock.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --all-extras \
		--output-file requirements/lock-dev.txt
	$(UV_COMPILE) requirements/uv.in --output-file requirements/uv.txt

demo: install
	$(BIN)/storytrace compare examples/*.txt --html report.html --md report.md --json report.json
	@echo "Reports written: report.html report.md report.json"
	rm -f demo.db
	$(BIN)/storytrace ingest examples/*.txt examples/corpus/*.txt examples/corpus/*.jsonl --db demo.db
	$(BIN)/storytrace stories --db demo.db
	@# the largest story is the seeds' (four articles, two languages); its id depends on order
	story=$$($(BIN)/storytrace stories --db demo.db --json --limit 1 \
		| $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)["stories"][0]["id"])') && \
	$(BIN)/storytrace show $$story --db demo.db --html story.html && \
	$(BIN)/storytrace quotes $$story --db demo.db
	@echo "Story page written: story.html (store: demo.db)"

# The browser tests drive Debian's chromium (Playwright never downloads a browser here).
# As root with apt-get it is installed when missing, without the recommended packages (on a
# bare Debian 12 about 150 packages instead of 290: no avahi, cups, upower or polkit, which
# headless chromium does not use); elsewhere those tests skip with a note.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev browser
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

test: lint typecheck unit

bench: install
	$(BIN)/python benchmarks/compare_latency.py
