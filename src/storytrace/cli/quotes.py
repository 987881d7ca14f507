"""``storytrace quotes [[story|article] ID]``: who said what in a story, and how outlets put it."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Collection, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click
import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from storytrace.cli.options import db_option
from storytrace.cli.story_articles import reading_store, stored_story
from storytrace.cli.story_reference import REFERENCE_METAVAR, parse_reference, story_to_open
from storytrace.model import Article, Quote, QuoteGroup, Story
from storytrace.report.quotes_json import story_quotes_to_json, tallies_to_json
from storytrace.report.quotes_text import (
    QuoteTally,
    story_quotes_to_text,
    tallies_to_text,
    tally,
)
from storytrace.store.db import Store
from storytrace.store.keep import keep

if TYPE_CHECKING:
    from storytrace.store.quote_tallies import StoredTally
    from storytrace.store.quotes import QuoteVector

QuoteVectors = npt.NDArray[np.float32]

# Articles whose quotations are extracted per transaction.
EXTRACT_BATCH = 32
# Articles whose quotations are embedded in one call of the encoder when many stories are
# counted (the stored vectors are then read back story by story).
EMBED_BATCH = 512


@click.command("quotes")
@click.argument("reference", metavar=f"[{REFERENCE_METAVAR}]", nargs=-1, required=False)
@db_option
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Also write the quotations as JSON ('-' prints it instead of the text view).",
)
@click.option(
    "--speaker",
    metavar="TEXT",
    help="Only quotations whose speaker's name or key contains TEXT (case and accents ignored).",
)
def quotes_command(
    reference: tuple[str, ...], db_path: Path, json_path: Path | None, speaker: str | None
) -> None:
    """Show who is quoted in a story, and how each outlet renders each quotation.

    With a story (`quotes story 12`, or `quotes 12`, as `storytrace stories` lists it; or
    `quotes article 529`, the story that article is in), prints each utterance carried by
    several articles: the speaker (name, role), then every variant in publication order,
    with its outlet, date, kind (direct, indirect, mixed), cue, words, a "first" marker on
    the earliest article carrying that wording (none where the publication times do not
    tell which came first), and its word changes against the first
    variant (+added, -dropped, ~changed); then the quotations only one article carries,
    by speaker. Without an id, lists the stories that have quotations: how many, how many
    utterances more than one outlet carries, and the most quoted speakers.

    Quotations are extracted from each article the first time they are needed (a parse of
    the text) and kept in the store with their embeddings, so later runs read them back
    and load no model. The story list's counts are kept too, until a story's articles
    change. While another run writes to the store, quotes does not wait: it shows what is
    stored plus what it computed, and keeps none of the latter (a note on standard error
    says so).
    """
    target = parse_reference(reference) if reference else None
    wanted = _folded(speaker) if speaker is not None else None
    if speaker is not None and not wanted:
        raise click.BadParameter("give some letters or digits of a name", param_hint="--speaker")
    store = reading_store(db_path)
    with store:
        if target is None:
            tallies = _tallies(store, wanted)
            _emit(
                tallies_to_text(tallies),
                tallies_to_json(tallies, speaker_filter=speaker),
                json_path,
            )
            return
        story_id = story_to_open(store, *target, db_path, "quotes")
        story, articles = stored_story(store, story_id, db_path)
        from storytrace.marked import marked_quotes  # with a person's speaker marks

        found = marked_quotes(store, articles)
        vectors = stored_vectors(store, found, articles)
    groups = _select(story_groups(found, articles, vectors), wanted)
    document = story_quotes_to_json(
        story, articles, groups, requested=story_id, speaker_filter=speaker
    )
    _emit(story_quotes_to_text(story, articles, groups), document, json_path)


def story_groups(
    found: dict[str, list[Quote]],
    articles: Sequence[Article],
    vectors: QuoteVectors | None = None,
) -> list[QuoteGroup]:
    """Quotations of a story's articles (given oldest first), grouped into utterances.

    Each group's variants follow the articles' order; a quotation no other article carries
    is a group of one. ``vectors``: the quotations' embeddings as ``stored_vectors`` gives
    them (without, they are embedded now and not kept).
    """
    from storytrace.provenance.timing import publication_times
    from storytrace.quotes import group_quotes  # the models: imported when run

    quotes = [quote for article in articles for quote in found[article.id]]
    order = [article.id for article in articles]
    return group_quotes(quotes, order, publication_times(articles), vectors)


def stored_vectors(
    store: Store, found: dict[str, list[Quote]], articles: Sequence[Article]
) -> QuoteVectors | None:
    """The embeddings of the quotations of ``articles`` in ``story_groups`` order: stored
    ones, the rest embedded now (loading the encoder) and kept. None where grouping needs
    none (no two articles have quotations)."""
    quotes = [quote for article in articles for quote in found[article.id]]
    if len({quote.article for quote in quotes}) < 2:
        return None
    vectors = _vectors(store, found, articles)
    return np.stack([vectors[quote.id] for quote in quotes])


def _vectors(
    store: Store, found: dict[str, list[Quote]], articles: Sequence[Article]
) -> dict[str, QuoteVector]:
    """The embeddings of the quotations of ``articles`` by quotation id: stored ones, the
    rest embedded now in one batch (loading the encoder) and kept."""
    from storytrace.store.quotes import as_stored, load_quote_vectors

    vectors = load_quote_vectors(store, articles)
    missing = [q for article in articles for q in found[article.id] if q.id not in vectors]
    if missing:
        from storytrace.nlp.embeddings import embed  # loads the encoder

        fresh = dict(zip((q.id for q in missing), embed([q.text for q in missing]), strict=True))
        vectors.update((quote_id, as_stored(vector)) for quote_id, vector in fresh.items())
        changed = [a for a in articles if any(q.id in fresh for q in found[a.id])]
        kept = [(article, found[article.id]) for article in changed]
        known = {q.id: vectors[q.id] for _, quotes in kept for q in quotes}
        keep(store, partial(_save_quotes, extracted=kept, vectors={**known, **fresh}))
    return vectors


def stored_quotes(
    store: Store,
    articles: Sequence[Article],
    show: bool | None = None,
    workers: int | None = None,
) -> dict[str, list[Quote]]:
    """The quotations of each article: stored ones where current, the rest extracted now
    (by ``workers`` processes, default one per CPU; see ``storytrace.quotes.parallel``) and
    stored (one transaction per batch, so an interrupted run keeps its work; none while
    another process writes to the store, see ``storytrace.store.keep``). ``show``: a
    progress bar on standard error while extracting (default: when it is a terminal)."""
    from storytrace.quotes.parallel import extract_batches
    from storytrace.store.quotes import load_quotes

    found: dict[str, list[Quote]] = {}
    missing = []
    for article in articles:
        stored = load_quotes(store, article)
        if stored is None:
            missing.append(article)
        else:
            found[article.id] = stored
    shown = (sys.stderr.isatty() if show is None else show) and bool(missing)
    with tqdm(total=len(missing), desc="quotations", unit=" articles", disable=not shown) as bar:
        for extracted in extract_batches(missing, EXTRACT_BATCH, workers):
            found.update((article.id, quotes) for article, quotes in extracted)
            keep(store, partial(_save_quotes, extracted=extracted))
            bar.update(len(extracted))
    return found


def keep_story_quotations(
    store: Store, story_ids: Collection[int], show: bool = False, workers: int | None = None
) -> int:
    """Extract, embed and count the quotations of the stories ``story_ids`` where the store
    lacks them (as the ``quotes`` story list would), and keep them, so that ``quotes`` and
    ``show`` later only read: ``storytrace stories`` does this for the stories its new
    articles went to. Returns how many quotations those stories hold. ``show``: progress
    bars on standard error; ``workers``: processes extracting (default one per CPU)."""
    from storytrace.store.quote_tallies import load_tallies, story_members
    from storytrace.store.stories import load_story

    members = story_members(store)
    keys = {story_id: members[story_id].key for story_id in story_ids if story_id in members}
    stored = load_tallies(store, keys)
    missing = [
        loaded
        for story_id in sorted(keys)
        if story_id not in stored and (loaded := load_story(store, story_id)) is not None
    ]
    counted = _count_stories(store, missing, None, keys, show, workers)
    return sum(known.quotes for known in stored.values()) + sum(
        row.quotes for row in counted.values()
    )


def _tallies(store: Store, wanted: str | None) -> list[QuoteTally]:
    """One tally per story with quotations (matching ``wanted``), largest stories first.

    Without ``wanted``, a story whose articles have not changed since a run counted its
    quotations keeps that count (``storytrace.store.quote_tallies``), read without loading
    its articles; the others are counted now and stored (unless another run is writing to
    the store: then they are shown, not kept).
    """
    from storytrace.store.quote_tallies import load_tallies, story_members
    from storytrace.store.stories import load_story, story_summaries

    members = story_members(store)
    keys = {story_id: member.key for story_id, member in members.items()}
    stored = load_tallies(store, keys) if wanted is None else {}
    order = [summary.id for summary in story_summaries(store) if summary.id in members]
    counted: dict[int, QuoteTally] = {}
    missing: list[tuple[Story, list[Article]]] = []
    for story_id in order:
        known = stored.get(story_id)
        if known is not None:
            member = members[story_id]
            counted[story_id] = QuoteTally(
                story_id, member.title, member.articles, known.quotes, known.shared, known.speakers
            )
        elif (loaded := load_story(store, story_id)) is not None:
            missing.append(loaded)
    counted.update(_count_stories(store, missing, wanted, keys, sys.stderr.isatty()))
    rows = (counted[story_id] for story_id in order if story_id in counted)
    return [row for row in rows if row.quotes]


def _count_stories(
    store: Store,
    stories: list[tuple[Story, list[Article]]],
    wanted: str | None,
    keys: dict[int, str],
    show: bool,
    workers: int | None = None,
) -> dict[int, QuoteTally]:
    """Count the quotations of ``stories`` (extracting and embedding what the store lacks)
    and, without ``wanted``, keep each count under its ``tally_key`` from ``keys``."""
    from storytrace.store.quote_tallies import StoredTally

    every = [article for _, articles in stories for article in articles]
    found = stored_quotes(store, every, show, workers)
    # embedded a batch at a time, not story by story: the stories that need vectors (two
    # or more articles with quotations; see ``stored_vectors``)
    needing = [
        article
        for _, articles in stories
        if sum(1 for article in articles if found[article.id]) >= 2
        for article in articles
    ]
    for start in range(0, len(needing), EMBED_BATCH):
        _vectors(store, found, needing[start : start + EMBED_BATCH])
    counted: dict[int, QuoteTally] = {}
    bars = show and len(stories) > 1
    for story, articles in tqdm(stories, desc="group", unit=" stories", disable=not bars):
        vectors = stored_vectors(store, found, articles)
        groups = _select(story_groups(found, articles, vectors), wanted)
        outlets = {article.id: article.outlet or article.id for article in articles}
        counted[story.id] = tally(story, groups, outlets)
    if wanted is None and stories:
        tallies = []
        for story, _ in stories:
            row = counted[story.id]
            tallies.append(
                (story.id, keys[story.id], StoredTally(row.quotes, row.shared, row.speakers))
            )
        keep(store, partial(_save_tallies, tallies=tallies))
    return counted


def _save_quotes(
    db: sqlite3.Connection,
    extracted: list[tuple[Article, list[Quote]]],
    vectors: dict[str, QuoteVector] | None = None,
) -> None:
    from storytrace.store.quotes import save_quotes

    for article, quotes in extracted:
        save_quotes(db, article, quotes, vectors)


def _save_tallies(db: sqlite3.Connection, tallies: list[tuple[int, str, StoredTally]]) -> None:
    from storytrace.store.quote_tallies import save_tally

    for story_id, key, stored in tallies:
        save_tally(db, story_id, key, stored)


def _select(groups: list[QuoteGroup], wanted: str | None) -> list[QuoteGroup]:
    """The groups whose speaker's name or key contains ``wanted`` (folded); all without it."""
    if wanted is None:
        return groups
    return [group for group in groups if any(wanted in name for name in _speaker_names(group))]


def _speaker_names(group: QuoteGroup) -> list[str]:
    names = [group.speaker_name or "", group.speaker_key or ""]
    for variant in group.variants:
        if variant.quote.speaker is not None:
            names += [variant.quote.speaker.name, variant.quote.speaker.key]
    return [_folded(name) for name in names if name]


def _folded(text: str) -> str:
    """``text`` folded word by word (case, accents, possessives), words joined by spaces."""
    from storytrace.nlp.names import fold

    return " ".join(word for word in (fold(part) for part in text.split()) if word)


def _emit(text: str, document: str, json_path: Path | None) -> None:
    """Print the text view; with ``--json``, write the JSON too ('-': print it instead)."""
    if json_path is not None and str(json_path) == "-":
        click.echo(document, nl=False)
        return
    if json_path is not None:
        json_path.write_text(document, encoding="utf-8")
        click.echo(f"wrote {json_path}", err=True)
    click.echo(text)


__all__ = [
    "keep_story_quotations",
    "quotes_command",
    "stored_quotes",
    "stored_vectors",
    "story_groups",
]
