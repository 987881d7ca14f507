"""``storytrace compare``: two or more articles about one story, side by side."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storytrace.cli.options import EXIT_OK, EXIT_PARTIAL, fail, limit_option, quiet_option
from storytrace.errors import NotEnoughArticlesError
from storytrace.limits import Limits, using
from storytrace.report import to_html, to_json, to_markdown, to_summary

if TYPE_CHECKING:
    from storytrace.compare import LoadedInputs


def _write(path: Path, text: str) -> None:
    """Write one report, or stop with a one-line error naming the file."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")


def _report_skipped(loaded: LoadedInputs, tally: str) -> None:
    """Each skipped input on its own line; the records of crawls that are not articles
    (robots.txt, images, redirects, menus) in one line of counts, ``tally``."""
    for error in loaded.skipped_inputs:
        click.echo(f"storytrace: skipped {error}", err=True)
    if tally:
        click.echo(f"storytrace: {tally} (the --json and --html reports list them)", err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch URLs on private, loopback and link-local addresses too (refused by default).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a self-contained HTML report (works offline) to this file.",
)
@click.option(
    "--md",
    "md_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a Markdown report to this file.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the full result as JSON to this file ('-' for standard output).",
)
@limit_option
@quiet_option
def compare(
    inputs: tuple[str, ...],
    allow_private: bool,
    html_path: Path | None,
    md_path: Path | None,
    json_path: Path | None,
    limits: Limits,
    quiet: bool,
) -> None:
    """Compare two or more articles about one story.

    INPUTS are what `storytrace ingest` reads: files, folders (read recursively), '-' for
    JSONL on standard input, and http(s) URLs of pages or feeds (fetched with timeouts and
    a size limit). Formats: plain text, Markdown, HTML, JSONL (one article per line), WARC
    and WARC.gz crawls (each HTML response an article), RSS and Atom feeds (each item an
    article). The summary goes to the terminal; --html, --md and --json write full
    reports (any subset). Shows what the outlets share (verbatim spans, matched passages:
    copied, paraphrased, translated), what only one of them says, and the quotations with
    their speakers and variants across outlets. A paraphrase needs shared wording or a
    shared fact (a run of words, a number, rare words, a quoted word); sentences alike in
    meaning without that are marked same-topic, which is not counted as reuse.

    An input that cannot be used (or is too short, not an article, or spam) is named on
    standard error with the reason, and the rest are still compared. The records of a
    WARC crawl that are not articles (robots.txt, images, redirects, menus) are counted
    in one line instead, and listed in the --json and --html reports. Exit status: 0 at
    least two articles compared and every input named used (records of a crawl that are
    not articles do not count); 1 compared, but some inputs were skipped; 2 fewer than
    two usable articles, or a report could not be written.
    """
    # loads the models: only when run
    from storytrace.compare import compare_articles, describe_record_tally, load_inputs

    with using(limits):
        loaded = load_inputs(inputs, allow_private=allow_private, stdin=sys.stdin)
    _report_skipped(loaded, describe_record_tally(loaded.skipped_records))
    try:
        comparison = compare_articles(loaded.articles, loaded.rejected)
    except NotEnoughArticlesError as exc:
        fail(str(exc))
    to_stdout = json_path is not None and str(json_path) == "-"
    reports = [(html_path, to_html), (md_path, to_markdown), (json_path, to_json)]
    for path, render in reports:
        if path is None:
            continue
        if to_stdout and render is to_json:
            click.echo(render(comparison), nl=False)
        else:
            _write(path, render(comparison))
    if not quiet and not to_stdout:
        click.echo(to_summary(comparison))
    raise SystemExit(EXIT_PARTIAL if loaded.skipped_inputs else EXIT_OK)
