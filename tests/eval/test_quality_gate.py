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
