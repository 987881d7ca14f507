"""``storytrace quarantine``: what ingest refused, and why."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from storytrace.cli.options import db_option, existing_store
from storytrace.errors import REASONS
from storytrace.store.reads import QuarantineRecord, quarantine_counts, quarantined


def describe(record: QuarantineRecord) -> str:
    """The detail of a refusal: the recorded detail, else what its reason code means."""
    if record.detail:
        parts = [record.detail]
    else:  # a duplicate is said well enough by the article it repeats
        parts = [] if record.duplicate_of is not None else [REASONS.get(record.reason, "")]
    if record.duplicate_of is not None:
        story = record.duplicate_of_story
        in_story = "" if story is None else f" (story {story})"
        parts.append(f"duplicate of article {record.duplicate_of}{in_story}")
    return "; ".join(part for part in parts if part)


def _totals(counts: dict[str, int]) -> str:
    if not counts:
        return "nothing quarantined"
    by_reason = ", ".join(f"{reason} {number}" for reason, number in counts.items())
    return f"quarantined: {sum(counts.values())} ({by_reason})"


@click.command("quarantine")
@db_option
@click.option(
    "--reason",
    type=click.Choice(sorted(REASONS)),
    metavar="CODE",
    help=f"Only records refused for this reason: {', '.join(sorted(REASONS))}.",
)
@click.option(
    "--run",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only records refused by ingest run N (run numbers count up from 1).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"records": [...], "counts": {reason: number}} as JSON.',
)
def quarantine_command(db_path: Path, reason: str | None, run: int | None, as_json: bool) -> None:
    """List the inputs ingest refused, and why.

    One line per refused input: reason code, source, detail. Ends with the number of
    records per reason. Nothing is lost: every input that did not become an article is
    here, duplicates with the id of the article they repeat and, once `storytrace
    stories` has grouped it, its story ("duplicate of article 529 (story 12)"; in --json
    "duplicate_of" and "duplicate_of_story", null until grouped).
    """
    store = existing_store(db_path)
    with store:
        records = quarantined(store, reason=reason, run=run)
        counts = quarantine_counts(store, run=run)
    if reason is not None:
        counts = {code: number for code, number in counts.items() if code == reason}
    if as_json:
        document = {"records": [asdict(record) for record in records], "counts": counts}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    width = max((len(record.reason) for record in records), default=0)
    for record in records:
        click.echo(f"{record.reason:<{width}}  {record.source}  {describe(record)}".rstrip())
    click.echo(_totals(counts))
