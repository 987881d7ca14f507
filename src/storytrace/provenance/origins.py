"""The earliest carrier of each passage that several articles of a story share.

1. Every side of every passage of every edge is a place: (article, start, end).
2. The two sides of a passage belong together; so do two places in one article that
   overlap by at least ``SAME_PASSAGE_OVERLAP`` of the shorter one (the passage B took from
   A and the one C took from B are one passage when they sit in the same part of B).
3. Each group that spans two or more articles is one passage. Its first carrier is the
   article of the group that no other article of the group passes it to (a root of the
   directed edges); among several roots, the one whose publication time is known to come
   before every other root's. Where no root is (edges of unknown direction, undated or
   same-day articles), the first carrier is unknown: ``first_known`` is False and the
   passage is listed under the carrier that comes first in the timeline, claiming nothing.
4. Each carrier's places in the group, overlapping ones merged, are its copies: one
   article may carry a passage twice (one sentence retold as two), and the first carrier's
   first place is the passage's origin, its other places repetitions listed with the copies.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from storytrace.model import Derivation, MatchKind, PassageCarrier, PassageOrigin
from storytrace.provenance.timing import PublicationTime, order

# Two places in one article are the same passage when they overlap by half of the
# shorter: enough to chain a sentence to the verbatim run inside it, not enough to chain
# neighbouring sentences that merely touch at a clause.
SAME_PASSAGE_OVERLAP = 0.5

_KIND_ORDER = (MatchKind.COPIED, MatchKind.PARAPHRASED, MatchKind.TRANSLATED)

Place = tuple[str, int, int]


def passage_origins(
    derivations: Sequence[Derivation],
    texts: Mapping[str, str],
    rank: Mapping[str, int],
    times: Mapping[str, PublicationTime | None],
    directed: Collection[Derivation] | None = None,
) -> list[PassageOrigin]:
    """The shared passages of ``derivations``, each with its first carrier and its copies.

    ``texts`` maps article ids to texts, ``rank`` to timeline positions (earliest first),
    ``times`` to publication times; ``directed`` are the edges whose direction is known
    (all of ``derivations`` when not given). Sorted by first carrier (timeline order),
    then offset.
    """
    known = {(d.source, d.target) for d in (derivations if directed is None else directed)}
    groups = _UnionFind()
    kinds: dict[Place, set[MatchKind]] = {}
    flows: list[tuple[Place, Place]] = []
    for derivation in derivations:
        for p in derivation.passages:
            source = (p.source, p.source_start, p.source_end)
            target = (p.target, p.target_start, p.target_end)
            groups.union(source, target)
            if (derivation.source, derivation.target) in known:
                flows.append((source, target))
            kinds.setdefault(source, set()).add(p.kind)
            kinds.setdefault(target, set()).add(p.kind)
    _join_overlapping(groups, list(kinds))
    members: dict[Place, list[Place]] = {}
    for place in kinds:
        members.setdefault(groups.find(place), []).append(place)
    receives: dict[Place, set[str]] = {}
    for source, target in flows:
        root = groups.find(source)
        if source[0] != target[0]:
            receives.setdefault(root, set()).add(target[0])
    origins = []
    for root, places in members.items():
        articles = sorted({place[0] for place in places}, key=lambda a: rank.get(a, len(rank)))
        if len(articles) < 2:
            continue
        taken = receives.get(root, set())
        first = _first_carrier([a for a in articles if a not in taken], times)
        first_known = first is not None
        if first is None:
            first = articles[0]
        ranges = {article: _ranges(article, places) for article in articles}
        head, *repeats = ranges[first]
        copies = repeats + [c for a in articles if a != first for c in ranges[a]]
        found = {kind for place in places for kind in kinds[place]}
        time = times.get(first)
        origins.append(
            PassageOrigin(
                article=first,
                start=head.start,
                end=head.end,
                text=texts.get(first, "")[head.start : head.end],
                copies=tuple(copies),
                first_published=time.iso()
                if first_known and time is not None and time.is_publication
                else None,
                kinds=tuple(kind for kind in _KIND_ORDER if kind in found),
                first_known=first_known,
            )
        )
    origins.sort(key=lambda o: (rank.get(o.article, len(rank)), o.start, o.end))
    return origins


def _first_carrier(roots: Sequence[str], times: Mapping[str, PublicationTime | None]) -> str | None:
    """The root known to come before every other root, or None when none is."""
    for root in roots:
        if all(order(times.get(root), times.get(other)) == -1 for other in roots if other != root):
            return root
    return None


def _ranges(article: str, places: Sequence[Place]) -> list[PassageCarrier]:
    """The places of ``article`` in a group, overlapping ones merged, by offset."""
    merged: list[PassageCarrier] = []
    for _, start, end in sorted(place for place in places if place[0] == article):
        if merged and start < merged[-1].end:
            last = merged.pop()
            start, end = last.start, max(last.end, end)
        merged.append(PassageCarrier(article, start, end))
    return merged


def _join_overlapping(groups: _UnionFind, places: Sequence[Place]) -> None:
    by_article: dict[str, list[Place]] = {}
    for place in places:
        by_article.setdefault(place[0], []).append(place)
    for own in by_article.values():
        own.sort(key=lambda p: (p[1], p[2]))
        for i, a in enumerate(own):
            for b in own[i + 1 :]:
                if b[1] >= a[2]:
                    break  # sorted by start: no later place overlaps a
                overlap = min(a[2], b[2]) - b[1]
                shorter = min(a[2] - a[1], b[2] - b[1])
                if shorter > 0 and overlap / shorter >= SAME_PASSAGE_OVERLAP:
                    groups.union(a, b)


class _UnionFind:
    def __init__(self) -> None:
        self._parent: dict[Place, Place] = {}

    def find(self, place: Place) -> Place:
        parent = self._parent.setdefault(place, place)
        if parent != place:
            parent = self._parent[place] = self.find(parent)
        return parent

    def union(self, a: Place, b: Place) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[root_b] = root_a
