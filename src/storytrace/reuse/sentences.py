"""Edited copies of single sentences: reuse too short, once edited, for a passage of seeds.

A changed number, a dropped word or clause or a swapped word in a sentence of eight to a
dozen words leaves one or two of its word n-grams intact: too few seeded words for a
passage (``storytrace.reuse.chains``); a short sentence copied unchanged into an article
that shares nothing else with the other has too few for a passage of its own. The sentence
is still a copy when the whole sentence around those seeds is the same sentence in both
articles, edits aside:

1. Candidates (vectorised): each run of seed hits lies in one sentence of each article; a
   pair of sentences whose runs seed at least ``MIN_SEEDED_SHARE`` of the shorter one is a
   candidate (a set phrase shared by two unrelated sentences covers little of either).
2. Confirmation: the two whole sentences are aligned word by word (rapidfuzz's Levenshtein
   opcodes over word ids). They are one edited copy when at most ``MAX_EDITS`` stretches
   differ, a stretch where only numbers differ not counted (the figures of a story change
   from copy to copy), the shorter sentence keeps all but ``MAX_UNMATCHED_SHARE`` of its
   words, the matched words make ``MIN_LONGER_SHARE`` of the longer one, and
   ``min_sentence_tokens`` words or more match. A sentence that says something else with
   many of the same words (an MSRP near miss: "Shares of Corixa fell 12 cents to $6.88 as of
   3:59 p.m." / "... on the Nasdaq stock market") differs in a longer stretch.

A sentence shared on its own is as often an outlet's boilerplate as a copy, so the tests for
templates are stricter than a passage's (``chains``, step 6): no word of it may be covered by
common n-grams alone (``common_words``), the two articles may not go on with one common
n-gram (``in_common_line``), and no word may read three or more ways next to the words other
articles share with it (``SharedIntervals.varying_neighbour``). The passages' test for a
line shared in pieces does not apply: every article carrying its own edited copy of a
sentence shares it in pieces.

The constants were chosen on seeds 101 and 102 of ``benchmarks/reuse_wire.py`` (2,000
articles) and seeds 11 and 12 of ``benchmarks/reuse_corpus.py``; figures on other seeds are
untouched by them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Levenshtein

from storytrace.reuse.ngrams import Frequencies, ngram_hashes
from storytrace.reuse.tokens import Flags, WordIds

Positions = npt.NDArray[np.int64]

# Share of the shorter sentence its seed runs must cover to be worth aligning: a sentence of
# eight words with one number changed in its third word keeps one 5-gram (5/8); two unrelated
# sentences of twenty words sharing one set phrase, 5/20.
MIN_SEEDED_SHARE = 0.4
# Stretches of words that may differ between two copies of a sentence: a dropped clause and a
# swapped word, or two swapped words (numbers aside).
MAX_EDITS = 2
# Share of the shorter sentence's words that may lack a counterpart in the other (numbers
# aside): one word of a sentence of five to nine, two of ten to fourteen.
MAX_UNMATCHED_SHARE = 0.2
# Share of the longer sentence that the matched words must make: a copy keeps most of what it
# copies; a short sentence inside a long one that goes on about something else is no copy.
MIN_LONGER_SHARE = 0.5


@dataclass(frozen=True)
class SentenceTable:
    """The sentences of a corpus, in word positions of its articles' concatenated words."""

    first_word: Positions  # per article: corpus position of its first word
    start: Positions  # per sentence: corpus position of its first word
    end: Positions  # per sentence: corpus position past its last word
    opens: Flags  # per corpus word: whether it opens a sentence
    closes: Flags  # per corpus word: whether it closes one

    @classmethod
    def from_closes(cls, closes: Flags, lengths: npt.NDArray[np.int32]) -> SentenceTable:
        """From which words close a sentence (every article's last word among them) and the
        number of words of each article."""
        first_word = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=first_word[1:])
        end = np.flatnonzero(closes).astype(np.int64) + 1
        start = np.concatenate(([0], end[:-1])).astype(np.int64)
        opens = np.ones(len(closes), dtype=bool)
        opens[1:] = closes[:-1]
        return cls(first_word, start, end, opens, closes)

    def edges(self, article: int) -> tuple[Flags, Flags]:
        """Which words of ``article`` open a sentence and which close one."""
        first = int(self.first_word[article])
        last = int(self.first_word[article + 1]) if article + 1 < len(self.first_word) else None
        return self.opens[first:last], self.closes[first:last]

    def containing(self, article: npt.NDArray[np.int64], position: Positions) -> Positions:
        """The sentence holding word ``position`` of each ``article``."""
        at = self.first_word[article] + position
        found: Positions = np.searchsorted(self.start, at, side="right") - 1
        return found

    def span(self, sentence: int, article: int) -> tuple[int, int]:
        """Word positions of ``sentence`` in its ``article``."""
        first = int(self.first_word[article])
        return int(self.start[sentence]) - first, int(self.end[sentence]) - first


