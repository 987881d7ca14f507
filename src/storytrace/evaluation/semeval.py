"""Story similarity on SemEval-2022 Task 8: multilingual news article pairs.

Each pair carries human scores from 1 (very similar) to 4 (very dissimilar); the ``Overall``
score says how likely the two articles report the same story. ``story_similarity`` is
correlated (Pearson) with ``-Overall``, so a higher story similarity should go with a more
similar pair, and a plain TF-IDF cosine of the two texts is scored in the same run. The texts
are truncated and open with their title; their languages are given (``lang1``, ``lang2``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

from storytrace.model import Article
from storytrace.stories import DocumentFrequencies, story_features, story_similarity

_TOKEN = re.compile(r"\w{3,}", re.UNICODE)


@dataclass(frozen=True)
class ArticlePair:
    pair_id: str
    first: Article
    second: Article
    overall: float  # gold: 1 = very similar .. 4 = very dissimilar


@dataclass(frozen=True)
class SimilarityQuality:
    """Pearson correlations with ``-Overall`` (so higher is better for both)."""

    storytrace_pearson: float
    baseline_pearson: float  # TF-IDF cosine of the two texts
    pairs: int
    cross_language_pairs: int


def load_pairs(path: Path) -> list[ArticlePair]:
    """Read the pairs in file order; rows without a numeric ``Overall`` are dropped."""
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                overall = float(row["Overall"])
            except (KeyError, ValueError):
                continue
            pair_id = row["pair_id"]
            first, second = pair_id.split("_", 1) if "_" in pair_id else (pair_id, pair_id)
            pairs.append(
                ArticlePair(
                    pair_id,
                    _article(f"{pair_id}:1:{first}", path, row["text1"], row["lang1"]),
                    _article(f"{pair_id}:2:{second}", path, row["text2"], row["lang2"]),
                    overall,
                )
            )
    return pairs


def _article(article_id: str, path: Path, text: str, language: str) -> Article:
    return Article(
        id=article_id, source=f"{path}:{article_id}", text=text.strip(), language=language
    )


def evaluate_story_similarity(csv_path: Path) -> SimilarityQuality:
    """Pearson of ``story_similarity`` and of a TF-IDF cosine with ``-Overall``.

    The document frequencies are those of all texts in the file. Raises ``ValueError`` if the
    file holds fewer than two scored pairs.
    """
    pairs = load_pairs(csv_path)
    if len(pairs) < 2:
        raise ValueError(f"{csv_path} holds {len(pairs)} scored pairs; at least 2 are needed")
    articles = [article for pair in pairs for article in (pair.first, pair.second)]
    features = story_features(articles)
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    scores = [
        story_similarity(features[2 * i], features[2 * i + 1], frequencies)
        for i in range(len(pairs))
    ]
    gold = [-pair.overall for pair in pairs]
    return SimilarityQuality(
        storytrace_pearson=float(pearsonr(scores, gold)[0]),
        baseline_pearson=float(pearsonr(tfidf_cosines(pairs), gold)[0]),
        pairs=len(pairs),
        cross_language_pairs=sum(p.first.language != p.second.language for p in pairs),
    )


def tfidf_cosines(pairs: list[ArticlePair]) -> list[float]:
    """The baseline: cosine of sublinear TF-IDF vectors of lower-cased words (3+ letters)."""
    counts = [
        Counter(_TOKEN.findall(article.text.lower()))
        for pair in pairs
        for article in (pair.first, pair.second)
    ]
    frequency: Counter[str] = Counter()
    for words in counts:
        frequency.update(words.keys())
    total = len(counts)

    def vector(words: Counter[str]) -> dict[str, float]:
        weights = {
            word: (1.0 + np.log(count)) * np.log(total / frequency[word])
            for word, count in words.items()
        }
        norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
        return {word: w / norm for word, w in weights.items()}

    vectors = [vector(words) for words in counts]
    return [
        sum(w * vectors[2 * i + 1].get(word, 0.0) for word, w in vectors[2 * i].items())
        for i in range(len(pairs))
    ]
