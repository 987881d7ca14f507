"""Story similarity on SemEval-2022 Task 8: multilingual news article pairs.

Each pair carries human scores from 1 (very similar) to 4 (very dissimilar); the ``Overall``
score says how likely the two articles report the same story. The same-story score
(``same_story_score``) is correlated (Pearson) with ``-Overall``, so a higher score should go
with a more similar pair; so are the grouping's link score (``story_similarity``) and a plain
TF-IDF cosine of the two texts, in the same run. The texts are truncated and open with their
title, which the file does not mark: the first line (or the text up to a run of spaces) is
taken as the headline. Their languages are given (``lang1``, ``lang2``).

The articles are also grouped into stories, all in one run (each article once, as its first
pair gives it): of the pairs rated one story (Overall ``SAME_STORY`` or less), the share
that end in one story, across languages and within one; of the pairs rated different
(``DIFFERENT`` or more), the share kept apart.
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
from storytrace.stories import (
    DocumentFrequencies,
    StoryFeatures,
    StoryGrouper,
    story_features,
)
from storytrace.stories.same_story import headline_vectors, same_story_score
from storytrace.stories.similarity import Weighed, weighed_similarity

_TOKEN = re.compile(r"\w{3,}", re.UNICODE)
# Where the headline of a text ends: a line break or a run of two spaces or more.
_HEADLINE_END = re.compile(r"\n|\s{2,}")


@dataclass(frozen=True)
class ArticlePair:
    pair_id: str
    first: Article
    second: Article
    overall: float  # gold: 1 = very similar .. 4 = very dissimilar


# Overall ratings (1 = very similar .. 4 = very dissimilar) taken as one story and as two.
SAME_STORY = 1.5
DIFFERENT = 3.5


@dataclass(frozen=True)
class SimilarityQuality:
    """Pearson correlations with ``-Overall`` (so higher is better for both), and how the
    grouping treats the pairs rated one story or different."""

    storytrace_pearson: float  # the same-story score
    link_pearson: float  # the grouping's link score
    baseline_pearson: float  # TF-IDF cosine of the two texts
    pairs: int
    cross_language_pairs: int
    same_story_grouped_cross_language: float  # share of such pairs in one story
    same_story_grouped_one_language: float
    different_kept_apart: float  # share of the pairs rated different in two stories


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
    text = text.strip()
    return Article(
        id=article_id,
        source=f"{path}:{article_id}",
        text=text,
        language=language,
        title=_HEADLINE_END.split(text, maxsplit=1)[0].strip() or None,
    )


def evaluate_story_similarity(csv_path: Path) -> SimilarityQuality:
    """Pearson of the same-story score, the link score and a TF-IDF cosine with ``-Overall``.

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
    weighed = [Weighed.of(item, frequencies) for item in features]
    headlines = headline_vectors(articles)
    scores = [
        same_story_score(weighed[2 * i], weighed[2 * i + 1], headlines[2 * i], headlines[2 * i + 1])
        for i in range(len(pairs))
    ]
    links = [weighed_similarity(weighed[2 * i], weighed[2 * i + 1]) for i in range(len(pairs))]
    gold = [-pair.overall for pair in pairs]
    story = _stories(pairs, features)
    together = [story[_name(p.first)] == story[_name(p.second)] for p in pairs]
    cross = [p.first.language != p.second.language for p in pairs]

    def share(picked: list[bool]) -> float:
        return sum(t for t, p in zip(together, picked, strict=True) if p) / max(sum(picked), 1)

    same = [pair.overall <= SAME_STORY for pair in pairs]
    return SimilarityQuality(
        storytrace_pearson=float(pearsonr(scores, gold)[0]),
        link_pearson=float(pearsonr(links, gold)[0]),
        baseline_pearson=float(pearsonr(tfidf_cosines(pairs), gold)[0]),
        pairs=len(pairs),
        cross_language_pairs=sum(cross),
        same_story_grouped_cross_language=share(
            [s and c for s, c in zip(same, cross, strict=True)]
        ),
        same_story_grouped_one_language=share(
            [s and not c for s, c in zip(same, cross, strict=True)]
        ),
        different_kept_apart=1.0 - share([pair.overall >= DIFFERENT for pair in pairs]),
    )


def _name(article: Article) -> str:
    """The SemEval article id (the article's own half of its pair id)."""
    return article.id.rsplit(":", 1)[1]


def _stories(pairs: list[ArticlePair], features: list[StoryFeatures]) -> dict[str, int]:
    """Story ids of the distinct articles, grouped in one run (each as its first pair has it)."""
    first: dict[str, StoryFeatures] = {}
    for k, pair in enumerate(pairs):
        for article, item in ((pair.first, features[2 * k]), (pair.second, features[2 * k + 1])):
            first.setdefault(_name(article), item)
    grouper = StoryGrouper()
    grouper.add_batch(list(first.values()))
    return {name: grouper.story_of[i] for i, name in enumerate(first)}


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
