"""Which server process runs the background work (ingest jobs, preparing views).

``storytrace serve --processes N`` answers requests from N processes; the jobs and the
preparing of views must run in one of them only. Each process tries an OS lock on
``FILE.serve.lock`` beside the store when it starts: the one that gets it runs the
background work until it stops (the lock goes with the process, killed or not), the
others only answer requests. A job queued through any of them is run by the one with the
lock, which looks for queued jobs every few seconds.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

SUFFIX = ".serve.lock"


class BackgroundDuty:
    """The lock that makes one server process of a store the one that runs its jobs."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + SUFFIX)
        self._descriptor: int | None = None

    def take(self) -> bool:
        """Take the duty if no other process holds it; whether this process holds it."""
        if self._descriptor is not None:
            return True
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False  # a read-only folder: no background work from here
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None
