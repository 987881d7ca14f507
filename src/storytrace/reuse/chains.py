"""From seed hits to passages: runs along diagonals, bridged across light edits.

A hit says that the n-gram at word ``i`` of the source equals the one at word ``j`` of the
target; a copied passage is a stretch of hits on one diagonal ``j - i``.

1. Runs (vectorised): hits of one article pair are sorted by diagonal and source position;
   consecutive hits on one diagonal stay in one run while at most ``max_gap`` words between
   them are covered by no seed (one changed word leaves a gap of one word: the n n-grams that
   contain it are lost, but the seeds on both sides still cover everything else).
2. Pairs whose runs cannot add up to a passage are dropped before any Python loop.
3. Chains (per pair): runs that follow each other within ``max_gap`` words in both articles
   join one passage even when their diagonals differ, which bridges a dropped or inserted
   word or short phrase. A paragraph moved elsewhere is never joined to its neighbours: its
   run lies on a diagonal of its own, and the passages are found independently of order.
4. Each passage grows at both ends over words that are equal in both articles (a common
   n-gram at its edge is no seed, but its words are still copied), and past one or two
   changed words where at least ``EDGE_RUN`` equal words follow.
5. Filters: a passage needs ``min_tokens`` words covered by seeds; at most
   ``max_common_share`` of its matched words may be words that only common n-grams cover
   (a sign-off line whose few varying words are rare, set in a template whose other words
   occur everywhere, is boilerplate, not reuse); and at most ``max_fragment_share`` of it
   may be shared piecemeal with third articles (a templated line whose varying parts each
   recur elsewhere: see ``storytrace.reuse.fragments``), and no word of it may read three or
   more ways across the articles sharing it (a frame around varying names, such as "Reporting
   by X and Y; Writing by X": ``SharedIntervals.varying_slot``). A passage with fewer seeded
   words, down to ``min_sentence_tokens``, is kept when it is whole sentences in both articles,
   no third article shares only part of it, and its pair has a passage of ``min_tokens``.
6. Single sentences: a sentence that no passage holds is reuse on its own when the whole
   sentence around its seed runs is an edited copy of the other article's sentence (one
   changed number, dropped clause or swapped word leaves too few seeds in a short sentence:
   ``storytrace.reuse.sentences``), common n-grams alone cover none of its words, the two
   articles do not go on (or lead in) with one common n-gram (the sentence is then one part
   of a templated line) and no word of it reads three or more ways next to the words other
   articles share with it (``SharedIntervals.varying_neighbour``: a sign-off around varying
   names).
7. Of passages that overlap in the target by more than half, the one with more seeded words
   is kept (a paragraph that the source repeats is reported once).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from storytrace.reuse.fragments import Positions, SharedIntervals
from storytrace.reuse.ngrams import Frequencies, Seeds
from storytrace.reuse.sentences import (
    SentencePair,
    SentenceTable,
    candidate_sentences,
    edited_copy,
    templated,
)
from storytrace.reuse.tokens import WordIds

Flags = npt.NDArray[np.bool_]

# Past the seeds, a passage grows over one or two changed (skipped in both articles), dropped
# or inserted (skipped in one) words when at least three equal words follow: fewer would
# often be chance ("of the"), and an edit nearer than five words to the edge of a copy
# leaves at most four equal words behind it, too few for a seed.
EDGE_SKIPS = ((1, 1), (1, 0), (0, 1), (2, 2), (2, 0), (0, 2))
EDGE_RUN = 3
_LOOKAHEAD = 2 + EDGE_RUN


@dataclass(frozen=True)
class Limits:
    """The thresholds of the cascade (see ``storytrace.reuse.index`` for their values)."""

    n: int  # words per n-gram
    max_gap: int  # words without a seed that one passage may bridge
    min_tokens: int  # seeded words a passage needs
    max_common_share: float  # share of matched words that only common n-grams may cover
    max_fragment_share: float  # share of a passage that third articles may share in pieces
    carrier_share: float  # share of a passage a third article needs to count as a copy of it
    min_sentence_tokens: int  # seeded words a passage that is whole sentences in both needs
    max_seed_df: int  # articles an n-gram may be found in to be a seed (more: common)


# Per article: which words open a sentence and which close one.
SentenceEdges = Callable[[int], tuple[Flags, Flags]]


@dataclass(frozen=True)
class TokenPassage:
    """A passage in word positions: ``source[source_start:source_end]`` is reused in target."""

    source: int  # article index in the corpus
    target: int
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    seeded: int  # target words covered by seed n-grams
    score: float  # matched words / passage length (1.0 for an unedited copy)


@dataclass(frozen=True)
class _Run:
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    seeded: int


@dataclass(frozen=True)
class _RunTable:
    """Every run of the corpus, one row each (step 1), as parallel arrays."""

    pair: Positions  # source * articles + target
    source_start: Positions
    source_end: Positions
    target_start: Positions
    target_end: Positions
    seeded: Positions


def find_passages(
    seeds: Seeds,
    words: list[WordIds],
    limits: Limits,
    sentences: SentenceTable,
    numeric: Flags,
    frequencies: Frequencies,
) -> list[TokenPassage]:
    """Passages of reuse between article pairs, from the seed hits (steps 1 to 7);
    ``sentences`` tells where the sentences of the corpus lie, ``numeric`` which word ids
    are numbers."""
    articles = len(words)
    table = _run_table(seeds, articles, limits)
    source, target = np.divmod(table.pair, articles)
    shared = SharedIntervals.from_runs(
        source,
        target,
        (table.source_start, table.source_end),
        (table.target_start, table.target_end),
    )
    edges = sentences.edges
    found: dict[tuple[int, int], list[TokenPassage]] = defaultdict(list)
    for (source_id, target_id), pair_runs in _hopeful(table, articles, limits).items():
        pair_found = [
            passage
            for chain in _chains(pair_runs, limits)
            if (
                passage := _passage(
                    source_id, target_id, chain, words, shared, limits, edges, numeric
                )
            )
            is not None
        ]
        # A short sentence shared alone is as often a line an outlet repeats as a copy: it
        # counts only beside a passage long enough to stand on its own (or, with stricter
        # tests for templates, as a sentence copy: step 6).
        if any(passage.seeded >= limits.min_tokens for passage in pair_found):
            found[(source_id, target_id)] = pair_found
    runs = _Runs(table, source, target)
    copies = list(
        _sentence_copies(runs, words, shared, limits, sentences, numeric, frequencies, found)
    )
    for copy in copies:
        found[(copy.source, copy.target)].append(copy)
    passages = [
        passage for pair_found in found.values() for passage in _without_overlaps(pair_found)
    ]
    passages.sort(key=lambda p: (p.source, p.target, p.target_start, p.source_start))
    return passages


@dataclass(frozen=True)
class _Runs:
    """The run table with the articles of each run."""

    table: _RunTable
    source: Positions
    target: Positions


def _sentence_copies(
    runs: _Runs,
    words: list[WordIds],
    shared: SharedIntervals,
    limits: Limits,
    sentences: SentenceTable,
    numeric: Flags,
    frequencies: Frequencies,
    found: dict[tuple[int, int], list[TokenPassage]],
) -> Iterator[TokenPassage]:
    """Step 6: whole sentences that are edited copies of one another
    (``storytrace.reuse.sentences``), unless common n-grams alone cover some of their words,
    both articles go on with the same common n-gram (a part of a templated line), or a word
    of them reads three or more ways next to the words other articles share with them (a
    template around varying names). The test for a line pieced from parts that third articles
    share does not apply: every article carrying its own edited copy of a sentence shares it
    in pieces."""
    table = runs.table
    copies: list[tuple[SentencePair, int]] = []
    for pair in candidate_sentences(
        sentences,
        runs.source,
        runs.target,
        table.source_start,
        table.target_start,
        table.seeded,
        limits.min_sentence_tokens,
    ):
        if _inside(pair, found.get((pair.source, pair.target), ())):
            continue
        ids_a = words[pair.source][pair.source_start : pair.source_end]
        ids_b = words[pair.target][pair.target_start : pair.target_end]
        matched = edited_copy(ids_a, ids_b, numeric, limits.min_sentence_tokens)
        if matched is not None:
            copies.append((pair, matched))
    template = templated(
        words, [pair for pair, _ in copies], limits.n, frequencies, limits.max_seed_df
    )
    for (pair, matched), is_template in zip(copies, template.tolist(), strict=True):
        spans = (
            (pair.target, pair.target_start, pair.target_end),
            (pair.source, pair.source_start, pair.source_end),
        )
        if is_template or any(
            shared.varying_neighbour(article, start, end, words, numeric)
            for article, start, end in spans
        ):
            continue
        length = max(pair.source_end - pair.source_start, pair.target_end - pair.target_start)
        yield TokenPassage(
            pair.source,
            pair.target,
            pair.source_start,
            pair.source_end,
            pair.target_start,
            pair.target_end,
            pair.seeded,
            round(min(1.0, matched / length), 4),
        )


def _run_table(seeds: Seeds, articles: int, limits: Limits) -> _RunTable:
    """Step 1: runs of hits along one diagonal of one article pair."""
    n = limits.n
    pair = seeds.source.astype(np.int64) * articles + seeds.target
    diagonal = seeds.target_pos.astype(np.int64) - seeds.source_pos
    order = np.lexsort((seeds.source_pos, diagonal, pair))
    pair, diagonal = pair[order], diagonal[order]
    position = seeds.source_pos[order].astype(np.int64)
    step = np.diff(position)
    breaks = np.ones(len(position), dtype=bool)
    breaks[1:] = (
        (pair[1:] != pair[:-1]) | (diagonal[1:] != diagonal[:-1]) | (step > n + limits.max_gap)
    )
    starts = np.flatnonzero(breaks)
    last = np.append(starts[1:], len(position))[: len(starts)] - 1
    # Words covered by the seeds of a run: n for its last hit, the step to the next for others.
    covered = np.full(len(position), n, dtype=np.int64)
    covered[:-1] = np.where(breaks[1:], n, np.minimum(step, n))
    seeded = np.add.reduceat(covered, starts) if len(starts) else covered[:0]
    first, final = position[starts], position[last] + n
    return _RunTable(
        pair[starts],
        first,
        final,
        first + diagonal[starts],
        final + diagonal[starts],
        seeded,
    )


def _hopeful(table: _RunTable, articles: int, limits: Limits) -> dict[tuple[int, int], list[_Run]]:
    """Step 2: the runs of the pairs whose runs add up to enough seeded words, per pair."""
    _, pair_index = np.unique(table.pair, return_inverse=True)
    pair_seeded = np.bincount(pair_index, weights=table.seeded)
    # A pair needs one passage of min_tokens seeded words (see find_passages).
    hopeful = np.flatnonzero(pair_seeded[pair_index] >= limits.min_tokens)
    runs: dict[tuple[int, int], list[_Run]] = defaultdict(list)
    for key, *spans in zip(
        table.pair[hopeful].tolist(),
        table.source_start[hopeful].tolist(),
        table.source_end[hopeful].tolist(),
        table.target_start[hopeful].tolist(),
        table.target_end[hopeful].tolist(),
        table.seeded[hopeful].tolist(),
        strict=True,
    ):
        runs[divmod(key, articles)].append(_Run(*spans))
    return runs


def _chains(runs: list[_Run], limits: Limits) -> list[list[_Run]]:
    """Step 3: runs that continue one another (small gaps in both articles) form one chain."""
    runs.sort(key=lambda r: (r.source_start, r.target_start))
    chains: list[list[_Run]] = []
    for run in runs:
        for chain in chains:
            tail = chain[-1]
            gap_source = run.source_start - tail.source_end
            gap_target = run.target_start - tail.target_end
            if (
                -limits.n <= gap_source <= limits.max_gap
                and -limits.n <= gap_target <= limits.max_gap
            ):
                chain.append(run)
                break
        else:
            chains.append([run])
    return chains


def _passage(
    source: int,
    target: int,
    chain: list[_Run],
    words: list[WordIds],
    shared: SharedIntervals,
    limits: Limits,
    sentences: SentenceEdges,
    numeric: Flags,
) -> TokenPassage | None:
    """Steps 4 and 5: the chain grown over equal edge words, or None if it is filtered out."""
    ids_a, ids_b = words[source], words[target]
    # Runs of one chain may overlap by a few words: each word counts once.
    overlaps = sum(_overlap(before, after) for before, after in pairwise(chain))
    seeded = sum(run.seeded for run in chain) - overlaps
    if seeded < limits.min_sentence_tokens:
        return None
    matched = sum(_equal_along(ids_a, ids_b, run) for run in chain) - overlaps
    a_start = min(run.source_start for run in chain)
    a_end = max(run.source_end for run in chain)
    b_start = min(run.target_start for run in chain)
    b_end = max(run.target_end for run in chain)
    left_a, left_b, left_matched = _grow(ids_a[:a_start][::-1], ids_b[:b_start][::-1])
    right_a, right_b, right_matched = _grow(ids_a[a_end:], ids_b[b_end:])
    a_start, a_end = a_start - left_a, a_end + right_a
    b_start, b_end = b_start - left_b, b_end + right_b
    matched += left_matched + right_matched
    # A short passage is evidence only as whole sentences in both articles, and only when
    # every third article sharing part of it carries all of it: "Reporting by X; Editing by
    # Y" shared whole by two articles is shared in part by every other article of X or Y.
    short = seeded < limits.min_tokens
    if short and not (
        _whole_sentences(sentences(source), a_start, a_end)
        and _whole_sentences(sentences(target), b_start, b_end)
    ):
        return None
    if matched - seeded > limits.max_common_share * matched:
        return None
    carrier = 1.0 if short else limits.carrier_share
    if (
        shared.fragment_share(target, b_start, b_end, source, carrier) > limits.max_fragment_share
        or shared.fragment_share(source, a_start, a_end, target, carrier)
        > limits.max_fragment_share
    ):
        return None
    if shared.varying_slot(source, a_start, a_end, words, numeric) or shared.varying_slot(
        target, b_start, b_end, words, numeric
    ):
        return None
    length = max(a_end - a_start, b_end - b_start)
    score = round(min(1.0, matched / length), 4)
    return TokenPassage(source, target, a_start, a_end, b_start, b_end, seeded, score)


def _inside(pair: SentencePair, passages: Iterable[TokenPassage]) -> bool:
    """Whether a passage found already holds most of the target sentence of ``pair``."""
    length = pair.target_end - pair.target_start
    return any(
        min(pair.target_end, p.target_end) - max(pair.target_start, p.target_start) > length / 2
        for p in passages
    )


def _whole_sentences(edges: tuple[Flags, Flags], start: int, end: int) -> bool:
    """Whether words ``start:end`` begin where a sentence begins and end where one ends."""
    opens, closes = edges
    return bool(opens[start] and closes[end - 1])


def _equal_along(ids_a: WordIds, ids_b: WordIds, run: _Run) -> int:
    """Words of the run equal in both articles on its diagonal (its seeds and any equal gap)."""
    return int(
        np.count_nonzero(
            ids_a[run.source_start : run.source_end] == ids_b[run.target_start : run.target_end]
        )
    )


def _overlap(before: _Run, after: _Run) -> int:
    """Words that two consecutive runs of a chain both cover, in the article where it is more."""
    return max(
        0,
        min(before.source_end, after.source_end) - after.source_start,
        min(before.target_end, after.target_end) - after.target_start,
    )


def _grow(a: WordIds, b: WordIds) -> tuple[int, int, int]:
    """How far a passage grows outwards in each article (``a`` and ``b`` start at its edge),
    and how many words of that are equal: equal words, then past a changed, dropped or
    inserted word or two as long as at least ``EDGE_RUN`` equal words follow (an edit near
    the edge of a copy leaves too few words for a seed on its far side)."""
    grown_a = grown_b = matched = _common_prefix(a, b)
    while True:
        # The skips look a few words ahead only: Python lists beat numpy calls at this size.
        near_a = a[grown_a : grown_a + _LOOKAHEAD].tolist()
        near_b = b[grown_b : grown_b + _LOOKAHEAD].tolist()
        for skip_a, skip_b in EDGE_SKIPS:
            if near_a[skip_a : skip_a + EDGE_RUN] != near_b[skip_b : skip_b + EDGE_RUN] or (
                len(near_a) < skip_a + EDGE_RUN
            ):
                continue
            run = _common_prefix(a[grown_a + skip_a :], b[grown_b + skip_b :])
            grown_a += skip_a + run
            grown_b += skip_b + run
            matched += run
            break
        else:
            return grown_a, grown_b, matched


def _common_prefix(a: WordIds, b: WordIds) -> int:
    """Number of leading positions where ``a`` and ``b`` hold the same word."""
    size = min(len(a), len(b))
    differ = np.flatnonzero(a[:size] != b[:size])
    return int(differ[0]) if len(differ) else size


def _without_overlaps(passages: list[TokenPassage]) -> list[TokenPassage]:
    """Step 7: drop a passage whose target words are mostly inside a better one."""
    kept: list[TokenPassage] = []
    for passage in sorted(passages, key=lambda p: (-p.seeded, p.target_start)):
        length = passage.target_end - passage.target_start
        if all(
            min(passage.target_end, other.target_end)
            - max(passage.target_start, other.target_start)
            <= length / 2
            for other in kept
        ):
            kept.append(passage)
    return kept
