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

A line such as "Reporting by X and Y; Writing by X" is carried, all but one name, by every
article of X: each looks like an edited copy. What gives it away is the slot: the words
between the shared frame read differently in nearly every article. ``varying_slot`` says
whether some word of a passage reads three or more ways across the articles whose runs span
it on one diagonal; an edited copy has two readings of a changed word (the original and the
edit), a template one per name. Numbers are left out: a story's figures change from copy to
copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storytrace.reuse.tokens import WordIds

Positions = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SharedIntervals:
    """Intervals ``[start, end)`` of ``article`` shared with ``other``, sorted by article."""

    article: Positions
    start: Positions
    end: Positions
    other: Positions
    shift: Positions  # position in ``other`` minus position in ``article`` (one diagonal)

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
        diagonal = target_span[0] - source_span[0]
        return cls(
            article[order],
            np.concatenate((source_span[0], target_span[0]))[order],
            np.concatenate((source_span[1], target_span[1]))[order],
            np.concatenate((target, source))[order],
            np.concatenate((diagonal, -diagonal))[order],
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

    def varying_slot(
        self, article: int, start: int, end: int, words: list[WordIds], numeric: Flags
    ) -> bool:
        """Whether some word of ``start:end`` of ``article`` reads three or more ways across
        the articles that share it on one diagonal (its own word, and the word aligned with
        it in each other article whose run spans it): a frame that recurs around varying
        words, such as "Reporting by X and Y; Writing by X" with another Y in every article.
        Numbers are left out (the figures of one story change from copy to copy)."""
        first, last = np.searchsorted(self.article, [article, article + 1])
        starts = np.maximum(self.start[first:last], start)
        ends = np.minimum(self.end[first:last], end)
        inside = np.flatnonzero(ends > starts)
        if len(inside) < 2:
            return False
        own = words[article]
        readings: dict[int, set[int]] = {}
        for at in inside.tolist():
            other = words[int(self.other[first + at])]
            low, high = int(starts[at]), int(ends[at])
            shift = int(self.shift[first + at])
            aligned = other[low + shift : high + shift]
            differ = np.flatnonzero(aligned != own[low:high])
            for offset in differ.tolist():
                word = int(aligned[offset])
                if numeric[word] or numeric[own[low + offset]]:
                    continue
                readings.setdefault(low + offset, set()).add(word)
        return any(len(other_words) >= 2 for other_words in readings.values())

    def varying_neighbour(
        self, article: int, start: int, end: int, words: list[WordIds], numeric: Flags
    ) -> bool:
        """Whether some word of ``start:end`` of ``article`` reads three or more ways in the
        articles that share the words next to it: each shared stretch that reaches into
        ``start:end`` is followed (and preceded) along its diagonal over equal words to the
        first word that differs, and that word's reading in the other article is collected.
        A sign-off "Reporting by X; Editing by Y" carried by every article of X has a
        different Y after the shared words in nearly each; an edited copy of a sentence has
        the original and the edit. Numbers are left out, as in ``varying_slot``."""
        first, last = np.searchsorted(self.article, [article, article + 1])
        inside = np.flatnonzero((self.end[first:last] > start) & (self.start[first:last] < end))
        if len(inside) < 2:
            return False
        own = words[article][start:end].tolist()
        readings: dict[int, set[int]] = {}
        for at in (first + inside).tolist():
            other_article = words[int(self.other[at])]
            # The other article's words aligned with start:end (None past its ends).
            shift = int(self.shift[at])
            low, high = max(0, start + shift), min(len(other_article), end + shift)
            aligned: list[int | None] = [None] * (low - start - shift)
            aligned += other_article[low:high].tolist()
            aligned += [None] * (end - start - len(aligned))
            for position, step in (
                (int(self.end[at]) - start, 1),
                (int(self.start[at]) - start - 1, -1),
            ):
                while 0 <= position < len(own) and (word := aligned[position]) is not None:
                    if word != own[position]:
                        if not (numeric[word] or numeric[own[position]]):
                            seen = readings.setdefault(position, set())
                            seen.add(word)
                            if len(seen) >= 2:
                                return True
                        break
                    position += step
        return False
