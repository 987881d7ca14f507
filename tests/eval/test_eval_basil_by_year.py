"""Quality gate for story grouping on BASIL by year: the later years, never used to choose a
constant (``storytrace.evaluation.basil_stories.evaluate_basil_by_year``), at or above their
floors and above the TF-IDF clustering given the same dates."""

from __future__ import annotations

from conftest import FLOORS, shared_data
from storytrace.evaluation.basil_stories import LAST_TUNING_YEAR, evaluate_basil_by_year


def test_story_grouping_on_basil_later_years() -> None:
    quality = evaluate_basil_by_year(shared_data("basil") / "docs.jsonl")
    print(quality)
    held_out = quality.held_out
    assert held_out.name == f"{LAST_TUNING_YEAR + 1}-2016"
    assert (quality.tuning.articles, held_out.articles) == (120, 90)
    assert held_out.b3_f1 >= FLOORS["basil_story_held_out_years_b3_f1"]
    assert held_out.pair_f1 >= FLOORS["basil_story_held_out_years_pair_f1"]
    baseline = quality.held_out_baseline_dated
    assert held_out.b3_f1 > baseline.b3_f1
    assert held_out.pair_f1 > baseline.pair_f1
    assert [year.name for year in quality.years] == [str(y) for y in range(2010, 2017)]
    assert sum(year.articles for year in quality.years) == 210
