"""Writing ingest results: runs, articles with provenance, quarantine, near duplicates;
and what the writer looks up as it goes (known sources, content hashes, near-duplicate
candidates), with indexed queries rather than copies in memory.

Functions take the connection of an open transaction (``Store.transaction()``), so that one
batch of results is committed whole or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.model import Article
from storytrace.store.db import Store, now


@dataclass(frozen=True)
class Origin:
    """Where an article or a refused input came from."""

    source: str  # path, path:line, path#record-id or URL
    record_id: str | None = None
    format: str | None = None
    encoding: str | None = None


def start_run(store: Store, command: str) -> int:
    with store.transaction() as db:
        cursor = db.execute("INSERT INTO runs(started, command) VALUES (?, ?)", (now(), command))
    return int(cursor.lastrowid or 0)


def finish_run(store: Store, run_id: int, summary: dict[str, object]) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
            (now(), json.dumps(summary, sort_keys=True), run_id),
        )


# Reasons that may not hold next time (a network failure, a refused address the user may
# now allow, a file not there yet, a bug since fixed): such inputs are tried again.
RETRIED_REASONS = ("missing", "unreadable", "refused", "failed")


def is_known_source(db: sqlite3.Connection, source: str, run_id: int) -> bool:
    """Whether ``source`` is stored as an article, quarantined for a lasting reason, or
    quarantined for any reason by run ``run_id`` (the run asking: within one run a source
    is written once). On the connection of an open transaction it sees that transaction's
    rows too."""
    marks = ", ".join("?" for _ in RETRIED_REASONS)
    row = db.execute(
        "SELECT 1 FROM provenance WHERE source = ? UNION ALL "
        f"SELECT 1 FROM quarantine WHERE source = ? AND (reason NOT IN ({marks}) OR run_id = ?) "
        "LIMIT 1",
        (source, source, *RETRIED_REASONS, run_id),
    ).fetchone()
    return row is not None


def article_with_hash(db: sqlite3.Connection, content_hash: str) -> int | None:
    """The id of the stored article with this content hash, if any."""
    row = db.execute("SELECT id FROM articles WHERE hash = ?", (content_hash,)).fetchone()
    return None if row is None else int(row[0])


def near_duplicate_candidates(
    db: sqlite3.Connection, band_keys: Sequence[tuple[int, bytes]]
) -> list[tuple[int, bytes]]:
    """(article id, MinHash signature) of every stored article sharing one of the LSH
    ``band_keys`` (band number, key), in id order."""
    if not band_keys:
        return []
    wanted = ", ".join("(?, ?)" for _ in band_keys)
    rows = db.execute(
        f"WITH wanted(band, key) AS (VALUES {wanted}) "
        "SELECT DISTINCT a.id, a.minhash FROM wanted w "
        "JOIN minhash_bands b ON b.band = w.band AND b.key = w.key "
        "JOIN articles a ON a.id = b.article_id ORDER BY a.id",
        [value for key in band_keys for value in key],
    )
    return [(int(row[0]), bytes(row[1])) for row in rows]


def insert_minhash_bands(
    db: sqlite3.Connection, article_id: int, band_keys: Sequence[tuple[int, bytes]]
) -> None:
    """Index a stored article under its LSH ``band_keys`` (band number, key)."""
    db.executemany(
        "INSERT OR IGNORE INTO minhash_bands(band, key, article_id) VALUES (?, ?, ?)",
        [(band, key, article_id) for band, key in band_keys],
    )


def insert_article(
    db: sqlite3.Connection,
    article: Article,
    content_hash: str,
    minhash: bytes,
    origin: Origin,
    run_id: int,
) -> int:
    """Store a new article and its provenance; returns its id."""
    dateline = article.dateline
    cursor = db.execute(
        "INSERT INTO articles(hash, text, title, outlet, url, published, language, "
        "dateline_place, dateline_date, dateline_agency, removed, minhash, run_id, "
        "published_kind, basis, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            content_hash,
            article.text,
            article.title,
            article.outlet,
            article.url,
            article.published,
            article.language,
            dateline.place if dateline else None,
            dateline.date if dateline else None,
            dateline.agency if dateline else None,
            json.dumps(list(article.removed), ensure_ascii=False),
            minhash,
            run_id,
            article.published_kind,
            json.dumps(dict(article.basis), ensure_ascii=False, sort_keys=True),
            article.kind,
        ),
    )
    article_id = int(cursor.lastrowid or 0)
    db.execute("DELETE FROM quarantine WHERE source = ?", (origin.source,))  # tried again
    db.execute(
        "INSERT INTO provenance(source, article_id, record_id, format, encoding, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (origin.source, article_id, origin.record_id, origin.format, origin.encoding, run_id),
    )
    return article_id


def insert_quarantine(
    db: sqlite3.Connection,
    source: str,
    reason: str,
    detail: str | None,
    run_id: int,
    duplicate_of: int | None = None,
) -> None:
    db.execute(
        # a source refused again (a retried reason) keeps one record, with the latest reason
        "INSERT OR REPLACE INTO quarantine(source, reason, detail, duplicate_of, run_id) "
        "VALUES (?, ?, ?, ?, ?)",
        (source, reason, detail, duplicate_of, run_id),
    )


def insert_near_duplicate(
    db: sqlite3.Connection, article_id: int, of_article_id: int, similarity: float
) -> None:
    db.execute(
        "INSERT OR IGNORE INTO near_duplicates(article_id, of_article_id, similarity) "
        "VALUES (?, ?, ?)",
        (article_id, of_article_id, round(similarity, 4)),
    )


def finished_inputs(store: Store) -> dict[str, tuple[int, int]]:
    """Input name -> (size, mtime_ns) recorded when it was last read to its end."""
    rows = store.db.execute("SELECT name, size, mtime_ns FROM finished_inputs")
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


def mark_finished(db: sqlite3.Connection, name: str, size: int, mtime_ns: int, run_id: int) -> None:
    db.execute(
        "INSERT OR REPLACE INTO finished_inputs(name, size, mtime_ns, run_id) VALUES (?, ?, ?, ?)",
        (name, size, mtime_ns, run_id),
    )


@dataclass
class InputContents:
    """What the store holds from one input (a file, its lines and records), by content.

    ``hashes``: the content hashes of its articles and of the articles its duplicates
    duplicate. ``refusals``: how many of its items are quarantined for each lasting
    (reason, detail). An input that changed since it was read is compared with these, item
    by item, so that items seen before (perhaps under another line number) are not stored
    or quarantined twice.
    """

    name: str
    hashes: set[str]
    refusals: Counter[tuple[str, str | None]]


def input_contents(db: sqlite3.Connection, name: str) -> InputContents:
    """The ``InputContents`` of input ``name``: rows whose source is ``name`` or ``name``
    followed by ``:`` (line), ``#`` (record id), ``@`` (content digest) or ``~`` (repeat)."""
    upper = name + "\U0010ffff"
    hashes = {
        row[1]
        for row in db.execute(
            "SELECT p.source, a.hash FROM provenance p JOIN articles a ON a.id = p.article_id "
            "WHERE p.source >= ? AND p.source < ? "
            "UNION ALL SELECT q.source, a.hash FROM quarantine q "
            "JOIN articles a ON a.id = q.duplicate_of WHERE q.source >= ? AND q.source < ?",
            (name, upper, name, upper),
        )
        if of_input(row[0], name)
    }
    marks = ", ".join("?" for _ in RETRIED_REASONS)
    refusals: Counter[tuple[str, str | None]] = Counter(
        (row[1], row[2])
        for row in db.execute(
            "SELECT source, reason, detail FROM quarantine WHERE source >= ? AND source < ? "
            f"AND duplicate_of IS NULL AND reason NOT IN ({marks})",
            (name, upper, *RETRIED_REASONS),
        )
        if of_input(row[0], name)
    )
    return InputContents(name, hashes, refusals)


def of_input(source: str, name: str) -> bool:
    """Whether ``source`` names input ``name`` or one of its items."""
    return source == name or (source.startswith(name) and source[len(name)] in ":#@~")
