"""Refit the derivation confidence table (``provenance.confidence.CALIBRATION``).

On the derivation benchmark's tuning part only (ECB+ topics ``TUNING_TOPICS``, drawn with
``TUNING_SEED``, as the baseline's cuts are, in ``CALIBRATION_LAYOUT``: some 110 edges),
storytrace's graph is built with the confidence left as the evidence's strength; each edge
is right when one of its articles derives from the other, directly or not. For each
group (a common source explains the pair, or not) an isotonic regression of rightness on
strength (``scipy.optimize.isotonic_regression``, edges of equal strength pooled) gives
blocks of equal probability. Each block's probability is then its share of right edges
with one right and one wrong edge added (Laplace's rule: a block of two wrong edges says
0.25, not never), made monotone again by a second isotonic pass. The table keeps each
block's first and last strength, and ``provenance.confidence`` reads between them
linearly.

``python -m storytrace.evaluation.derivation_calibration DATA`` prints the table to paste
into ``provenance/confidence.py``; the figures on the reported part are then printed by
``python -m storytrace.evaluation --only derivation``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import isotonic_regression

from storytrace.evaluation.derivation import (
    TUNING_SEED,
    TUNING_TOPICS,
    load_sources,
    run_storytrace,
)
from storytrace.evaluation.derivation_corpus import Layout, Relation, generate_corpus
from storytrace.evaluation.derivation_scoring import StoryEdges
from storytrace.provenance.confidence import common_source_pairs

Table = tuple[tuple[float, float], ...]

# The baseline's tuning layout with three times its paraphrase stories (16 event stories
# would hold two copies that cleaning makes one text, which the store refuses).
CALIBRATION_LAYOUT = Layout(event_stories=12, paraphrase_stories=12, translation_stories=4)


def judged_edges(results: Sequence[StoryEdges]) -> dict[bool, list[tuple[float, bool]]]:
    """(strength, right) of every edge, by "a common source explains the pair"; each
    edge's ``confidence`` must be its strength."""
    groups: dict[bool, list[tuple[float, bool]]] = {False: [], True: []}
    for result in results:
        common = common_source_pairs(
            ((e.source, e.target, e.directed) for e in result.edges),
            result.direct_sources or {},
        )
        for edge in result.edges:
            relation = result.story.relation(edge.source, edge.target)
            right = relation in (Relation.DIRECT, Relation.INDIRECT)
            groups[frozenset((edge.source, edge.target)) in common].append((edge.confidence, right))
    return groups


def fit_table(judged: Sequence[tuple[float, bool]]) -> Table:
    """The isotonic table of rightness on strength: each block's first and last strength
    with its probability (see the module docstring; rounded to 3 places)."""
    if not judged:
        raise ValueError("no edges to fit")
    pooled: dict[float, list[int]] = {}
    for strength, right in judged:
        counts = pooled.setdefault(round(strength, 3), [0, 0])
        counts[0] += right
        counts[1] += 1
    xs = sorted(pooled)
    weights = np.array([pooled[x][1] for x in xs], dtype=float)
    shares = np.array([pooled[x][0] / pooled[x][1] for x in xs])
    blocks = isotonic_regression(shares, weights=weights, increasing=True).x
    smoothed = np.empty_like(blocks)
    start = 0
    for end in range(1, len(xs) + 1):
        if end == len(xs) or blocks[end] != blocks[start]:
            edges = weights[start:end].sum()
            right = (shares[start:end] * weights[start:end]).sum()
            smoothed[start:end] = (right + 1) / (edges + 2)
            start = end
    fitted = np.round(isotonic_regression(smoothed, weights=weights, increasing=True).x, 3)
    points: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(zip(xs, fitted, strict=True)):
        first = i == 0 or fitted[i - 1] != y
        last = i == len(xs) - 1 or fitted[i + 1] != y
        if first or last:
            points.append((x, round(float(y), 3)))
    return tuple(points)


def fit(data: Path) -> dict[bool, Table]:
    """The table fitted on the tuning part read from ``data``."""
    sources = load_sources(data, TUNING_TOPICS)
    stories = generate_corpus(sources, TUNING_SEED, CALIBRATION_LAYOUT)
    results, _ = run_storytrace(stories, confidence=lambda strength, _common: strength)
    groups = judged_edges(results)
    for common, judged in groups.items():
        right = sum(r for _, r in judged)
        print(f"# common source {common}: {len(judged)} edges, {right} right")
    return {common: fit_table(judged) for common, judged in groups.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the refitted table as Python, with the edges it rests on."""
    parser = argparse.ArgumentParser(prog="python -m storytrace.evaluation.derivation_calibration")
    parser.add_argument("data", type=Path, help="folder of the labelled corpora")
    options = parser.parse_args(argv)
    table = fit(options.data)
    print("CALIBRATION: dict[bool, tuple[tuple[float, float], ...]] = {")
    for common, points in table.items():
        print(f"    {common}: (")
        for x, y in points:
            print(f"        ({x}, {y}),")
        print("    ),")
    print("}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
