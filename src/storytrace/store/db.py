"""The SQLite store: one file, WAL mode, schema brought up to date on open.

Writes happen in explicit transactions (``Store.transaction``): a process killed at any
moment leaves the file as of the last committed transaction, and WAL lets readers (search,
export) run while an ingest writes. A transaction that cannot get SQLite's write lock within
``BUSY_TIMEOUT_MS`` raises ``StoreBusyError``; whole writing runs take turns on the store's
run lock (``storytrace.store.lock``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from storytrace.errors import StoreError
from storytrace.store.lock import StoreBusyError
from storytrace.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "storytrace.db"
# How long a writer waits for another writer's lock before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 30_000
# How long a write waits for the lock before telling ``Store.on_busy``, in milliseconds.
QUIET_WAIT_MS = 1_000


def now() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """A storytrace database. Open with ``Store(path)``; close with ``close()`` or ``with``.

    ``busy_timeout_ms``: how long a write transaction waits for another connection's
    write lock before ``transaction`` raises ``StoreBusyError``; ``on_busy``, if given, is
    told once, when a transaction first finds the lock taken for ``QUIET_WAIT_MS``.

    Raises:
        StoreError: the file is not a SQLite database, was written by a newer storytrace,
            or cannot be created.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        on_busy: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.on_busy = on_busy
        opened: sqlite3.Connection | None = None
        try:
            self.db = opened = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False
            )
            self.db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            self.db.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL survives a killed process intact (only a power
            # loss can drop the last transactions), at a fraction of FULL's cost.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            if opened is not None:
                opened.close()
            if not (_in_read_only_place(error) and self.path.is_file()):
                raise StoreError(f"{self.path}: cannot open the database ({error})") from None
            self.db = self._open_read_only(error)

    def _open_read_only(self, why: sqlite3.DatabaseError) -> sqlite3.Connection:
        """The store in a folder or on a disk that cannot be written, opened to be read:
        reading commands still work; a write fails with SQLite's read-only error.

        ``immutable`` is tried last, for a store whose journal files are gone (its last
        writer finished) and cannot be made again here: then no one can be writing it.
        """
        location = "file:" + quote(os.fsencode(self.path.resolve()))
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(
                    f"{location}?{query}", uri=True, isolation_level=None, check_same_thread=False
                )
            except sqlite3.DatabaseError:
                continue
            try:
                db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
                db.execute("PRAGMA foreign_keys = ON")
                self.db = db
                self._migrate()
                return db
            except sqlite3.DatabaseError:
                db.close()
        raise StoreError(f"{self.path}: cannot open the database ({why})") from None

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
        """A write transaction: committed when the block ends, rolled back if it raises.

        Raises:
            StoreBusyError: another process held SQLite's write lock for longer than
                ``busy_timeout_ms``.
        """
        self._begin()
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error:  # e.g. the disk is full: let go of the write lock
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, waiting up to ``busy_timeout_ms`` for the write lock."""
        waited_ms = 0
        try:
            if self.on_busy is not None and self.busy_timeout_ms > QUIET_WAIT_MS:
                if self._try_begin(QUIET_WAIT_MS):
                    return
                self.on_busy()
                self.on_busy = None  # said once
                waited_ms = QUIET_WAIT_MS
            if self._try_begin(self.busy_timeout_ms - waited_ms):
                return
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        raise StoreBusyError(
            f"{self.path}: another process held the store's write lock for more than "
            f"{self.busy_timeout_ms / 1000:g} s; try again when it has finished"
        )

    def _try_begin(self, timeout_ms: int) -> bool:
        self.db.execute(f"PRAGMA busy_timeout = {max(timeout_ms, 0)}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            return False
        return True

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# SQLite's primary result codes that say the store itself cannot be used, and the cause
# a person is told (``store_failure``).
_STORE_FAILURES = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the store is read-only (the file, its folder or the disk)",
    sqlite3.SQLITE_CANTOPEN: "the store or its journal cannot be opened or created",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_IOERR: "the disk failed to read or write",
    sqlite3.SQLITE_BUSY: "another process held the store locked for too long",
    sqlite3.SQLITE_LOCKED: "another process held the store locked for too long",
    sqlite3.SQLITE_CORRUPT: "the store file is damaged",
    sqlite3.SQLITE_NOTADB: "the file is not a SQLite database",
}


def store_failure(path: str | Path, error: sqlite3.Error) -> StoreError | None:
    """The ``StoreError`` for an ``error`` that says the store at ``path`` cannot be used
    (disk full, read-only, locked, damaged), naming the store and the cause; None for any
    other error (a bug, which should not pass for a store failure)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    cause = _STORE_FAILURES.get(code & 0xFF)  # extended codes keep it in the low byte
    if cause is None:
        return None
    if code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(f"{path}: {cause} ({error}); try again when it has finished")
    return StoreError(f"{path}: {cause} ({error}); nothing more was written to it")


def _in_read_only_place(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says the store (or its journal) cannot be opened for writing."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether ``error`` says the database is locked by another connection."""
    primary_code = error.sqlite_errorcode & 0xFF  # extended codes keep it in the low byte
    return primary_code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


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
