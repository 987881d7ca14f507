"""A weak link alone makes no story in one language: it needs a third article near both.

The features are built by hand so that each pair's own similarity is known exactly: every
article carries the same single word (word cosine 1.0, weight 0.35), no names, and a lead
vector whose cosines are chosen (weight 0.3 in one language; across languages the lead's
cosine less the 0.15 offset is the whole score).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt
import pytest

from storytrace.nlp.embeddings import EMBEDDING_SIZE
from storytrace.stories import DocumentFrequencies, StoryFeatures, StoryGrouper, story_similarity
from storytrace.stories.features import TermVector
from storytrace.stories.grouping import LINK_THRESHOLD, GroupingSettings

VOTE = TermVector.from_counts(Counter({"w:vote": 1}))
NOTHING = TermVector.from_counts(Counter())


def _unit(*weights: float) -> npt.NDArray[np.float32]:
    vector = np.zeros(EMBEDDING_SIZE, np.float32)
    vector[: len(weights)] = weights
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _article(name: str, lead: npt.NDArray[np.float32], language: str = "en") -> StoryFeatures:
    return StoryFeatures(name, language, None, lead, VOTE, NOTHING)


FIRST = _unit(1.0)
# cosine 0.1 with FIRST: own similarity 0.3 * 0.1 + 0.35 = 0.38 in one language
WEAKLY_NEAR = _unit(0.1, float(np.sqrt(0.99)))


def _stories(
    batch: list[StoryFeatures], settings: GroupingSettings | None = None
) -> set[frozenset[str]]:
    grouper = StoryGrouper(settings=settings or GroupingSettings())
    grouper.add_batch(batch)
    members: dict[int, set[str]] = {}
    for features, story in zip(batch, grouper.story_of, strict=True):
        members.setdefault(story, set()).add(features.article_id)
    return {frozenset(names) for names in members.values()}


def _similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    frequencies = DocumentFrequencies()
    frequencies.add(a)
    frequencies.add(b)
    return story_similarity(a, b, frequencies)


def test_two_articles_linked_weakly_and_alone_stay_apart() -> None:
    pair = [_article("a", FIRST), _article("b", WEAKLY_NEAR)]
    assert _similarity(*pair) == pytest.approx(0.38, abs=1e-3)
    assert _similarity(*pair) < LINK_THRESHOLD
    assert _stories(pair) == {frozenset({"a"}), frozenset({"b"})}
    # without the rule, their sharing each other as neighbours made them one story
    assert _stories(pair, GroupingSettings(weak_link_support=None)) == {frozenset({"a", "b"})}


def test_a_third_article_near_both_supports_a_weak_link() -> None:
    between = _unit(*(FIRST + WEAKLY_NEAR)[:2])
    trio = [_article("a", FIRST), _article("b", WEAKLY_NEAR), _article("c", between)]
    assert _stories(trio) == {frozenset({"a", "b", "c"})}


def test_a_weak_link_across_languages_still_counts() -> None:
    # lead cosine 0.5 less the 0.15 offset: 0.35, under the threshold too
    pair = [_article("a", FIRST), _article("b", _unit(0.5, float(np.sqrt(0.75))), "de")]
    assert _similarity(*pair) == pytest.approx(0.35, abs=1e-3)
    assert _stories(pair) == {frozenset({"a", "b"})}
