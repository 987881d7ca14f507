"""The same-story score: how sure storytrace is that two articles report one story, 0 to 1.

The grouping links articles by ``story_similarity`` (the link score: lead vectors, words and
names). The score shown to people adds the articles' headlines, read by a second
multilingual encoder (``storytrace.nlp.title_embeddings``), and is calibrated:

    score = clip((link + TITLE_WEIGHT * (headline cosine - TITLE_BASELINE)
                  + CROSS_LANGUAGE_CREDIT if the languages differ) / SPAN, 0, 1)

Beyond a point more similarity says nothing more (two reports of one event are as much one
story at link 0.6 as at 0.9), and below a point two articles are simply unrelated; the clip
keeps those ends from drowning the middle, where the score is roughly linear in the
annotators' judgement. Without a headline on either side the headline term is left out.

Fitted on the 1,283 scored pairs of SemEval-2022 Task 8's training set (Pearson with
``-Overall``): 0.773 on all pairs; in 5-fold cross-validation, fitting these four numbers on
four folds and scoring the fifth, 0.772 on average (lowest fold 0.743). The link score alone
reaches 0.691, the headline cosine alone 0.617. Nearby values change little: a headline
weight of 2.5 or 3.5 gives 0.770 and 0.773, no cross-language credit 0.768.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from storytrace.model import Article
from storytrace.nlp.title_embeddings import TITLE_EMBEDDING_SIZE, embed_titles
from storytrace.stories.features import StoryFeatures
from storytrace.stories.similarity import (
    DocumentFrequencies,
    Weighed,
    same_language,
    weighed_similarity,
)

TITLE_WEIGHT = 3.0
# About the median headline cosine of two news articles: e5 cosines of unrelated headlines
# sit near 0.8, of one event's headlines above 0.9.
TITLE_BASELINE = 0.84
# The link score takes ``CROSS_LANGUAGE_OFFSET`` (0.15) off pairs in two languages to keep
# the grouping cautious; with headlines to compare, most of it is given back.
CROSS_LANGUAGE_CREDIT = 0.1
# Width of the calibrated range, in link-score units: link 0.0 and below scores 0, 0.7 and
# above scores 1 (with a median headline cosine, same language).
SPAN = 0.7

# Stories up to this size have every pair of articles scored for the fits; a larger one
# scores each article against its nearest neighbours only.
ALL_PAIRS_UP_TO = 60
FIT_NEIGHBOURS = 15

TitleVector = npt.NDArray[np.float32]


def headline_vectors(articles: Sequence[Article]) -> list[TitleVector | None]:
    """Each article's headline embedding, or None where it has no title."""
    titled = [i for i, article in enumerate(articles) if (article.title or "").strip()]
    vectors: list[TitleVector | None] = [None] * len(articles)
    matrix = embed_titles([articles[i].title or "" for i in titled])
    for row, i in enumerate(titled):
        vectors[i] = matrix[row]
    return vectors


def same_story_score(
    a: Weighed, b: Weighed, headline_a: TitleVector | None, headline_b: TitleVector | None
) -> float:
    """The calibrated score of two articles (weighed against one corpus), 0 to 1."""
    score = weighed_similarity(a, b)
    if headline_a is not None and headline_b is not None:
        cosine = float(np.dot(headline_a, headline_b))
        score += TITLE_WEIGHT * (cosine - TITLE_BASELINE)
        if not same_language(a.features, b.features):
            score += CROSS_LANGUAGE_CREDIT
    return min(max(score / SPAN, 0.0), 1.0)


def member_fits(
    articles: Sequence[Article],
    features: Mapping[str, StoryFeatures],
    frequencies: DocumentFrequencies,
    headlines: Mapping[str, TitleVector | None],
) -> dict[str, float]:
    """Each article's highest same-story score with another of ``articles``.

    ``headlines`` maps article ids to their headline vectors (``headline_vectors``).
    Articles without ``features`` (not grouped yet, or of another feature version) get no
    fit; neither does an article with no other to compare with. In a story of more than
    ``ALL_PAIRS_UP_TO`` articles each is compared only with its ``FIT_NEIGHBOURS`` nearest by
    lead vector, by headline, and by the two together: the best match is nearly always
    among them (``benchmarks/story_fit.py``).
    """
    known = [article for article in articles if article.id in features]
    if len(known) < 2:
        return {}
    weighed = [Weighed.of(features[article.id], frequencies) for article in known]
    titles = [headlines.get(article.id) for article in known]
    best = [0.0] * len(known)
    for i, j in _pairs(weighed, titles):
        score = same_story_score(weighed[i], weighed[j], titles[i], titles[j])
        best[i] = max(best[i], score)
        best[j] = max(best[j], score)
    return {article.id: fit for article, fit in zip(known, best, strict=True)}


def _pairs(
    weighed: Sequence[Weighed], titles: Sequence[TitleVector | None]
) -> set[tuple[int, int]]:
    """The pairs (i < j) whose scores decide the fits."""
    count = len(weighed)
    if count <= ALL_PAIRS_UP_TO:
        return {(i, j) for i in range(count) for j in range(i + 1, count)}
    leads = np.stack([item.features.lead for item in weighed])
    headline_matrix = np.stack(
        [t if t is not None else np.zeros(TITLE_EMBEDDING_SIZE, np.float32) for t in titles]
    )
    pairs: set[tuple[int, int]] = set()
    by_lead = leads @ leads.T
    by_headline = headline_matrix @ headline_matrix.T
    for similarity in (by_lead, by_headline, by_lead + TITLE_WEIGHT * by_headline):
        np.fill_diagonal(similarity, -np.inf)
        nearest = np.argpartition(-similarity, FIT_NEIGHBOURS, axis=1)[:, :FIT_NEIGHBOURS]
        for i, row in enumerate(nearest):
            pairs.update((min(i, int(j)), max(i, int(j))) for j in row)
    return pairs
