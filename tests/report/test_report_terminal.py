from __future__ import annotations

from storytrace.model import Comparison
from storytrace.report import to_summary


def test_summary_mentions_outlets_and_counts(comparison: Comparison) -> None:
    text = to_summary(comparison)
    assert text.startswith("storytrace: 2 articles compared\n")
    assert "a1 | GPA | Moscow (GPA) |" in text
    assert "a2 | Radio Habana Cuba | Moscow, October 5 (RHC) |" in text
    assert "| 2 sentences" in text and "| 3 sentences" in text
    assert (
        "2 matched sentences (copied 1, paraphrased 1, translated 0, same-topic 0), 1 shared span"
        in text
    )
    assert "a2 (Radio Habana Cuba): 1 sentence\n" in text
    assert "s2: Russia has been a major backer" in text
    assert "g0: Major General Igor Konashenkov, 2 variants (GPA, Radio Habana Cuba)" in text
    assert "examples/empty.txt: file is empty" in text


def test_summary_shortens_long_lists(comparison: Comparison) -> None:
    comparison.only_here["a1"] = [0, 1, 0, 1, 0]
    text = to_summary(comparison)
    assert "... and 2 more" in text
    assert all(len(line) < 120 for line in text.splitlines() if line.startswith("    s"))
