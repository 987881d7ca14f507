"""How the grouping treats SemEval-2022 Task 8's rated pairs, and the same cross-validated.

The articles of all pairs are grouped into stories in one run (each distinct article once,
with the features of its first pair). A pair rated one story (Overall ``SAME_STORY`` or
less) should end in one story; a pair rated different (``DIFFERENT`` or more) in two.
Pairwise precision: of the rated pairs put in one story, the share rated one story; recall:
of the pairs rated one story, the share put in one story.

The link score's weights and cross-language offset (``similarity.WEIGHTS``,
``CROSS_LANGUAGE_OFFSET``) were chosen on these pairs (with ECB+), so the figures of the
shipped grouping are tuning figures. ``cross_validate_grouping`` takes them out of the
tuning: pair ``k`` falls in fold ``k % FOLDS`` (the folds of ``same_story_fit``); for each
fold the weights of ``link_weight_grid`` are ranked by the link score's Pearson with the gold
similarity on the other folds' pairs, the best kept, all articles grouped with it, and the
fold's own pairs scored. The grouping never sees a label; only the choice of weights and the
scoring are split. The shipped weights were chosen on ECB+ too (``similarity.WEIGHTS``):
Pearson alone favours the lead vector, which tells two events of one kind apart worst, so
these figures are those of a choice made on SemEval alone, not of the shipped grouping.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storytrace.evaluation.same_story_fit import FOLDS, pearson
from storytrace.stories import DocumentFrequencies, StoryFeatures, StoryGrouper
from storytrace.stories.grouping import GroupingSettings
from storytrace.stories.openings import OpeningSource
from storytrace.stories.similarity import (
    LINK_WEIGHTS,
    LinkWeights,
    Weighed,
    reads_openings,
    weighed_similarity,
)

# Overall ratings (1 = very similar .. 4 = very dissimilar) taken as one story and as two.
SAME_STORY = 1.5
DIFFERENT = 3.5
# What each fold may choose: the lead vector's weight (words and names share the rest
# equally) and the cross-language offset. Today's (0.3, 0.35, 0.35) and 0.15 are in it.
# Pearson alone rises with the lead's weight (every fold chose 0.5 of 0.2-0.5, then 0.7 of
# 0.2-0.7) and falls with the offset, so the whole range is open: the folds choose a lead
# weight of 0.7 or 0.8 and an offset of 0.05, inside it.
LEAD_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CROSS_LANGUAGE_OFFSETS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)
# The openings' weight in cross-language links (``similarity.OPENING_WEIGHT``; 0: the lead
# alone, as before it was added).
OPENING_WEIGHTS = (0.0, 0.25, 0.5)

Names = tuple[str, str]  # the two articles of a pair, by their ids in the data
BoolArray = npt.NDArray[np.bool_]


def link_weight_grid() -> list[LinkWeights]:
    """Every combination of ``LEAD_WEIGHTS``, ``CROSS_LANGUAGE_OFFSETS`` and
    ``OPENING_WEIGHTS``."""
    return [
        LinkWeights(lead, (1.0 - lead) / 2, (1.0 - lead) / 2, offset, opening)
        for lead, offset, opening in itertools.product(
            LEAD_WEIGHTS, CROSS_LANGUAGE_OFFSETS, OPENING_WEIGHTS
        )
    ]


@dataclass(frozen=True)
class PairwiseScores:
    """Pairwise precision and recall of the grouping over some rated pairs."""

    precision: float
    recall: float
    same_story_pairs: int  # pairs rated one story among them
    grouped_pairs: int  # rated pairs (one story or different) put in one story


def pairwise_scores(together: BoolArray, overall: npt.NDArray[np.float64]) -> PairwiseScores:
    """Scores of pairs whose articles are ``together`` in one story, rated ``overall``."""
    same = overall <= SAME_STORY
    rated = same | (overall >= DIFFERENT)
    grouped = together & rated
    return PairwiseScores(
        precision=float((grouped & same).sum() / max(int(grouped.sum()), 1)),
        recall=float((together & same).sum() / max(int(same.sum()), 1)),
        same_story_pairs=int(same.sum()),
        grouped_pairs=int(grouped.sum()),
    )


def grouped_together(
    names: Sequence[Names],
    features: Sequence[StoryFeatures],
    settings: GroupingSettings | None = None,
    openings: OpeningSource | None = None,
) -> BoolArray:
    """For each pair, whether its two articles end in one story when every distinct article
    (with the features of its first pair; two per pair in ``features``) is grouped in one
    run with ``settings``, reading openings from ``openings`` (None: not read)."""
    first: dict[str, StoryFeatures] = {}
    for k, pair in enumerate(names):
        for side, name in enumerate(pair):
            first.setdefault(name, features[2 * k + side])
    grouper = StoryGrouper(settings=settings or GroupingSettings(), openings=openings)
    grouper.add_batch(list(first.values()))
    story = {name: grouper.story_of[i] for i, name in enumerate(first)}
    return np.array([story[a] == story[b] for a, b in names], dtype=np.bool_)


@dataclass(frozen=True)
class GroupingFold:
    fold: int
    chosen: LinkWeights
    training_pearson: float  # the chosen weights' link score on the other folds
    scores: PairwiseScores  # on the fold's own pairs


@dataclass(frozen=True)
class GroupingCrossValidation:
    folds: list[GroupingFold]

    @property
    def precision(self) -> float:
        """Mean over the folds of the held-out pairwise precision."""
        return statistics.fmean(fold.scores.precision for fold in self.folds)

    @property
    def recall(self) -> float:
        return statistics.fmean(fold.scores.recall for fold in self.folds)

    @property
    def worst_precision(self) -> float:
        return min(fold.scores.precision for fold in self.folds)

    @property
    def worst_recall(self) -> float:
        return min(fold.scores.recall for fold in self.folds)

    def describe(self) -> str:
        """Per fold: its precision and recall, and the weights chosen on the other folds."""
        chosen = "; ".join(
            f"{fold.scores.precision:.3f} / {fold.scores.recall:.3f} with lead "
            f"{fold.chosen.lead}, offset {fold.chosen.cross_language_offset}, "
            f"openings {fold.chosen.opening}"
            for fold in self.folds
        )
        return f"{len(self.folds)} folds by pair position (precision / recall): {chosen}"


def cross_validate_grouping(
    names: Sequence[Names],
    features: Sequence[StoryFeatures],
    overall: npt.NDArray[np.float64],
    shipped: BoolArray | None = None,
    openings: OpeningSource | None = None,
) -> GroupingCrossValidation:
    """Choose the link weights on all folds but one by Pearson, group with them, score the
    fold left out; for every fold. ``shipped``: ``grouped_together`` with today's weights,
    where the caller has it (it is not grouped again); ``openings``: where openings are read
    (None: not read, the opening weight changes nothing)."""
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    weighed = [Weighed.of(item, frequencies) for item in features]
    cosines = _opening_cosines(features, openings)
    gold = -overall
    folds = np.arange(len(names)) % FOLDS
    links = {
        weights: np.array(
            [
                weighed_similarity(
                    weighed[2 * k], weighed[2 * k + 1], weights=weights, opening=cosines[k]
                )
                for k in range(len(names))
            ]
        )
        for weights in link_weight_grid()
    }
    together: dict[LinkWeights, BoolArray] = {} if shipped is None else {LINK_WEIGHTS: shipped}
    results = []
    for fold in range(FOLDS):
        training = folds != fold
        chosen = max(links, key=lambda w: pearson(links[w][training], gold[training]))
        if chosen not in together:
            settings = GroupingSettings(link_weights=chosen)
            together[chosen] = grouped_together(names, features, settings, openings)
        held_out = ~training
        results.append(
            GroupingFold(
                fold,
                chosen,
                pearson(links[chosen][training], gold[training]),
                pairwise_scores(together[chosen][held_out], overall[held_out]),
            )
        )
    return GroupingCrossValidation(results)


def _opening_cosines(
    features: Sequence[StoryFeatures], openings: OpeningSource | None
) -> list[float | None]:
    """Each pair's openings' cosine where the link score reads it (two features per pair)."""
    pairs = range(len(features) // 2)
    read = [
        openings is not None and reads_openings(features[2 * k], features[2 * k + 1]) for k in pairs
    ]
    if openings is None or not any(read):
        return [None] * len(read)
    vectors = openings(
        [features[2 * k + side].article_id for k in pairs if read[k] for side in (0, 1)]
    )
    return [
        float(np.dot(vectors[features[2 * k].article_id], vectors[features[2 * k + 1].article_id]))
        if read[k]
        else None
        for k in pairs
    ]
