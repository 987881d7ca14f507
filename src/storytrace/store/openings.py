"""Stored opening vectors (``storytrace.stories.openings``), so that each article's opening
is read by the encoder once, in the run that first links it across languages.

A vector is kept with ``OPENING_VERSION``; one stored under another version is read again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from storytrace.nlp.title_embeddings import TITLE_CHARS
from storytrace.store.db import LOOKUP_CHUNK, Store, versioned_blobs
from storytrace.store.headlines import unit_vector
from storytrace.stories.openings import (
    OPENING_VERSION,
    OpeningSource,
    opening_text,
    opening_vectors,
)
from storytrace.stories.same_story import TitleVector


def stored_openings(store: Store, embedded: Callable[[int], None] | None = None) -> OpeningSource:
    """A source that reads stored vectors and embeds and stores the missing ones (in a
    write transaction of its own: call it outside one); ``embedded`` hears how many it
    embedded each time it does."""

    def source(article_ids: Sequence[str]) -> Mapping[str, TitleVector]:
        found = {
            article_id: unit_vector(blob)
            for article_id, blob in versioned_blobs(
                store, "opening_vectors", "vector", OPENING_VERSION, article_ids
            )
        }
        missing = [article_id for article_id in article_ids if article_id not in found]
        if missing:
            texts = _opening_texts(store, missing)
            known = [article_id for article_id in missing if article_id in texts]
            vectors = opening_vectors([texts[article_id] for article_id in known])
            blobs = [vector.astype("<f2").tobytes() for vector in vectors]
            with store.transaction() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO opening_vectors(article_id, version, vector) "
                    "VALUES (?, ?, ?)",
                    [
                        (int(article_id), OPENING_VERSION, blob)
                        for article_id, blob in zip(known, blobs, strict=True)
                    ],
                )
            # as read back later, so that a resumed run links alike
            found.update((i, unit_vector(blob)) for i, blob in zip(known, blobs, strict=True))
            if embedded is not None:
                embedded(len(known))
        return found

    return source


def _opening_texts(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for start in range(0, len(article_ids), LOOKUP_CHUNK):
        chunk = [int(article_id) for article_id in article_ids[start : start + LOOKUP_CHUNK]]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT id, title, substr(text, 1, ?) FROM articles WHERE id IN ({marks})",
            (TITLE_CHARS * 2, *chunk),
        )
        texts.update((str(i), opening_text(title, text)) for i, title, text in rows)
    return texts
