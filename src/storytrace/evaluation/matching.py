"""How well the unit matcher's score separates paraphrases from non-paraphrases (MSRP).

The score is the one ``storytrace.align`` uses between the units of two articles: the blend
of the multilingual embedding cosine and the IDF-weighted word overlap, with IDF taken over
all sentences of the sample (as it is taken over all units of a comparison). Reported beside
the two ingredients alone, measured in the same run, so that the blend must earn its place.
MSRP pairs were chosen for high word overlap, so this is a hard, conservative test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storytrace.align.lexical import content_terms, tfidf_matrix
from storytrace.align.sentences import SEMANTIC_WEIGHT
from storytrace.evaluation.metrics import cross_fitted_accuracy, roc_auc
from storytrace.evaluation.msrp import parse_msrp
from storytrace.nlp.embeddings import embed
from storytrace.nlp.names import tokenize

# The first pairs of the file, in file order: a fixed sample that keeps CI under a minute.
DEFAULT_PAIRS = 1000


@dataclass(frozen=True)
class ScoreQuality:
    name: str
    auc: float
    accuracy: float  # threshold fitted on one half of the pairs, measured on the other


def evaluate_matching(path: Path, pairs: int = DEFAULT_PAIRS) -> list[ScoreQuality]:
    """AUC and cross-fitted accuracy of the blended score and of its two ingredients.

    Raises:
        ValueError: ``pairs`` is below 10, or the file holds no pairs.
    """
    if pairs < 10:
        raise ValueError(f"pairs must be at least 10, got {pairs}")
    sample = parse_msrp(path)[:pairs]
    if not sample:
        raise ValueError(f"{path}: no MSRP pairs found")
    labels = np.array([pair.label for pair in sample], dtype=np.int64)
    first = [pair.first for pair in sample]
    second = [pair.second for pair in sample]
    vectors = embed(first + second).astype(np.float64)
    semantic = (vectors[: len(first)] * vectors[len(first) :]).sum(axis=1)
    weights = tfidf_matrix([content_terms(tokenize(text)) for text in first + second])
    lexical = (weights[: len(first)] * weights[len(first) :]).sum(axis=1).astype(np.float64)
    blended = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical
    return [
        ScoreQuality(name, roc_auc(scores, labels), cross_fitted_accuracy(scores, labels))
        for name, scores in (
            ("storytrace unit score", blended),
            ("embedding cosine alone", semantic),
            ("IDF word overlap alone", lexical),
        )
    ]
