"""A stored story's articles and their analyses, for the commands that read one story."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import click
from tqdm import tqdm

from storytrace.cli.options import existing_store, fail
from storytrace.model import AnalysedArticle, Article, Story
from storytrace.store.analyses import load_analysis, save_analysis
from storytrace.store.db import Store
from storytrace.store.keep import keep, tell_when_not_kept

# Articles analysed per batch: one transaction each, so an interrupted run keeps its work.
ANALYSE_BATCH = 32


def reading_store(db_path: Path) -> Store:
    """The store at ``db_path`` for a command that reads it and keeps what it computes
    (``storytrace.store.keep``): while another process writes to it, says so once on
    standard error and keeps nothing, instead of waiting or failing."""
    store = existing_store(db_path)
    tell_when_not_kept(
        store,
        lambda: click.echo(
            f"storytrace: another process is writing to {db_path}; showing what is stored, "
            "and not keeping what is computed now (it is computed again next time)",
            err=True,
        ),
    )
    return store


def stored_story(store: Store, story_id: int, db_path: Path) -> tuple[Story, list[Article]]:
    """The live story ``story_id`` (merges followed) and its articles, oldest first.

    Says on standard error when ``story_id`` was merged into another story; exits with a
    one-line error (``fail``) when there is no such story or it has no articles.
    """
    from storytrace.store.stories import load_story, resolve_story  # imports the models

    live = resolve_story(store, story_id)
    if live is None:
        fail(f"no story {story_id} in {db_path}; run storytrace stories to list them")
    loaded = load_story(store, live)
    if loaded is None:
        fail(f"story {story_id} has no articles in {db_path}")
    if live != story_id:
        click.echo(f"story {story_id} was merged into story {live}", err=True)
    return loaded


def analysed_articles(store: Store, articles: Sequence[Article]) -> list[AnalysedArticle]:
    """Stored analyses where there are; the rest computed now and stored, in ``articles`` order.

    A progress bar shows on a terminal (standard error) while articles are analysed. The
    models load only when an analysis is missing.
    """
    found: dict[str, AnalysedArticle | None] = {a.id: load_analysis(store, a) for a in articles}
    missing = [a for a in articles if found[a.id] is None]
    if missing:
        from storytrace.nlp.analyse import analyse  # loads the models

        show = sys.stderr.isatty()
        with tqdm(total=len(missing), desc="analyse", unit=" articles", disable=not show) as bar:
            for start in range(0, len(missing), ANALYSE_BATCH):
                batch = analyse(missing[start : start + ANALYSE_BATCH])
                found.update((fresh.article.id, fresh) for fresh in batch)
                keep(store, partial(_save_analyses, batch=batch))
                bar.update(len(batch))
    return [item for a in articles if (item := found[a.id]) is not None]


def _save_analyses(db: sqlite3.Connection, batch: Sequence[AnalysedArticle]) -> None:
    for fresh in batch:
        save_analysis(db, fresh)


__all__ = ["analysed_articles", "reading_store", "stored_story"]
