"""Quality gate for story grouping: ECB+ and BASIL figures at or above tests/eval/floors.json.

ECB+ figures are tuning figures (the grouping constants were chosen on ECB+); BASIL's are
untouched (``storytrace.evaluation.ecbplus``, ``basil_stories``). The ECB+ features are
computed once for the module; the shuffled runs add grouping time only.
"""

from __future__ import annotations

import pytest

from conftest import FLOORS, shared_data
from storytrace.evaluation.basil_stories import evaluate_basil_grouping
from storytrace.evaluation.ecbplus import (
    BASELINE_CUT,
    BASELINE_CUT_DATED,
    EcbCorpus,
    GroupingQuality,
    baseline_cuts,
    evaluate_grouping,
    load_corpus,
)


@pytest.fixture(scope="module")
def ecb() -> EcbCorpus:
    return load_corpus(shared_data("ecbplus") / "docs.jsonl")


@pytest.fixture(scope="module")
def ecb_quality(ecb: EcbCorpus) -> GroupingQuality:
    return evaluate_grouping(ecb)


def test_same_event_grouping_on_ecbplus_in_one_run(ecb_quality: GroupingQuality) -> None:
    one_run = ecb_quality.storytrace
    print(ecb_quality)
    assert ecb_quality.documents == 772
    assert one_run.b3_f1 >= FLOORS["ecbplus_same_event_b3_f1"]
    assert one_run.pair_f1 >= FLOORS["ecbplus_same_event_pair_f1"]
    # the TF-IDF clustering at its own best cut, with the dates storytrace gets and without
    for baseline in (ecb_quality.baseline, ecb_quality.baseline_dated):
        assert one_run.b3_f1 >= baseline.b3_f1
        assert one_run.pair_f1 >= baseline.pair_f1


def test_same_event_grouping_on_ecbplus_in_shuffled_runs(ecb_quality: GroupingQuality) -> None:
    # Four runs in shuffled orders: the publication order (undated first) follows the labels
    # and has no floor.
    assert ecb_quality.in_runs_mean >= FLOORS["ecbplus_same_event_b3_f1_in_runs_shuffled"]


def test_the_baseline_gets_its_best_cuts_on_ecbplus(ecb: EcbCorpus) -> None:
    best = baseline_cuts(ecb.documents)
    assert best[False][0] == BASELINE_CUT
    assert best[True][0] == BASELINE_CUT_DATED


def test_story_grouping_on_basil() -> None:
    quality = evaluate_basil_grouping(shared_data("basil") / "docs.jsonl")
    print(quality)
    assert quality.documents == 210
    assert quality.storytrace.b3_f1 >= FLOORS["basil_story_b3_f1"]
    assert quality.storytrace.pair_f1 >= FLOORS["basil_story_pair_f1"]
    # the TF-IDF clustering given the same dates, under the same 30-day rule, at its ECB+ cut
    assert quality.storytrace.b3_f1 >= quality.baseline_dated.b3_f1
    assert quality.storytrace.pair_f1 >= quality.baseline_dated.pair_f1
