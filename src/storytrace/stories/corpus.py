"""Grouping a stored corpus into stories, and indexing its verbatim reuse.

The edge between the store and the grouping algorithm: read what earlier runs decided,
compute the new articles' features (saved as they are computed, and read back instead of
computed again after an interrupted run), group them together with
a ``StoryGrouper`` (``GROUPING_ROUND`` articles at a time, in publication order), and
write each round's decisions in one transaction, so an interrupted run keeps what it
finished and a rerun carries on from there.

A rerun after an interruption groups exactly as a run never interrupted: the grouping only
ever sees features as the store keeps them (``as_stored``: the lead vector and weights in
half precision), whether they were computed in this run or read back from an earlier one.
Features computed in full precision and used as they were gave links other values than
the same features read back (on the 148 real pages and samples, 10 articles' scores), enough
to tip near ties: a resumed run was reported with 218 of 1,226 articles in other stories.
A resumed run also never reuses the id of a story merged away (``next_story_id``).

Feed summaries (``kind = 'summary'``) are grouped only when asked (``include_summaries``):
a 60-300 character teaser says too little to place, and a feed's teasers share its
boilerplate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from storytrace.nlp.embeddings import load_encoder
from storytrace.reuse import ReuseIndex
from storytrace.store.corrections import kept_apart
from storytrace.store.db import Store
from storytrace.store.openings import stored_openings
from storytrace.store.stories import (
    all_articles,
    grouped_features,
    next_position,
    next_story_id,
    replace_reuse,
    save_features,
    save_fits,
    save_membership,
    save_merge,
    saved_features,
    stale_feature_articles,
    ungrouped_articles,
)
from storytrace.store.writes import finish_run, start_run
from storytrace.stories.features import StoryFeatures, as_stored, story_features
from storytrace.stories.grouping import StoryGrouper
from storytrace.workers import ordered_map, worker_count

# Articles whose features are computed per encoder batch (and saved per transaction).
GROUPING_BATCH = 256
# New articles grouped together: the more a round sees, the better it separates events
# (see ``grouping``); each round's profiles and links are held in memory.
GROUPING_ROUND = 20_000


@dataclass
class GroupingSummary:
    run_id: int = 0
    articles: int = 0  # newly grouped
    joined: int = 0  # of those, how many joined an existing story
    opened: int = 0  # stories opened by this run
    merged: int = 0  # stories merged into older ones by this run
    stories: int = 0  # live stories after the run
    saved_features: int = 0  # new articles whose features an interrupted run had saved
    openings_read: int = 0  # articles whose openings were read (links across languages)
    reused_passages: int | None = None  # verbatim passages in the corpus (None: not indexed)


def group_stored(
    store: Store,
    progress: Callable[[int], None] | None = None,
    grouping: Callable[[int], None] | None = None,
    include_summaries: bool = False,
    workers: int | None = None,
    openings: bool = True,
    reading: Callable[[int], None] | None = None,
) -> GroupingSummary:
    """Put every stored article that is in no story yet into one; returns what changed.

    ``progress`` hears how many new articles have their features so far; ``grouping``
    hears, before each round is grouped, how many articles it holds; ``reading``, how many
    openings the grouping has read so far. Feed summaries are left ungrouped unless
    ``include_summaries``. Features are computed by ``workers`` processes (default one per
    CPU; ``storytrace.workers``). Without ``openings``, articles in different languages are
    linked by their lead vectors alone (``storytrace.stories.openings``).
    """
    summary = GroupingSummary(run_id=start_run(store, "stories"))
    _refresh_stale_features(store)

    def read(count: int) -> None:
        summary.openings_read += count
        if reading is not None:
            reading(summary.openings_read)

    grouper = StoryGrouper(
        kept_apart=kept_apart(store),  # a person's splits stay
        openings=stored_openings(store, read) if openings else None,
    )
    earlier = grouped_features(store)
    grouper.restore([(features, story_id) for features, story_id, _ in earlier])
    # as an uninterrupted run would count on: past every id opened, merged ones included
    grouper.next_story_id = max(grouper.next_story_id, next_story_id(store))
    position = next_position(store)
    pending: list[StoryFeatures] = []
    batches = (
        (articles, saved, [article for article in articles if article.id not in saved])
        for articles in ungrouped_articles(store, GROUPING_BATCH, include_summaries)
        for saved in [saved_features(store, [article.id for article in articles])]
    )
    if worker_count(workers) > 1:
        load_encoder()  # here, once, shared with forked workers
    for (articles, saved, _), fresh in ordered_map(
        story_features, ((batch, batch[2]) for batch in batches), workers
    ):
        computed = as_stored(fresh)
        if computed:
            with store.transaction() as db:
                save_features(db, computed)
        by_id = saved | {features.article_id: features for features in computed}
        pending.extend(by_id[article.id] for article in articles)
        summary.saved_features += len(saved)
        if progress is not None:
            progress(len(pending) + summary.articles)
        if len(pending) >= GROUPING_ROUND:
            position = _group_round(store, grouper, pending, summary, position, grouping)
            pending = []
    _group_round(store, grouper, pending, summary, position, grouping)
    summary.stories = len(grouper.stories)
    summary.opened = int(
        store.db.execute(
            "SELECT COUNT(*) FROM stories WHERE run_id = ?", (summary.run_id,)
        ).fetchone()[0]
    )
    finish_run(store, summary.run_id, _as_dict(summary))
    return summary


def _group_round(
    store: Store,
    grouper: StoryGrouper,
    features: list[StoryFeatures],
    summary: GroupingSummary,
    position: int,
    grouping: Callable[[int], None] | None,
) -> int:
    """Group one round of new articles and record it; returns the next free position."""
    if not features:
        return position
    if grouping is not None:
        grouping(len(features))
    merges_before = len(grouper.merges)
    assignments = grouper.add_batch(features)
    members = [(int(a.article_id), a.story_id, a.score) for a in assignments]
    new_merges = grouper.merges[merges_before:]
    touched = {a.story_id for a in assignments} | {into for _, into in new_merges}
    fits = [
        (int(grouper.members[member].article_id), fit)
        for story_id in sorted(touched)
        for member, fit in grouper.fits(story_id).items()
    ]
    with store.transaction() as db:
        save_membership(db, summary.run_id, members, position)
        for merged, into in new_merges:
            save_merge(db, merged, into)
        save_fits(db, fits)
    summary.articles += len(members)
    summary.joined += sum(a.score > 0 for a in assignments)
    summary.merged += len(new_merges)
    return position + len(members)


def index_reuse(store: Store, progress: Callable[[int], None] | None = None) -> int:
    """Find verbatim reuse across the whole stored corpus and store it; returns how many."""
    index = ReuseIndex(all_articles(store), progress=progress)
    passages = index.passages()
    with store.transaction() as db:
        return replace_reuse(db, passages)


def _refresh_stale_features(store: Store) -> None:
    stale = stale_feature_articles(store)
    for start in range(0, len(stale), GROUPING_BATCH):
        with store.transaction() as db:
            save_features(db, story_features(stale[start : start + GROUPING_BATCH]))


def _as_dict(summary: GroupingSummary) -> dict[str, object]:
    """What the runs table keeps of a summary (not the run id, nor the reuse count)."""
    kept = asdict(summary)
    for key in ("run_id", "reused_passages"):
        kept.pop(key)
    return kept
