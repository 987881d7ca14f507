"""``storytrace search``: full-text search over the stored articles.

Also holds the article filter options (``--outlet``, ``--language``, ``--since``,
``--until``) that ``storytrace export`` shares.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from storytrace.cli.options import db_option, existing_store, fail
from storytrace.store.reads import (
    DEFAULT_LIMIT,
    MATCH_END,
    MATCH_START,
    SearchHit,
    check_date,
    search,
)

F = TypeVar("F", bound=Callable[..., Any])

# Where bold cannot be shown (a pipe, a file, --json), matches are put in brackets.
PLAIN_MARKS = ("[", "]")
_SPACES = re.compile(r"\s+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NO_STORY = "no story yet"
# Put before the title of a feed item that carries only a teaser, not a full article.
SUMMARY_MARK = "[summary] "


def _date(_context: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def filter_options(function: F) -> F:
    """``--outlet``, ``--language``, ``--since``, ``--until``: which articles to use."""
    options = [
        click.option(
            "--outlet",
            metavar="NAME",
            help="Only articles from this outlet (exact name, case ignored).",
        ),
        click.option(
            "--language",
            metavar="CODE",
            help="Only articles in this language (ISO 639-1 code such as en, de, fr).",
        ),
        click.option(
            "--since",
            metavar="YYYY-MM-DD",
            callback=_date,
            help="Only articles published on or after this day (undated ones are left out).",
        ),
        click.option(
            "--until",
            metavar="YYYY-MM-DD",
            callback=_date,
            help="Only articles published on or before this day (undated ones are left out).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def highlight(snippet: str, bold: bool) -> str:
    """``snippet`` on one line, its matches in bold (ANSI) or in ``PLAIN_MARKS``."""
    if bold:
        parts = re.split(f"({re.escape(MATCH_START)}.*?{re.escape(MATCH_END)})", snippet)
        snippet = "".join(
            click.style(part[1:-1], bold=True) if part.startswith(MATCH_START) else part
            for part in parts
        )
    else:
        snippet = snippet.replace(MATCH_START, PLAIN_MARKS[0]).replace(MATCH_END, PLAIN_MARKS[1])
    return _SPACES.sub(" ", snippet).strip()


def _render(rank: int, hit: SearchHit, bold: bool) -> str:
    published = hit.published or ""
    day = published[:10] if _ISO_DAY.match(published) else published
    facts = ", ".join(part for part in (hit.outlet, day, hit.language) if part)
    mark = SUMMARY_MARK if hit.kind == "summary" else ""
    heading = f"{rank}. {mark}{hit.title or '(untitled)'}" + (f" — {facts}" if facts else "")
    where = hit.url or (hit.sources[0] if hit.sources else "")
    return (
        f"{heading}  [article {hit.article_id}, {story_label(hit.story_id)}, "
        f"score {hit.score:.3g}]\n"
        f"   {where}\n"
        f"   {highlight(hit.snippet, bold)}"
    )


def story_label(story_id: int | None) -> str:
    """``"story 12"``, or ``"no story yet"`` for an article ``stories`` has not grouped."""
    return NO_STORY if story_id is None else f"story {story_id}"


def hit_to_json(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.article_id,
        "story_id": hit.story_id,
        "title": hit.title,
        "outlet": hit.outlet,
        "url": hit.url,
        "published": hit.published,
        "language": hit.language,
        "kind": hit.kind,
        "snippet": highlight(hit.snippet, bold=False),
        "score": round(hit.score, 4),
        "sources": list(hit.sources),
    }


@click.command("search")
@click.argument("query")
@db_option
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    default=DEFAULT_LIMIT,
    show_default=True,
    help="Show at most this many articles, best first.",
)
@click.option(
    "--fts",
    "raw_fts",
    is_flag=True,
    help="Read QUERY as SQLite FTS5 syntax: OR, NOT, NEAR(a b, 10), prefix*, title:word.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON array.")
def search_command(
    query: str,
    db_path: Path,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    raw_fts: bool,
    as_json: bool,
) -> None:
    """Search the stored articles by words, best matches first.

    QUERY is plain words: every word must appear (case and accents are ignored),
    "two words" in double quotes must appear together, and word* matches any word
    starting with it. Punctuation and words like AND are searched as text; pass --fts
    for operators. Each hit shows its title, outlet, date and language, its article id
    and the story it belongs to ("no story yet" until `storytrace stories` has grouped
    it; `storytrace show article ID` opens it), where it came from, and a snippet with
    the matches in bold (in [brackets] when not on a terminal). A feed item that carries
    only a teaser is marked "[summary]" ("kind": "summary" in --json). --json gives each
    hit's article "id" and its "story_id" (null until grouped).
    """
    store = existing_store(db_path)
    with store:
        try:
            hits = search(
                store,
                query,
                outlet=outlet,
                language=language,
                since=since,
                until=until,
                limit=limit,
                fts=raw_fts,
            )
        except ValueError as error:
            fail(str(error))
            return
    if as_json:
        click.echo(json.dumps([hit_to_json(hit) for hit in hits], ensure_ascii=False, indent=2))
    elif not hits:
        click.echo(f"no stored article matches {query!r}", err=True)
    else:
        bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        click.echo("\n\n".join(_render(rank, hit, bold) for rank, hit in enumerate(hits, 1)))
