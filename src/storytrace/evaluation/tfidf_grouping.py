"""The grouping baseline: TF-IDF cosine, average-linkage clustering, given what storytrace is.

A fair baseline gets the inputs storytrace gets: the title with the text, and the
publication date under the rule storytrace's score applies (``stories.similarity``): two
reports more than ``STORY_WINDOW_DAYS`` apart have ``DATE_PENALTY`` taken off their
similarity, so they stay apart unless everything else agrees. Its cut is chosen the way
storytrace's grouping constants were: the best same-event B³ F1 on ECB+ topics 1-35 (all
772 documents in one run), over ``CUTS``, once with dates and once without
(``storytrace.evaluation.ecbplus.baseline_cuts`` finds them; the gate test checks that the
cuts recorded in ``ecbplus`` still are the best).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from storytrace.evaluation.clustering import cluster_scores
from storytrace.model import Article
from storytrace.stories.features import article_day
from storytrace.stories.similarity import DATE_PENALTY, STORY_WINDOW_DAYS

Matrix = npt.NDArray[np.float64]
Tree = npt.NDArray[np.float64]

# Cuts (cosine similarity) the baseline's best is chosen from: 0.05, 0.06, ..., 0.50.
CUTS = tuple(round(0.05 + 0.01 * step, 2) for step in range(46))


def baseline_text(article: Article) -> str:
    """The title (where the text does not open with it) and the text, as storytrace reads."""
    title = (article.title or "").strip()
    text = article.text.strip()
    return f"{title}. {text}" if title and not text.startswith(title) else text


def tfidf_cosines(texts: Sequence[str]) -> Matrix:
    """Cosine of every two texts' TF-IDF vectors of words (three letters or more, lower
    case; sublinear term frequency, ``log(N / df)`` inverse document frequency)."""
    counts = [Counter(re.findall(r"\w{3,}", text.lower())) for text in texts]
    frequency: Counter[str] = Counter()
    for words in counts:
        frequency.update(words.keys())
    vocabulary = {word: i for i, word in enumerate(frequency)}
    matrix = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for row, words in enumerate(counts):
        for word, count in words.items():
            idf = np.log(len(texts) / frequency[word])
            matrix[row, vocabulary[word]] = (1 + np.log(count)) * idf
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    cosines: Matrix = (matrix @ matrix.T).astype(np.float64)
    return cosines


def with_date_rule(similarity: Matrix, days: Sequence[date | None]) -> Matrix:
    """``similarity`` less ``DATE_PENALTY`` for each pair of dated articles more than
    ``STORY_WINDOW_DAYS`` apart: the rule storytrace's own score applies."""
    ordinal = np.array([d.toordinal() if d else np.nan for d in days], dtype=np.float64)
    apart = np.abs(ordinal[:, None] - ordinal[None, :]) > STORY_WINDOW_DAYS  # nan: False
    penalised: Matrix = similarity - DATE_PENALTY * apart
    return penalised


def article_similarities(articles: Sequence[Article], dated: bool) -> Matrix:
    """The baseline's similarity of every two articles, with or without the date rule."""
    cosines = tfidf_cosines([baseline_text(article) for article in articles])
    return with_date_rule(cosines, [article_day(a) for a in articles]) if dated else cosines


def average_linkage(similarity: Matrix) -> Tree:
    """The average-linkage tree of ``1 - similarity``."""
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree: Tree = linkage(squareform(distance, checks=False), method="average")
    return tree


def cut_tree(tree: Tree, cut: float) -> list[int]:
    """Group labels where the tree is cut at mean similarity ``cut``."""
    return [int(label) for label in fcluster(tree, 1.0 - cut, "distance")]


def best_cut(tree: Tree, gold: Sequence[Hashable]) -> tuple[float, float]:
    """The cut of ``CUTS`` with the best B³ F1 against ``gold`` (ties: the lowest), and
    that F1."""
    scored = [(cluster_scores(cut_tree(tree, cut), gold).b3_f1, -cut) for cut in CUTS]
    f1, negative_cut = max(scored)
    return -negative_cut, f1
