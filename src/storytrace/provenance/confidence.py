"""The confidence of a derivation edge: the probability that one of its two articles derives
from the other, directly or through others.

An edge is right when one article derives from the other, whichever way and however many
steps apart; it is wrong when the two are copies of one source (siblings) or independent
reports. The direction is not part of it: how the direction was told is the edge's basis,
and an edge whose order is unknown claims none.

The probability comes from two things the graph knows:

1. the evidence's strength (``EdgeEvidence.strength``: carried sentences and covered share
   times similarity), in [0, 1];
2. whether a common source explains the pair (``common_source_pairs``): neither article is
   the other's marked direct source, and one of them has a marked direct source that has
   an edge into the other too. Two copies of one text share what they both took from it;
   that sharing is no evidence that one took from the other.

Each of the two groups maps strength to probability by its own monotone table
(``CALIBRATION``): an isotonic regression of "the edge is right" on strength, with each block's
probability smoothed by Laplace's rule, fitted on the derivation benchmark's tuning part
only (ECB+ topics 1-8, seed 0, as the baseline's cuts are: 112 edges, 11 of them with a
common source), read between its points linearly and flat beyond them.
``python -m storytrace.evaluation.derivation_calibration DATA`` refits it and prints the
table to paste here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping

# (strength, probability) points, strength increasing; by "a common source explains the
# pair". Fitted by ``storytrace.evaluation.derivation_calibration`` on the tuning part.
CALIBRATION: dict[bool, tuple[tuple[float, float], ...]] = {
    False: (
        (0.6, 0.432),
        (0.882, 0.432),
        (0.883, 0.5),
        (0.884, 0.5),
        (0.889, 0.864),
        (1.0, 0.864),
    ),
    True: (
        (0.6, 0.154),
        (1.0, 0.154),
    ),
}

# Maps (strength, a common source explains the pair) to an edge's confidence.
ConfidenceMap = Callable[[float, bool], float]


def calibrated(strength: float, common_source: bool) -> float:
    """The probability that an edge of this ``strength`` is right (see the module docstring)."""
    return round(interpolate(CALIBRATION[common_source], strength), 3)


def interpolate(points: tuple[tuple[float, float], ...], x: float) -> float:
    """The value at ``x`` of the line through ``points`` (x increasing), flat beyond them."""
    xs = [point[0] for point in points]
    at = bisect_right(xs, x)
    if at == 0:
        return points[0][1]
    if at == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[at - 1], points[at]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def common_source_pairs(
    edges: Iterable[tuple[str, str, bool]], direct: Mapping[str, str]
) -> set[frozenset[str]]:
    """The linked pairs that a common source explains.

    Args:
        edges: (source, target, directed) of every edge of one story's graph; an edge
            that is not directed links its two articles without an order.
        direct: each target's marked direct source.

    Returns:
        The pairs {x, y} of linked articles such that neither is the other's direct
        source, and the direct source d of x or of y has a directed edge into both.
    """
    listed = list(edges)
    directed = {(source, target) for source, target, is_directed in listed if is_directed}
    found = set()
    for x, y, _ in listed:
        if direct.get(x) == y or direct.get(y) == x:
            continue
        for common in {direct.get(x), direct.get(y)} - {None, x, y}:
            if (common, x) in directed and (common, y) in directed:
                found.add(frozenset((x, y)))
    return found
