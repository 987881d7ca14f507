"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from storytrace.errors import StoreError
from storytrace.limits import DEFAULTS, Limits, parse_limits, settings_text
from storytrace.store import DEFAULT_DB, Store
from storytrace.store.reads import open_existing

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


def _limits(context: click.Context, parameter: click.Parameter, value: tuple[str, ...]) -> Limits:
    try:
        return parse_limits(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def limit_option(function: F) -> F:
    """``--limit NAME=VALUE`` (repeatable): the limits that protect the machine, as a
    ``Limits`` passed to the command as ``limits``."""
    return click.option(
        "--limit",
        "limits",
        multiple=True,
        metavar="NAME=VALUE",
        callback=_limits,
        help="Change a limit that protects the machine from one input (repeatable; sizes in "
        f"k, M, G, KiB, MiB or GiB). Defaults: {settings_text(DEFAULTS)}. file-size is a "
        "single-article file, article-chars the text after cleaning, content-encodings "
        "those stacked on a download, seconds the time to read and clean one input (0: no "
        "limit). An input over a limit is quarantined as too_large or too_complex.",
    )(function)


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with ``EXIT_FAILURE``."""
    click.echo(f"storytrace: error: {message}", err=True)
    raise SystemExit(EXIT_FAILURE)


def existing_store(db_path: Path) -> Store:
    """The store at ``db_path`` for a command that reads it, or a one-line error and exit.

    Never creates a file: reading commands on a path with no store say so.
    """
    try:
        return open_existing(db_path)
    except StoreError as error:
        fail(str(error))
