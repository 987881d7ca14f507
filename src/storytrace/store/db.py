"""The SQLite store: one file, WAL mode, schema brought up to date on open.

Writes happen in explicit transactions (``Store.transaction``): a process killed at any
moment leaves the file as of the last committed transaction, and WAL lets readers (search,
export) run while an ingest writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from storytrace.errors import StoreError
from storytrace.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "storytrace.db"
# How long a writer waits for another writer's lock before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 30_000


def now() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """A storytrace database. Open with ``Store(path)``; close with ``close()`` or ``with``.

    Raises:
        StoreError: the file is not a SQLite database, was written by a newer storytrace,
            or cannot be created.
    """

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL survives a killed process intact (only a power
            # loss can drop the last transactions), at a fraction of FULL's cost.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the database ({error})") from None

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this storytrace "
                f"understands ({SCHEMA_VERSION}); upgrade storytrace"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[number - 1]
            self.db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Article ids bound per query by ``versioned_blobs`` (SQLite allows far more parameters).
LOOKUP_CHUNK = 500


def versioned_blobs(
    store: Store, table: str, column: str, version: str, article_ids: Sequence[str]
) -> Iterator[tuple[str, bytes]]:
    """(article id, blob) of ``table``'s rows of ``version`` among ``article_ids``.

    ``table`` and ``column`` are names from this package's schema, never user input.
    """
    for start in range(0, len(article_ids), LOOKUP_CHUNK):
        chunk = [int(article_id) for article_id in article_ids[start : start + LOOKUP_CHUNK]]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT article_id, {column} FROM {table} "
            f"WHERE version = ? AND article_id IN ({marks})",
            (version, *chunk),
        )
        for article_id, blob in rows:
            yield str(article_id), blob
