"""An edge's confidence: the probability that one article derives from the other.

The table's reading (linear between its points, flat beyond), the pairs a common source
explains (two copies of one text, not a chain), and the real derivation stage on the flood
story: the two copies of a1 get the common-source confidence, the edges from a1 do not.
"""

from __future__ import annotations

from provenance.story_cases import FLOOD, members, story
from storytrace.provenance import derive_story
from storytrace.provenance.confidence import (
    CALIBRATION,
    calibrated,
    common_source_pairs,
    interpolate,
)

POINTS = ((0.2, 0.1), (0.6, 0.5), (0.8, 0.5), (1.0, 0.9))


def test_the_table_is_read_linearly_between_its_points_and_flat_beyond() -> None:
    read = [round(interpolate(POINTS, x), 9) for x in (0.0, 0.2, 0.4, 0.7, 0.9, 1.0, 1.5)]
    assert read == [0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 0.9]


def test_the_fitted_table_is_a_probability_that_grows_with_the_evidence() -> None:
    strengths = [i / 100 for i in range(101)]
    for common, points in CALIBRATION.items():
        assert [x for x, _ in points] == sorted(x for x, _ in points), common
        values = [calibrated(s, common) for s in strengths]
        assert all(0.0 < v < 1.0 for v in values), common
        assert values == sorted(values), common
    # a common source explains what two copies share: never more sure than without one
    assert all(calibrated(s, True) <= calibrated(s, False) for s in strengths)


def test_two_copies_of_one_source_are_explained_by_it_a_chain_is_not() -> None:
    siblings = [("d", "x", True), ("d", "y", True), ("x", "y", True)]
    assert common_source_pairs(siblings, {"x": "d", "y": "d"}) == {frozenset("xy")}
    chain = [("d", "x", True), ("x", "y", True), ("d", "y", True)]
    assert common_source_pairs(chain, {"x": "d", "y": "x"}) == set()
    # an edge of unknown order between two copies of d: explained by d all the same
    unordered = [("d", "x", True), ("d", "y", True), ("y", "x", False)]
    assert common_source_pairs(unordered, {"x": "d", "y": "d"}) == {frozenset("xy")}
    # d must reach both: with no edge from d to y, nothing explains x and y
    partial = [("d", "x", True), ("x", "y", True)]
    assert common_source_pairs(partial, {"x": "d"}) == set()


def test_the_stage_flags_the_copies_of_the_flood_original() -> None:
    def flag(_strength: float, common: bool) -> float:
        return float(common)

    def strength(value: float, _common: bool) -> float:
        return value

    flagged = derive_story(story(FLOOD), members(FLOOD), [], confidence=flag)
    common = {(d.source, d.target): d.confidence == 1.0 for d in flagged.derivations}
    # a2 and a3 each took a1's text: what they share comes from a1
    assert common == {("a1", "a2"): False, ("a1", "a3"): False, ("a2", "a3"): True}
    raw = derive_story(story(FLOOD), members(FLOOD), [], confidence=strength)
    final = derive_story(story(FLOOD), members(FLOOD), [])
    expected = {
        (d.source, d.target): calibrated(d.confidence, common[(d.source, d.target)])
        for d in raw.derivations
    }
    assert {(d.source, d.target): d.confidence for d in final.derivations} == expected
