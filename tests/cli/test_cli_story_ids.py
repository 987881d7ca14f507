"""Article and story ids kept apart: every article listing names its story, and ``show``
opens a story from an article id (issue 14, point 3). A real store, real processes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import SEEDS, store_article, storytrace_cli
from storytrace.cli.show import show_command
from storytrace.store import Store
from storytrace.store.stories import save_membership
from storytrace.store.writes import insert_quarantine, start_run

run = storytrace_cli

HARBOUR = (
    "Flood waters rose through the night in the north-east of the county. The flood reached "
    "the old harbour by dawn, and the mayor's office opened two schools as shelters."
)
STRIKE = (
    "Dockers at the port struck for a second day over pay. Ships were waiting in the Elbe, "
    "some since Sunday, and the union said the flood of cargo would wait for the talks."
)
# Articles 1 and 2 (the seed pair) are story 3; article 3 (the flood) alone is story 1;
# article 4 (the strike) is in no story yet. No article id equals its story id.
MEMBERS = [(1, 3, 0.0), (2, 3, 0.8)]
LONE = [(3, 1, 0.0)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("story_ids") / "store.db"
    articles = [
        (SEEDS[0].read_text(encoding="utf-8"), "GPA", "2017-10-04", "gpa.txt"),
        (SEEDS[1].read_text(encoding="utf-8"), "RHC", "2017-10-05", "rhc.txt"),
        (HARBOUR, "Harbour Gazette", "2024-03-03", "harbour.txt"),
        (STRIKE, "Hafen Kurier", "2024-03-04", "strike.txt"),
    ]
    with Store(path) as store:
        ingest = start_run(store, "ingest")
        ids = [
            store_article(store, ingest, text, source=source, outlet=outlet, published=published)
            for text, outlet, published, source in articles
        ]
        assert ids == [1, 2, 3, 4]
        with store.transaction() as connection:
            insert_quarantine(connection, "copy/gpa.txt", "duplicate", None, ingest, 1)
            insert_quarantine(connection, "copy/strike.txt", "duplicate", None, ingest, 4)
        stories = start_run(store, "stories")
        with store.transaction() as connection:
            save_membership(connection, stories, LONE, 0)
            save_membership(connection, stories, MEMBERS, 1)
    return path


def test_search_names_each_hit_article_and_story(db: Path) -> None:
    result = run("search", "flood", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "[article 3, story 1, score " in result.stdout
    assert "[article 4, no story yet, score " in result.stdout
    hits = json.loads(run("search", "flood", "--db", db, "--json").stdout)
    assert {hit["id"]: hit["story_id"] for hit in hits} == {3: 1, 4: None}


def test_every_export_format_carries_the_story_id(db: Path, tmp_path: Path) -> None:
    jsonl = run("export", "--format", "jsonl", "--db", db, "-q")
    assert jsonl.returncode == 0, jsonl.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [(row["id"], row["story_id"]) for row in rows] == [(1, 3), (2, 3), (3, 1), (4, None)]
    out = tmp_path / "all.csv"
    assert run("export", "--format", "csv", "-o", out, "--db", db, "-q").returncode == 0
    with out.open(encoding="utf-8", newline="") as stream:
        assert [row["story_id"] for row in csv.DictReader(stream)] == ["3", "3", "1", ""]
    table_path = tmp_path / "all.parquet"
    assert run("export", "--format", "parquet", "-o", table_path, "--db", db).returncode == 0
    column = pq.read_table(table_path).column("story_id")
    assert str(column.type) == "int64" and column.to_pylist() == [3, 3, 1, None]


def test_quarantine_names_the_story_of_the_article_a_duplicate_repeats(db: Path) -> None:
    lines = run("quarantine", "--db", db).stdout.splitlines()
    assert lines[:2] == [
        "duplicate  copy/gpa.txt  duplicate of article 1 (story 3)",
        "duplicate  copy/strike.txt  duplicate of article 4",
    ]
    records = json.loads(run("quarantine", "--db", db, "--json").stdout)["records"]
    assert [r["duplicate_of_story"] for r in records] == [3, None]


def test_show_refuses_what_names_no_story_and_says_where_to_look(db: Path) -> None:
    ungrouped = run("show", "article", 4, "--db", db)
    assert ungrouped.returncode == 2
    assert "article 4 is in no story yet: run storytrace stories" in ungrouped.stderr
    unknown = run("show", "article:99", "--db", db)
    assert unknown.returncode == 2 and "no article 99 in" in unknown.stderr
    # No story 2, but an article 2: say which story it is in instead of a bare refusal.
    bare = run("show", 2, "--db", db)
    assert bare.returncode == 2
    assert "no story 2" in bare.stderr and "article 2 is in story 3" in bare.stderr


@pytest.mark.parametrize("nonsense", [["banana"], ["article", "x"], ["story", "0"], ["1", "2"]])
def test_show_explains_the_forms_it_takes(db: Path, nonsense: list[str]) -> None:
    refused = CliRunner().invoke(show_command, [*nonsense, "--db", str(db)])
    assert refused.exit_code == 2 and "is not a story or an article" in refused.output
    assert "story 12, story:12, article 529 or article:529" in refused.output


def test_show_help_says_how_to_name_a_story_or_an_article() -> None:
    text = CliRunner().invoke(show_command, ["--help"]).output
    assert "storytrace show article 529" in text and "storytrace show story 12" in text


def test_show_opens_an_articles_story_and_warns_on_a_bare_ambiguous_number(db: Path) -> None:
    by_article = run("show", "article", 3, "--db", db, "--json", "-")
    assert by_article.returncode == 0, by_article.stderr
    assert "article 3 is in story 1" in by_article.stderr
    assert json.loads(by_article.stdout)["story"]["id"] == 1
    bare = run("show", 1, "--db", db)
    assert bare.returncode == 0, bare.stderr
    # Story 1 is shown, and the note says article 1 belongs to story 3.
    assert bare.stdout.startswith("Story 1: ") and "[article 3]" in bare.stdout
    assert "article 1 is in story 3 (storytrace show article 1)" in bare.stderr
    explicit = run("show", "story:1", "--db", db)
    assert explicit.returncode == 0 and "article 1" not in explicit.stderr


def test_quotes_opens_an_articles_story_as_show_does(db: Path) -> None:
    by_article = run("quotes", "article", 2, "--db", db, "--json", "-")
    assert by_article.returncode == 0, by_article.stderr
    assert "article 2 is in story 3" in by_article.stderr
    assert json.loads(by_article.stdout)["story"]["id"] == 3
    bare = run("quotes", 2, "--db", db)
    assert bare.returncode == 2
    assert "article 2 is in story 3: storytrace quotes article 2" in bare.stderr
    refused = run("quotes", "banana", "--db", db)
    assert refused.returncode == 2 and "is not a story or an article" in refused.stderr
