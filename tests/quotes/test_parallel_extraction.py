"""Quotations of many articles on several cores: the same as one at a time, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import storytrace_cli
from storytrace.model import Article
from storytrace.quotes import quotes_in_article, quotes_in_articles
from storytrace.quotes.parallel import PARALLEL_MIN_ARTICLES, extract_batches
from storytrace.store.db import Store
from storytrace.store.quotes import load_quotes
from storytrace.store.stories import load_story, story_summaries

SPEAKERS = ["Maria Lopez", "John Okafor", "Anna Schmidt", "Wei Zhang", "Olga Petrova"]


def _article(n: int) -> Article:
    speaker = SPEAKERS[n % len(SPEAKERS)]
    if n % 7 == 3:  # a German article: cue words, no parse
        text = (
            f"Die Stadt Nummer {n} baut eine neue Brücke. {speaker} sagte, die Arbeiten "
            f"würden im Frühjahr beginnen und {n} Millionen Euro kosten."
        )
        return Article(id=f"a{n}", source=f"a{n}.txt", text=text, language="de")
    text = (
        f"The council of town {n} approved a new bridge on Monday.\n\n"
        f'"We will start the work in spring and it will cost {n} million," {speaker} said.\n\n'
        f"{speaker} told reporters that the old bridge had been closed for {n % 12 + 2} years."
    )
    return Article(id=f"a{n}", source=f"a{n}.txt", text=text, language="en")


ARTICLES = [_article(n) for n in range(PARALLEL_MIN_ARTICLES + 6)]


@pytest.fixture(scope="module")
def one_at_a_time() -> list[list[object]]:
    return [list(quotes_in_article(article)) for article in ARTICLES]


def test_workers_find_what_one_article_at_a_time_finds_in_order(
    one_at_a_time: list[list[object]],
) -> None:
    batches = list(extract_batches(ARTICLES, 8, workers=2))
    assert [len(batch) for batch in batches] == [8] * 8 + [6]
    assert [article for batch in batches for article, _ in batch] == ARTICLES
    found = [quotes for batch in batches for _, quotes in batch]
    assert found == one_at_a_time
    speakers = {q.speaker.name for quotes in found for q in quotes if q.speaker is not None}
    assert set(SPEAKERS) <= speakers  # the parse ran: speakers of English cues were found


def test_a_batch_parsed_together_matches_one_at_a_time(
    one_at_a_time: list[list[object]],
) -> None:
    assert quotes_in_articles(ARTICLES[:20]) == one_at_a_time[:20]


def test_few_articles_are_extracted_in_this_process_and_a_bad_batch_size_is_refused() -> None:
    few = ARTICLES[:3]
    assert [q for batch in extract_batches(few, 2) for _, q in batch] == [
        quotes_in_article(article) for article in few
    ]
    with pytest.raises(ValueError, match="batch_size"):
        list(extract_batches(few, 0))


def test_stories_command_keeps_what_workers_extracted(tmp_path: Path) -> None:
    corpus = tmp_path / "bridges.jsonl"
    rows = [
        {"id": a.id, "text": a.text, "language": a.language, "title": f"Bridge {a.id}"}
        for a in ARTICLES
    ]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    db = tmp_path / "corpus.db"
    assert storytrace_cli("ingest", corpus, "--db", db, "--quiet").returncode == 0
    grouped = storytrace_cli("stories", "--db", db, "--workers", "2", "--json")
    assert grouped.returncode == 0, grouped.stderr
    assert json.loads(grouped.stdout)["run"]["quotations"] > len(ARTICLES)
    refused = storytrace_cli("stories", "--db", db, "--workers", "0")
    assert refused.returncode == 2 and "--workers" in refused.stderr
    with Store(db) as store:
        stored = [
            article
            for summary in story_summaries(store)
            if (loaded := load_story(store, summary.id)) is not None
            for article in loaded[1]
        ]
        assert len(stored) == len(ARTICLES)
        for article in stored:
            assert load_quotes(store, article) == quotes_in_article(article)