@dataclass(frozen=True)
class SentencePair:
    """Two sentences (word positions in their articles) that one or more seed runs link."""

    source: int
    target: int
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    seeded: int  # words the runs in them cover (in the target)


def candidate_sentences(
    sentences: SentenceTable,
    source: Positions,
    target: Positions,
    source_start: Positions,
    target_start: Positions,
    seeded: Positions,
    min_matched: int,
) -> Iterator[SentencePair]:
    """Step 1: the pairs of sentences whose seed runs (one row per run: articles, first
    words, seeded words) cover ``MIN_SEEDED_SHARE`` of the shorter sentence, and whose
    lengths leave room for a copy (``edited_copy`` with ``min_matched``)."""
    if len(source) == 0:
        return
    left = sentences.containing(source, source_start)
    right = sentences.containing(target, target_start)
    keys, which = np.unique(left * len(sentences.start) + right, return_inverse=True)
    covered = np.bincount(which, weights=seeded)
    first = np.zeros(len(keys), dtype=np.int64)
    first[which[::-1]] = np.arange(len(which))[::-1]  # one run of each pair of sentences
    left, right = np.divmod(keys, len(sentences.start))
    lengths = sentences.end - sentences.start
    shorter = np.minimum(lengths[left], lengths[right])
    longer = np.maximum(lengths[left], lengths[right])
    # edited_copy needs min_matched words, and MIN_LONGER_SHARE of the longer sentence, matched.
    hopeful = np.flatnonzero(
        (covered >= MIN_SEEDED_SHARE * shorter)
        & (shorter >= MIN_LONGER_SHARE * longer)
        & (shorter >= min_matched)
    )
    for at, one, two, words in zip(
        hopeful.tolist(),
        left[hopeful].tolist(),
        right[hopeful].tolist(),
        np.minimum(covered[hopeful], lengths[right[hopeful]]).astype(np.int64).tolist(),
        strict=True,
    ):
        run = int(first[at])
        a, b = int(source[run]), int(target[run])
        yield SentencePair(a, b, *sentences.span(one, a), *sentences.span(two, b), words)


def edited_copy(ids_a: WordIds, ids_b: WordIds, numeric: Flags, min_matched: int) -> int | None:
    """Step 2: the words two sentences share in order when one is an edited copy of the other
    (numbers changed in place count as matched for the tests, not in the result), else None."""
    a, b = ids_a.tolist(), ids_b.tolist()
    equal = renumbered = edits = unmatched_a = unmatched_b = 0
    for same, a_words, b_words in _stretches(a, b):
        if same:
            equal += len(a_words)
        elif len(a_words) == len(b_words) and bool(numeric[a_words + b_words].all()):
            renumbered += len(a_words)
        else:
            edits += 1
            unmatched_a += len(a_words)
            unmatched_b += len(b_words)
            if edits > MAX_EDITS:
                return None
    matched = equal + renumbered
    shorter, unmatched = (len(a), unmatched_a) if len(a) <= len(b) else (len(b), unmatched_b)
    if (
        unmatched > MAX_UNMATCHED_SHARE * shorter
        or matched < MIN_LONGER_SHARE * max(len(a), len(b))
        or matched < min_matched
    ):
        return None
    return equal


