"""Scores for a grouping against gold groups: B³ and pairwise precision, recall and F1.

B³ is a mean over items (each item's precision: the share of its predicted group in its
gold group; its recall: the share of its gold group in its predicted group), so it can be
taken over part of the items (``b3_f1_over``) with every item still judged against whole
groups: a cross-validation fold is scored that way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

from storytrace.evaluation.metrics import f1_score


@dataclass(frozen=True)
class ClusterScores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float
    clusters: int
    gold_clusters: int


def cluster_scores(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    """Compare ``predicted[i]`` and ``gold[i]``, the group labels of item ``i``."""
    if len(predicted) != len(gold) or not gold:
        raise ValueError("predicted and gold must label the same, non-empty list of items")
    by_predicted, by_gold = _groups(predicted), _groups(gold)
    precision = recall = 0.0
    for item_precision, item_recall in b3_per_item(predicted, gold):
        precision += item_precision
        recall += item_recall
    b3_p, b3_r = precision / len(gold), recall / len(gold)
    true_pairs = sum(
        _pairs(len(by_predicted[p] & members)) for members in by_gold.values() for p in by_predicted
    )
    predicted_pairs = sum(_pairs(len(m)) for m in by_predicted.values())
    gold_pairs = sum(_pairs(len(m)) for m in by_gold.values())
    pair_p = true_pairs / predicted_pairs if predicted_pairs else 1.0
    pair_r = true_pairs / gold_pairs if gold_pairs else 1.0
    return ClusterScores(
        b3_p,
        b3_r,
        f1_score(b3_p, b3_r),
        pair_p,
        pair_r,
        f1_score(pair_p, pair_r),
        len(by_predicted),
        len(by_gold),
    )


def b3_per_item(
    predicted: Sequence[Hashable], gold: Sequence[Hashable]
) -> list[tuple[float, float]]:
    """(B³ precision, B³ recall) of each item ``i``, labelled ``predicted[i]`` and ``gold[i]``."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold must label the same list of items")
    by_predicted, by_gold = _groups(predicted), _groups(gold)
    scores = []
    for p, g in zip(predicted, gold, strict=True):
        shared = len(by_predicted[p] & by_gold[g])
        scores.append((shared / len(by_predicted[p]), shared / len(by_gold[g])))
    return scores


def b3_f1_over(per_item: Sequence[tuple[float, float]], items: Collection[int]) -> float:
    """B³ F1 over ``items`` only, from ``b3_per_item``'s scores: each item is still judged
    against its whole predicted and gold groups, those outside ``items`` included."""
    if not items:
        raise ValueError("items must not be empty")
    precision = sum(per_item[i][0] for i in items) / len(items)
    recall = sum(per_item[i][1] for i in items) / len(items)
    return f1_score(precision, recall)


def _groups(labels: Sequence[Hashable]) -> dict[Hashable, set[int]]:
    groups: dict[Hashable, set[int]] = defaultdict(set)
    for i, label in enumerate(labels):
        groups[label].add(i)
    return groups


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


@dataclass(frozen=True)
class PartScores:
    """B³ F1 and pairwise precision, recall and F1 of the articles of one part."""

    name: str
    articles: int
    b3_f1: float
    pair_precision: float
    pair_recall: float

    @property
    def pair_f1(self) -> float:
        return f1_score(self.pair_precision, self.pair_recall)


def scores_over(
    predicted: Sequence[Hashable], gold: Sequence[Hashable], items: Collection[int], name: str
) -> PartScores:
    """Scores of ``items``: B³ over them (judged against whole groups), pairwise over every
    pair that holds one of them."""
    chosen = set(items)
    true = guessed = wanted = 0
    for i in chosen:
        for j in range(len(gold)):
            if j == i or (j in chosen and j < i):
                continue
            same_story, same_gold = predicted[i] == predicted[j], gold[i] == gold[j]
            guessed += same_story
            wanted += same_gold
            true += same_story and same_gold
    return PartScores(
        name,
        len(chosen),
        b3_f1_over(b3_per_item(predicted, gold), chosen),
        true / guessed if guessed else 1.0,
        true / wanted if wanted else 1.0,
    )
