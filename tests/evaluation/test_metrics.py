import math

import numpy as np

from storytrace.evaluation.metrics import cross_fitted_accuracy, roc_auc, sweep_thresholds


def test_roc_auc_known_cases() -> None:
    labels = np.array([0, 0, 1, 1])
    assert roc_auc(np.array([0.1, 0.2, 0.8, 0.9]), labels) == 1.0
    assert roc_auc(np.array([0.9, 0.8, 0.2, 0.1]), labels) == 0.0
    assert roc_auc(np.array([0.5, 0.5, 0.5, 0.5]), labels) == 0.5
    assert roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), labels) == 0.75
    assert math.isnan(roc_auc(np.array([0.1, 0.2]), np.array([1, 1])))


def test_threshold_sweep_and_cross_fitting() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.15, 0.85])
    labels = np.array([0, 0, 0, 1, 1, 1, 0, 1])
    sweep = sweep_thresholds(scores, labels)
    assert sweep.accuracy.max() == 1.0
    # the threshold fitted on one half (0.8) misses the other half's 0.7: cross-fitting shows it
    assert cross_fitted_accuracy(scores, labels) == 0.875
    mirrored = np.array([0.1, 0.1, 0.2, 0.2, 0.8, 0.8, 0.9, 0.9])
    assert cross_fitted_accuracy(mirrored, np.array([0, 0, 0, 0, 1, 1, 1, 1])) == 1.0
