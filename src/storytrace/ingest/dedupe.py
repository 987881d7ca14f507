"""Exact and near duplicates.

- Exact: two inputs whose texts are equal after normalisation (Unicode NFKC, case folded,
  whitespace collapsed) share a SHA-256 hash; the later one is a duplicate of the first.
- Near: an outlet's republication with a changed headline, footer or a few edited words.
  Each text becomes a set of word 5-gram shingles and a MinHash signature. The signature
  is cut into ``LSH_BANDS`` bands of ``LSH_BAND_ROWS`` values, the banding datasketch's
  ``MinHashLSH`` chooses for this threshold; the bands live in the store
  (``minhash_bands``), so that the index costs no memory however many articles it holds.
  Articles sharing a band with a new one are its candidates; those whose estimated Jaccard
  similarity (the share of equal signature values) reaches ``NEAR_DUPLICATE_JACCARD`` are
  near duplicates, and the earliest of them is linked. Near duplicates are stored as
  articles and linked to the earlier one, never deleted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

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
# The banding of datasketch's MinHashLSH(threshold=0.7, num_perm=128), which chose the
# links until the index moved into the store: 14 bands of 9 values (the last 2 values
# are in no band). Store migration 9 fills ``minhash_bands`` with these numbers; changing
# them needs a new migration that rebuilds the table.
LSH_BANDS = 14
LSH_BAND_ROWS = 9

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


# A band key: the band's number and the first two of its values (uint32 little-endian, as
# stored). MinHash values are uniformly random, so 8 bytes tell bands apart as well as all
# 36 do while keeping the store's index small; ``nearest`` checks the whole band.
BandKey = tuple[int, bytes]
_BAND_KEY_BYTES = 8
_BANDED_VALUES = LSH_BANDS * LSH_BAND_ROWS


def band_keys(values: Signature) -> list[BandKey]:
    """The signature's LSH band keys: articles sharing one are near-duplicate candidates."""
    blob = signature_bytes(values)
    starts = range(0, _BANDED_VALUES * 4, LSH_BAND_ROWS * 4)
    return [(band, blob[start : start + _BAND_KEY_BYTES]) for band, start in enumerate(starts)]


def nearest(values: Signature, candidates: Iterable[tuple[int, bytes]]) -> tuple[int, float] | None:
    """Of the ``candidates`` (article id, stored signature), the earliest that shares a whole
    band with ``values`` (as datasketch's MinHashLSH would find it) and whose estimated
    Jaccard similarity reaches the threshold, with that similarity."""
    bands = values[:_BANDED_VALUES].reshape(LSH_BANDS, LSH_BAND_ROWS)
    found = []
    for article_id, blob in candidates:
        other = signature_from_bytes(blob)
        if not (other[:_BANDED_VALUES].reshape(bands.shape) == bands).all(1).any():
            continue  # a key matched, not the whole band
        similarity = float(np.mean(other == values))
        if similarity >= NEAR_DUPLICATE_JACCARD:
            found.append((article_id, similarity))
    return min(found) if found else None
