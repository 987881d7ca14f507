"""How the unit matcher's weight and threshold behave on MSRP and on the seed pair.

``storytrace.align.sentences`` scores two units of one language by a blend,
``SEMANTIC_WEIGHT`` * embedding cosine + (1 - ``SEMANTIC_WEIGHT``) * IDF word overlap, sets it
to 0 where the overlap is under ``MIN_LEXICAL``, and keeps a pair at ``MATCH_THRESHOLD`` or
above. This script prints, in one run:

1. On MSRP's tuning part (the first 1,000 training pairs, where the encoder, the weight and
   the threshold were chosen) and on its untouched part (the other 3,045 pairs), IDF taken
   over each part: the ROC AUC of the blend for weights 0 to 1 (0.5 is shipped).
2. On both parts, at the shipped weight and with the ``MIN_LEXICAL`` gate: for thresholds
   0.20 to 0.50 the share of pairs kept, and the precision, recall and accuracy of "kept"
   as "paraphrase"; then the threshold that gives the best accuracy on each part.
3. On the seed pair (tests/fixtures/seeds, compared as ``storytrace compare`` does), the
   number of same-language matches each threshold keeps.

MSRP pairs are whole sentences chosen for high word overlap and labelled paraphrase or
not; the matcher compares units and keeps a pair only where one side is the other's best
counterpart, which this pairwise test cannot show. Read these as how the score ranks, and
where the threshold sits, not as the matcher's precision on articles.

Usage: python benchmarks/sentence_threshold.py [--data DIR] [--no-seeds]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from storytrace.align import sentences
from storytrace.evaluation.matching import MSRP_FILE, UnitScores, msrp_parts, unit_scores
from storytrace.evaluation.metrics import roc_auc, sweep_thresholds

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"
SEEDS = sorted((REPO_ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * k, 2) for k in range(7))


def gated(scores: UnitScores) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """The shipped blend, 0 where the word overlap is under ``MIN_LEXICAL`` (as the matcher)."""
    return np.where(scores.lexical >= sentences.MIN_LEXICAL, scores.blended(), 0.0)


def print_weights(parts: dict[str, UnitScores]) -> None:
    print("ROC AUC of the blend by SEMANTIC_WEIGHT (1.0: the embedding alone, 0.0: overlap alone)")
    print(f"  {'weight':>6} " + " ".join(f"{name:>10}" for name in parts))
    for weight in WEIGHTS:
        aucs = [roc_auc(s.blended(weight), s.labels) for s in parts.values()]
        shipped = "  <- shipped" if weight == sentences.SEMANTIC_WEIGHT else ""
        print(f"  {weight:6.2f} " + " ".join(f"{auc:10.4f}" for auc in aucs) + shipped)


def print_thresholds(parts: dict[str, UnitScores]) -> None:
    print(
        f"Pairs kept at each threshold (weight {sentences.SEMANTIC_WEIGHT}, "
        f"MIN_LEXICAL {sentences.MIN_LEXICAL}): kept share, precision, recall, accuracy"
    )
    for name, scores in parts.items():
        score = gated(scores)
        labels = scores.labels.astype(bool)
        print(f"  {name} ({len(labels):,} pairs, {labels.mean():.3f} paraphrases)")
        for threshold in THRESHOLDS:
            kept = score >= threshold
            precision = (kept & labels).sum() / max(kept.sum(), 1)
            recall = (kept & labels).sum() / max(labels.sum(), 1)
            accuracy = (kept == labels).mean()
            shipped = "  <- shipped" if threshold == sentences.MATCH_THRESHOLD else ""
            print(
                f"    {threshold:.2f}: kept {kept.mean():.3f}  precision {precision:.3f}  "
                f"recall {recall:.3f}  accuracy {accuracy:.3f}{shipped}"
            )
        sweep = sweep_thresholds(score, scores.labels)
        best = int(np.argmax(sweep.accuracy))
        print(
            f"    best accuracy on this part: {sweep.accuracy[best]:.3f} at "
            f"{sweep.thresholds[best]:.3f}"
        )


def print_seed_pair() -> None:
    from storytrace import compare_paths

    if len(SEEDS) < 2:
        print("seed pair not found: skipped")
        return
    lowest = THRESHOLDS[0]
    shipped = sentences.MATCH_THRESHOLD
    sentences.MATCH_THRESHOLD = lowest  # a lower bar keeps a superset: filter it below
    try:
        comparison = compare_paths(SEEDS)
    finally:
        sentences.MATCH_THRESHOLD = shipped
    languages = {a.article.id: a.article.language for a in comparison.articles}
    scores = [
        match.score
        for pair in comparison.pairs
        for match in pair.matches
        if languages[match.article_a] == languages[match.article_b]
    ]
    print("Seed pair: same-language matches kept at each threshold")
    print(
        "  "
        + "  ".join(
            f"{t:.2f}: {sum(s >= t for s in scores)}{'*' if t == shipped else ''}"
            for t in THRESHOLDS
        )
        + "   (* shipped)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/data")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed pair")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = args.data / MSRP_FILE
    if path.is_file():
        split = msrp_parts(path)
        parts = {
            "tuning": unit_scores(split.tuning),
            "untouched": unit_scores(split.untouched),
        }
        print_weights(parts)
        print_thresholds(parts)
    else:
        print(f"{path} not found: MSRP skipped")
    if not args.no_seeds:
        print_seed_pair()
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
