"""Ranking and classification metrics for the quality evaluations (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def roc_auc(scores: FloatArray, labels: npt.NDArray[np.int64]) -> float:
    """Rank-based ROC AUC (Mann-Whitney U), ties given their average rank."""
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    # average 1-based rank over each run of equal scores
    _, starts, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = starts + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    rank_sum_pos = float(ranks[labels == 1].sum())
    return (rank_sum_pos - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


@dataclass(frozen=True)
class ThresholdSweep:
    thresholds: FloatArray  # predict 1 when score >= threshold
    accuracy: FloatArray
    f1: FloatArray


def sweep_thresholds(scores: FloatArray, labels: npt.NDArray[np.int64]) -> ThresholdSweep:
    """Accuracy and F1 for every distinct cut (predict positive when score >= threshold)."""
    uniq = np.unique(scores)
    # candidate thresholds: each distinct score, plus one above the maximum (all negative)
    thresholds = np.concatenate([uniq, [np.inf]])
    order = np.argsort(-scores, kind="mergesort")
    sorted_scores = scores[order]
    sorted_labels = labels[order]
    cum_pos = np.concatenate([[0], np.cumsum(sorted_labels)])
    # number of items with score >= t, for each t (scores sorted descending)
    n_pred = np.searchsorted(-sorted_scores, -thresholds, side="right")
    tp = cum_pos[n_pred].astype(np.float64)
    fp = n_pred - tp
    total_pos = float(labels.sum())
    fn = total_pos - tp
    tn = len(labels) - total_pos - fp
    accuracy = (tp + tn) / len(labels)
    denom = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    return ThresholdSweep(thresholds.astype(np.float64), accuracy, f1)


def accuracy_at(scores: FloatArray, labels: npt.NDArray[np.int64], threshold: float) -> float:
    return float(np.mean((scores >= threshold).astype(np.int64) == labels))


def cross_fitted_accuracy(scores: FloatArray, labels: npt.NDArray[np.int64]) -> float:
    """2-fold: pick the best-accuracy threshold on even-index pairs, score odd ones, and back."""
    idx = np.arange(len(scores))
    correct = 0.0
    for fit, test in ((idx % 2 == 0, idx % 2 == 1), (idx % 2 == 1, idx % 2 == 0)):
        sweep = sweep_thresholds(scores[fit], labels[fit])
        threshold = float(sweep.thresholds[int(np.argmax(sweep.accuracy))])
        correct += accuracy_at(scores[test], labels[test], threshold) * int(test.sum())
    return correct / len(scores)


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
