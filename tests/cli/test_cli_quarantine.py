"""``storytrace quarantine`` as a user runs it: a real process over a real store."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click
import pytest

from conftest import SEEDS, storytrace_cli
from storytrace.cli.quarantine import quarantine_command
from storytrace.model import Article
from storytrace.store import Store
from storytrace.store.writes import Origin, insert_article, insert_quarantine, start_run

run = storytrace_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quarantine") / "store.db"
    text = SEEDS[0].read_text(encoding="utf-8")
    with Store(path) as store:
        first = start_run(store, "ingest")
        article = Article(id="", source=str(SEEDS[0]), text=text, outlet="GPA")
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with store.transaction() as connection:
            article_id = insert_article(
                connection, article, content_hash, b"", Origin(str(SEEDS[0])), first
            )
            insert_quarantine(connection, "inbox/empty.txt", "empty", None, first)
            insert_quarantine(connection, "inbox/logo.txt", "binary", "PNG image", first)
            insert_quarantine(connection, "copy/gpa.txt", "duplicate", None, first, article_id)
        second = start_run(store, "ingest")
        with store.transaction() as connection:
            insert_quarantine(connection, "feed.jsonl:4", "bad_json", "line 4, col 9", second)
            insert_quarantine(connection, "feed.jsonl:5", "no_text", None, second)
    return path


def test_lists_every_refusal_with_its_reason_then_counts(db: Path) -> None:
    result = run("quarantine", "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert lines[0].split() == ["empty", "inbox/empty.txt", "file", "is", "empty"]
    assert lines[1].split()[:3] == ["binary", "inbox/logo.txt", "PNG"]
    assert lines[2].split() == ["duplicate", "copy/gpa.txt", "duplicate", "of", "article", "1"]
    assert lines[4].startswith("no_text") and "no 'text' string" in lines[4]
    assert lines[5] == ("quarantined: 5 (bad_json 1, binary 1, duplicate 1, empty 1, no_text 1)")


def test_filters_by_reason_and_run(db: Path) -> None:
    by_reason = run("quarantine", "--db", db, "--reason", "duplicate")
    assert by_reason.stdout.splitlines() == [
        "duplicate  copy/gpa.txt  duplicate of article 1",
        "quarantined: 1 (duplicate 1)",
    ]
    by_run = run("quarantine", "--db", db, "--run", "2")
    assert [line.split()[0] for line in by_run.stdout.splitlines()] == [
        "bad_json",
        "no_text",
        "quarantined:",
    ]
    nothing = run("quarantine", "--db", db, "--run", "2", "--reason", "binary")
    assert (nothing.returncode, nothing.stdout) == (0, "nothing quarantined\n")


def test_json(db: Path) -> None:
    result = run("quarantine", "--db", db, "--json", "--run", "1")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["counts"] == {"binary": 1, "duplicate": 1, "empty": 1}
    duplicate = document["records"][2]
    assert duplicate == {
        "source": "copy/gpa.txt",
        "reason": "duplicate",
        "detail": None,
        "duplicate_of": 1,
        "run_id": 1,
        "duplicate_of_story": None,  # article 1 is in no story: `stories` was not run
    }


def test_missing_store_and_unknown_reason_fail(db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"
    result = run("quarantine", "--db", missing)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"storytrace: error: no store at {missing}; run storytrace ingest first"
    )
    assert not missing.exists()
    unknown = run("quarantine", "--db", db, "--reason", "gone")
    assert unknown.returncode == 2 and "'gone' is not one of" in unknown.stderr


def test_every_option_is_explained() -> None:
    options = [param for param in quarantine_command.params if isinstance(param, click.Option)]
    assert all(option.help for option in options)
