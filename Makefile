# The two commands of the README: `make demo` and `make test` (CI runs `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install install-dev lint typecheck unit bench

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

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

test: lint typecheck unit

bench: install
	$(BIN)/python benchmarks/compare_latency.py
