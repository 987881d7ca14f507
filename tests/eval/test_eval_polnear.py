"""PolNeAR attribution: the metric counts each word and each gold attribution once, and the
development part's figures stay at or above tests/eval/floors.json."""

from __future__ import annotations

from conftest import FLOORS, shared_data
from storytrace.evaluation.polnear import Attribution, matched_pairs, union_overlap


def _said(cue: int, content: range, source: range = range(0)) -> Attribution:
    return Attribution(frozenset({cue}), frozenset(source), frozenset(content))


def test_overlap_counts_each_word_once_when_quotations_nest() -> None:
    gold = [_said(1, range(10, 20))]
    # a quotation and a second one nested in it: words 10-14 are predicted twice
    predicted = [_said(1, range(10, 20)), _said(1, range(10, 15))]
    assert union_overlap(predicted, gold) == (10, 10, 10)


def test_overlap_counts_a_gold_word_once_when_attributions_nest() -> None:
    gold = [_said(1, range(0, 10)), _said(2, range(5, 10))]
    predicted = [_said(1, range(0, 4))]
    assert union_overlap(predicted, gold) == (4, 4, 10)


def test_two_predictions_never_take_credit_for_one_gold_attribution() -> None:
    gold = [_said(1, range(10, 20))]
    predicted = [_said(1, range(10, 20)), _said(1, range(10, 20))]
    same = lambda p, g: p.content == g.content  # noqa: E731
    assert matched_pairs(predicted, gold, same) == 1
    assert matched_pairs(predicted, [*gold, _said(2, range(10, 20))], same) == 2


def test_attribution_on_polnear_dev() -> None:
    """Figures of the development part, on which rules were chosen (tuning figures)."""
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
    # on direct quotations the margin over quotation marks alone is small (0.824 / 0.819)
    assert direct.content_overlap.f1 > direct.baseline_content_overlap.f1
