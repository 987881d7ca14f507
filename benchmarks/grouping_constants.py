"""What each grouping constant is worth: a sweep of every one around today's value.

Each constant of ``storytrace.stories.grouping`` (``GroupingSettings``) is moved alone, the
others kept at today's values, and for each value this prints:

- ECB+ one run: same-event B³ F1 of the 772 documents grouped in one run (tuning: the
  constants were chosen on ECB+);
- ECB+ worst fold: the lowest B³ F1 of the five topic folds of
  ``storytrace.evaluation.grouping_cv`` (each fold's documents, judged against whole
  stories), so a value that helps a few topics and hurts others shows;
- ECB+ runs: B³ F1 in ``ecbplus.EVALUATION_RUNS`` runs, mean over the orders shuffled with
  ``ecbplus.SHUFFLE_SEEDS`` (the only figure the constants of later runs move);
- BASIL: B³ and pairwise F1 of its 210 articles in one run (untouched: no constant was
  chosen on BASIL).

Then the cross-validation of ``grouping_cv`` (constants chosen on four topic folds, the
fifth scored). Features are computed once per corpus; the profiles of a one-run grouping are
reused between values that leave them unchanged. faiss builds its index on one thread here:
the same index (the groupings are identical), built far faster on a busy 2-core machine.

Usage: python benchmarks/grouping_constants.py [--data DIR] [--no-runs]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import faiss

from storytrace.evaluation.basil_stories import load_basil_articles
from storytrace.evaluation.clustering import b3_f1_over, b3_per_item, cluster_scores
from storytrace.evaluation.ecbplus import (
    EVALUATION_RUNS,
    SHUFFLE_SEEDS,
    EcbCorpus,
    grouped,
    load_corpus,
    shuffled_order,
)
from storytrace.evaluation.grouping_cv import FOLDS, cross_validate, fold_of, one_run_labels
from storytrace.stories import StoryFeatures, story_features
from storytrace.stories.grouping import GroupingSettings, Profile

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
# The values each constant is swept over (today's value among them).
SWEEP: dict[str, tuple[float, ...]] = {
    "neighbours": (20, 30, 50, 80),
    "profile_size": (5, 6, 7, 8, 9, 10, 12),
    "link_threshold": (0.3, 0.35, 0.4, 0.45, 0.5),
    "first_order_floor": (0.0, 0.2, 0.25, 0.3, 0.35, 0.4),
    "strong_similarity": (0.45, 0.5, 0.55, 0.6, 0.7, float("inf")),
    "stored_join_threshold": (0.25, 0.3, 0.35, 0.4, 0.45),
    "context_members": (0, 8, 20, 40),
    "stored_coverage": (0.25, 1 / 3, 0.5),
    "run_group_min": (2, 3, 5),
    "weak_link_support": (0.0, 0.1, 0.2, 0.3),
}
INTEGERS = {"neighbours", "profile_size", "context_members", "run_group_min"}


@dataclass(frozen=True)
class Basil:
    features: list[StoryFeatures]
    gold: list[str]


@dataclass(frozen=True)
class Row:
    ecb_one_run: float
    ecb_worst_fold: float
    ecb_runs: float | None
    basil_b3: float | None
    basil_pair: float | None


class Sweep:
    """Scores of the corpora for one setting at a time, profiles kept between settings."""

    def __init__(self, ecb: EcbCorpus, basil: Basil | None, runs: bool) -> None:
        self.ecb, self.basil, self.runs = ecb, basil, runs
        self.folds = [fold_of(document.topic) for document in ecb.documents]
        self.ecb_memo: dict[tuple[int, int], dict[int, Profile]] = {}
        self.basil_memo: dict[tuple[int, int], dict[int, Profile]] = {}

    def row(self, settings: GroupingSettings) -> Row:
        labels = one_run_labels(self.ecb.features, settings, self.ecb_memo)
        gold = self.ecb.gold
        per_item = b3_per_item(labels, gold)
        worst = min(
            b3_f1_over(per_item, [i for i, f in enumerate(self.folds) if f == fold])
            for fold in range(FOLDS)
        )
        runs = None
        if self.runs:
            count = len(gold)
            runs = statistics.fmean(
                grouped(self.ecb, shuffled_order(count, seed), EVALUATION_RUNS, settings).b3_f1
                for seed in SHUFFLE_SEEDS
            )
        basil_b3 = basil_pair = None
        if self.basil is not None:
            basil_labels = one_run_labels(self.basil.features, settings, self.basil_memo)
            scores = cluster_scores(basil_labels, self.basil.gold)
            basil_b3, basil_pair = scores.b3_f1, scores.pair_f1
        return Row(cluster_scores(labels, gold).b3_f1, worst, runs, basil_b3, basil_pair)


def load_basil(data: Path) -> Basil | None:
    path = data / "basil" / "docs.jsonl"
    if not path.exists():
        return None
    labelled = sorted(load_basil_articles(path), key=lambda item: (item[0].published or "",))
    return Basil(story_features([a for a, _ in labelled]), [story for _, story in labelled])


def value_text(name: str, value: float) -> str:
    if value == float("inf"):
        return "none"
    return str(int(value)) if name in INTEGERS else f"{value:.3g}"


def cell(value: float | None) -> str:
    return f"{value:8.4f}" if value is not None else f"{'-':>8}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled corpora")
    parser.add_argument(
        "--no-runs", action="store_true", help="skip the multi-run column (the slow one)"
    )
    args = parser.parse_args(argv)
    path = args.data / "ecbplus" / "docs.jsonl"
    if not path.exists():
        print(f"{path} not found: the sweep needs ECB+ from ../shared/data")
        return 0
    faiss.omp_set_num_threads(1)
    started = time.perf_counter()
    ecb = load_corpus(path)
    basil = load_basil(args.data)
    print(
        f"features: ECB+ {len(ecb.documents)} documents, BASIL "
        f"{len(basil.gold) if basil else 'not found'}, in {time.perf_counter() - started:.0f} s"
    )
    sweep = Sweep(ecb, basil, runs=not args.no_runs)
    today = GroupingSettings()
    print(
        f"\n{'constant':<22} {'value':>6} {'ECB+ 1 run':>10} {'worst fold':>10} "
        f"{f'{EVALUATION_RUNS} runs':>8} {'BASIL B3':>8} {'pair':>8}"
    )
    print(f"{'':<22} {'':>6} {'tuning':>10} {'tuning':>10} {'tuning':>8} {'untouched':>17}")
    for name, values in SWEEP.items():
        for value in values:
            changes: dict[str, Any] = {name: int(value) if name in INTEGERS else value}
            settings = replace(today, **changes)
            row = sweep.row(settings)
            mark = "*" if settings == today else " "
            print(
                f"{name:<22} {value_text(name, value):>5}{mark} {row.ecb_one_run:10.4f} "
                f"{row.ecb_worst_fold:10.4f} {cell(row.ecb_runs)} {cell(row.basil_b3)} "
                f"{cell(row.basil_pair)}",
                flush=True,
            )
    print("(* today's value)")
    validation = cross_validate(ecb)
    print(
        f"\ncross-validated ECB+ one run (constants chosen on four topic folds): mean B³ F1 "
        f"{validation.mean:.4f}, worst fold {validation.worst:.4f}"
    )
    for fold in validation.folds:
        chosen = fold.chosen
        print(
            f"  fold {fold.fold} (topics {', '.join(fold.topics)}): held out "
            f"{fold.held_out_b3_f1:.4f}, training {fold.training_b3_f1:.4f}; chosen floor "
            f"{chosen.first_order_floor}, strong {chosen.strong_similarity}, link "
            f"{chosen.link_threshold}, profile {chosen.profile_size}"
        )
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
