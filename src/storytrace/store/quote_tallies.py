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
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class StoryMembers:
    """What a story's tally line needs to know of it without reading its articles' texts."""

    title: str | None  # the title of its oldest article that has one, as ``load_story`` gives
    articles: int
    key: str  # ``tally_key`` of its articles
    digest: str = ""  # ``members_digest`` of its articles


def tally_key(articles: Sequence[Article]) -> str:
    """The story's articles (with their outlets) and the versions its tally depends on."""
    return _versioned(members_digest(articles))


def members_digest(articles: Sequence[Article]) -> str:
    """What names a story's articles (with their outlets): changes when they do."""
    return digest_of((article.id, article.outlet) for article in articles)


def digest_of(members: Iterable[tuple[str, str | None]]) -> str:
    """``members_digest`` of ``(article id, outlet)`` pairs."""
    listed = sorted((article_id, outlet or "") for article_id, outlet in members)
    return hashlib.sha256(json.dumps(listed).encode()).hexdigest()[:32]


def _versioned(digest: str) -> str:
    return f"{EXTRACTOR_VERSION}/{TALLY_VERSION}/{digest}"


def story_members(store: Store) -> dict[int, StoryMembers]:
    """Each live story's title, article count and ``tally_key``, in one read of ids, outlets
    and titles (no article text), so that a listing of stored tallies stays quick."""
    rows = store.db.execute(
        "SELECT s.story_id, a.id, a.outlet, a.title FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id "
        "ORDER BY s.story_id, a.published IS NULL, a.published, s.position"
    )
    members: dict[int, list[tuple[str, str | None]]] = {}
    titles: dict[int, str | None] = {}
    for story_id, article_id, outlet, title in rows:
        members.setdefault(int(story_id), []).append((str(article_id), outlet))
        if title and not titles.get(int(story_id)):
            titles[int(story_id)] = str(title)
    digests = {story_id: digest_of(listed) for story_id, listed in members.items()}
    return {
        story_id: StoryMembers(
            titles.get(story_id), len(listed), _versioned(digests[story_id]), digests[story_id]
        )
        for story_id, listed in members.items()
    }


def load_tallies(store: Store, keys: dict[int, str]) -> dict[int, StoredTally]:
    """The stored tallies of the stories in ``keys`` (story id -> ``tally_key``) that were
    stored under that key; a story missing from the answer must be counted again."""
    rows = store.db.execute("SELECT story_id, key, tally FROM story_quote_tallies")
    return {
        int(story_id): _tally(text) for story_id, key, text in rows if keys.get(story_id) == key
    }


def load_tally(store: Store, story_id: int, key: str) -> StoredTally | None:
    """The stored tally of ``story_id`` if it was stored under ``key``, else None."""
    row = store.db.execute(
        "SELECT tally FROM story_quote_tallies WHERE story_id = ? AND key = ?", (story_id, key)
    ).fetchone()
    return None if row is None else _tally(row[0])


def _tally(text: str) -> StoredTally:
    record = json.loads(text)
    speakers = tuple((str(name), int(count)) for name, count in record["speakers"])
    return StoredTally(int(record["quotes"]), int(record["shared"]), speakers)


def save_tally(db: sqlite3.Connection, story_id: int, key: str, tally: StoredTally) -> None:
    """Store (or replace) the tally of ``story_id`` under ``key``."""
    record = {"quotes": tally.quotes, "shared": tally.shared, "speakers": tally.speakers}
    db.execute(
        "INSERT OR REPLACE INTO story_quote_tallies(story_id, key, tally) VALUES (?, ?, ?)",
        (story_id, key, json.dumps(record, ensure_ascii=False)),
    )
