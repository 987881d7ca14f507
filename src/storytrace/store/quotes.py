"""Stored quotations: what extraction found in each stored article, kept between commands.

Extraction parses every article, which costs far more than reading the result back; the
result is kept per article with the extractor's version and extracted again when the
version changes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

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


def save_quotes(db: sqlite3.Connection, article: Article, quotes: Sequence[Quote]) -> None:
    """Store (or replace) the quotations of one stored article."""
    db.execute(
        "INSERT OR REPLACE INTO article_quotes(article_id, version, quotes) VALUES (?, ?, ?)",
        (int(article.id), EXTRACTOR_VERSION, json.dumps([_record(q) for q in quotes])),
    )


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
