"""``storytrace stories``: group the stored articles into stories, and list them."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from storytrace.cli.options import db_option, quiet_option
from storytrace.cli.writing import wait_option, writing_run
from storytrace.report._common import shorten

if TYPE_CHECKING:
    from storytrace.store.stories import StorySummary


@click.command("stories")
@db_option
@click.option(
    "--no-reuse",
    is_flag=True,
    help="Skip indexing verbatim reuse across the corpus (show then has only what an "
    "earlier run indexed).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="List this many stories, largest first (0: all).",
)
@click.option(
    "--include-summaries",
    is_flag=True,
    help="Also group feed summaries (short teasers from RSS/Atom feeds), which are kept and "
    "searchable but left out of stories by default.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the story list as JSON.")
@wait_option
@quiet_option
def stories_command(
    db_path: Path,
    no_reuse: bool,
    limit: int,
    include_summaries: bool,
    as_json: bool,
    wait_s: float,
    quiet: bool,
) -> None:
    """Group the stored articles into stories (one event, many outlets), and list them.

    Articles grouped by an earlier run stay where they are; the new articles are grouped
    together (each joins the story it reports on, or they open new ones), so story ids stay
    stable across runs, and a large batch is grouped better than the same articles fed a
    few at a time. New articles that report one event are looked at together, so one
    report an earlier run left in a near story does not pull the rest of its event in.
    When new articles show two stories to be one, the younger is merged into the older,
    whose id survives (the merged id still works with `storytrace show`).
    Articles in different languages join one story when the multilingual encoder puts them
    close enough. Feed summaries are not grouped unless --include-summaries.

    Fit and cohesion: an article's fit is its strongest link (0-1: lead, words, names and
    figures, dates) with another article of its story; a story's cohesion is its members'
    mean fit. The list shows each story's cohesion and, where its weakest member's fit is
    under 0.40, "low fit": that article shares little specific wording, names or figures
    with any other member and may report another event; check it by hand (`storytrace
    show STORY`).

    Then verbatim reuse across the whole corpus is indexed (passages copied from one
    article into another, with offsets in both; shared boilerplate lines are ignored), for
    `storytrace show STORY`.

    One run writes to a store at a time: while another `stories` or `ingest` run holds it,
    this one waits (up to --wait seconds, then exit status 2 with nothing changed), and
    then groups only what that run left ungrouped.
    """
    # grouping loads the models: imported here, not when the command line starts
    from storytrace.store.stories import count_ungrouped, story_summaries
    from storytrace.stories.corpus import group_stored, index_reuse

    show = not quiet and not as_json and sys.stderr.isatty()
    with writing_run(db_path, wait_s, create=False) as store:
        pending = count_ungrouped(store, include_summaries)
        with tqdm(total=pending, desc="stories", unit=" articles", disable=not show) as bar:
            summary = group_stored(
                store,
                progress=lambda n: bar.update(n - bar.n),
                grouping=lambda n: bar.set_description(f"stories (grouping {n})"),
                include_summaries=include_summaries,
            )
        if not no_reuse:
            with tqdm(desc="reuse", unit=" articles", disable=not show) as bar:
                summary.reused_passages = index_reuse(
                    store, progress=lambda n: bar.update(n - bar.n)
                )
        listed = story_summaries(store)
    shown = listed if limit == 0 else listed[:limit]
    if as_json:
        document = {"run": asdict(summary), "stories": [asdict(s) for s in shown]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not quiet:
        click.echo(_run_line(summary.articles, summary.joined, summary.opened, summary.merged))
        if summary.reused_passages is not None:
            click.echo(f"verbatim reuse: {summary.reused_passages} passages across the corpus")
    for line in _story_lines(shown):
        click.echo(line)
    if not quiet and len(shown) < len(listed):
        click.echo(f"... {len(listed) - len(shown)} more stories (--limit 0 lists all)")


def _run_line(articles: int, joined: int, opened: int, merged: int) -> str:
    if not articles:
        return "no new articles to group"
    return (
        f"grouped {articles} new articles: {joined} joined a story, {opened} stories opened, "
        f"{merged} merged"
    )


def _story_lines(stories: list[StorySummary]) -> list[str]:
    lines = []
    for story in stories:
        dates = _dates(story.first_published, story.last_published)
        languages = ",".join(story.languages) or "?"
        title = shorten(story.title or "(untitled)", 70)
        lines.append(
            f"{story.id:>6}  {story.articles:>4} articles  {story.outlets:>3} outlets  "
            f"{languages:<8} {dates:<23}  {_cohesion(story):<22}  {title}"
        )
    return lines


def _cohesion(story: StorySummary) -> str:
    """``cohesion 0.52`` with ``, low fit`` when the weakest member fits under LOW_FIT."""
    from storytrace.stories.grouping import LOW_FIT

    if story.cohesion is None:
        return "-"
    text = f"cohesion {story.cohesion:.2f}"
    if story.lowest_fit is not None and story.lowest_fit < LOW_FIT:
        text += ", low fit"
    return text


def _dates(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first}..{last}"


__all__ = ["stories_command"]
