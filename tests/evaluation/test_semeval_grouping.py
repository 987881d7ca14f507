"""The SemEval grouping scores and their cross-validation, on real articles of the fixtures."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import FIXTURES
from storytrace.evaluation.same_story_fit import FOLDS
from storytrace.evaluation.semeval_grouping import (
    CROSS_LANGUAGE_OFFSETS,
    LEAD_WEIGHTS,
    OPENING_WEIGHTS,
    cross_validate_grouping,
    grouped_together,
    link_weight_grid,
    pairwise_scores,
)
from storytrace.model import Article
from storytrace.stories import story_features
from storytrace.stories.grouping import GroupingSettings
from storytrace.stories.similarity import LINK_WEIGHTS, LinkWeights

Pairs = tuple[list[tuple[str, str]], list[Any], np.ndarray]


def _articles(name: str) -> list[Article]:
    path: Path = FIXTURES / "ecbplus" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        Article(id=f"{name}-{n}", source=str(path), text=row["text"], language="en")
        for n, row in enumerate(rows)
    ]


def test_pairwise_scores_count_rated_pairs_only() -> None:
    together = np.array([True, True, False, True, False])
    overall = np.array([1.0, 4.0, 1.5, 2.5, 3.5])  # same, different, same, unrated, different
    scores = pairwise_scores(together, overall)
    assert scores.same_story_pairs == 2
    assert scores.grouped_pairs == 2  # the unrated pair put together does not count
    assert scores.precision == pytest.approx(1 / 2)
    assert scores.recall == pytest.approx(1 / 2)


def test_the_grid_holds_todays_weights() -> None:
    grid = link_weight_grid()
    assert len(grid) == len(LEAD_WEIGHTS) * len(CROSS_LANGUAGE_OFFSETS) * len(OPENING_WEIGHTS)
    assert LINK_WEIGHTS in grid
    assert all(w.lead + w.words + w.names == pytest.approx(1.0) for w in grid)


@pytest.fixture(scope="module")
def rehab_pairs() -> Pairs:
    """Pairs of two real events of one kind (two celebrities' rehab): within an event rated
    one story, across rated different."""
    reid = _articles("tara_reid_rehab")
    lohan = _articles("lindsay_lohan_rehab")
    chosen = [(a, b, 1.0) for a, b in itertools.pairwise(reid)]
    chosen += [(a, b, 1.0) for a, b in itertools.pairwise(lohan)]
    chosen += [(a, b, 4.0) for a, b in zip(reid, lohan, strict=True)]
    features = story_features([article for a, b, _ in chosen for article in (a, b)])
    names = [(a.id, b.id) for a, b, _ in chosen]
    return names, features, np.array([overall for _, _, overall in chosen])


def test_grouping_keeps_two_rehab_stories_apart(rehab_pairs: Pairs) -> None:
    names, features, overall = rehab_pairs
    scores = pairwise_scores(grouped_together(names, features), overall)
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(1.0)


def test_link_weights_reach_the_grouping(rehab_pairs: Pairs) -> None:
    names, features, overall = rehab_pairs
    # the names and words alone at no weight, the lead vector alone: the two rehab stories
    # (one kind of event) are no longer told apart by who went to rehab
    lead_only = GroupingSettings(link_weights=LinkWeights(1.0, 0.0, 0.0, 0.15))
    assert pairwise_scores(grouped_together(names, features, lead_only), overall) != (
        pairwise_scores(grouped_together(names, features), overall)
    )


def test_cross_validation_scores_every_fold_with_weights_of_the_grid(rehab_pairs: Pairs) -> None:
    names, features, overall = rehab_pairs
    validation = cross_validate_grouping(names, features, overall)
    assert [fold.fold for fold in validation.folds] == list(range(FOLDS))
    assert all(fold.chosen in link_weight_grid() for fold in validation.folds)
    assert 0.0 <= validation.worst_precision <= validation.precision <= 1.0
    assert 0.0 <= validation.worst_recall <= validation.recall <= 1.0
