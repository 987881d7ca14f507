"""Scores for a grouping against gold groups: B³ and pairwise precision, recall and F1."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
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
    by_predicted: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for i in range(len(gold)):
        shared = len(by_predicted[predicted[i]] & by_gold[gold[i]])
        precision += shared / len(by_predicted[predicted[i]])
        recall += shared / len(by_gold[gold[i]])
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


def _pairs(size: int) -> int:
    return size * (size - 1) // 2
