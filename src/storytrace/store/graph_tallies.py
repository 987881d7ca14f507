"""How many derivations each story's graph holds, kept so that the story list can show it.

A story's derivation graph is derived when the story is first shown (``story_view``): it
aligns the articles and weighs the evidence, too slow to do for every story of a list.
The count is kept then, under a key naming the story's articles, the edges a person
marked wrong, and ``GRAPH_VERSION`` (change it with the derivation); a count kept under
another key is not shown: the story is shown "not derived yet" until it is shown again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection, Mapping

from storytrace.store.db import Store

GRAPH_VERSION = "graph-1"


def graph_key(members_digest: str, wrong_edges: Collection[tuple[int, int]]) -> str:
    """The key of a story's derivation count: its articles (``quote_tallies.members_digest``)
    and the edges marked wrong in it."""
    marks = hashlib.sha256(json.dumps(sorted(wrong_edges)).encode()).hexdigest()[:16]
    return f"{GRAPH_VERSION}/{members_digest}/{marks}"


def save_graph_tally(db: sqlite3.Connection, story_id: int, key: str, derivations: int) -> None:
    """Keep (or replace) story ``story_id``'s derivation count under ``key``."""
    db.execute(
        "INSERT OR REPLACE INTO story_graph_tallies(story_id, key, derivations) VALUES (?, ?, ?)",
        (story_id, key, derivations),
    )


def load_graph_tallies(store: Store, keys: Mapping[int, str]) -> dict[int, int]:
    """The kept derivation counts of the stories in ``keys`` (story id -> ``graph_key``)
    that were kept under that key."""
    rows = store.db.execute("SELECT story_id, key, derivations FROM story_graph_tallies")
    return {int(story_id): int(count) for story_id, key, count in rows if keys.get(story_id) == key}


def load_graph_tally(store: Store, story_id: int, key: str) -> int | None:
    """Story ``story_id``'s kept derivation count if kept under ``key``, else None."""
    row = store.db.execute(
        "SELECT derivations FROM story_graph_tallies WHERE story_id = ? AND key = ?",
        (story_id, key),
    ).fetchone()
    return None if row is None else int(row[0])
