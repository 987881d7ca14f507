"""Exact and near duplicates.

- Exact: two inputs whose texts are equal after normalisation (Unicode NFKC, case folded,
  whitespace collapsed) share a SHA-256 hash; the later one is a duplicate of the first.
- Near: an outlet's republication with a changed headline, footer or a few edited words.
  Each text becomes a set of word 5-gram shingles and a MinHash signature; a MinHash LSH
  index (datasketch) finds earlier articles whose estimated Jaccard similarity reaches
  ``NEAR_DUPLICATE_JACCARD``. Near duplicates are stored as articles and linked to the
  earlier one, never deleted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

# Signature length: 128 permutations estimate a Jaccard similarity to about +-0.04.
NUM_PERMUTATIONS = 128
# Words per shingle: long enough that two unrelated articles share almost none, short
# enough that one edited word spoils only five shingles.
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of shingle sets from which two articles are near duplicates:
# a republication with a new headline or footer stays above it; two reports of one event
# by different outlets stay far below. On benchmarks/ingest_scale.py, 0.7 gave precision
# 0.99 and recall 0.90 at 10,000 articles (the misses: short articles given a long footer);
# 0.6 raised recall to 0.99 but linked 21% wrong pairs at 100,000 (articles that share most
# paragraphs). A link is a claim shown to users, so precision comes first.
NEAR_DUPLICATE_JACCARD = 0.7

# datasketch's 32-bit hashing scheme: its values fit the uint32 signatures stored per article.
_SCHEME = "affine32"
# Odd 64-bit multiplier that mixes consecutive word hashes into one shingle hash.
_SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)

Signature = npt.NDArray[np.uint32]


def normalise(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, case folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the article's key in the store."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingle_hashes(text: str) -> list[int]:
    """32-bit hashes of the text's word 5-grams (a text shorter than that is one shingle).

    Words are hashed once with CRC-32 (stable across processes and runs, unlike ``hash``)
    and combined per shingle with numpy, instead of hashing every shingle string: the same
    information at a tenth of the cost.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return [0]
    word_hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), np.uint64, len(words))
    count = max(1, len(words) - SHINGLE_WORDS + 1)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(min(SHINGLE_WORDS, len(words))):
        combined = combined * _SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]
    folded = (combined >> np.uint64(32)) ^ (combined & np.uint64(0xFFFFFFFF))
    hashes: list[int] = folded.tolist()
    return hashes


def signature(text: str) -> Signature:
    """MinHash signature (datasketch, 32-bit scheme) of the text's word shingles."""
    minhash = MinHash(
        num_perm=NUM_PERMUTATIONS, hashfunc=int, permutations=_permutations(), scheme=_SCHEME
    )
    minhash.update_batch(shingle_hashes(text))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@lru_cache(maxsize=1)
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    # datasketch draws these from a fixed seed; drawing them once saves most of the cost
    # of a MinHash on a short text.
    permutations: tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]
    permutations = MinHash(num_perm=NUM_PERMUTATIONS, scheme=_SCHEME).permutations
    return permutations


def signature_bytes(values: Signature) -> bytes:
    return values.astype("<u4").tobytes()


def signature_from_bytes(blob: bytes) -> Signature:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class NearDuplicateIndex:
    """Articles' signatures in a MinHash LSH index, queried before each insert."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERMUTATIONS)
        self._signatures: dict[int, Signature] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: int, values: Signature) -> None:
        self._lsh.insert(article_id, _as_minhash(values), check_duplication=False)
        self._signatures[article_id] = values

    def nearest(self, values: Signature) -> tuple[int, float] | None:
        """The earliest indexed article at or above the threshold, with its similarity."""
        found = []
        for candidate in self._lsh.query(_as_minhash(values)):
            similarity = float(np.mean(self._signatures[candidate] == values))
            if similarity >= NEAR_DUPLICATE_JACCARD:
                found.append((int(candidate), similarity))
        return min(found) if found else None


def _as_minhash(values: Signature) -> MinHash:
    return MinHash(
        num_perm=NUM_PERMUTATIONS, hashvalues=values, permutations=_permutations(), scheme=_SCHEME
    )
