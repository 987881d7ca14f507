"""How the four constants of the same-story score are fitted, and how well the fit carries over.

The score (``storytrace.stories.same_story``) is the grouping's link score plus a headline
term, calibrated to 0..1 by four constants (``Calibration``). They are fitted here by one
procedure, the same for every use: an exhaustive search over a fixed grid (``GRID``) for the
highest Pearson correlation with the gold similarity, ties going to the first grid point.
Each pair's inputs (link score, headline cosine, whether the languages differ) are computed
once; a fit only recombines them, so it takes a second or two.

Two out-of-sample checks, both with parts fixed in code:

- ``cross_validate``: five folds by position in the file (pair ``k`` in fold ``k % 5``); the
  constants fitted on four folds, the Pearson taken on the fifth. Reported: the mean and the
  worst fold.
- ``split_check``: a fitting part and a reporting part by a hash of the pair id (CRC-32 even:
  fitting, odd: reporting); the constants fitted on the fitting part, the Pearson taken on
  the reporting part, which no calibration constant has seen.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storytrace.stories.same_story import Calibration

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

FOLDS = 5


@dataclass(frozen=True)
class Grid:
    """The values tried for each constant (every combination is tried)."""

    title_weights: tuple[float, ...]
    title_baselines: tuple[float, ...]
    cross_language_credits: tuple[float, ...]
    spans: tuple[float, ...]


def _steps(start: float, stop: float, step: float) -> tuple[float, ...]:
    count = round((stop - start) / step) + 1
    return tuple(round(start + k * step, 4) for k in range(count))


GRID = Grid(
    title_weights=_steps(0.0, 5.0, 0.25),
    title_baselines=_steps(0.0, 1.0, 0.02),
    cross_language_credits=_steps(0.0, 0.2, 0.025),
    spans=_steps(0.3, 1.2, 0.05),
)
# Without a headline term only the span is left to fit.
LINK_ONLY_GRID = Grid((0.0,), (0.0,), (0.0,), GRID.spans)


@dataclass(frozen=True)
class PairInputs:
    """What the score of each pair is made of, one entry per pair.

    ``headline_cosine`` is NaN where either article has no headline (no headline term then).
    """

    link: FloatArray
    headline_cosine: FloatArray
    cross_language: BoolArray
    gold: FloatArray

    def subset(self, keep: BoolArray) -> PairInputs:
        return PairInputs(
            self.link[keep], self.headline_cosine[keep], self.cross_language[keep], self.gold[keep]
        )

    def without_headlines(self) -> PairInputs:
        return PairInputs(
            self.link, np.full_like(self.link, np.nan), self.cross_language, self.gold
        )


@dataclass(frozen=True)
class CrossValidation:
    folds: tuple[float, ...]  # Pearson on each held-out fold

    @property
    def mean(self) -> float:
        return float(np.mean(self.folds))

    @property
    def worst(self) -> float:
        return min(self.folds)


@dataclass(frozen=True)
class SplitCheck:
    calibration: Calibration  # fitted on the fitting part
    fitting_pairs: int
    reporting_pairs: int
    pearson: float  # on the reporting part


def calibrated_scores(inputs: PairInputs, calibration: Calibration) -> FloatArray:
    """``same_story_score`` of every pair, from its inputs (the same formula, vectorised)."""
    return np.clip(_raw(inputs, calibration) / calibration.span, 0.0, 1.0)


def pearson(scores: FloatArray, gold: FloatArray) -> float:
    """Pearson correlation (0 where the scores are constant)."""
    if np.ptp(scores) == 0:
        return 0.0
    return float(np.corrcoef(scores, gold)[0, 1])


def fit(inputs: PairInputs, grid: Grid = GRID) -> Calibration:
    """The grid point with the highest Pearson on ``inputs`` (the first one on a tie)."""
    spans = np.asarray(grid.spans)[:, np.newaxis]
    gold = inputs.gold - inputs.gold.mean()
    gold /= np.linalg.norm(gold)
    best, best_pearson = None, -np.inf
    for weight, baseline, credit in itertools.product(
        grid.title_weights, grid.title_baselines, grid.cross_language_credits
    ):
        raw = _raw(inputs, Calibration(weight, baseline, credit, 1.0))
        scores = np.clip(raw[np.newaxis, :] / spans, 0.0, 1.0)
        scores -= scores.mean(axis=1, keepdims=True)
        norms = np.linalg.norm(scores, axis=1)
        correlations = np.where(norms > 0, scores @ gold / np.where(norms > 0, norms, 1.0), -1.0)
        k = int(np.argmax(correlations))
        if correlations[k] > best_pearson + 1e-12:
            best, best_pearson = (
                Calibration(weight, baseline, credit, grid.spans[k]),
                correlations[k],
            )
    assert best is not None  # the grid is never empty
    return best


def cross_validate(inputs: PairInputs, grid: Grid = GRID) -> CrossValidation:
    """Pearson on each of ``FOLDS`` folds (by position), constants fitted on the others."""
    fold = np.arange(len(inputs.gold)) % FOLDS
    scores = []
    for k in range(FOLDS):
        calibration = fit(inputs.subset(fold != k), grid)
        held_out = inputs.subset(fold == k)
        scores.append(pearson(calibrated_scores(held_out, calibration), held_out.gold))
    return CrossValidation(tuple(scores))


def reporting_part(pair_ids: Sequence[str]) -> BoolArray:
    """True for the pairs of the reporting part (CRC-32 of the pair id odd)."""
    return np.array([zlib.crc32(pair_id.encode("utf-8")) % 2 == 1 for pair_id in pair_ids])


def split_check(inputs: PairInputs, pair_ids: Sequence[str], grid: Grid = GRID) -> SplitCheck:
    """Fit on the fitting part, report Pearson on the reporting part."""
    reporting = reporting_part(pair_ids)
    calibration = fit(inputs.subset(~reporting), grid)
    held_out = inputs.subset(reporting)
    return SplitCheck(
        calibration,
        int((~reporting).sum()),
        int(reporting.sum()),
        pearson(calibrated_scores(held_out, calibration), held_out.gold),
    )


def _raw(inputs: PairInputs, calibration: Calibration) -> FloatArray:
    """Link score plus the headline term (and the cross-language credit) where there is one."""
    titled = ~np.isnan(inputs.headline_cosine)
    term = calibration.title_weight * (inputs.headline_cosine - calibration.title_baseline)
    term += np.where(inputs.cross_language, calibration.cross_language_credit, 0.0)
    return inputs.link + np.where(titled, term, 0.0)
