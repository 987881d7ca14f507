"""One writing run at a time per store: an OS lock on ``FILE.lock`` beside the store.

A run that changes the store (``ingest``, ``stories``) holds the lock from before it reads
what earlier runs decided until it has written its last transaction, so two runs never
decide from the same state (two ``stories`` runs grouping the same new articles, two
``ingest`` runs storing the same input twice). The lock is ``flock`` on a file of its own:
the operating system releases it when the holding process ends, killed or not, so a stale
lock never blocks. The file stays beside the store (removing it would let a waiting run and
a new one lock two different files); it holds nothing.

SQLite's own write lock still guards each transaction; ``Store.transaction`` turns a wait
on it that runs out into a ``StoreBusyError`` too.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from storytrace.errors import StoreError

LOCK_SUFFIX = ".lock"
# How long a writing run waits for another by default, in seconds (the CLI's --wait).
DEFAULT_WAIT_S = 600
# How often a waiting run tries the lock again, in seconds.
POLL_S = 0.1


class StoreBusyError(StoreError):
    """Another process held the store for longer than this one would wait."""


def lock_path(db_path: str | Path) -> Path:
    """The lock file of the store at ``db_path``: ``FILE.lock`` in the same folder."""
    path = Path(db_path)
    return path.with_name(path.name + LOCK_SUFFIX)


@contextmanager
def run_lock(
    db_path: str | Path, wait_s: float, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the store at ``db_path`` for one writing run.

    If another run holds it, ``on_wait`` is called once and the lock is tried again every
    ``POLL_S`` seconds for up to ``wait_s`` seconds (0: not at all).

    Raises:
        StoreBusyError: the other run still held the store after ``wait_s`` seconds.
        StoreError: the lock file cannot be created or opened.
    """
    if wait_s < 0:
        raise ValueError(f"wait_s must be 0 or more, got {wait_s}")
    path = lock_path(db_path)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StoreError(f"{path}: cannot create the store's lock file ({reason})") from None
    try:
        if not _try_lock(descriptor):
            if on_wait is not None:
                on_wait()
            _wait_for_lock(descriptor, Path(db_path), wait_s)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _wait_for_lock(descriptor: int, db_path: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise StoreBusyError(
                f"{db_path}: another storytrace run still holds the store after waiting "
                f"{wait_s:g} s; try again when it has finished, or wait longer with --wait"
            )
        time.sleep(min(POLL_S, left))
        if _try_lock(descriptor):
            return


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:  # e.g. a file system without locks
        reason = error.strerror or type(error).__name__
        raise StoreError(f"cannot lock the store's lock file ({reason})") from None
    return True
