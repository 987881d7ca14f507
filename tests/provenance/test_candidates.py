"""Which pairs of a story get aligned: all in a small story, the nearest in a large one."""

from __future__ import annotations

import json
import random
import re
from itertools import combinations

import numpy as np

from conftest import FIXTURES
from provenance.story_cases import FLOOD, members, story
from storytrace.model import AnalysedArticle, Article, MatchKind, ReusedPassage
from storytrace.nlp.analyse import analyse
from storytrace.nlp.embeddings import EMBEDDING_SIZE
from storytrace.provenance import derive_story
from storytrace.provenance.candidates import (
    ALIGN_EVERY_PAIR_UP_TO,
    NEAREST,
    pairs_to_align,
)


def _with_vectors(vectors: np.ndarray) -> list[AnalysedArticle]:
    return [
        AnalysedArticle(Article(f"x{i}", "test", "text"), [], [], row.reshape(1, -1))
        for i, row in enumerate(vectors.astype(np.float32))
    ]


def _passage(source: str, target: str) -> ReusedPassage:
    return ReusedPassage(source, 0, 4, target, 0, 4, MatchKind.COPIED, 1, 1.0)


def test_a_small_story_aligns_every_pair() -> None:
    articles = _with_vectors(np.eye(ALIGN_EVERY_PAIR_UP_TO, EMBEDDING_SIZE))
    pairs = pairs_to_align(articles, [])
    assert pairs == list(combinations(range(ALIGN_EVERY_PAIR_UP_TO), 2))


def test_a_large_story_aligns_each_article_with_its_nearest_and_every_verbatim_pair() -> None:
    count = 3 * ALIGN_EVERY_PAIR_UP_TO
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(3, EMBEDDING_SIZE))
    # Three tight clusters of 40: each article's nearest are in its own cluster.
    vectors = np.repeat(centres, count // 3, axis=0) + 0.05 * rng.normal(
        size=(count, EMBEDDING_SIZE)
    )
    articles = _with_vectors(vectors)
    pairs = pairs_to_align(articles, [_passage("x0", "x119"), _passage("x5", "x5")])
    assert len(pairs) <= count * NEAREST < count * (count - 1) // 2
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)
    assert (0, 119) in pairs  # a verbatim passage across clusters
    partners: dict[int, set[int]] = {i: set() for i in range(count)}
    for i, j in pairs:
        partners[i].add(j)
        partners[j].add(i)
    assert all(len(found) >= NEAREST for found in partners.values())
    crossing = [(i, j) for i, j in pairs if i // 40 != j // 40]
    assert crossing == [(0, 119)]


def _fillers(count: int) -> list[Article]:
    """Unrelated reports: draws of sentences from the ECB+ rehab fixtures."""
    texts = [
        json.loads(line)["text"]
        for path in sorted((FIXTURES / "ecbplus").glob("*rehab.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?”])\s+", text) if s]
    draw = random.Random(3)
    return [
        Article(f"f{n}", "fillers", " ".join(draw.sample(sentences, k=6)), language="en")
        for n in range(count)
    ]


def test_a_large_story_keeps_the_derivations_of_its_small_self() -> None:
    small = derive_story(story(FLOOD), members(FLOOD), [])
    fillers = _fillers(ALIGN_EVERY_PAIR_UP_TO)
    articles = members(FLOOD) + analyse(fillers)
    assert len(pairs_to_align(articles, [])) < len(articles) * (len(articles) - 1) // 2
    large = derive_story(story([*FLOOD, *fillers]), articles, [])
    flood_ids = {a.id for a in FLOOD}
    kept = {
        (d.source, d.target, d.kind)
        for d in large.derivations
        if d.source in flood_ids and d.target in flood_ids
    }
    assert kept == {(d.source, d.target, d.kind) for d in small.derivations}
