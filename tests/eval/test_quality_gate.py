"""Quality gate on real labelled data: figures must stay at or above tests/eval/floors.json."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import shared_data
from storytrace.evaluation.matching import evaluate_matching

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def test_unit_score_on_msrp() -> None:
    msrp = shared_data("msrp") / "msr_paraphrase_train.txt"
    blended, semantic, lexical = evaluate_matching(msrp)
    print(blended, semantic, lexical, sep="\n")
    assert blended.auc >= FLOORS["msrp_unit_score_auc"]
    assert blended.accuracy >= FLOORS["msrp_unit_score_accuracy"]
    # the blend must beat word overlap alone and not fall behind the embedding alone
    assert blended.auc > lexical.auc
    assert blended.auc >= semantic.auc - 0.005


def test_same_event_grouping_on_ecbplus() -> None:
    from storytrace.evaluation.ecbplus import evaluate_grouping

    quality = evaluate_grouping(shared_data("ecbplus") / "docs.jsonl")
    print(quality)
    assert quality.storytrace.b3_f1 >= FLOORS["ecbplus_same_event_b3_f1"]
    assert quality.storytrace.pair_f1 >= FLOORS["ecbplus_same_event_pair_f1"]
    # the same documents in four runs, later ones joining the stories stored by earlier ones
    assert quality.storytrace_in_runs.b3_f1 >= FLOORS["ecbplus_same_event_b3_f1_in_runs"]
    # the online grouping must not fall behind the TF-IDF clustering given its best cut
    assert quality.storytrace.b3_f1 >= quality.baseline.b3_f1
    assert quality.storytrace.pair_f1 >= quality.baseline.pair_f1


def test_story_grouping_on_basil() -> None:
    from storytrace.evaluation.basil_stories import evaluate_basil_grouping

    quality = evaluate_basil_grouping(shared_data("basil") / "docs.jsonl")
    print(quality)
    assert quality.documents == 210
    assert quality.storytrace.b3_f1 >= FLOORS["basil_story_b3_f1"]
    assert quality.storytrace.pair_f1 >= FLOORS["basil_story_pair_f1"]
    assert quality.storytrace.pair_f1 > quality.baseline.pair_f1


def test_story_similarity_on_semeval2022_pairs() -> None:
    from storytrace.evaluation.semeval import evaluate_story_similarity

    quality = evaluate_story_similarity(shared_data("semeval2022_task8") / "training_set.csv")
    print(quality)
    assert quality.storytrace_pearson >= FLOORS["semeval2022_story_similarity_pearson"]
    assert quality.link_pearson >= FLOORS["semeval2022_link_score_pearson"]
    # the headlines and the calibration must add to the link score, which beats TF-IDF
    assert quality.storytrace_pearson > quality.link_pearson > quality.baseline_pearson
    # grouped as stories: pairs rated one story end together, across languages too
    assert (
        quality.same_story_grouped_cross_language
        >= FLOORS["semeval2022_same_story_grouped_cross_language"]
    )
    assert (
        quality.same_story_grouped_one_language
        >= FLOORS["semeval2022_same_story_grouped_one_language"]
    )
    assert quality.different_kept_apart >= FLOORS["semeval2022_different_kept_apart"]


def test_attribution_on_polnear() -> None:
    from storytrace.evaluation.polnear import evaluate_attribution

    every, direct = evaluate_attribution(shared_data("polnear"), split="dev")
    print(every, direct, sep="\n")
    assert every.content_exact.f1 >= FLOORS["polnear_content_exact_f1"]
    assert every.content_overlap.f1 >= FLOORS["polnear_content_overlap_f1"]
    assert every.speaker.f1 >= FLOORS["polnear_speaker_f1"]
    assert direct.content_exact.f1 >= FLOORS["polnear_direct_content_exact_f1"]
    assert direct.content_overlap.f1 >= FLOORS["polnear_direct_content_overlap_f1"]
    assert direct.speaker.f1 >= FLOORS["polnear_direct_speaker_f1"]
    # reported speech and cues must add to what quotation marks alone find
    assert every.content_overlap.f1 > every.baseline_content_overlap.f1
