"""Word n-gram hashes, their document frequencies, and the seed hits they give.

1. Every word n-gram of every article becomes one 64-bit hash, computed for the whole
   corpus at once over the concatenated word ids (n-grams that would cross from one article
   into the next are dropped).
2. The hashes are sorted once, each packed with its corpus position into one 64-bit key
   (an inverted index in one array); the document frequency of each hash shared by two or
   more articles is counted on the sorted run.
3. Hashes found in at least two and at most ``max_df`` articles are seeds: each pair of
   their postings in two different articles is a hit (source article, target article,
   source position, target position), the source being the article earlier in the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storytrace.reuse.tokens import WordIds

Hashes = npt.NDArray[np.uint64]
Ints = npt.NDArray[np.int32]

# Odd 64-bit constants for the mixing steps (splitmix64's); any odd constants with well
# spread bits would do, these are well studied.
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# Positions per chunk of the vectorised loops: 8 MB per temporary uint64 array.
_CHUNK = 1 << 20


def _mix(values: Hashes) -> Hashes:
    """splitmix64's finaliser, in place: every input bit affects every output bit."""
    values ^= values >> np.uint64(30)
    values *= _MIX_1
    values ^= values >> np.uint64(27)
    values *= _MIX_2
    values ^= values >> np.uint64(31)
    return values


def ngram_hashes(ids: WordIds, n: int) -> Hashes:
    """Hash of the n-gram starting at each position of ``ids`` (``len(ids) - n + 1`` values).

    The same word ids give the same hashes in any process (no salt), so an article's
    hashes can be recomputed on their own later. Computed in chunks, so that the temporary
    arrays stay small whatever the corpus size.
    """
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.empty(count, dtype=np.uint64)
    for start in range(0, count, _CHUNK):
        end = min(count, start + _CHUNK)
        words = ids[start : end + n - 1].astype(np.uint64)
        words += _GOLDEN
        _mix(words)
        chunk = hashes[start:end]
        chunk[:] = words[: end - start]
        for offset in range(1, n):
            # The word hashes are already mixed, so multiply-and-xor chaining spreads them
            # enough; one finaliser at the end replaces one per word (a third of the time).
            chunk *= _GOLDEN
            chunk ^= words[offset : offset + end - start]
        _mix(chunk)
    return hashes


@dataclass(frozen=True)
class Seeds:
    """Hits of the seed n-grams, one row per pair of postings in two articles."""

    source: Ints  # article index (position in the corpus), the smaller of the two
    target: Ints
    source_pos: Ints  # word position of the n-gram in each article
    target_pos: Ints


@dataclass(frozen=True)
class Frequencies:
    """Document frequency of every n-gram that two or more articles share.

    ``hashes`` are the n-gram hashes shifted right by ``shift`` bits (the index keeps only
    the high bits of each hash, see ``index_corpus``), sorted.
    """

    hashes: Hashes
    df: Ints
    shift: int

    def lookup(self, hashes: Hashes) -> Ints:
        """Document frequency of each (full) n-gram hash: 1 where no other article has it."""
        if len(self.hashes) == 0:
            return np.ones(len(hashes), dtype=np.int32)
        keys = hashes >> np.uint64(self.shift)
        at = np.searchsorted(self.hashes, keys).clip(0, len(self.hashes) - 1)
        return np.where(self.hashes[at] == keys, self.df[at], 1).astype(np.int32)


def index_corpus(
    ids: WordIds, lengths: Ints, n: int, max_df: int, max_postings: int
) -> tuple[Seeds, Frequencies]:
    """Seed hits and shared-n-gram frequencies of a corpus of concatenated word ids.

    ``lengths[d]`` is the number of words of article ``d``; ``ids`` holds them one article
    after the other.

    Each n-gram's hash and corpus position are packed into one 64-bit key (the hash's high
    bits, then as many bits as positions need: 24 for 16 million words), so that one plain
    in-place sort groups equal n-grams, in corpus order, with no index array to gather by.
    Dropping the low hash bits leaves 40 bits at 16 million words: a few dozen chance
    collisions, each at worst one stray hit that no passage is built from.
    """
    keys = ngram_hashes(ids, n)
    shift = max(1, (len(keys) - 1).bit_length())
    keys >>= np.uint64(shift)
    keys <<= np.uint64(shift)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        chunk |= np.arange(start, start + len(chunk), dtype=np.uint64)
    keys.sort()
    neighbours = keys[1:] ^ keys[:-1]
    neighbours >>= np.uint64(shift)
    equal = neighbours == 0  # same hash as the next key
    del neighbours
    shared = np.zeros(len(keys), dtype=bool)
    shared[1:] = equal
    shared[:-1] |= equal
    del equal
    keys = keys[shared]
    del shared
    hashes = keys >> np.uint64(shift)
    where = (keys & np.uint64((1 << shift) - 1)).astype(np.int64)
    del keys
    first = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=first[1:])
    doc = (np.searchsorted(first, where, side="right") - 1).astype(np.int32)
    pos = (where - first[doc]).astype(np.int32)
    inside = pos <= lengths[doc] - n  # n-grams across two articles' boundary are no n-grams
    hashes, doc, pos = hashes[inside], doc[inside], pos[inside]
    starts, sizes = _runs(hashes)
    new_doc = np.ones(len(hashes), dtype=np.int32)
    new_doc[1:] = (hashes[1:] != hashes[:-1]) | (doc[1:] != doc[:-1])
    df = np.add.reduceat(new_doc, starts).astype(np.int32) if len(starts) else new_doc[:0]
    repeated = df >= 2
    frequencies = Frequencies(hashes[starts[repeated]], df[repeated], shift)
    is_seed = repeated & (df <= max_df) & (sizes <= max_postings)
    return _hits(starts[is_seed], sizes[is_seed], doc, pos), frequencies


def _runs(values: Hashes) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start index and length of each run of equal values in a sorted array."""
    if len(values) == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    sizes = np.diff(np.append(starts, len(values)))
    return starts, sizes


def _hits(starts: npt.NDArray[np.intp], sizes: npt.NDArray[np.intp], doc: Ints, pos: Ints) -> Seeds:
    """Every pair of postings, in two different articles, within each seed group."""
    parts: list[tuple[Ints, Ints, Ints, Ints]] = []
    for size in np.unique(sizes):
        first = starts[sizes == size]
        left, right = np.triu_indices(int(size), 1)
        i = (first[:, None] + left).ravel()
        j = (first[:, None] + right).ravel()
        apart = doc[i] != doc[j]
        i, j = i[apart], j[apart]
        parts.append((doc[i], doc[j], pos[i], pos[j]))
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return Seeds(empty, empty, empty, empty)
    source, target, source_pos, target_pos = (np.concatenate(p) for p in zip(*parts, strict=True))
    return Seeds(source, target, source_pos, target_pos)
