"""A story's pair alignments, kept so that showing the story again aligns nothing.

Once analyses are stored, aligning a story's article pairs (``storytrace.align.pairs``) is
most of what ``storytrace show`` costs: a story of 28 articles has 378 pairs. An alignment
depends on more than its two articles: word-overlap weights (IDF) are counted over the
units of every member. So a story's alignments are kept as one row, under a key
(``alignment_key``) that names all they are computed from: the alignment method (its source
and data files, the stop words, ``ALIGNMENT_VERSION``), and, in order, each member's id,
text, language, units and embeddings, and the pairs aligned. A changed article, analysis,
membership or method gives another key, and the story is aligned again; its row is then
replaced. The row is written with ``storytrace.store.keep``: while another process writes
to the store, the alignments are computed and not kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Sequence
from functools import lru_cache, partial
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from storytrace.model import AnalysedArticle, MatchKind, PairAlignment, SentenceMatch, SharedSpan
from storytrace.store.db import Store
from storytrace.store.keep import keep

if TYPE_CHECKING:
    from storytrace.align.pairs import Aligner

# Bump with any change to how pairs are aligned that the digest of the files below misses.
ALIGNMENT_VERSION = "align-1"
# The code and data an alignment is computed by (package-relative paths): a change to any
# of them makes every stored alignment stale.
METHOD_FILES = (
    "align/evidence.py",
    "align/lexical.py",
    "align/pairs.py",
    "align/sentences.py",
    "align/verbatim.py",
    "nlp/names.py",
    "data/aliases.tsv",
)

Pairs = Sequence[tuple[int, int]]


@lru_cache(maxsize=1)
def method_version() -> str:
    """``ALIGNMENT_VERSION`` and a digest of the alignment's code, data and stop words."""
    from storytrace.nlp.names import english_stop_words

    digest = hashlib.sha256()
    package = resources.files("storytrace")
    for name in METHOD_FILES:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes() + b"\0")
    try:
        spacy = version("spacy")
    except PackageNotFoundError:
        spacy = ""
    digest.update(json.dumps([spacy, sorted(english_stop_words())]).encode())
    return f"{ALIGNMENT_VERSION}/{digest.hexdigest()[:16]}"


def alignment_key(articles: Sequence[AnalysedArticle], pairs: Pairs) -> str:
    """Names everything ``align_articles(articles, pairs)`` is computed from (module doc).

    Raises:
        ValueError: an article has no embeddings.
    """
    digest = hashlib.sha256()
    for item in articles:
        if item.embeddings is None:
            raise ValueError(f"article {item.article.id} has no embeddings")
        units = [(s.index, s.start, s.end, s.text) for s in item.sentences]
        head = [item.article.id, item.article.language, item.article.text, units]
        digest.update(json.dumps(head, ensure_ascii=False).encode() + b"\0")
        digest.update(f"{item.embeddings.dtype}{item.embeddings.shape}".encode())
        digest.update(item.embeddings.tobytes() + b"\0")
    digest.update(json.dumps([list(pair) for pair in pairs]).encode())
    return f"{method_version()}/{digest.hexdigest()[:32]}"


def load_alignments(
    store: Store, story_id: int, key: str, articles: Sequence[AnalysedArticle]
) -> list[PairAlignment] | None:
    """The alignments kept for ``story_id`` under ``key``, else None; ``articles`` are the
    ones they were computed from (the shared passages' texts are read from them)."""
    row = store.db.execute(
        "SELECT alignments FROM story_alignments WHERE story_id = ? AND key = ?", (story_id, key)
    ).fetchone()
    if row is None:
        return None
    texts = {item.article.id: item.article.text for item in articles}
    return [_pair(record, texts) for record in json.loads(zlib.decompress(row[0]))]


def save_alignments(
    db: sqlite3.Connection, story_id: int, key: str, alignments: Sequence[PairAlignment]
) -> None:
    """Keep (or replace) the alignments of ``story_id`` under ``key``."""
    records = [_record(pair) for pair in alignments]
    blob = zlib.compress(json.dumps(records, separators=(",", ":")).encode())
    db.execute(
        "INSERT OR REPLACE INTO story_alignments(story_id, key, alignments) VALUES (?, ?, ?)",
        (story_id, key, blob),
    )


def kept_alignments(store: Store, story_id: int, align: Aligner) -> Aligner:
    """``align``, reading the story's alignments from ``store`` where they are kept under the
    current key, and keeping what it computes (``storytrace.store.keep``)."""

    def aligned(articles: Sequence[AnalysedArticle], pairs: Pairs) -> list[PairAlignment]:
        key = alignment_key(articles, pairs)
        found = load_alignments(store, story_id, key, articles)
        if found is not None:
            return found
        computed = align(articles, pairs)
        keep(store, partial(save_alignments, story_id=story_id, key=key, alignments=computed))
        return computed

    return aligned


def _record(pair: PairAlignment) -> list[object]:
    spans = [[s.start_a, s.end_a, s.start_b, s.end_b, s.tokens] for s in pair.spans]
    matches = [
        [m.sentence_a, m.sentence_b, m.kind.value, m.score, m.semantic, m.lexical]
        for m in pair.matches
    ]
    return [pair.article_a, pair.article_b, spans, matches]


def _pair(record: Sequence[Any], texts: dict[str, str]) -> PairAlignment:
    id_a, id_b, spans, matches = record
    a, b = str(id_a), str(id_b)
    text_a, text_b = texts[a], texts[b]
    return PairAlignment(
        a,
        b,
        [
            SharedSpan(a, sa, ea, b, sb, eb, text_a[sa:ea], text_b[sb:eb], tokens)
            for sa, ea, sb, eb, tokens in spans
        ],
        [
            SentenceMatch(a, i, b, j, MatchKind(kind), score, semantic, lexical)
            for i, j, kind, score, semantic, lexical in matches
        ],
    )


__all__ = [
    "ALIGNMENT_VERSION",
    "alignment_key",
    "kept_alignments",
    "load_alignments",
    "method_version",
    "save_alignments",
]
