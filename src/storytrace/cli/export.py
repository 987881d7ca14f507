"""``storytrace export``: the stored articles as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from storytrace.cli.options import EXIT_FAILURE, db_option, existing_store, fail, quiet_option
from storytrace.cli.search import filter_options
from storytrace.store.export import FORMATS, export

STDOUT = "-"


def _silence_stdout() -> None:
    """After the reader of a pipe went away (``| head``), keep Python's final flush quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="jsonl: one JSON object per line. csv: one row per article, list fields as JSON "
    "arrays. parquet: typed columns (needs pyarrow and a file).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=STDOUT,
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write to this file ('-' for standard output, not possible for parquet).",
)
@db_option
@filter_options
@quiet_option
def export_command(
    fmt: str,
    output: str,
    db_path: Path,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    quiet: bool,
) -> None:
    """Export the stored articles as JSON Lines, CSV or Parquet.

    One record per article, with where it came from. Fields: id, story_id, hash, title,
    outlet, url, published, published_precision, published_kind, language, kind,
    dateline_place, dateline_date, dateline_agency, basis, text, sources, record_ids,
    near_duplicate_of, run_id. id is the article id (`storytrace show article ID` opens
    its story); story_id is the story it was grouped into (empty until `storytrace
    stories` has grouped it). published is in UTC: 2024-03-05T14:02:00Z, or 2024-03-05
    when only the day is known (published_precision second or day; a typed timestamp in
    Parquet, a day at midnight); published_kind is published, updated, crawled (a crawl
    date, not a publication) or dateline. basis says where each metadata field came from
    (outlet: "declared: og:site_name", "URL host", "text line", ...). sources and
    record_ids are lists (JSON arrays inside a CSV cell, as is basis); near_duplicate_of
    is the id of the article this one nearly repeats. The filters pick which articles are
    exported. A file is written whole or not at all.
    """
    if fmt == "parquet" and output == STDOUT:
        fail("parquet is binary and needs a file: pass --output FILE")
    store = existing_store(db_path)
    filters = {"outlet": outlet, "language": language, "since": since, "until": until}
    target = "standard output" if output == STDOUT else output
    with store:
        try:
            if output == STDOUT:
                sys.stdout.flush()
                written = export(store, fmt, sys.stdout.buffer, **filters)
                sys.stdout.buffer.flush()
            else:
                written = export(store, fmt, Path(output), **filters)
        except BrokenPipeError:
            _silence_stdout()
            raise SystemExit(EXIT_FAILURE) from None
        except OSError as error:
            fail(f"cannot write {target}: {error.strerror or error}")
            return
        except (ImportError, ValueError) as error:
            fail(str(error))
            return
    if not quiet:
        click.echo(f"exported {written} articles as {fmt} to {target}", err=True)
