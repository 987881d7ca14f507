"""``storytrace search`` as a user runs it: a real process over a real store."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from conftest import SEEDS, store_article, storytrace_cli
from storytrace.cli.search import highlight, search_command
from storytrace.store import Store
from storytrace.store.writes import start_run

HARBOUR = (
    "Flood waters rose through the night in the north-east of the county. The flood reached "
    "the old harbour by dawn, and the mayor's office opened two schools as shelters."
)


run = storytrace_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "store.db"
    articles = [
        (SEEDS[0].read_text(encoding="utf-8"), None, "GPA", "2017-10-04", str(SEEDS[0])),
        (SEEDS[1].read_text(encoding="utf-8"), "Russia accuses U.S.", "RHC", "2017-10-05", "r"),
        (HARBOUR, "Flood in the harbour town", "Harbour Gazette", None, "harbour.txt"),
    ]
    with Store(path) as store:
        run_id = start_run(store, "ingest")
        for text, title, outlet, published, source in articles:
            store_article(
                store, run_id, text, source=source, title=title, outlet=outlet, published=published
            )
    return path


def test_search_prints_ranked_hits_with_bracketed_matches(db: Path) -> None:
    result = run("search", "Konashenkov", "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. ")
    assert "[Konashenkov]" in result.stdout and "\x1b[" not in result.stdout  # not a terminal
    assert "2. " in result.stdout and "GPA, 2017-10-04, en" in result.stdout
    assert str(SEEDS[0]) in result.stdout  # where the article came from


def test_search_json_with_filters(db: Path) -> None:
    result = run(
        "search", "flood", "--db", db, "--json", "--outlet", "harbour gazette", "--limit", "5"
    )
    assert result.returncode == 0, result.stderr
    (hit,) = json.loads(result.stdout)
    assert hit["title"] == "Flood in the harbour town" and hit["sources"] == ["harbour.txt"]
    assert "[flood]" in hit["snippet"].lower() and hit["score"] > 0
    dated = run("search", "Konashenkov", "--db", db, "--json", "--since", "2017-10-05")
    assert [hit["outlet"] for hit in json.loads(dated.stdout)] == ["RHC"]


def test_odd_plain_queries_work_and_raw_fts_errors_explain(db: Path) -> None:
    result = run("search", "north-east mayor's AND", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    assert [hit["outlet"] for hit in json.loads(result.stdout)] == ["Harbour Gazette"]
    refused = run("search", "flood AND", "--fts", "--db", db)
    assert refused.returncode == 2
    assert "FTS5" in refused.stderr and "Traceback" not in refused.stderr


def test_no_match_is_said_on_stderr(db: Path) -> None:
    result = run("search", "zeppelin", "--db", db)
    assert (result.returncode, result.stdout) == (0, "")
    assert "no stored article matches" in result.stderr


def test_bad_date_empty_query_and_missing_store_fail(db: Path, tmp_path: Path) -> None:
    bad_date = run("search", "flood", "--db", db, "--until", "2017-10-32")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    empty = run("search", "  ", "--db", db)
    assert empty.returncode == 2 and "nothing to search for" in empty.stderr
    missing = tmp_path / "nothing.db"
    result = run("search", "flood", "--db", missing)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"storytrace: error: no store at {missing}; run storytrace ingest first"
    )
    assert not missing.exists()


def test_matches_are_bold_on_a_terminal_and_bracketed_elsewhere() -> None:
    snippet = "…said \x02Konashenkov\x03 on\n\nWednesday…"
    assert highlight(snippet, bold=False) == "…said [Konashenkov] on Wednesday…"
    assert highlight(snippet, bold=True) == (
        f"…said {click.style('Konashenkov', bold=True)} on Wednesday…"
    )


def test_every_option_is_explained() -> None:
    options = [param for param in search_command.params if isinstance(param, click.Option)]
    assert {option.name for option in options} >= {"outlet", "language", "since", "until"}
    assert all(option.help for option in options)
