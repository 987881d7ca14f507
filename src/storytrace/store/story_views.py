"""Stories' views as the web workspace shows them, kept so that a story opens at once.

A view (the page's parts and the ``show --json`` document) depends on the story's articles,
the corrections that touch it (edges and speakers marked wrong), everything a grouping run
changes (fits, how rare a shared phrase is), and the versions of storytrace and of its
quotation extraction. ``view_keys`` names all of these; a view kept under another key is
not used, and the next view of the story computes and keeps it again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Collection, Mapping

from storytrace import __version__
from storytrace.quotes.extract import EXTRACTOR_VERSION
from storytrace.store.corrections import speaker_marks, wrong_edges_by_story
from storytrace.store.db import Store
from storytrace.store.quote_tallies import digest_of

# Change with what a kept view holds or how it is rendered.
VIEW_VERSION = "view-1"


def view_keys(store: Store, story_ids: Collection[int] | None = None) -> dict[int, str]:
    """The current view key of each story (of ``story_ids``; None: every story)."""
    query = (
        "SELECT s.story_id, a.id, a.outlet FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id"
    )
    wanted = sorted(story_ids) if story_ids is not None else []
    if story_ids is not None:
        query += f" WHERE s.story_id IN ({','.join('?' * len(wanted))})"
    members: dict[int, list[tuple[str, str | None]]] = {}
    for story_id, article_id, outlet in store.db.execute(query, wanted):
        members.setdefault(int(story_id), []).append((str(article_id), outlet))
    (grouped,) = store.db.execute("SELECT MAX(run_id) FROM story_articles").fetchone()
    wrong = wrong_edges_by_story(store)
    article_ids = [int(article_id) for listed in members.values() for article_id, _ in listed]
    speakers = speaker_marks(store, article_ids)
    keys = {}
    for story_id, listed in members.items():
        marks = [
            [article, start, end, mark.detail.get("correct")]
            for article, _ in listed
            for (start, end), mark in sorted(speakers.get(int(article), {}).items())
        ]
        corrected = json.dumps([sorted(wrong.get(story_id, {})), marks])
        digest = hashlib.sha256(corrected.encode()).hexdigest()[:16]
        keys[story_id] = (
            f"{VIEW_VERSION}/{__version__}/{EXTRACTOR_VERSION}/{grouped}/"
            f"{digest_of(listed)}/{digest}"
        )
    return keys


def save_view(db: sqlite3.Connection, story_id: int, key: str, parts: Mapping[str, str]) -> None:
    """Keep (or replace) story ``story_id``'s view ``parts`` under ``key``."""
    blob = zlib.compress(json.dumps(dict(parts), ensure_ascii=False).encode(), 6)
    db.execute(
        "INSERT OR REPLACE INTO story_views(story_id, key, parts) VALUES (?, ?, ?)",
        (story_id, key, blob),
    )


def load_view(store: Store, story_id: int, key: str) -> dict[str, str] | None:
    """Story ``story_id``'s kept view parts if kept under ``key``, else None."""
    row = store.db.execute(
        "SELECT parts FROM story_views WHERE story_id = ? AND key = ?", (story_id, key)
    ).fetchone()
    if row is None:
        return None
    parts: dict[str, str] = json.loads(zlib.decompress(row[0]))
    return parts


def kept_views(store: Store, keys: Mapping[int, str]) -> set[int]:
    """The stories of ``keys`` whose view is kept under their key."""
    rows = store.db.execute("SELECT story_id, key FROM story_views")
    return {int(story_id) for story_id, key in rows if keys.get(story_id) == key}
