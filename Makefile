# The two commands of the README: `make demo` and `make test` (CI runs `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install install-dev browser lint typecheck unit bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

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
# As root with apt-get it is installed when missing; elsewhere those tests skip with a note.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
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
