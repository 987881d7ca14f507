"""What each story's quotations amount to, kept so that listing the stories is quick.

Listing the stories of ``storytrace quotes`` groups every story's quotations into
utterances, which embeds them all. The counts it shows (quotations, utterances carried by
several outlets, the most quoted speakers) change only when the story's articles do, or
the way quotations are extracted or grouped; ``tally_key`` names all three, and a count
stored under another key is computed again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.model import Article
from storytrace.quotes.extract import EXTRACTOR_VERSION
from storytrace.store.db import Store

# Names how quotations are grouped and counted (storytrace.quotes.variants,
# storytrace.report.quotes_text.tally); change it with either.
TALLY_VERSION = "tally-1"


@dataclass(frozen=True)
class StoredTally:
    quotes: int
    shared: int
    speakers: tuple[tuple[str, int], ...]


def tally_key(articles: Sequence[Article]) -> str:
    """The story's articles (with their outlets) and the versions its tally depends on."""
    members = sorted((article.id, article.outlet or "") for article in articles)
    digest = hashlib.sha256(json.dumps(members).encode()).hexdigest()[:32]
    return f"{EXTRACTOR_VERSION}/{TALLY_VERSION}/{digest}"


def load_tally(store: Store, story_id: int, key: str) -> StoredTally | None:
    """The stored tally of ``story_id`` if it was stored under ``key``, else None."""
    row = store.db.execute(
        "SELECT tally FROM story_quote_tallies WHERE story_id = ? AND key = ?", (story_id, key)
    ).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    speakers = tuple((str(name), int(count)) for name, count in record["speakers"])
    return StoredTally(int(record["quotes"]), int(record["shared"]), speakers)


def save_tally(db: sqlite3.Connection, story_id: int, key: str, tally: StoredTally) -> None:
    """Store (or replace) the tally of ``story_id`` under ``key``."""
    record = {"quotes": tally.quotes, "shared": tally.shared, "speakers": tally.speakers}
    db.execute(
        "INSERT OR REPLACE INTO story_quote_tallies(story_id, key, tally) VALUES (?, ?, ?)",
        (story_id, key, json.dumps(record, ensure_ascii=False)),
    )
