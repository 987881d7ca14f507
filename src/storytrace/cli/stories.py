"""``storytrace stories``: group the stored articles into stories, and list them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from storytrace.cli.options import db_option, quiet_option
from storytrace.cli.writing import wait_option, writing_run
from storytrace.report._common import shorten

if TYPE_CHECKING:
    from storytrace.store.db import Store
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
@click.option(
    "--no-quotes",
    is_flag=True,
    help="Skip extracting the quotations of the stories this run changed (storytrace quotes "
    "then extracts them the first time it needs them).",
)
@click.option(
    "--no-openings",
    is_flag=True,
    help="Link articles in different languages by their lead vectors alone, without "
    "reading their openings with the second encoder: faster on a corpus in many languages "
    "(about 30 ms an article on two cores), and fewer reports in two languages grouped.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes computing grouping features and extracting quotations "
    "(default: one per CPU).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the story list as JSON.")
@wait_option
@quiet_option
def stories_command(
    db_path: Path,
    no_reuse: bool,
    limit: int,
    include_summaries: bool,
    no_quotes: bool,
    no_openings: bool,
    workers: int | None,
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
    close enough; where their languages differ and their leads are not far apart, their
    openings (headline, or the first lines) are also read by a second, stronger encoder,
    once per article and kept (--no-openings: the leads alone). Feed summaries are not
    grouped unless --include-summaries.

    Fit and cohesion: an article's fit is its strongest link (0-1: lead, words, names and
    figures, dates) with another article of its story; a story's cohesion is its members'
    mean fit. The list shows each story's cohesion and, where its weakest member's fit is
    under 0.40, "low fit": that article shares little specific wording, names or figures
    with any other member and may report another event; check it by hand (`storytrace
    show STORY`).

    Then verbatim reuse across the whole corpus is indexed (passages copied from one
    article into another, with offsets in both; shared boilerplate lines are ignored), for
    `storytrace show STORY`; and the quotations of the stories this run changed are
    extracted and kept with their counts (a parse of each new article), so that
    `storytrace quotes` and `show` only read them (--no-quotes leaves that to them).
    Features and quotations are computed by worker processes, one per CPU unless
    --workers says otherwise.

    With nothing new (no article to group, none added since reuse was indexed), it says
    so and lists the stories, loading no model.

    One run writes to a store at a time: while another `stories` or `ingest` run holds it,
    this one waits (up to --wait seconds, then exit status 2 with nothing changed), and
    then groups only what that run left ungrouped.
    """
    from storytrace.store.stories import story_summaries

    show = not quiet and not as_json and sys.stderr.isatty()
    with writing_run(db_path, wait_s, create=False) as store:
        update = update_stories(
            store,
            include_summaries=include_summaries,
            workers=workers,
            reuse=not no_reuse,
            quotes=not no_quotes,
            openings=not no_openings,
            show=show,
        )
        if not update.quotations_kept:  # a process outside storytrace held the write lock
            click.echo(
                f"storytrace: another process is writing to {db_path}; the quotations "
                "were not kept (storytrace quotes extracts them when it needs them)",
                err=True,
            )
        listed = story_summaries(store)
    run = update.run
    run["stories"] = len(listed)
    shown = listed if limit == 0 else listed[:limit]
    if as_json:
        document = {"run": run, "stories": [asdict(s) for s in shown]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not quiet:
        for line in _summary_lines(run, nothing_new=update.nothing_new):
            click.echo(line)
    for line in _story_lines(shown):
        click.echo(line)
    if not quiet and len(shown) < len(listed):
        click.echo(f"... {len(listed) - len(shown)} more stories (--limit 0 lists all)")


@dataclass
class StoriesUpdate:
    """What ``update_stories`` did: the run's summary (as ``stories --json`` prints it),
    whether there was nothing new, and whether the quotations found could be kept."""

    run: dict[str, object]
    nothing_new: bool
    quotations_kept: bool = True


def update_stories(
    store: Store,
    *,
    include_summaries: bool = False,
    workers: int | None = None,
    reuse: bool = True,
    quotes: bool = True,
    openings: bool = True,
    show: bool = False,
    stage: Callable[[str], None] = lambda _: None,
) -> StoriesUpdate:
    """What ``storytrace stories`` does to a store it holds: group the new articles
    (reading openings for links across languages unless not ``openings``), index verbatim
    reuse (``reuse``), and keep the quotations of the stories the grouping changed
    (``quotes``). ``show``: progress bars on standard error; ``stage`` is told each step
    as it starts, in words."""
    from storytrace.reuse.freshness import current_reuse
    from storytrace.store.stories import count_ungrouped, stale_feature_articles

    pending = count_ungrouped(store, include_summaries)
    to_group = pending > 0 or bool(stale_feature_articles(store))
    indexed = current_reuse(store) if reuse else None
    if to_group:
        stage(f"grouping {pending} new articles into stories")
        run, touched = _group(store, pending, include_summaries, show, workers, openings)
    else:  # loads no model: grouping would import faiss and restore every story
        run, touched = _nothing_grouped(), []
    if reuse:
        if indexed is None:
            stage("indexing verbatim reuse across the corpus")
        run["reused_passages"] = indexed if indexed is not None else _index_reuse(store, show)
    kept = True
    if touched and quotes:
        from storytrace.cli.quotes import keep_story_quotations  # loads the models
        from storytrace.store.keep import kept_nothing

        stage(f"finding the quotations of {len(touched)} stories")
        run["quotations"] = keep_story_quotations(store, touched, show, workers)
        kept = not kept_nothing(store)
    nothing_new = not to_group and indexed is not None
    return StoriesUpdate(run, nothing_new, quotations_kept=kept)


def _group(
    store: Store,
    pending: int,
    include_summaries: bool,
    show: bool,
    workers: int | None,
    openings: bool,
) -> tuple[dict[str, object], list[int]]:
    """Group the new articles (and refresh stale features); the run's summary (as
    ``--json`` prints it) and the stories its articles are in now."""
    from storytrace.stories.corpus import group_stored  # loads the models and faiss

    with tqdm(total=pending, desc="stories", unit=" articles", disable=not show) as bar:
        summary = group_stored(
            store,
            progress=lambda n: bar.update(n - bar.n),
            grouping=lambda n: bar.set_description(f"stories (grouping {n})"),
            include_summaries=include_summaries,
            workers=workers,
            openings=openings,
            reading=lambda n: bar.set_postfix_str(f"openings read {n}"),
        )
    rows = store.db.execute(
        "SELECT DISTINCT story_id FROM story_articles WHERE run_id = ? ORDER BY story_id",
        (summary.run_id,),
    )
    run: dict[str, object] = {**asdict(summary), "quotations": None}
    return run, [int(story_id) for (story_id,) in rows]


def _nothing_grouped() -> dict[str, object]:
    """The ``--json`` run summary of a run that grouped nothing (no run is recorded): the
    keys of ``storytrace.stories.corpus.GroupingSummary``, and ``quotations``."""
    counts = (
        "articles",
        "joined",
        "opened",
        "merged",
        "stories",
        "saved_features",
        "openings_read",
    )
    return {"run_id": None, **dict.fromkeys(counts, 0), "reused_passages": None, "quotations": None}


def _index_reuse(store: Store, show: bool) -> int:
    """Index verbatim reuse across the whole corpus, and record which corpus it read."""
    from storytrace.reuse.freshness import corpus_mark, record_reuse_index
    from storytrace.stories.corpus import index_reuse

    mark = corpus_mark(store)
    with tqdm(desc="reuse", unit=" articles", disable=not show) as bar:
        passages = index_reuse(store, progress=lambda n: bar.update(n - bar.n))
    record_reuse_index(store, mark, passages)
    return passages


def _summary_lines(run: dict[str, object], nothing_new: bool) -> list[str]:
    """What the run did, for the text view."""
    passages = run["reused_passages"]
    if nothing_new:
        return [
            "nothing new since the last run: no article to group, verbatim reuse indexed "
            f"({passages} passages across the corpus)"
        ]
    counts = [run[key] for key in ("articles", "joined", "opened", "merged")]
    lines = [_run_line(*(count if isinstance(count, int) else 0 for count in counts))]
    if passages is not None:
        lines.append(f"verbatim reuse: {passages} passages across the corpus")
    if run["quotations"] is not None:
        lines.append(
            f"quotations: {run['quotations']} in the stories this run changed, kept for "
            "storytrace quotes"
        )
    return lines


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
    from storytrace.stories.similarity import LOW_FIT

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