def _stretches(a: list[int], b: list[int]) -> Iterator[tuple[bool, list[int], list[int]]]:
    """The alignment of ``a`` and ``b`` as alternating stretches of equal words and of
    differing ones (a replaced, dropped or inserted word or run of words, neighbours joined)."""
    differ_a: list[int] = []
    differ_b: list[int] = []
    for operation in Levenshtein.opcodes(a, b):
        a_start, a_end = operation.src_start, operation.src_end
        b_start, b_end = operation.dest_start, operation.dest_end
        if operation.tag != "equal":
            differ_a += a[a_start:a_end]
            differ_b += b[b_start:b_end]
            continue
        if differ_a or differ_b:
            yield False, differ_a, differ_b
            differ_a, differ_b = [], []
        yield True, a[a_start:a_end], b[b_start:b_end]
    if differ_a or differ_b:
        yield False, differ_a, differ_b


def templated(
    words: list[WordIds],
    pairs: list[SentencePair],
    n: int,
    frequencies: Frequencies,
    max_df: int,
) -> Flags:
    """Per pair of sentences: whether it reads as part of a template, in one pass over all of
    them. A passage may have a few words that only common n-grams (found in more than
    ``max_df`` articles) cover; a sentence standing on its own none: those are the fixed words
    of a template such as "Follow X on Twitter and Facebook for the latest news and updates",
    whose few varying words alone are rare. Nor may both articles go on after the sentences
    (or lead into them) with the same n words that are a common n-gram: the sentence is then
    one part of a longer templated line ("Copyright 2016 X. All rights reserved. This
    material may not be ...") whose other parts are everywhere."""
    if not pairs:
        return np.zeros(0, dtype=bool)
    spans = [(p.source, p.source_start, p.source_end) for p in pairs]
    spans += [(p.target, p.target_start, p.target_end) for p in pairs]
    common = _common_words(words, spans, n, frequencies, max_df)
    after = _common_continuation(words, pairs, n, frequencies, max_df, after=True)
    before = _common_continuation(words, pairs, n, frequencies, max_df, after=False)
    found: Flags = (common[: len(pairs)] > 0) | (common[len(pairs) :] > 0) | after | before
    return found


def _common_words(
    words: list[WordIds],
    spans: list[tuple[int, int, int]],
    n: int,
    frequencies: Frequencies,
    max_df: int,
) -> Positions:
    """Per span (article, start, end) of at least n words: its words that common n-grams
    alone cover. The spans' words are read one after the other; n-grams across two spans
    count as neither common nor rare."""
    ids = np.concatenate([words[article][start:end] for article, start, end in spans])
    lengths = np.array([end - start for _, start, end in spans], dtype=np.int64)
    first = np.zeros(len(spans), dtype=np.int64)
    np.cumsum(lengths[:-1], out=first[1:])
    inside = np.ones(len(ids) - n + 1, dtype=bool)
    for offset in range(1, n):  # an n-gram starting this near a span's end crosses it
        crossing = first + lengths - offset
        inside[crossing[crossing < len(inside)]] = False
    df = frequencies.lookup(ngram_hashes(ids, n))
    common = _covered(inside & (df > max_df), n)
    rare = _covered(inside & (df <= max_df), n)
    counts: Positions = np.add.reduceat((common & ~rare).astype(np.int64), first)
    return counts


def _common_continuation(
    words: list[WordIds],
    pairs: list[SentencePair],
    n: int,
    frequencies: Frequencies,
    max_df: int,
    after: bool,
) -> Flags:
    """Per pair: whether the n words after (or before) both sentences are equal and a
    common n-gram."""
    found = np.zeros(len(pairs), dtype=bool)
    windows: list[WordIds] = []
    which: list[int] = []
    for number, pair in enumerate(pairs):
        if after:
            a = words[pair.source][pair.source_end : pair.source_end + n]
            b = words[pair.target][pair.target_end : pair.target_end + n]
        else:
            a = words[pair.source][max(0, pair.source_start - n) : pair.source_start]
            b = words[pair.target][max(0, pair.target_start - n) : pair.target_start]
        if len(a) == n and np.array_equal(a, b):
            windows.append(a)
            which.append(number)
    if windows:
        df = frequencies.lookup(ngram_hashes(np.concatenate(windows), n)[::n])
        found[which] = df > max_df
    return found


def _covered(starts: Flags, n: int) -> Flags:
    """Which words the n-grams starting at the ``starts`` positions cover."""
    covered: Flags = np.convolve(starts, np.ones(n, dtype=bool)) > 0
    return covered
