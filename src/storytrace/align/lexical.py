"""Weighted word overlap between the units of the articles being compared.

Words are folded (see ``storytrace.nlp.names``) and cut to a short stem, function words are
dropped, and each word is weighted by its inverse document frequency over all units of the
comparison: a word that every outlet repeats ("Syria", "Daesh") says little about which
passages correspond; a rare shared word ("reconnaissance") says a lot.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from storytrace.nlp.names import Token, is_stopword

# Plain words are compared by their first letters so that inflections meet
# ("capabilities" / "capability", "eliminate" / "elimination").
STEM_LENGTH = 6


def content_terms(tokens: Sequence[Token]) -> set[str]:
    """The comparable content words of one unit."""
    terms = set()
    for token in tokens:
        key = token.key
        if len(key) < 2 or is_stopword(key):
            continue
        terms.add(key[:STEM_LENGTH] if key[0].isalnum() else key)
    return terms


def tfidf_matrix(units: Sequence[set[str]]) -> npt.NDArray[np.float32]:
    """One L2-normalised IDF-weighted row per unit (binary term frequency)."""
    frequency = Counter(term for unit in units for term in unit)
    vocabulary = {term: i for i, term in enumerate(sorted(frequency))}
    count = len(units)
    matrix = np.zeros((count, len(vocabulary)), dtype=np.float32)
    for row, unit in enumerate(units):
        for term in unit:
            matrix[row, vocabulary[term]] = math.log((count + 1) / (frequency[term] + 0.5))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: npt.NDArray[np.float32] = matrix / norms
    return normalised
