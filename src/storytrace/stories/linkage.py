"""Average linkage over a sparse graph: groups of nodes merge while their links are strong.

The mean is taken over the edges that exist between two groups, not over every pair of
their members, so a large story whose members each link to their nearest neighbours only
holds together as well as a small one. Each edge carries two numbers: the weight that
decides the merging order and the cut, and the two articles' own similarity, whose mean
must also reach a second cut when one side is a stored story (a group decided by an
earlier run, which a few new articles should not pull in by their neighbours alone).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

Edge = tuple[int, int, float, float]  # node, node, weight, own similarity


@dataclass(frozen=True)
class Cuts:
    """Merge while the mean weight reaches ``weight``; where a group is stored, the mean own
    similarity must reach ``stored_similarity`` too."""

    weight: float
    stored_similarity: float


class _Link:
    """The edges between two groups: their total weight and similarity, and their count."""

    __slots__ = ("count", "similarity", "weight")

    def __init__(self) -> None:
        self.weight = 0.0
        self.similarity = 0.0
        self.count = 0

    @property
    def mean(self) -> float:
        return self.weight / self.count


def link_groups(
    groups: Sequence[int],
    edges: Iterable[Edge],
    cuts: Cuts,
    stored: Collection[int] = (),
) -> list[list[int]]:
    """Merge the groups of ``groups`` (node index -> group key) along ``edges``.

    ``stored`` names the group keys that are stored stories. Returns the final clusters as
    lists of group keys, each in the order the keys first appear in ``groups``, the
    clusters in the order of their first key. Groups are merged strongest mean weight first
    (ties: the earlier keys first), while that mean reaches ``cuts.weight``.
    """
    first_seen = {key: position for position, key in reversed(list(enumerate(groups)))}
    links: dict[int, dict[int, _Link]] = {key: {} for key in first_seen}
    for i, j, weight, similarity in edges:
        a, b = groups[i], groups[j]
        if a == b:
            continue
        link = links[a].get(b)
        if link is None:
            link = links[a][b] = links[b][a] = _Link()
        link.weight += weight
        link.similarity += similarity
        link.count += 1
    heap = [
        (-link.mean, first_seen[a], first_seen[b], a, b)
        for a, others in links.items()
        for b, link in others.items()
        if first_seen[a] < first_seen[b]
    ]
    heapq.heapify(heap)
    members = {key: [key] for key in first_seen}
    holds_stored = {key: key in stored for key in first_seen}
    while heap:
        negative_mean, _, _, a, b = heapq.heappop(heap)
        if -negative_mean < cuts.weight:
            break
        link = links.get(a, {}).get(b)
        if link is None or link.mean != -negative_mean:
            continue  # one side was merged since, or the link changed: a stale entry
        if (holds_stored[a] or holds_stored[b]) and (
            link.similarity / link.count < cuts.stored_similarity
        ):
            continue
        kept, gone = (a, b) if first_seen[a] < first_seen[b] else (b, a)
        members[kept].extend(members.pop(gone))
        holds_stored[kept] = holds_stored[kept] or holds_stored.pop(gone)
        for other, old in links.pop(gone).items():
            del links[other][gone]
            if other == kept:
                continue
            merged = links[kept].get(other)
            if merged is None:
                merged = links[kept][other] = links[other][kept] = _Link()
            merged.weight += old.weight
            merged.similarity += old.similarity
            merged.count += old.count
            low, high = sorted((kept, other), key=first_seen.__getitem__)
            heapq.heappush(heap, (-merged.mean, first_seen[low], first_seen[high], low, high))
    return sorted(
        (sorted(keys, key=first_seen.__getitem__) for keys in members.values()),
        key=lambda keys: first_seen[keys[0]],
    )
