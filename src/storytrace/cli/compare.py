"""``storytrace compare``: two or more articles about one story, side by side."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from storytrace.cli.options import EXIT_OK, EXIT_PARTIAL, fail, quiet_option
from storytrace.errors import InputError, NotEnoughArticlesError
from storytrace.report import to_html, to_json, to_markdown, to_summary


def _write(path: Path, text: str) -> None:
    """Write one report, or stop with a one-line error naming the file."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")


def _report_errors(errors: list[InputError]) -> None:
    for error in errors:
        click.echo(f"storytrace: skipped {error}", err=True)


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
@quiet_option
def compare(
    inputs: tuple[str, ...],
    allow_private: bool,
    html_path: Path | None,
    md_path: Path | None,
    json_path: Path | None,
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
    their speakers and variants across outlets.

    An input that cannot be used is named on standard error with the reason, and the
    rest are still compared. Exit status: 0 all inputs used; 1 compared, but some inputs
    were skipped; 2 fewer than two usable articles, or a report could not be written.
    """
    from storytrace.compare import compare_paths  # loads the models: only when run

    try:
        comparison = compare_paths(inputs, allow_private=allow_private, stdin=sys.stdin)
    except NotEnoughArticlesError as exc:
        _report_errors(exc.rejected)
        fail(str(exc))
    for source, reason in comparison.rejected:
        click.echo(f"storytrace: skipped {source}: {reason}", err=True)
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
    raise SystemExit(EXIT_PARTIAL if comparison.rejected else EXIT_OK)
