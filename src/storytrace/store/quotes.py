"""Stored quotations: what extraction found in each stored article, kept between commands.

Extraction parses every article, which costs far more than reading the result back; the
result is kept per article with the extractor's version and extracted again when the
version changes. Each quotation's embedding (float16, for grouping the variants of one
utterance across articles) is kept in its record too, once computed, so that showing a
story's quotations again loads no encoder.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from storytrace.model import Article, Quote, QuoteKind, Speaker
from storytrace.quotes.extract import EXTRACTOR_VERSION
from storytrace.store.db import Store


def load_quotes(store: Store, article: Article) -> list[Quote] | None:
    """The stored quotations of ``article`` (a stored article), or None if none are current."""
    row = store.db.execute(
        "SELECT quotes FROM article_quotes WHERE article_id = ? AND version = ?",
        (int(article.id), EXTRACTOR_VERSION),
    ).fetchone()
    if row is None:
        return None
    return [_quote(article, record) for record in json.loads(row[0])]


def save_quotes(
    db: sqlite3.Connection,
    article: Article,
    quotes: Sequence[Quote],
    vectors: Mapping[str, QuoteVector] | None = None,
) -> None:
    """Store (or replace) the quotations of one stored article, with the embeddings in
    ``vectors`` (quotation id -> vector) of those it has one for."""
    records = [_record(quote) for quote in quotes]
    for record, quote in zip(records, quotes, strict=True):
        vector = (vectors or {}).get(quote.id)
        if vector is not None:
            record["vector"] = base64.b64encode(vector.astype("<f2").tobytes()).decode("ascii")
    db.execute(
        "INSERT OR REPLACE INTO article_quotes(article_id, version, quotes) VALUES (?, ?, ?)",
        (int(article.id), EXTRACTOR_VERSION, json.dumps(records)),
    )


QuoteVector = npt.NDArray[np.float32]


def as_stored(vector: QuoteVector) -> QuoteVector:
    """``vector`` as it reads back from the store (float16, made unit length again), so a
    quotation groups the same the first time it is embedded and every time after."""
    rounded = vector.astype("<f2").astype(np.float32)
    norm = float(np.linalg.norm(rounded))
    return rounded / norm if norm else rounded


def load_quote_vectors(store: Store, articles: Sequence[Article]) -> dict[str, QuoteVector]:
    """Quotation id -> stored embedding, for the current quotations of ``articles`` that have
    one."""
    found: dict[str, QuoteVector] = {}
    for article in articles:
        row = store.db.execute(
            "SELECT quotes FROM article_quotes WHERE article_id = ? AND version = ?",
            (int(article.id), EXTRACTOR_VERSION),
        ).fetchone()
        for record in json.loads(row[0]) if row is not None else []:
            if record.get("vector"):
                raw = np.frombuffer(base64.b64decode(record["vector"]), dtype="<f2")
                found[str(record["id"])] = as_stored(raw.astype(np.float32))
    return found


def _record(quote: Quote) -> dict[str, Any]:
    speaker = quote.speaker
    return {
        "id": quote.id,
        "parts": [list(part) for part in quote.parts or ((quote.start, quote.end),)],
        "text": quote.text,
        "kind": quote.kind.value,
        "cue": [quote.cue, quote.cue_start, quote.cue_end] if quote.cue else None,
        "notes": list(quote.notes),
        "speaker": None
        if speaker is None
        else [speaker.name, speaker.key, speaker.role, speaker.start, speaker.end, speaker.mention],
    }


def _quote(article: Article, record: dict[str, Any]) -> Quote:
    parts = tuple((int(start), int(end)) for start, end in record["parts"])
    cue = record["cue"] or [None, None, None]
    speaker = Speaker(*record["speaker"]) if record["speaker"] else None
    return Quote(
        id=str(record["id"]),
        article=article.id,
        start=parts[0][0],
        end=parts[-1][1],
        text=str(record["text"]),
        speaker=speaker,
        cue=cue[0],
        kind=QuoteKind(record["kind"]),
        cue_start=cue[1],
        cue_end=cue[2],
        parts=parts,
        notes=tuple(record["notes"]),
    )
