"""``show`` keeps a story's pair alignments and reads them back instead of aligning again
(issue 14, point 11): the same output with and without the kept row, a new alignment when
what it was computed from changes, a busy store still shown, a schema-7 store brought
forward. A real store, real models, the real command."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import SEEDS, store_dated_articles
from storytrace.align.pairs import align_articles
from storytrace.cli.show import show_command
from storytrace.model import AnalysedArticle, Article, Comparison, Sentence
from storytrace.store import Store
from storytrace.store.alignments import alignment_key, load_alignments, save_alignments
from storytrace.store.schema import MIGRATIONS, SCHEMA_VERSION
from storytrace.store.stories import save_membership
from storytrace.store.writes import start_run

GPA = SEEDS[0].read_text(encoding="utf-8")
# A later outlet's copy of the first GPA report: its first paragraphs, and a line of its own.
COPY = "\n\n".join(GPA.split("\n\n")[:4]) + "\n\nThe ministry gave no further details."
STORY = 7
NO_EDGE = "no derivations: no two articles share enough text"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Story 7: the seed pair (two outlets' reports) and a copy of the first one."""
    path = tmp_path_factory.mktemp("alignments") / "store.db"
    articles = [
        (GPA, "GPA", "2017-10-04", "gpa.txt"),
        (SEEDS[1].read_text(encoding="utf-8"), "RHC", "2017-10-05", "rhc.txt"),
        (COPY, "Copy Daily", "2017-10-06", "copy.txt"),
    ]
    with Store(path) as store:
        ids = store_dated_articles(store, articles)
        stories = start_run(store, "stories")
        with store.transaction() as connection:
            save_membership(connection, stories, [(i, STORY, 0.5) for i in ids], 0)
    show(path)  # analyses the articles and keeps the analyses
    forget(path)  # aligned from unstored (float32) embeddings: a key no later run has
    return path


def show(db: Path) -> tuple[str, str]:
    result = CliRunner().invoke(show_command, ["story", str(STORY), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def kept(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT story_id, key FROM story_alignments").fetchall()
    return [(int(story_id), str(key)) for story_id, key in rows]


def forget(db: Path) -> None:
    with Store(db) as store, store.transaction() as connection:
        connection.execute("DELETE FROM story_alignments")


def test_the_kept_alignments_are_read_back_and_show_the_same(db: Path) -> None:
    forget(db)
    computed, _ = show(db)
    assert NO_EDGE not in computed  # the copy's edge: from aligning, no stored passages
    [(story_id, key)] = kept(db)
    assert story_id == STORY
    assert show(db)[0] == computed  # read back: byte for byte what aligning gave
    with Store(db) as store, store.transaction() as connection:
        save_alignments(connection, STORY, key, [])  # a row that says no pair shares anything
    assert NO_EDGE in show(db)[0]  # the kept row is what the second run used: nothing aligned
    with Store(db) as store, store.transaction() as connection:
        save_alignments(connection, STORY, "align-0/stale", [])  # another method's row
    assert show(db)[0] == computed  # a row of another key is ignored and replaced
    assert kept(db) == [(STORY, key)]


def test_a_busy_store_still_shows_the_story_and_keeps_nothing(db: Path) -> None:
    computed, _ = show(db)
    forget(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing: an ingest, a sqlite3 shell
    try:
        output, notes = show(db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert output == computed
    assert "another process is writing to" in notes
    assert kept(db) == []
    show(db)
    assert len(kept(db)) == 1  # kept once the store is free


def _analysed(article_id: str, text: str, vectors: list[list[float]]) -> AnalysedArticle:
    sentences = [Sentence(0, 0, len(text), text)]
    embeddings = np.array(vectors, dtype=np.float32)
    return AnalysedArticle(Article(article_id, "", text, language="en"), sentences, [], embeddings)


def test_the_key_changes_with_anything_the_alignment_depends_on() -> None:
    a = _analysed("1", "The mayor opened two schools.", [[1.0, 0.0]])
    b = _analysed("2", "Two schools were opened.", [[0.0, 1.0]])
    key = alignment_key([a, b], [(0, 1)])
    assert alignment_key([a, b], [(0, 1)]) == key
    edited = replace(a, article=replace(a.article, text="The mayor opened three schools."))
    other_language = replace(b, article=replace(b.article, language="de"))
    other_units = replace(a, sentences=[Sentence(0, 0, 10, a.article.text[:10])])
    other_vectors = replace(b, embeddings=np.array([[0.0, 0.5]], dtype=np.float32))
    third = _analysed("3", "A third report.", [[0.5, 0.5]])
    changed = [
        alignment_key([edited, b], [(0, 1)]),
        alignment_key([a, other_language], [(0, 1)]),
        alignment_key([other_units, b], [(0, 1)]),
        alignment_key([a, other_vectors], [(0, 1)]),
        alignment_key([b, a], [(0, 1)]),
        alignment_key([a, b, third], [(0, 1)]),  # a new member changes the word weights
        alignment_key([a, b, third], [(0, 1), (1, 2)]),
    ]
    assert len({key, *changed}) == len(changed) + 1


def test_kept_alignments_read_back_equal(seed_comparison: Comparison, tmp_path: Path) -> None:
    articles = seed_comparison.articles
    aligned = align_articles(articles)
    assert aligned and any(pair.spans for pair in aligned) and any(p.matches for p in aligned)
    key = alignment_key(articles, [(0, 1)])
    with Store(tmp_path / "s.db") as store:
        with store.transaction() as connection:
            save_alignments(connection, 1, key, aligned)
        assert load_alignments(store, 1, key, articles) == aligned
        assert load_alignments(store, 1, "another key", articles) is None
        assert load_alignments(store, 2, key, articles) is None


def test_a_schema_7_store_gains_the_table_and_keeps_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:7], start=1):
        old.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    old.execute("INSERT INTO runs(id, started, command) VALUES (1, 'then', 'ingest')")
    old.execute("INSERT INTO articles(hash, text, run_id) VALUES ('h', 'An old article.', 1)")
    old.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 8
        assert store.db.execute("SELECT text FROM articles").fetchall() == [("An old article.",)]
        assert store.db.execute("SELECT COUNT(*) FROM story_alignments").fetchone() == (0,)
