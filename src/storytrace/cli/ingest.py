"""``storytrace ingest``: files, folders, crawls, feeds and URLs into the store."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from storytrace.cli.options import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    db_option,
    limit_option,
    quiet_option,
)
from storytrace.cli.writing import wait_option, writing_run
from storytrace.errors import REASONS
from storytrace.limits import Limits, using

if TYPE_CHECKING:
    from storytrace.ingest.pipeline import IngestSummary


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch URLs on private, loopback and link-local addresses too (refused by default).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for cleaning and hashing (default: one per CPU).",
)
@click.option(
    "--analyse",
    is_flag=True,
    help="Also find sentences, entities and sentence embeddings of new articles and store them "
    "(slow: about 10-30 articles/s), so later commands need not compute them.",
)
@limit_option
@wait_option
@quiet_option
def ingest_command(
    inputs: tuple[str, ...],
    db_path: Path,
    allow_private: bool,
    workers: int | None,
    analyse: bool,
    limits: Limits,
    wait_s: float,
    quiet: bool,
) -> None:
    """Take articles into the store, losing nothing.

    INPUTS are files, folders (read recursively), '-' for JSONL on standard input, and
    http(s) URLs of pages or feeds. Formats: plain text, Markdown, HTML, JSONL, news-please
    .json (one article object or a list), WARC and WARC.gz crawls, RSS and Atom feeds. Every
    input ends as a stored article or as a quarantined record with its reason (see
    `storytrace quarantine`; under 5 words is too_short; link lists, menus and text
    without a sentence are not_article; keyword-stuffed pages are spam); exact duplicates
    are quarantined as duplicates of the stored article, near duplicates are stored and
    linked. A feed item that carries only a teaser (no full body) is stored as a feed
    summary: searchable and exported, marked as a summary, not grouped into stories.
    Rerunning adds nothing twice. A file name that is not UTF-8 is recorded and shown with
    its undecodable bytes escaped (e.g. '\\xff\\xfe.txt').

    One run writes to a store at a time: while another `ingest` or `stories` run holds it,
    this one waits (up to --wait seconds) before it reads or writes anything.

    Exit status: 0 all inputs stored (or already there, or duplicates); 1 some inputs were
    quarantined; 2 nothing could be stored, or the store cannot be used (a full disk, a
    read-only file, folder or disk, a damaged file; or another run held it for longer than
    --wait): one line on standard error names the store and the cause.
    """
    # the readers and the models load here, not when the command line starts
    from storytrace.ingest.analysis import analyse_stored
    from storytrace.ingest.pipeline import ingest
    from storytrace.ingest.sources import iter_inputs, shown_name

    show = not quiet and sys.stderr.isatty()
    with (
        using(limits),
        writing_run(db_path, wait_s, create=True) as store,
        tqdm(desc="ingest", unit=" docs", disable=not show, leave=False) as bar,
    ):

        def progress(summary: IngestSummary) -> None:
            bar.n = summary.read + summary.already
            bar.set_postfix(stored=summary.stored, quarantined=summary.refused, refresh=False)
            bar.refresh()

        units = iter_inputs(_absolute(inputs), allow_private=allow_private, stdin=sys.stdin)
        command = shown_name(shlex.join(sys.argv))  # recorded with the run
        summary = ingest(store, units, workers=workers, progress=progress, command=command)
        if analyse:
            with tqdm(desc="analyse", unit=" articles", disable=not show, leave=False) as done:
                analysed = analyse_stored(store, progress=lambda n: done.update(n - done.n))
            if not quiet:
                click.echo(f"analysed {analysed} articles (sentences, entities, embeddings)")
    if not quiet:
        click.echo(describe(summary, db_path))
    raise SystemExit(exit_code(summary))


def _absolute(inputs: tuple[str, ...]) -> list[str]:
    """Paths made absolute, so that a rerun from another folder names the same sources."""
    return [i if i == "-" or "://" in i else os.path.abspath(i) for i in inputs]


def exit_code(summary: IngestSummary) -> int:
    """0 nothing refused; 1 some inputs refused; 2 inputs refused and none usable."""
    if summary.refused == 0:
        return EXIT_OK
    usable = summary.stored + summary.duplicates + summary.already + summary.inputs_skipped
    return EXIT_FAILURE if usable == 0 else EXIT_PARTIAL


def describe(summary: IngestSummary, db_path: Path) -> str:
    """The end-of-run summary for a person."""
    lines = [
        f"storytrace ingest into {db_path} (run {summary.run_id}): {summary.inputs} inputs",
        f"  stored            {summary.stored}",
        f"  near duplicates   {summary.near_duplicates} (stored, linked to the earlier article)",
        f"  feed summaries    {summary.summaries} (stored, searchable, not grouped into stories)",
        f"  bytes replaced    {summary.repaired} (stored with U+FFFD for undecodable bytes)",
        f"  exact duplicates  {summary.duplicates} (quarantined as duplicates)",
        f"  already stored    {summary.already}",
        f"  unchanged inputs  {summary.inputs_skipped} (read to the end by an earlier run)",
        f"  changed inputs    {summary.inputs_changed} (read again: changed since an earlier "
        "run read them)",
        f"  quarantined       {summary.refused}",
    ]
    for reason, count in sorted(summary.quarantined.items()):
        lines.append(f"    {reason:16s}{count:>6}  {REASONS.get(reason, '')}")
    if summary.refused:
        lines.append("  see them with: storytrace quarantine" + _db_flag(db_path))
    return "\n".join(lines)


def _db_flag(db_path: Path) -> str:
    return "" if str(db_path) == "storytrace.db" else f" --db {db_path}"


__all__ = ["ingest_command"]
