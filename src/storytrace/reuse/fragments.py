"""Where else a stretch of an article's words is shared: the test for templated boilerplate.

A sign-off such as "Additional reporting by Ellen Francis in Beirut; Writing by Suleiman
Al-Khalidi; Editing by Angus MacSwan" is shared word for word by two articles only when both
drew the same names, so its n-grams can be rare enough to be seeds. But it is pieced
together: its reporter part is shared with the other articles of that reporter, its writer
part with those of that writer, and no third article shares the line as a whole. A copied
passage is shared as a whole, by every article that carries the copy, and only its common
phrases are also found elsewhere.

``SharedIntervals`` holds, for every article, the stretches of words that a run of seed
hits shares with another article; ``fragment_share`` says which part of a passage is shared
with third articles that do not carry it (share less than a given part of it: a copy of the
passage with a few edits still carries it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Positions = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SharedIntervals:
    """Intervals ``[start, end)`` of ``article`` shared with ``other``, sorted by article."""

    article: Positions
    start: Positions
    end: Positions
    other: Positions

    @classmethod
    def from_runs(
        cls,
        source: Positions,
        target: Positions,
        source_span: tuple[Positions, Positions],
        target_span: tuple[Positions, Positions],
    ) -> SharedIntervals:
        """Both sides of every run (``source[i]`` shares ``source_span[.][i]`` with
        ``target[i]``, which shares ``target_span[.][i]``)."""
        article = np.concatenate((source, target))
        order = np.argsort(article, kind="stable")
        return cls(
            article[order],
            np.concatenate((source_span[0], target_span[0]))[order],
            np.concatenate((source_span[1], target_span[1]))[order],
            np.concatenate((target, source))[order],
        )

    def fragment_share(
        self, article: int, start: int, end: int, partner: int, carrier: float
    ) -> float:
        """Share of words ``start:end`` of ``article`` that third articles share while none
        of them carries the stretch (shares ``carrier`` of it or more); ``partner`` is not a
        third article."""
        length = end - start
        if length <= 0:
            return 0.0
        first, last = np.searchsorted(self.article, [article, article + 1])
        starts = np.maximum(self.start[first:last], start)
        ends = np.minimum(self.end[first:last], end)
        others = self.other[first:last]
        inside = (ends > starts) & (others != partner)
        if not inside.any():
            return 0.0
        starts, ends, others = starts[inside] - start, ends[inside] - start, others[inside]
        names, which = np.unique(others, return_inverse=True)
        shared = np.bincount(which, weights=ends - starts, minlength=len(names))
        partial = shared[which] < carrier * length
        covered = np.zeros(length + 1, dtype=np.int64)
        np.add.at(covered, starts[partial], 1)
        np.add.at(covered, ends[partial], -1)
        return float(np.count_nonzero(np.cumsum(covered)[:length])) / length
