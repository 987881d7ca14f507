"""The story list of the workspace: filtered, sorted and cut into pages.

Built on ``store.stories.story_summaries`` (what ``storytrace stories`` lists), with each
story's outlet names and its stored quotation count (``store.quote_tallies``, kept by
``storytrace stories``; None where no run counted it yet).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from storytrace.store.corrections import wrong_edges_by_story
from storytrace.store.db import Store
from storytrace.store.graph_tallies import graph_key, load_graph_tallies
from storytrace.store.quote_tallies import StoryMembers, load_tallies, story_members
from storytrace.store.reads import SearchHit, check_date, search, with_details
from storytrace.store.stories import StorySummary, story_summaries

PAGE_SIZE = 25
SORTS = ("largest", "newest")
# Search hits read to find the matching stories (a story can have many matching articles).
SEARCH_HITS = 500
# Matching articles shown under each story of a search, with their snippets.
SNIPPETS_SHOWN = 3


@dataclass(frozen=True)
class StoryFilters:
    """What the story list is narrowed to. ``query``: words searched in the articles'
    titles and texts (FTS5, as ``storytrace search``)."""

    query: str | None = None
    outlet: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    min_articles: int = 1
    sort: str = "largest"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.min_articles < 1:
            raise ValueError(f"min_articles must be at least 1, not {self.min_articles}")
        for value in (self.since, self.until):
            if value is not None:
                check_date(value)
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")


@dataclass(frozen=True)
class StoryRow:
    """One story of the list, with what a person scans it by."""

    summary: StorySummary
    outlet_names: tuple[str, ...]
    quotations: int | None  # stored count; None where not counted yet
    derivations: int | None = None  # kept count; None where not derived yet
    snippets: tuple[SearchHit, ...] = ()  # the matching articles, where searched


@dataclass(frozen=True)
class StoryPage:
    rows: list[StoryRow]
    total: int
    page: int
    pages: int
    filters: StoryFilters = field(default_factory=StoryFilters)


def story_page(store: Store, filters: StoryFilters, page: int = 1) -> StoryPage:
    """Page ``page`` (from 1) of the stories matching ``filters``, ``PAGE_SIZE`` a page.

    Raises:
        ValueError: a bad filter (see ``StoryFilters``) or query (``reads.search``), or a
            page below 1.
    """
    if page < 1:
        raise ValueError(f"page must be at least 1, not {page}")
    listing = _listing(store)
    summaries, names = listing.summaries, listing.outlet_names
    hits: dict[int, list[SearchHit]] = {}
    if filters.query:  # snippets are made for the hits shown only
        for hit in search(store, filters.query, limit=SEARCH_HITS, details=False):
            if hit.story_id is not None:
                hits.setdefault(hit.story_id, []).append(hit)
        summaries = [s for s in summaries if s.id in hits]
    chosen = [s for s in summaries if _kept(s, names.get(s.id, ()), filters)]
    if filters.sort == "newest":
        chosen.sort(key=lambda s: s.last_published or "", reverse=True)
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    shown = chosen[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    members = listing.members
    keys = {s.id: members[s.id].key for s in shown if s.id in members}
    tallies = load_tallies(store, keys)
    wrong = wrong_edges_by_story(store)
    graph_keys = {
        s.id: graph_key(members[s.id].digest, wrong.get(s.id, {})) for s in shown if s.id in members
    }
    derivations = load_graph_tallies(store, graph_keys)
    shown_hits = [hit for s in shown for hit in hits.get(s.id, ())[:SNIPPETS_SHOWN]]
    detailed = {
        hit.article_id: hit
        for hit in (with_details(store, filters.query, shown_hits) if filters.query else [])
    }
    rows = [
        StoryRow(
            summary,
            names.get(summary.id, ()),
            tallies[summary.id].quotes if summary.id in tallies else None,
            0 if summary.articles == 1 else derivations.get(summary.id),
            tuple(detailed[hit.article_id] for hit in hits.get(summary.id, ())[:SNIPPETS_SHOWN]),
        )
        for summary in shown
    ]
    return StoryPage(rows, len(chosen), page, pages, filters)


@dataclass(frozen=True)
class _Listing:
    """What every page of the list reads about every story."""

    summaries: list[StorySummary]
    outlet_names: dict[int, tuple[str, ...]]
    members: dict[int, StoryMembers]


# Seconds a listing is served without looking whether the stories changed: the look
# counts the store's grouped articles (about 1.5 ms a request on 10,000 articles, an eighth
# of a search's time), and a run that ends or a correction made in another server process
# shows this much later. A correction made through this process shows at once
# (``forget_listing``).
STATE_CHECK_S = 1.0


@dataclass
class _Cached:
    state: tuple[object, ...]
    listing: _Listing
    checked: float  # time.monotonic() of the last look at the state


# The last listing read from each store, with the state of the store it was read in: the
# list is read again only when a run or a correction has changed the stories since.
_LISTINGS: dict[str, _Cached] = {}
_LISTINGS_LOCK = threading.Lock()


def forget_listing(store: Store) -> None:
    """Read the story list of ``store`` again on its next request (after a correction)."""
    with _LISTINGS_LOCK:
        _LISTINGS.pop(str(store.path), None)


def _listing(store: Store) -> _Listing:
    with _LISTINGS_LOCK:
        cached = _LISTINGS.get(str(store.path))
    now = time.monotonic()
    if cached is not None and now - cached.checked < STATE_CHECK_S:
        return cached.listing
    state = _grouping_state(store)
    if cached is not None and cached.state == state:
        cached.checked = now
        return cached.listing
    listing = _Listing(story_summaries(store), _outlet_names(store), story_members(store))
    with _LISTINGS_LOCK:
        _LISTINGS[str(store.path)] = _Cached(state, listing, now)
    return listing


def _grouping_state(store: Store) -> tuple[object, ...]:
    """What changes whenever the stories do: the runs (a run that has not finished may
    still be writing, so its rows are counted too) and a person's corrections."""
    row = store.db.execute(
        "SELECT (SELECT MAX(id) FROM runs), (SELECT COUNT(*) FROM runs WHERE finished IS NULL),"
        " (SELECT COUNT(*) FROM story_articles), (SELECT MAX(position) FROM story_articles),"
        " (SELECT COUNT(*) FROM story_articles WHERE fit IS NOT NULL),"
        " (SELECT MAX(id) FROM corrections), (SELECT COUNT(undone_at) FROM corrections)"
    ).fetchone()
    unfinished = bool(row[1])
    return (*row, time.monotonic() if unfinished else 0)


def _kept(summary: StorySummary, outlets: tuple[str, ...], filters: StoryFilters) -> bool:
    if summary.articles < filters.min_articles:
        return False
    if filters.language and filters.language not in summary.languages:
        return False
    if filters.outlet and not any(filters.outlet.casefold() in o.casefold() for o in outlets):
        return False
    # undated stories fall outside any date range
    if filters.since and (summary.last_published or "")[:10] < filters.since:
        return False
    first = (summary.first_published or "9999")[:10]
    return not (filters.until and first > filters.until)


def _outlet_names(store: Store) -> dict[int, tuple[str, ...]]:
    """Each story's outlet names, as declared (articles of no known outlet left out)."""
    rows = store.db.execute(
        "SELECT s.story_id, a.outlet FROM story_articles s JOIN articles a "
        "ON a.id = s.article_id WHERE TRIM(COALESCE(a.outlet, '')) != '' "
        "GROUP BY s.story_id, a.outlet ORDER BY s.story_id, a.outlet"
    )
    names: dict[int, list[str]] = {}
    for story_id, outlet in rows:
        names.setdefault(int(story_id), []).append(str(outlet))
    return {story_id: tuple(found) for story_id, found in names.items()}
