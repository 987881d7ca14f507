"""Preparing stories' views while the server is idle, so that people find them ready.

The first view of a story analyses its articles, aligns them, derives its graph and
extracts its quotations: seconds of work, all kept in the store (``story_view``), after
which the story opens quickly and the story list shows its derivation count. When no
request has come for ``IDLE_S`` seconds, the preparer takes the largest story whose view
is not kept (``store.story_views``; or is stale: the story changed) and renders it as its
page would (``story_pages``), in one of the workers comparisons run in, one story at a
time; as soon as requests come again it waits. A story that fails to prepare is left to
its first real view.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from storytrace.serve.comparing import CompareWorkers
from storytrace.store.reads import open_existing
from storytrace.store.story_views import kept_views, view_keys

# Seconds without a request before the preparer works, and between its looks at the store
# when nothing is left to prepare.
IDLE_S = 2.0
RECHECK_S = 30.0
# How long stopping waits for a story being prepared (then the workers' own stop waits).
STOP_WAIT_S = 5.0
_LOG = logging.getLogger("storytrace.serve")


class ViewPreparer:
    """Prepares the views of the store's stories, largest first, while the server idles."""

    def __init__(self, db_path: Path, workers: CompareWorkers, idle_s: float = IDLE_S) -> None:
        self.db_path = db_path
        self.workers = workers
        self.idle_s = idle_s
        self._failed: set[int] = set()
        self._last_request = time.monotonic()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="storytrace-prepare", daemon=True)
        self._thread.start()

    def touch(self) -> None:
        """Say that a request came: the preparer waits until the server is idle again."""
        self._last_request = time.monotonic()

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=STOP_WAIT_S)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            quiet = time.monotonic() - self._last_request
            if quiet < self.idle_s:
                self._stopping.wait(self.idle_s - quiet)
                continue
            found = self.next_unprepared()
            if found is None:
                self._stopping.wait(RECHECK_S)
                continue
            story_id, key = found
            try:
                self.workers.view("render", str(self.db_path), story_id, key)
            except Exception:  # left to its first real view, which will say what is wrong
                _LOG.exception("could not prepare story %s", story_id)
                self._failed.add(story_id)

    def next_unprepared(self) -> tuple[int, str] | None:
        """The largest story whose view is not kept under its current key (and that has
        not failed to prepare), with that key; or None."""
        with open_existing(self.db_path) as store:
            keys = view_keys(store)
            kept = kept_views(store, keys)
            sizes = dict(
                store.db.execute("SELECT story_id, COUNT(*) FROM story_articles GROUP BY story_id")
            )
        waiting = [s for s in keys if s not in kept and s not in self._failed]
        chosen = max(waiting, key=lambda s: (sizes.get(s, 0), -s), default=None)
        return None if chosen is None else (chosen, keys[chosen])
