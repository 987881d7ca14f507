"""Whether the stored verbatim-reuse index still covers the corpus, so that ``storytrace
stories`` indexes it again only when something changed.

Indexing reads every article (seconds on a thousand); a ``stories`` run with nothing new
should not pay that. Each index built is recorded as a run of its own (command
``reuse``) whose summary names the corpus it read: ``corpus_mark``, the index's version
with the number of stored articles and the newest article id. Articles are only ever
added, never changed or removed, so an equal mark means the same corpus.
"""

from __future__ import annotations

import json

from storytrace.reuse.index import REUSE_VERSION
from storytrace.store.db import Store, now

# The ``runs.command`` of a recorded reuse index.
REUSE_RUN = "reuse"


def corpus_mark(store: Store) -> str:
    """The index version, article count and newest article id of ``store``."""
    count, newest = store.db.execute("SELECT COUNT(*), MAX(id) FROM articles").fetchone()
    return f"{REUSE_VERSION}/{int(count)}/{int(newest or 0)}"


def current_reuse(store: Store) -> int | None:
    """How many passages the last recorded reuse index found, if it was built from the
    corpus as it is now; else None (index it again)."""
    row = store.db.execute(
        "SELECT summary FROM runs WHERE command = ? AND finished IS NOT NULL "
        "ORDER BY id DESC LIMIT 1",
        (REUSE_RUN,),
    ).fetchone()
    recorded = json.loads(row[0]) if row is not None and row[0] else None
    if not isinstance(recorded, dict) or recorded.get("corpus") != corpus_mark(store):
        return None
    return int(recorded["passages"])


def record_reuse_index(store: Store, mark: str, passages: int) -> None:
    """Record that the stored reuse index (``passages`` of them) was built from the corpus
    ``mark`` names (``corpus_mark`` read before indexing)."""
    summary = json.dumps({"corpus": mark, "passages": passages}, sort_keys=True)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO runs(started, finished, command, summary) VALUES (?, ?, ?, ?)",
            (now(), now(), REUSE_RUN, summary),
        )


__all__ = ["corpus_mark", "current_reuse", "record_reuse_index"]
