"""Which story a command is pointed at: ``12``, ``story 12``, ``article 529`` and the like.

Article and story ids are two separate number ranges; ``show`` and ``quotes`` accept either,
so that an id copied from ``search`` ("article 529") opens the story that article is in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import click

from storytrace.cli.options import fail
from storytrace.store.db import Store
from storytrace.store.reads import story_of_article

# "12" (a story), "story 12", "story:12", "article 529", "article:529".
_REFERENCE = re.compile(r"(?:(story|article)\s*[:#]?\s*)?(\d+)", re.IGNORECASE)
REFERENCE_FORMS = "12, story 12, story:12, article 529 or article:529"
REFERENCE_METAVAR = "[story|article] ID"


def parse_reference(reference: Sequence[str]) -> tuple[str | None, int]:
    """``("article", 529)`` from ``article 529`` or ``article:529``; ``(None, 12)`` from ``12``."""
    text = " ".join(reference).strip()
    match = _REFERENCE.fullmatch(text)
    if match is None or int(match[2]) < 1:
        raise click.BadParameter(
            f"{text!r} is not a story or an article: give {REFERENCE_FORMS}",
            param_hint=f"'{REFERENCE_METAVAR}'",
        )
    return (match[1].lower() if match[1] else None), int(match[2])


def story_to_open(store: Store, kind: str | None, number: int, db_path: Path, command: str) -> int:
    """The story id that ``kind`` and ``number`` point to; a one-line error where none.

    For an article, says on standard error which story it is in. For a bare number (a
    story id), notes when article ``number`` is in another story, or when there is no
    such story but there is such an article. ``command`` names the command in the hints.
    """
    from storytrace.store.stories import resolve_story

    if kind == "story":
        return number
    try:
        article_story = story_of_article(store, number)
    except LookupError:
        if kind == "article":
            fail(f"no article {number} in {db_path}; storytrace search lists article ids")
        return number
    if kind == "article":
        if article_story is None:
            fail(f"article {number} is in no story yet: run storytrace stories to group it")
        click.echo(f"article {number} is in story {article_story}", err=True)
        return article_story
    live = resolve_story(store, number)
    if article_story is not None and article_story != live:
        if live is None:
            fail(
                f"no story {number} in {db_path}; article {number} is in story "
                f"{article_story}: storytrace {command} article {number}"
            )
        click.echo(
            f"note: showing story {number}; article {number} is in story {article_story} "
            f"(storytrace {command} article {number})",
            err=True,
        )
    return number
