"""Which pairs of a story's articles to align: all of them in a small story, each article's
nearest in a large one.

Aligning a pair costs a few milliseconds, and a story of n articles has n(n-1)/2 pairs:
20 s at 120 articles, over 5 minutes at 500. A derivation needs shared passages, and an
article that copies or retells another lies near it in meaning, so past
``ALIGN_EVERY_PAIR_UP_TO`` articles each one is aligned with its ``NEAREST`` closest
members by mean sentence embedding, and every pair that shares a verbatim passage (found
by the corpus's n-gram index) is aligned too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
import numpy.typing as npt

from storytrace.model import AnalysedArticle, ReusedPassage
from storytrace.nlp.embeddings import EMBEDDING_SIZE

# Stories up to this size align every pair (at most 780 pairs, about a second).
ALIGN_EVERY_PAIR_UP_TO = 40
# Members each article of a larger story is aligned with, nearest by meaning first.
NEAREST = 12


def pairs_to_align(
    articles: Sequence[AnalysedArticle], verbatim: Iterable[ReusedPassage]
) -> list[tuple[int, int]]:
    """Positions (i < j) in ``articles`` of the pairs to align, in order.

    Raises:
        ValueError: a story too large to align every pair has an article without
            embeddings.
    """
    count = len(articles)
    if count <= ALIGN_EVERY_PAIR_UP_TO:
        return list(combinations(range(count), 2))
    position = {item.article.id: i for i, item in enumerate(articles)}
    chosen: set[tuple[int, int]] = set()
    for passage in verbatim:
        i, j = position.get(passage.source), position.get(passage.target)
        if i is not None and j is not None and i != j:
            chosen.add((min(i, j), max(i, j)))
    vectors = _article_vectors(articles)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :NEAREST]
    for i, row in enumerate(nearest):
        for j in row:
            chosen.add((min(i, int(j)), max(i, int(j))))
    return sorted(chosen)


def _article_vectors(articles: Sequence[AnalysedArticle]) -> npt.NDArray[np.float32]:
    """One L2-normalised row per article: the mean of its sentence embeddings."""
    rows = np.zeros((len(articles), EMBEDDING_SIZE), dtype=np.float32)
    for i, item in enumerate(articles):
        if item.embeddings is None:
            raise ValueError(f"article {item.article.id} has no embeddings")
        if len(item.embeddings):
            rows[i] = item.embeddings.mean(axis=0)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    return rows
