"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from storytrace.store import DEFAULT_DB

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILURE = 2

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    """``--db FILE``: the store to use (default ``storytrace.db`` in the current folder)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=DEFAULT_DB,
        show_default=True,
        help="The SQLite store.",
    )(function)


def quiet_option(function: F) -> F:
    """``-q/--quiet``: no summary, no progress bars."""
    return click.option("-q", "--quiet", is_flag=True, help="Print no summary or progress.")(
        function
    )


def fail(message: str) -> None:
    """Print a one-line error and exit with ``EXIT_FAILURE``."""
    click.echo(f"storytrace: error: {message}", err=True)
    raise SystemExit(EXIT_FAILURE)
