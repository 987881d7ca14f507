"""Openings read by the second encoder: blended into links across languages only, read once
per article, kept in the store, and never read for a corpus in one language."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, store_article, storytrace_cli, weighed_together
from storytrace.model import Article
from storytrace.nlp.title_embeddings import TITLE_CHARS
from storytrace.store import Store
from storytrace.store.openings import stored_openings
from storytrace.store.writes import start_run
from storytrace.stories.corpus import group_stored
from storytrace.stories.openings import OPENING_VERSION, opening_text, openings_of
from storytrace.stories.similarity import (
    LEAD_CENTRE,
    OPENING_CENTRE,
    OPENING_FROM,
    OPENING_SCALE,
    OPENING_WEIGHT,
    reads_openings,
    weighed_similarity,
)

EXAMPLES = Path(__file__).parents[2] / "examples"
ENGLISH = (EXAMPLES / "corpus" / "rhc_en.txt").read_text(encoding="utf-8")
RUSSIAN = (EXAMPLES / "corpus" / "rhc_ru.txt").read_text(encoding="utf-8")


def test_opening_is_the_headline_else_the_start_of_the_text() -> None:
    assert opening_text("  Russia  accuses\nthe U.S. ", "Body.") == "Russia accuses the U.S."
    text = "Moscow,  October 5 (RHC)--\n" + "word " * 200
    opening = opening_text(None, text)
    assert opening.startswith("Moscow, October 5 (RHC)-- word")
    assert len(opening) == TITLE_CHARS


def test_openings_are_blended_into_cross_language_links_only() -> None:
    english = Article("en", "en.txt", ENGLISH, language="en")
    russian = Article("ru", "ru.txt", RUSSIAN, language="ru")
    english_again = Article("en2", "en2.txt", ENGLISH.replace("Russia", "Moscow"), language="en")
    first, second, third = weighed_together([english, russian, english_again])
    lead = float(np.dot(first.features.lead, second.features.lead))
    assert lead >= OPENING_FROM  # a translation
    assert reads_openings(first.features, second.features)
    assert not reads_openings(first.features, third.features)  # one language
    vectors = openings_of([english, russian])(["en", "ru"])
    cosine = float(np.dot(vectors["en"], vectors["ru"]))
    on_lead_scale = LEAD_CENTRE + OPENING_SCALE * (cosine - OPENING_CENTRE)
    blended = (1 - OPENING_WEIGHT) * lead + OPENING_WEIGHT * on_lead_scale
    without = weighed_similarity(first, second)
    assert weighed_similarity(first, second, opening=cosine) == pytest.approx(
        without - lead + blended
    )
    assert weighed_similarity(first, second, opening=cosine) != pytest.approx(without)
    # within one language an opening changes nothing
    assert weighed_similarity(first, third, opening=0.0) == weighed_similarity(first, third)


def test_a_memory_source_reads_each_opening_once() -> None:
    articles = [
        Article("a", "a.txt", ENGLISH, title="Russia accuses the U.S.", language="en"),
        Article("b", "b.txt", RUSSIAN, language="ru"),
    ]
    source = openings_of(articles)
    first = source(["a", "b", "unknown"])
    assert set(first) == {"a", "b"}
    assert all(np.linalg.norm(v) == pytest.approx(1.0, abs=1e-3) for v in first.values())
    assert source(["a"])["a"] is first["a"]  # not read again


def test_the_store_keeps_openings_and_reads_them_back(tmp_path: Path) -> None:
    with Store(tmp_path / "o.db") as store:
        run_id = start_run(store, "ingest")
        english = store_article(store, run_id, ENGLISH, source="en.txt")
        russian = store_article(store, run_id, RUSSIAN, source="ru.txt", language="ru")
        ids = [str(english), str(russian)]
        made = stored_openings(store)(ids)
        rows = store.db.execute("SELECT article_id, version FROM opening_vectors").fetchall()
        assert sorted(rows) == sorted((int(i), OPENING_VERSION) for i in ids)
        # read back from the store, not from the text: changing the text changes nothing
        with store.transaction() as db:
            db.execute("UPDATE articles SET text = 'Something else.' WHERE id = ?", (english,))
        again = stored_openings(store)(ids)
    for article_id in ids:
        np.testing.assert_allclose(again[article_id], made[article_id], atol=1e-6)
    english_opening = openings_of([Article("x", "x", ENGLISH)])(["x"])["x"]
    assert float(np.dot(made[ids[0]], english_opening)) == pytest.approx(1.0, abs=5e-3)


def test_a_corpus_in_one_language_reads_no_opening(tmp_path: Path) -> None:
    lines = (FIXTURES / "ecbplus" / "tara_reid_rehab.jsonl").read_text(encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        run_id = start_run(store, "ingest")
        for n, line in enumerate(lines.splitlines()):
            store_article(store, run_id, json.loads(line)["text"], source=f"reid:{n}")
        assert group_stored(store).articles == 3
        assert store.db.execute("SELECT COUNT(*) FROM opening_vectors").fetchone()[0] == 0
        run_id = start_run(store, "ingest")
        ru = store_article(store, run_id, RUSSIAN, source="ru.txt", language="ru")
        en = store_article(store, run_id, ENGLISH, source="en.txt")
        assert group_stored(store).articles == 2
        read = {int(i) for (i,) in store.db.execute("SELECT article_id FROM opening_vectors")}
        stories = dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))
    assert {ru, en} <= read  # the translation pair is linked with its openings
    assert stories[ru] == stories[en]  # the report and its translation: one story


@pytest.mark.parametrize("flag", [None, "--no-openings"])
def test_stories_reads_openings_unless_asked_not_to(tmp_path: Path, flag: str | None) -> None:
    db = tmp_path / "s.db"
    pair = [EXAMPLES / "corpus" / "rhc_en.txt", EXAMPLES / "corpus" / "rhc_ru.txt"]
    assert storytrace_cli("ingest", *pair, "--db", db).returncode == 0
    options = ["--no-reuse", "--no-quotes", "--json", *([flag] if flag else [])]
    result = storytrace_cli("stories", "--db", db, *options)
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)["run"]
    with Store(db) as store:
        kept = store.db.execute("SELECT COUNT(*) FROM opening_vectors").fetchone()[0]
    assert run["openings_read"] == kept == (0 if flag else 2)
    assert len(json.loads(result.stdout)["stories"]) == 1  # a report and its translation
