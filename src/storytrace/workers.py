"""Work spread over processes, one per CPU by default, its results in order.

The parsers and the sentence encoder run Python and numpy code that holds one core each
(their BLAS uses one thread: ``storytrace.threads``), so a batch job uses every core by
giving batches to worker processes. Workers are forked where the platform allows, after the
caller has loaded its models, so they share them instead of loading their own; elsewhere
they are spawned and load what they need once.

The caller's items are read in its own thread, ``window`` at a time, so an iterator that
reads the store (whose connection belongs to the calling thread) can feed the workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

Context = TypeVar("Context")
Argument = TypeVar("Argument")
Result = TypeVar("Result")

# Batches handed to the workers at a time, per worker.
WINDOW_PER_WORKER = 2


def worker_count(asked: int | None) -> int:
    """``asked`` workers, or one per CPU when None."""
    return asked if asked is not None else os.cpu_count() or 1


def ordered_map(
    function: Callable[[Argument], Result],
    items: Iterable[tuple[Context, Argument]],
    workers: int | None = None,
) -> Iterator[tuple[Context, Result]]:
    """``(context, function(argument))`` for each ``(context, argument)`` of ``items``, in
    order, computed by ``workers`` processes (default: one per CPU). ``function`` must be a
    module-level function (it is sent to the workers by name). With one worker, or fewer
    than two items, everything runs in this process."""
    count = worker_count(workers)
    items = iter(items)
    window = list(islice(items, max(2, count * WINDOW_PER_WORKER)))
    if count <= 1 or len(window) < 2:
        for context, argument in (*window, *items):
            yield context, function(argument)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(min(count, len(window))) as pool:
        # the next window is handed out before this one's results are given back, so the
        # workers keep busy while the caller uses them (stores them, say)
        running: Iterator[tuple[Context, Result]] = iter(())
        while window:
            results = pool.imap(function, [argument for _, argument in window])
            contexts = [context for context, _ in window]
            yield from running
            running = zip(contexts, results, strict=True)
            window = list(islice(items, count * WINDOW_PER_WORKER))
        yield from running
