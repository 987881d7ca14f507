"""Keeping what a reading command computed, without waiting on another process's writes.

``show`` and ``quotes`` compute what the store does not hold yet (analyses, quotations,
headline vectors, quotation counts) and keep it for the next run. That is a cache: while
another process holds the store's write lock (an ``ingest`` or ``stories`` run in a long
transaction, a ``sqlite3`` shell), a reading command shows what is stored plus what it
computed, and keeps none of the new part, rather than waiting for minutes or failing.
SQLite's WAL lets it read all the while.

``keep`` tries the write lock for ``KEEP_WAIT_MS``; once refused, a store is not tried
again (each later ``keep`` returns at once), and the notice given with
``tell_when_not_kept`` is called once. A store that cannot be written at all (read-only
file, folder or disk; a full disk) is read the same way, keeping nothing, without a notice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from weakref import WeakKeyDictionary, WeakSet

from storytrace.store.db import Store, store_failure
from storytrace.store.lock import StoreBusyError

# How long a reading command waits for the write lock to keep what it computed, in ms.
KEEP_WAIT_MS = 2_000

_refused: WeakSet[Store] = WeakSet()
_notices: WeakKeyDictionary[Store, Callable[[], None]] = WeakKeyDictionary()


def tell_when_not_kept(store: Store, notice: Callable[[], None]) -> None:
    """Call ``notice`` (once) when ``keep`` first finds ``store`` held by another writer."""
    _notices[store] = notice


def keep(store: Store, write: Callable[[sqlite3.Connection], None]) -> bool:
    """Run ``write`` in one write transaction of ``store``, if its write lock is free within
    ``KEEP_WAIT_MS``; else write nothing and return False (then and on every later call)."""
    if store in _refused:
        return False
    waits, on_busy = store.busy_timeout_ms, store.on_busy
    store.busy_timeout_ms, store.on_busy = min(waits, KEEP_WAIT_MS), None
    try:
        with store.transaction() as db:
            write(db)
    except StoreBusyError:
        _refused.add(store)
        notice = _notices.pop(store, None)
        if notice is not None:
            notice()
        return False
    except sqlite3.Error as error:
        if store_failure(store.path, error) is None:
            raise
        _refused.add(store)  # a read-only store, a full disk: read on, keep nothing
        return False
    finally:
        store.busy_timeout_ms, store.on_busy = waits, on_busy
    return True


def kept_nothing(store: Store) -> bool:
    """Whether a ``keep`` on ``store`` was refused (another process held its write lock)."""
    return store in _refused


__all__ = ["KEEP_WAIT_MS", "keep", "kept_nothing", "tell_when_not_kept"]
