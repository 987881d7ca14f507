"""Stored headline embeddings, so that showing a story again does not embed its headlines again.

A vector is kept with ``HEADLINE_VERSION`` (the encoder and how much of a title it reads);
one stored under another version is computed again. An article with no title is stored
with an empty vector, so it is not looked at again either.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial

import numpy as np

from storytrace.model import Article
from storytrace.nlp.title_embeddings import HEADLINE_VERSION, TITLE_EMBEDDING_SIZE
from storytrace.store.db import Store, versioned_blobs
from storytrace.store.keep import keep
from storytrace.stories.same_story import TitleVector


def stored_headlines(store: Store, articles: Sequence[Article]) -> dict[str, TitleVector | None]:
    """Each article's headline vector (None: no title), embedding and storing the missing
    (kept unless another process writes to the store: ``storytrace.store.keep``)."""
    found = _load(store, [article.id for article in articles])
    missing = [article for article in articles if article.id not in found]
    if missing:
        from storytrace.stories.same_story import headline_vectors  # loads the encoder

        vectors = headline_vectors(missing)
        rows = [
            (int(article.id), HEADLINE_VERSION, _blob(vector))
            for article, vector in zip(missing, vectors, strict=True)
        ]
        keep(store, partial(_save, rows=rows))
        # as read back later, so that a story shows the same fits the first time and after
        found.update(
            (article.id, _vector(_blob(vector)))
            for article, vector in zip(missing, vectors, strict=True)
        )
    return {article.id: found[article.id] for article in articles}


def _save(db: sqlite3.Connection, rows: list[tuple[int, str, bytes]]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO headline_vectors(article_id, version, vector) VALUES (?, ?, ?)",
        rows,
    )


def _load(store: Store, article_ids: Sequence[str]) -> dict[str, TitleVector | None]:
    rows = versioned_blobs(store, "headline_vectors", "vector", HEADLINE_VERSION, article_ids)
    return {article_id: _vector(blob) for article_id, blob in rows}


def _blob(vector: TitleVector | None) -> bytes:
    return b"" if vector is None else vector.astype("<f2").tobytes()


def _vector(blob: bytes) -> TitleVector | None:
    return unit_vector(blob) if blob else None


def unit_vector(blob: bytes) -> TitleVector:
    """A stored float16 vector of the second encoder, as a unit vector."""
    vector = np.frombuffer(blob, dtype="<f2", count=TITLE_EMBEDDING_SIZE).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
