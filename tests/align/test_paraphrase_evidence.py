"""A match is a paraphrase only with shared wording or shared facts; else it is the same topic."""

from __future__ import annotations

import json

import pytest

from conftest import shared_data
from storytrace import compare_articles
from storytrace.model import Article, Comparison, MatchKind

# BASIL event 0ffb34cd: Sheriff Joe Arpaio endorses Rick Perry (29 November 2011), reported
# independently by HuffPost and the New York Times. Before issue 14, 8 of their matched
# sentences were labelled "paraphrased"; none shares a run of words, a number or a rare word.
ARPAIO = ("0ffb34cd-c367-4d90-aca7-7fcac3ed8f3d_2", "0ffb34cd-c367-4d90-aca7-7fcac3ed8f3d_3")


def basil_articles(doc_ids: tuple[str, ...]) -> list[Article]:
    docs = {}
    with (shared_data("basil") / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["doc_id"] in doc_ids:
                docs[doc["doc_id"]] = doc
    return [
        Article(f"a{i + 1}", doc_id, docs[doc_id]["text"], outlet=docs[doc_id]["source"])
        for i, doc_id in enumerate(doc_ids)
    ]


def compare_texts(*texts: str) -> Comparison:
    articles = [Article(f"a{i + 1}", f"t{i + 1}", t, language="en") for i, t in enumerate(texts)]
    return compare_articles(articles)


@pytest.fixture(scope="module")
def arpaio() -> Comparison:
    return compare_articles(basil_articles(ARPAIO))


def test_independent_reports_of_one_event_are_the_same_topic_not_paraphrases(
    arpaio: Comparison,
) -> None:
    comparison = arpaio
    (pair,) = comparison.pairs
    kinds = [match.kind for match in pair.matches]
    assert kinds.count(MatchKind.SAME_TOPIC) >= 4, "the reports are on one topic"
    assert MatchKind.PARAPHRASED not in kinds and MatchKind.COPIED not in kinds
    # a unit whose counterparts are only on the same topic is still "only here"
    for match in pair.matches:
        assert match.sentence_a in comparison.only_here["a1"]
        assert match.sentence_b in comparison.only_here["a2"]


def test_same_topic_is_not_reuse_in_the_story_graph(arpaio: Comparison) -> None:
    from storytrace.provenance.evidence import pair_passages

    assert arpaio.pairs[0].matches
    assert pair_passages(arpaio.articles, arpaio.pairs, []) == {}


def test_a_shared_number_or_rare_words_make_a_paraphrase() -> None:
    comparison = compare_texts(
        "The court heard that at least 544 store managers were both accused and victims.\n\n"
        "The justices will rule by June.",
        "He pointed to a group of 544 women managers said to be discriminators and victims.\n\n"
        "A decision is expected in summer.",
    )
    kinds = {(m.sentence_a, m.sentence_b): m.kind for m in comparison.pairs[0].matches}
    assert kinds.get((0, 0)) is MatchKind.PARAPHRASED


def test_topic_words_and_names_alone_are_the_same_topic() -> None:
    comparison = compare_texts(
        "Justice Anthony Kennedy said the theory of the Wal-Mart case was contradictory.\n\n"
        "The Wal-Mart case could become the largest class action.",
        "Justice Anthony Kennedy, often a key vote, questioned the Wal-Mart women's argument.\n\n"
        "The Wal-Mart case reached the Supreme Court.",
    )
    matches = comparison.pairs[0].matches
    assert matches, "the sentences are on one topic"
    assert {m.kind for m in matches} == {MatchKind.SAME_TOPIC}
