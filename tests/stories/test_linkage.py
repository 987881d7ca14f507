"""Average linkage over a sparse graph (``link_groups``)."""

from __future__ import annotations

from storytrace.stories.linkage import Cuts, link_groups

OPEN = Cuts(weight=0.5, stored_similarity=0.0)


def test_groups_merge_while_their_mean_link_reaches_the_cut() -> None:
    # Nodes 0-2 are tightly linked, 3-4 too; one weak link joins the two triangles.
    edges = [(0, 1, 0.9, 0.9), (1, 2, 0.8, 0.8), (0, 2, 0.7, 0.7), (3, 4, 0.9, 0.9)]
    edges.append((2, 3, 0.2, 0.2))
    assert link_groups([10, 11, 12, 13, 14], edges, OPEN) == [[10, 11, 12], [13, 14]]
    assert link_groups([10, 11, 12, 13, 14], edges, Cuts(0.1, 0.0)) == [[10, 11, 12, 13, 14]]


def test_the_mean_is_over_the_links_that_exist_not_over_every_pair() -> None:
    # A chain of strong links: every pair that is linked is close, so the chain holds
    # together, though most of its pairs have no link at all.
    edges = [(i, i + 1, 0.8, 0.8) for i in range(9)]
    assert link_groups(list(range(10)), edges, OPEN) == [list(range(10))]


def test_one_strong_link_does_not_outvote_many_weak_ones() -> None:
    # Nodes 0 and 1 start as one group; node 2 links to it once strongly and once not at
    # all: the mean, 0.45, is under the cut.
    edges = [(0, 2, 0.9, 0.9), (1, 2, 0.0, 0.0)]
    assert link_groups([5, 5, -3], edges, OPEN) == [[5], [-3]]
    assert link_groups([5, 5, -3], edges, Cuts(0.4, 0.0)) == [[5, -3]]


def test_a_stored_group_needs_the_own_similarity_cut_too() -> None:
    # Strong second-order weights, weak own similarity: new groups merge with each other,
    # but not with the stored one.
    edges = [(0, 1, 0.9, 0.2), (1, 2, 0.9, 0.2)]
    cuts = Cuts(weight=0.5, stored_similarity=0.3)
    assert link_groups([7, -1, -2], edges, cuts, stored={7}) == [[7], [-1, -2]]
    assert link_groups([7, -1, -2], edges, cuts) == [[7, -1, -2]]
    # Once a stored story holds a group, that group is held to the stored cut as well.
    edges = [(0, 1, 0.9, 0.9), (1, 2, 0.8, 0.2)]
    assert link_groups([7, -1, -2], edges, cuts, stored={7}) == [[7, -1], [-2]]


def test_clusters_keep_the_order_in_which_their_keys_appear() -> None:
    edges = [(2, 0, 0.9, 0.9), (1, 3, 0.9, 0.9)]
    assert link_groups([7, 3, 9, 1], edges, OPEN) == [[7, 9], [3, 1]]


def test_no_edges_leave_every_group_alone() -> None:
    assert link_groups([4, 4, 2], [], Cuts(0.0, 0.0)) == [[4], [2]]
