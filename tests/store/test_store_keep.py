"""What a reading command computed is kept when the store is free, and skipped (at once, and
said once) while another connection holds SQLite's write lock."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from storytrace.store import Store
from storytrace.store.keep import KEEP_WAIT_MS, keep, kept_nothing, tell_when_not_kept


def _add_run(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO runs(started, command) VALUES ('x', 'show')")


def _runs(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def test_keep_writes_when_the_store_is_free(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        told: list[str] = []
        tell_when_not_kept(store, lambda: told.append("not kept"))
        assert keep(store, _add_run) and keep(store, _add_run)
        assert _runs(store) == 2 and not kept_nothing(store) and told == []


def test_keep_skips_while_another_connection_writes_and_says_so_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as an ingest in a long transaction, or a sqlite3 shell
    try:
        with Store(db, busy_timeout_ms=60_000) as store:
            told: list[str] = []
            tell_when_not_kept(store, lambda: told.append("not kept"))
            started = time.monotonic()
            assert not keep(store, _add_run)  # waited KEEP_WAIT_MS, not the store's 60 s
            first = time.monotonic() - started
            started = time.monotonic()
            assert not keep(store, _add_run)  # refused before: not tried again
            again = time.monotonic() - started
            assert KEEP_WAIT_MS / 1000 <= first < 30 and again < KEEP_WAIT_MS / 1000
            assert told == ["not kept"] and kept_nothing(store)
            assert _runs(store) == 0  # it still reads
            assert store.busy_timeout_ms == 60_000  # the store's own wait is back
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(db) as store:
        assert _runs(store) == 0
        assert keep(store, _add_run) and _runs(store) == 1  # a later command keeps again
