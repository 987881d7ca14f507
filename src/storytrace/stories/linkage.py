"""Average linkage over a sparse graph: groups of nodes merge while their links are strong.

The mean is taken over the edges that exist between two groups, not over every pair of
their members, so a large story whose members each link to their nearest neighbours only
holds together as well as a small one. Merging stops when no two groups' mean edge weight
reaches the cut.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence


class _Link:
    """The edges between two groups: their total weight and how many there are."""

    __slots__ = ("count", "total")

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    @property
    def mean(self) -> float:
        return self.total / self.count


def link_groups(
    groups: Sequence[int], edges: Iterable[tuple[int, int, float]], cut: float
) -> list[list[int]]:
    """Merge the groups of ``groups`` (node index -> group key) along weighted ``edges``.

    Returns the final clusters as lists of group keys, each in the order the keys first
    appear in ``groups``, the clusters in the order of their first key. Groups are merged
    strongest mean link first (ties: the earlier keys first), while that mean is at least
    ``cut``.
    """
    first_seen = {key: position for position, key in reversed(list(enumerate(groups)))}
    links: dict[int, dict[int, _Link]] = {key: {} for key in first_seen}
    for i, j, weight in edges:
        a, b = groups[i], groups[j]
        if a == b:
            continue
        link = links[a].get(b)
        if link is None:
            link = links[a][b] = links[b][a] = _Link()
        link.total += weight
        link.count += 1
    heap = [
        (-link.mean, first_seen[a], first_seen[b], a, b)
        for a, others in links.items()
        for b, link in others.items()
        if first_seen[a] < first_seen[b]
    ]
    heapq.heapify(heap)
    members = {key: [key] for key in first_seen}
    while heap:
        negative_mean, _, _, a, b = heapq.heappop(heap)
        if -negative_mean < cut:
            break
        link = links.get(a, {}).get(b)
        if link is None or link.mean != -negative_mean:
            continue  # one side was merged since, or the link changed: a stale entry
        kept, gone = (a, b) if first_seen[a] < first_seen[b] else (b, a)
        members[kept].extend(members.pop(gone))
        for other, stale in links.pop(gone).items():
            del links[other][gone]
            if other == kept:
                continue
            merged = links[kept].get(other)
            if merged is None:
                merged = links[kept][other] = links[other][kept] = _Link()
            merged.total += stale.total
            merged.count += stale.count
            low, high = sorted((kept, other), key=first_seen.__getitem__)
            heapq.heappush(heap, (-merged.mean, first_seen[low], first_seen[high], low, high))
    return sorted(
        (sorted(keys, key=first_seen.__getitem__) for keys in members.values()),
        key=lambda keys: first_seen[keys[0]],
    )
