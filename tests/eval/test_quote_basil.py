"""Quotation gate on BASIL: figures must stay at or above tests/eval/floors.json."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import shared_data

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def test_quotations_and_their_speakers_on_basil() -> None:
    from storytrace.evaluation.basil_quotes import evaluate_basil_quotes

    figures = evaluate_basil_quotes(shared_data("basil"))
    print(json.dumps(figures, indent=1))
    assert figures["coverage_recall"] >= FLOORS["basil_quote_coverage_recall"]
    assert figures["direct_coverage_recall"] >= FLOORS["basil_direct_quote_coverage_recall"]
    assert figures["speaker_accuracy"] >= FLOORS["basil_quote_speaker_accuracy"]
    # direct and mixed quotations must find at least what quotation marks alone find
    assert figures["direct_coverage_recall"] >= figures["baseline_coverage_recall"]
