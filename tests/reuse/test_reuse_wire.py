"""The wire-story reuse benchmark (benchmarks/reuse_wire*.py): its gold and its scorer, on a
tiny corpus built from the real pool (../shared/data)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from conftest import shared_data
from reuse_wire_build import GoldPair, WireCorpus, build_wire_corpus, gold_pairs
from reuse_wire_edits import deletion, numbers, synonyms
from reuse_wire_pool import WirePool, load_wire_pool
from reuse_wire_scores import score

SIZE = 40


@pytest.fixture(scope="module")
def pool() -> WirePool:
    shared_data("msrp")
    return load_wire_pool(limit=120)


@pytest.fixture(scope="module", params=["one block", "two blocks"])
def corpus(pool: WirePool, request: pytest.FixtureRequest) -> WireCorpus:
    """The tiny corpus, and one from a pool too small for it: built in two blocks, the second
    renamed."""
    if request.param == "one block":
        return build_wire_corpus(2026, SIZE, pool)
    small = WirePool(pool.articles[:30], pool.same_topic, pool.paraphrases, pool.near_misses)
    built = build_wire_corpus(2026, SIZE, small)
    assert built.blocks == 2
    return built


def test_renamed_blocks_share_no_five_word_run(pool: WirePool) -> None:
    small = WirePool(pool.articles[:30], pool.same_topic, pool.paraphrases, pool.near_misses)
    corpus = build_wire_corpus(7, SIZE, small)
    half = SIZE // 2

    def runs(texts: list[str]) -> set[tuple[str, ...]]:
        words = [t.split() for t in texts]
        return {tuple(w[i : i + 5]) for w in words for i in range(len(w) - 4)}

    first, second = runs(corpus.texts[:half]), runs(corpus.texts[half:])
    assert len(first) > 1000 and len(second) > 1000
    assert len(first & second) < 0.001 * len(first)


def test_every_wire_sentence_lies_where_the_gold_says_edited_as_recorded(
    corpus: WireCorpus, pool: WirePool
) -> None:
    paraphrase_of = dict(pool.paraphrases)
    inserted = [(n, u) for n, units in enumerate(corpus.inserts) for u in units if u.kind == "wire"]
    assert len({n for n, _ in inserted}) == sum(s >= 0 for s in corpus.story_of) > 0
    edits = set()
    for article, unit in inserted:
        text = corpus.texts[article][unit.span[0] : unit.span[1]]
        wire = corpus.wires[unit.story][unit.wire]
        assert corpus.story_of[article] == unit.story
        edits.add(unit.edit)
        if unit.edit == "verbatim":
            assert text == wire
        elif unit.edit == "paraphrase" and corpus.blocks == 1:
            assert text == paraphrase_of[wire]
        else:
            assert text != wire
    assert {"verbatim", "deletion", "combined"} <= edits


def test_gold_pairs_link_articles_of_one_story_carrying_one_wire_sentence(
    corpus: WireCorpus,
) -> None:
    gold = gold_pairs(corpus)
    assert gold
    for pair in gold:
        assert pair.a < pair.b
        assert corpus.story_of[pair.a] == corpus.story_of[pair.b] >= 0
        [one] = [u for u in corpus.inserts[pair.a] if u.span == pair.a_span]
        [two] = [u for u in corpus.inserts[pair.b] if u.span == pair.b_span]
        assert one.kind == two.kind == "wire"
        assert (one.story, one.wire) == (two.story, two.wire)
        same = (
            corpus.texts[pair.a][slice(*pair.a_span)] == corpus.texts[pair.b][slice(*pair.b_span)]
        )
        assert (pair.kind == "verbatim") == same


def test_hard_negatives_are_in_the_texts_but_never_in_the_gold(corpus: WireCorpus) -> None:
    gold = {(p.a, p.b) for p in gold_pairs(corpus)}
    assert corpus.near_miss_pairs
    for a, b in corpus.near_miss_pairs:
        assert (min(a, b), max(a, b)) not in gold
        for article in (a, b):
            [unit] = [u for u in corpus.inserts[article] if u.kind == "near miss"]
            assert corpus.texts[article][slice(*unit.span)]
    signed = [
        corpus.texts[n][slice(*u.span)]
        for n, units in enumerate(corpus.inserts)
        for u in units
        if u.kind == "sign-off"
    ]
    assert signed and all(s.startswith("Reporting by ") for s in signed)


def as_passages(gold: list[GoldPair]) -> list[list[int]]:
    return [[p.b, p.a, *p.b_span, *p.a_span] for p in gold]  # later article first: either order


def test_the_scorer_gives_a_perfect_method_everything_and_an_empty_one_nothing(
    corpus: WireCorpus,
) -> None:
    gold = gold_pairs(corpus)
    perfect = score(corpus, gold, as_passages(gold))
    assert perfect["sentence_recall"] == perfect["pair_f1"] == perfect["passage_precision"] == 1.0
    assert all(v["recall"] == 1.0 for v in perfect["recall_by_kind"].values())
    empty = score(corpus, gold, [])
    assert empty["sentence_recall"] == empty["pair_recall"] == empty["pair_f1"] == 0.0
    # Half the sentence pairs, each passage cut to under half of its sentence: none found.
    short = [[a, b, s, s + (e - s) // 3, t, u] for a, b, s, e, t, u in as_passages(gold)]
    assert score(corpus, gold, short)["sentence_recall"] == 0.0
    near = [[a, b, 0, 10, 0, 10] for a, b in corpus.near_miss_pairs]
    wrong = score(corpus, gold, as_passages(gold) + near)
    assert wrong["wrong_pairs_by_negative"]["near miss (MSRP)"] == len(corpus.near_miss_pairs)
    assert wrong["pair_precision"] < 1.0


def test_edits_change_what_they_say() -> None:
    rng = random.Random(1)
    text = "Police said 25 people were hurt, officials added, when the bridge fell on Monday."
    assert deletion(rng, text) == "Police said 25 people were hurt, when the bridge fell on Monday."
    changed = numbers(rng, text)
    assert changed is not None and changed != text and "25" not in changed
    assert synonyms(rng, text) == (
        "Officers stated 25 individuals were hurt, authorities added, when the bridge dropped on "
        "Monday."
    )
    assert numbers(rng, "No figure here at all.") is None
