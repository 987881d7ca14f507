"""B³ and pairwise scores, checked against hand-computed values."""

from __future__ import annotations

import pytest

from storytrace.evaluation.clustering import b3_f1_over, b3_per_item, cluster_scores, scores_over


def test_perfect_grouping_scores_one() -> None:
    scores = cluster_scores(["x", "x", "y"], [1, 1, 2])
    assert scores.b3_f1 == pytest.approx(1.0)
    assert scores.pair_f1 == pytest.approx(1.0)


def test_one_big_group_has_full_recall_and_low_precision() -> None:
    # gold {0,1} {2,3}; predicted {0,1,2,3}: each item's predicted group is half right
    scores = cluster_scores([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert scores.b3_precision == pytest.approx(0.5)
    assert scores.b3_recall == pytest.approx(1.0)
    assert scores.pair_precision == pytest.approx(2 / 6)
    assert scores.pair_recall == pytest.approx(1.0)


def test_split_group_loses_recall() -> None:
    # gold {0,1,2}; predicted {0,1} {2}
    scores = cluster_scores([1, 1, 2], ["a", "a", "a"])
    assert scores.b3_precision == pytest.approx(1.0)
    assert scores.b3_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert scores.pair_recall == pytest.approx(1 / 3)
    assert scores.clusters == 2 and scores.gold_clusters == 1


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same"):
        cluster_scores([1, 2], [1])


def test_b3_over_some_items_judges_them_against_whole_groups() -> None:
    # gold {0,1} {2,3}; predicted {0,1,2} {3}
    per_item = b3_per_item([1, 1, 1, 2], ["a", "a", "b", "b"])
    assert per_item == [(2 / 3, 1.0), (2 / 3, 1.0), (1 / 3, 1 / 2), (1.0, 1 / 2)]
    # items 0 and 1 alone: their predicted group still holds item 2
    assert b3_f1_over(per_item, [0, 1]) == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))
    everyone = cluster_scores([1, 1, 1, 2], ["a", "a", "b", "b"])
    assert b3_f1_over(per_item, range(4)) == pytest.approx(everyone.b3_f1)


def test_scores_over_some_items_count_every_pair_holding_one() -> None:
    # gold {0,1} {2,3}; predicted {0,1,2} {3}; items {0}: pairs (0,1) (0,2) (0,3)
    scores = scores_over([1, 1, 1, 2], ["a", "a", "b", "b"], [0], "part")
    assert scores.articles == 1
    assert scores.pair_precision == pytest.approx(1 / 2)  # (0,1) right, (0,2) wrong
    assert scores.pair_recall == pytest.approx(1.0)  # (0,1), the only gold pair
    # items {2, 3}: pairs (2,0) (2,1) (2,3) (3,0) (3,1), each once
    scores = scores_over([1, 1, 1, 2], ["a", "a", "b", "b"], [2, 3], "part")
    assert scores.pair_precision == pytest.approx(0 / 2)
    assert scores.pair_recall == pytest.approx(0 / 1)
    assert scores.b3_f1 == pytest.approx(b3_f1_over(b3_per_item([1, 1, 1, 2], "aabb"), [2, 3]))
