"""Where the order of two articles is unknown, nothing claims it (issue 14, point 2).

Two copies of one text with no credit and the same coverage: only times can say which
came first. Without them (no dates, one day each, crawl dates only) the edge has no
direction, no one is the other's direct source or a passage's first carrier, and the
timeline marks both; with two full timestamps of one day the earlier is the source.
Real models (the analyses of ``story_cases``), real derivation stage.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from provenance.story_cases import ORIGINAL, article, story
from storytrace.model import ORDER_UNKNOWN, AnalysedArticle, Article, OutletRole, StoryGraph
from storytrace.nlp.analyse import analyse
from storytrace.provenance import derive_story
from storytrace.provenance.timing import order, parse_time, publication_time

# The same text with one line of its own: the shared passages cover both almost wholly,
# so coverage cannot tell the copy from its source either.
COPY = ORIGINAL + "\n\nThe Harbour Post will follow the story through the weekend."


def _pair(
    first: tuple[str | None, str | None] = (None, None),
    second: tuple[str | None, str | None] = (None, None),
    *,
    reverse: bool = False,
) -> StoryGraph:
    """The graph of o1 (the original) and o2 (the copy), each with (published, kind)."""
    o1 = replace(article("o1", ORIGINAL, "Outlet One", first[0]), published_kind=first[1] or None)
    o2 = replace(article("o2", COPY, "Outlet Two", second[0]), published_kind=second[1] or None)
    articles = [o2, o1] if reverse else [o1, o2]
    return derive_story(story(articles), [_analysed(a) for a in articles], [])


@cache
def _analyses() -> dict[str, AnalysedArticle]:
    """The two texts analysed once (the analysis depends on the text alone)."""
    items = analyse([article("o1", ORIGINAL, None), article("o2", COPY, None)])
    return {item.article.text: item for item in items}


def _analysed(item: Article) -> AnalysedArticle:
    cached = _analyses()[item.text]
    return AnalysedArticle(item, cached.sentences, cached.entities, cached.embeddings)


def _claims(graph: StoryGraph) -> tuple[list[str | None], dict[str, str], list[bool], list[bool]]:
    """(edge bases, direct sources, origins' first_known, timeline order_known)."""
    return (
        [graph.basis(d) for d in graph.derivations],
        dict(graph.direct_sources),
        [origin.first_known for origin in graph.origins],
        [entry.order_known for entry in graph.timeline],
    )


def _assert_no_order_claimed(graph: StoryGraph) -> None:
    assert graph.derivations, "the two copies share text: there must be an edge"
    bases, direct, first_known, placed = _claims(graph)
    assert bases == [ORDER_UNKNOWN] * len(bases)
    assert not any(graph.is_directed(d) for d in graph.derivations)
    assert direct == {}
    assert graph.origins and not any(first_known)
    assert all(origin.first_published is None for origin in graph.origins)
    assert not any(placed)
    assert {profile.role for profile in graph.outlets} == {OutletRole.INDEPENDENT}
    assert all(profile.derived_share == 0.0 for profile in graph.outlets)


def test_without_dates_no_direction_first_carrier_or_place_is_claimed() -> None:
    _assert_no_order_claimed(_pair())
    _assert_no_order_claimed(_pair(reverse=True))  # ingest order is no evidence either


def test_two_dates_of_one_day_do_not_order_two_copies() -> None:
    _assert_no_order_claimed(_pair(("2016-10-19", "published"), ("2016-10-19", "published")))


def test_two_full_timestamps_of_one_day_put_the_earlier_first() -> None:
    # 10:00 at UTC+2 is 08:00 UTC: an hour before the copy, though it reads later.
    graph = _pair(
        ("2016-10-19T10:00:00+02:00", "published"),
        ("2016-10-19T09:00:00Z", "published"),
        reverse=True,
    )
    assert [(d.source, d.target, graph.basis(d)) for d in graph.derivations] == [
        ("o1", "o2", "publication time")
    ]
    assert graph.derivations[0].lag_seconds == 3600
    assert dict(graph.direct_sources) == {"o2": "o1"}
    assert [(e.article, e.published, e.order_known) for e in graph.timeline] == [
        ("o1", "2016-10-19T08:00:00+00:00", True),
        ("o2", "2016-10-19T09:00:00+00:00", True),
    ]
    assert [(o.article, o.first_known, o.first_published) for o in graph.origins] == [
        ("o1", True, "2016-10-19T08:00:00+00:00")
    ]


def test_a_crawl_date_is_never_a_publication_time() -> None:
    # o1 crawled an hour before o2 was crawled: the crawl dates say nothing of who was first
    graph = _pair(("2016-10-19T08:00:00Z", "crawled"), ("2016-10-19T09:00:00Z", "crawled"))
    _assert_no_order_claimed(graph)
    assert [(e.published, e.basis) for e in graph.timeline] == [
        (None, "crawled 2016-10-19T08:00:00+00:00, published by then"),
        (None, "crawled 2016-10-19T09:00:00+00:00, published by then"),
    ]
    # nor does a crawl date against a publication time, on either side of it
    for crawled in ("2016-10-19T08:00:00Z", "2016-10-19T12:00:00Z"):
        mixed = _pair((crawled, "crawled"), ("2016-10-19T10:00:00Z", None))
        bases, direct, first_known, _ = _claims(mixed)
        assert (bases, direct, first_known) == ([ORDER_UNKNOWN], {}, [False] * len(first_known))
        # o2, the one dated article, is listed first; o1's place is unknown
        assert [(e.article, e.order_known) for e in mixed.timeline] == [
            ("o2", True),
            ("o1", False),
        ]


def test_an_update_time_is_a_bound_and_a_dateline_still_dates() -> None:
    updated = replace(
        article("u", "PARIS, Oct 19, 2016 (AFP) - text", None, "2016-10-21T10:00:00Z"),
        published_kind="updated",
    )
    time = publication_time(updated)
    assert time is not None and (time.iso(), time.basis) == ("2016-10-19", "dateline")
    bound = publication_time(replace(updated, dateline=None))
    assert bound is not None and not bound.is_publication and bound.basis == "updated"
    assert order(bound, parse_time("2016-10-25")) is None
    assert order(parse_time("2016-10-19T08:00:00Z"), parse_time("2016-10-19T09:00:00Z")) == -1
