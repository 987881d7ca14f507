"""Cross-validation of the grouping constants on ECB+, by folds of topics fixed in code.

The grouping constants were chosen on ECB+ topics 1-35, so the one-run ECB+ figure is a
tuning figure. Here topic ``t`` falls in fold ``(t - 1) % FOLDS`` (33 topics: folds of six
or seven). For each fold, the settings of ``GRID`` (``FIRST_ORDER_FLOOR``,
``STRONG_SIMILARITY``, ``LINK_THRESHOLD`` and ``PROFILE_SIZE`` of
``storytrace.stories.grouping``, each at three values around today's) are scored by the B³
F1 of the other folds' documents; the best is kept and the fold left out is scored with it.

For each setting all 772 documents are grouped together in one run, as the tuning figure
groups them: the grouping never sees a label, and only the scoring is split. A fold's B³ F1
is the mean over its documents, each judged against its whole predicted story
(``clustering.b3_f1_over``), so a story that mixes topics of two folds counts against both;
its pairwise precision and recall are taken over every pair that holds one of its documents
(``clustering.scores_over``).
Only the one-run grouping is cross-validated: the constants of later runs
(``STORED_JOIN_THRESHOLD``, ``CONTEXT_MEMBERS``, ``STORED_COVERAGE``) are swept by
``benchmarks/grouping_constants.py``.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from storytrace.evaluation.clustering import PartScores, b3_f1_over, b3_per_item, scores_over
from storytrace.evaluation.ecbplus import EcbCorpus
from storytrace.stories.features import StoryFeatures
from storytrace.stories.grouping import GroupingSettings, Profile, StoryGrouper

FOLDS = 5
# The values each constant is chosen from, per fold; today's value is the middle one.
FIRST_ORDER_FLOORS = (0.2, 0.3, 0.4)
STRONG_SIMILARITIES = (0.45, 0.55, 0.65)
LINK_THRESHOLDS = (0.35, 0.4, 0.45)
PROFILE_SIZES = (7, 8, 9)


def grid(base: GroupingSettings | None = None) -> list[GroupingSettings]:
    """Every combination of the values above, the other constants those of ``base`` (today's
    by default)."""
    return [
        replace(
            base or GroupingSettings(),
            first_order_floor=floor,
            strong_similarity=strong,
            link_threshold=link,
            profile_size=size,
        )
        for floor, strong, link, size in itertools.product(
            FIRST_ORDER_FLOORS, STRONG_SIMILARITIES, LINK_THRESHOLDS, PROFILE_SIZES
        )
    ]


def fold_of(topic: str) -> int:
    return (int(topic) - 1) % FOLDS


@dataclass(frozen=True)
class FoldResult:
    fold: int
    topics: list[str]
    chosen: GroupingSettings
    training_b3_f1: float  # of the chosen settings, on the other folds
    held_out_b3_f1: float
    held_out: PartScores  # the same B³ F1 and pairwise precision and recall


@dataclass(frozen=True)
class CrossValidation:
    folds: list[FoldResult]

    @property
    def mean(self) -> float:
        return statistics.fmean(fold.held_out_b3_f1 for fold in self.folds)

    @property
    def worst(self) -> float:
        return min(fold.held_out_b3_f1 for fold in self.folds)

    @property
    def pair_precision(self) -> float:
        """Mean over the folds of the held-out pairwise precision."""
        return statistics.fmean(fold.held_out.pair_precision for fold in self.folds)

    @property
    def pair_recall(self) -> float:
        return statistics.fmean(fold.held_out.pair_recall for fold in self.folds)

    def describe(self) -> str:
        """The folds and, per fold, the held-out F1 and the settings chosen on the others."""
        chosen = "; ".join(
            f"{fold.held_out_b3_f1:.3f} with floor {fold.chosen.first_order_floor}, strong "
            f"{fold.chosen.strong_similarity}, link {fold.chosen.link_threshold}, profile "
            f"{fold.chosen.profile_size}"
            for fold in self.folds
        )
        return f"{len(self.folds)} folds by topic number: {chosen}"


@dataclass
class _ProfileMemo(StoryGrouper):
    """A grouper that reuses the profiles an earlier grouper computed for the same members.

    Valid for one ``add_batch`` on a fresh grouper, fed the same features in the same order
    with the same ``neighbours`` and ``profile_size``: a profile then depends on nothing
    else. The linkage constants that the grid varies do not touch it.
    """

    known: dict[int, Profile] = field(default_factory=dict)

    def _profile(self, member: int) -> Profile:
        profile = self.known.get(member)
        if profile is None:
            profile = self.known[member] = super()._profile(member)
        return dict(profile)


def one_run_labels(
    features: Sequence[StoryFeatures],
    settings: GroupingSettings,
    memo: dict[tuple[int, int], dict[int, Profile]],
) -> list[int]:
    """Story ids of ``features`` grouped in one run with ``settings``; profiles are kept in
    ``memo`` for the next settings with the same neighbours and profile size."""
    known = memo.setdefault((settings.neighbours, settings.profile_size), {})
    grouper = _ProfileMemo(settings=settings, known=known)
    grouper.add_batch(features)
    return list(grouper.story_of)


def cross_validate(corpus: EcbCorpus, base: GroupingSettings | None = None) -> CrossValidation:
    """Choose the settings on all folds but one, score the one left out, for every fold; the
    constants the grid does not vary are those of ``base`` (today's by default)."""
    gold = corpus.gold
    folds = [fold_of(document.topic) for document in corpus.documents]
    memo: dict[tuple[int, int], dict[int, Profile]] = {}
    labels = {settings: one_run_labels(corpus.features, settings, memo) for settings in grid(base)}
    per_item = {settings: b3_per_item(found, gold) for settings, found in labels.items()}

    def f1(settings: GroupingSettings, fold: int, held_out: bool) -> float:
        items = [i for i, f in enumerate(folds) if (f == fold) == held_out]
        return b3_f1_over(per_item[settings], items)

    results = []
    for fold in sorted(set(folds)):
        chosen = max(per_item, key=lambda settings: f1(settings, fold, held_out=False))
        topics = sorted({d.topic for d in corpus.documents if fold_of(d.topic) == fold}, key=int)
        held_out = [i for i, f in enumerate(folds) if f == fold]
        results.append(
            FoldResult(
                fold,
                topics,
                chosen,
                f1(chosen, fold, held_out=False),
                f1(chosen, fold, held_out=True),
                scores_over(labels[chosen], gold, held_out, f"fold {fold}"),
            )
        )
    return CrossValidation(results)
