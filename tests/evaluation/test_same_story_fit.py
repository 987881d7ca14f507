"""The fitting procedure of the same-story score: the formula it fits, the grid, the parts."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.evaluation.same_story_fit import (
    FOLDS,
    Grid,
    PairInputs,
    calibrated_scores,
    cross_validate,
    fit,
    pearson,
    reporting_part,
    split_check,
)
from storytrace.evaluation.semeval import ArticlePair, pair_inputs
from storytrace.model import Article
from storytrace.stories import DocumentFrequencies, story_features
from storytrace.stories.same_story import (
    CALIBRATION,
    Calibration,
    headline_vectors,
    same_story_score,
)
from storytrace.stories.similarity import Weighed

SMALL_GRID = Grid((0.0, 1.0, 2.0), (0.2, 0.5), (0.0, 0.1), (0.4, 0.8))


def _synthetic(count: int, truth: Calibration, seed: int = 7) -> PairInputs:
    """Pairs whose gold similarity is the calibrated score under ``truth``, plus noise."""
    draw = np.random.default_rng(seed)
    cosine = draw.uniform(0.0, 1.0, count)
    cosine[::9] = np.nan  # some pairs without headlines
    inputs = PairInputs(
        link=draw.uniform(-0.2, 0.9, count),
        headline_cosine=cosine,
        cross_language=draw.uniform(size=count) < 0.3,
        gold=np.zeros(count),
    )
    gold = calibrated_scores(inputs, truth) + draw.normal(0.0, 0.01, count)
    return PairInputs(inputs.link, inputs.headline_cosine, inputs.cross_language, gold)


def test_the_vectorised_formula_is_the_score_storytrace_gives() -> None:
    texts = [
        ("Five surfers die off the Dutch coast", "Five surfers died on Monday off The Hague."),
        ("Fünf Surfer sterben vor der Küste", "Fünf Surfer starben am Montag bei Den Haag."),
        ("Auburn honours Pat Sullivan", "The Auburn Tigers will pay tribute to Pat Sullivan."),
        ("", "Rescue teams searched the North Sea through the night."),
    ]
    articles = [
        Article(id=str(k), source="test", text=text, title=title or None, language=language)
        for k, ((title, text), language) in enumerate(
            zip(texts, ["en", "de", "en", "en"], strict=True)
        )
    ]
    pairs = [
        ArticlePair(f"{a}_{b}", articles[a], articles[b], 1.0)
        for a, b in ((0, 1), (0, 2), (1, 2), (0, 3))
    ]
    pair_articles = [article for pair in pairs for article in (pair.first, pair.second)]
    features = story_features(pair_articles)
    headlines = headline_vectors(pair_articles)
    inputs = pair_inputs(pairs, features, headlines)
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    weighed = [Weighed.of(item, frequencies) for item in features]
    expected = [
        same_story_score(weighed[2 * k], weighed[2 * k + 1], headlines[2 * k], headlines[2 * k + 1])
        for k in range(len(pairs))
    ]
    assert np.isnan(inputs.headline_cosine[3])  # one article without a headline
    assert list(inputs.cross_language) == [True, False, True, False]
    assert calibrated_scores(inputs, CALIBRATION) == pytest.approx(expected, abs=1e-6)


def test_the_fit_finds_constants_that_reproduce_a_known_score() -> None:
    truth = Calibration(2.0, 0.5, 0.1, 0.8)
    inputs = _synthetic(400, truth)
    fitted = fit(inputs, SMALL_GRID)
    assert fitted == truth
    assert pearson(calibrated_scores(inputs, fitted), inputs.gold) > 0.99


def test_cross_validation_and_split_score_pairs_left_out() -> None:
    inputs = _synthetic(200, Calibration(1.0, 0.2, 0.0, 0.4))
    folds = cross_validate(inputs, SMALL_GRID)
    assert len(folds.folds) == FOLDS
    assert folds.worst <= folds.mean and folds.worst > 0.95
    pair_ids = [f"{k}_{k + 1}" for k in range(200)]
    reporting = reporting_part(pair_ids)
    assert 70 < reporting.sum() < 130
    assert list(reporting) == list(reporting_part(pair_ids))  # fixed, not drawn
    split = split_check(inputs, pair_ids, SMALL_GRID)
    assert (split.fitting_pairs, split.reporting_pairs) == (200 - reporting.sum(), reporting.sum())
    # gold unrelated to the inputs: out of sample, nothing is left of the in-sample fit
    noise = PairInputs(
        inputs.link,
        inputs.headline_cosine,
        inputs.cross_language,
        np.random.default_rng(1).normal(size=200),
    )
    assert abs(cross_validate(noise, SMALL_GRID).mean) < 0.2
