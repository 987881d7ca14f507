"""Commands that change the store take turns: ``--wait`` and the run lock, for the CLI."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import click

from storytrace.cli.options import F, existing_store, fail
from storytrace.errors import StoreError
from storytrace.store import Store
from storytrace.store.db import store_failure
from storytrace.store.lock import DEFAULT_WAIT_S, run_lock


def wait_option(function: F) -> F:
    """``--wait SECONDS``: how long to wait for another run that is writing to the store."""
    return click.option(
        "--wait",
        "wait_s",
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        default=DEFAULT_WAIT_S,
        show_default=True,
        help="If another storytrace run is writing to the store, wait this many seconds "
        "for it to finish, then give up with exit status 2 having changed nothing (0: do "
        "not wait).",
    )(function)


@contextmanager
def writing_run(db_path: Path, wait_s: float, *, create: bool) -> Iterator[Store]:
    """The store at ``db_path``, held by this run alone until the block ends.

    Waits (saying so on standard error) while another run holds it, and each write waits
    as long for SQLite's write lock (held by a process outside storytrace); a store that
    stays busy, cannot be opened, or fails while the block writes to it (disk full,
    read-only, damaged) is a one-line error naming the store and the cause, and exit
    status 2; what earlier transactions committed stays. ``create``:
    make the store if there is none (else say there is none, creating nothing).
    """
    if not create and not db_path.is_file():
        existing_store(db_path)  # says there is no store, and exits
    run_holds = partial(_say_waiting, "another storytrace run holds the store", db_path, wait_s)
    writer_holds = partial(_say_waiting, "another process is writing to", db_path, wait_s)
    try:
        with (
            run_lock(db_path, wait_s, on_wait=run_holds),
            Store(db_path, busy_timeout_ms=round(wait_s * 1000), on_busy=writer_holds) as store,
        ):
            yield store
    except StoreError as error:
        fail(str(error))
    except sqlite3.Error as error:
        failure = store_failure(db_path, error)
        if failure is None:
            raise
        fail(str(failure))


def _say_waiting(holder: str, db_path: Path, wait_s: float) -> None:
    message = f"storytrace: {holder} {db_path}; waiting (up to {wait_s:g} s, see --wait)..."
    click.echo(message, err=True)
