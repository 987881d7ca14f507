"""The same-story score: how sure storytrace is that two articles report one story, 0 to 1.

The grouping links articles by ``story_similarity`` (the link score: lead vectors, words and
names). The score shown to people adds the articles' headlines, read by a second
multilingual encoder (``storytrace.nlp.title_embeddings``), and is calibrated by four
constants (``CALIBRATION``):

    score = clip((link + title_weight * (headline cosine - title_baseline)
                  + cross_language_credit if the languages differ) / span, 0, 1)

Beyond a point more similarity says nothing more (two reports of one event are as much one
story at link 0.6 as at 0.9), and below a point two articles are simply unrelated; the clip
keeps those ends from drowning the middle, where the score is roughly linear in the
annotators' judgement. Without a headline on either side the headline term is left out.

The constants were fitted on the 1,283 scored pairs of SemEval-2022 Task 8's training set
(Pearson with ``-Overall``), where they reach 0.773: a figure on the data they were chosen
on. The fitting procedure is ``storytrace.evaluation.same_story_fit`` (a grid search); out
of sample it gives 0.772 in five-fold cross-validation (worst fold 0.728) and 0.755 on a
reporting part it was not fitted on (``python -m storytrace.evaluation --only semeval``).
Run on all pairs, that procedure picks a baseline of 0.86 and a span of 0.6 (0.774 in
sample); the shipped values, chosen before it was written down, are kept, since this
release changes no method constant. The link score alone reaches 0.691 on the same pairs,
also a tuning figure: its weights were chosen on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Calibration:
    """The four constants of the score (see the module docstring)."""

    title_weight: float
    # Where the headline term is 0: about the median headline cosine of two news articles.
    title_baseline: float
    # The link score takes ``CROSS_LANGUAGE_OFFSET`` (0.15) off pairs in two languages to
    # keep the grouping cautious; with headlines to compare, some of it is given back.
    cross_language_credit: float
    # Width of the calibrated range, in link-score units: link 0.0 and below scores 0,
    # ``span`` and above scores 1 (with a median headline cosine, same language).
    span: float


CALIBRATION = Calibration(
    title_weight=3.0, title_baseline=0.84, cross_language_credit=0.1, span=0.7
)

# A member whose fit (its best score with another member) is under this is shown as a low
# fit, to be checked by hand: the middle of the calibrated scale, where the annotators'
# judgement is between "somewhat similar" and "somewhat dissimilar".
LOW_STORY_FIT = 0.5

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
        score += CALIBRATION.title_weight * (cosine - CALIBRATION.title_baseline)
        if not same_language(a.features, b.features):
            score += CALIBRATION.cross_language_credit
    return min(max(score / CALIBRATION.span, 0.0), 1.0)


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
    for similarity in (by_lead, by_headline, by_lead + CALIBRATION.title_weight * by_headline):
        np.fill_diagonal(similarity, -np.inf)
        nearest = np.argpartition(-similarity, FIT_NEIGHBOURS, axis=1)[:, :FIT_NEIGHBOURS]
        for i, row in enumerate(nearest):
            pairs.update((min(i, int(j)), max(i, int(j))) for j in row)
    return pairs
