"""The derivation graph of hand-made stories, analysed with the real models.

See ``story_cases`` for the stories: the flood (an agency original, a credited
syndication, an uncredited copy, an article that only reports the same facts), a wire
report and its credited copy without dates, and the translation fixture.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from provenance.story_cases import (
    FLOOD,
    PARAPHRASE,
    TRANSLATION,
    WIRE,
    members,
    story,
    undated,
)
from storytrace.align import align_articles
from storytrace.model import (
    Derivation,
    DerivationKind,
    MatchKind,
    OutletRole,
    ReusedPassage,
    StoryGraph,
)
from storytrace.provenance import derive_story


@pytest.fixture(scope="module")
def flood() -> StoryGraph:
    return derive_story(story(FLOOD), members(FLOOD), [])


def _edges(graph: StoryGraph) -> dict[tuple[str, str], Derivation]:
    return {(d.source, d.target): d for d in graph.derivations}


def test_flood_edges_run_from_the_original_to_its_copies(flood: StoryGraph) -> None:
    assert set(_edges(flood)) == {("a1", "a2"), ("a1", "a3"), ("a2", "a3")}


def test_a_credited_copy_is_syndication_with_its_lag(flood: StoryGraph) -> None:
    edge = _edges(flood)[("a1", "a2")]
    assert edge.kind == DerivationKind.SYNDICATION
    assert edge.credit == "(AFP)"
    assert edge.lag_seconds == 3.5 * 3600
    assert edge.confidence >= 0.8
    assert edge.shared_share > 0.6  # two of its three paragraphs
    assert all(p.source == "a1" and p.target == "a2" for p in edge.passages)
    text_a1, text_a2 = FLOOD[0].text, FLOOD[1].text
    for passage in edge.passages:
        source = text_a1[passage.source_start : passage.source_end]
        assert source == text_a2[passage.target_start : passage.target_end]
    assert flood.basis(edge) == "publication time and credit"


def test_an_uncredited_copy_is_verbatim_and_its_direct_source_is_the_original(
    flood: StoryGraph,
) -> None:
    copy, via = _edges(flood)[("a1", "a3")], _edges(flood)[("a2", "a3")]
    assert copy.kind == via.kind == DerivationKind.VERBATIM
    assert copy.credit is None
    # a3 carries paragraphs 1 and 3 of a1, and only paragraph 1 is in a2 as well.
    assert copy.shared_share > via.shared_share
    assert copy.confidence > via.confidence
    assert flood.direct_source("a3") == "a1"
    assert flood.is_direct(copy) and not flood.is_direct(via)
    assert flood.direct_sources == (("a2", "a1"), ("a3", "a1"))


def test_reporting_the_same_facts_is_no_derivation(flood: StoryGraph) -> None:
    a1, _, _, a4 = members(FLOOD)
    # The alignment does match one sentence of the two ...
    assert align_articles([a1, a4])[0].matches
    # ... but one loosely matching sentence is not enough for an edge.
    assert all("a4" not in (d.source, d.target) for d in flood.derivations)


def test_derivations_are_ordered_by_target_direct_source_first(flood: StoryGraph) -> None:
    order = [(d.source, d.target) for d in flood.derivations]
    assert order == [("a1", "a2"), ("a1", "a3"), ("a2", "a3")]


def test_direction_follows_publication_times_not_input_order() -> None:
    reversed_story = story(list(reversed(FLOOD)))
    graph = derive_story(reversed_story, list(reversed(members(FLOOD))), [])
    assert set(_edges(graph)) == {("a1", "a2"), ("a1", "a3"), ("a2", "a3")}
    assert [entry.article for entry in graph.timeline] == ["a1", "a2", "a3", "a4"]


def test_without_times_a_credit_decides_the_direction() -> None:
    articles = undated(WIRE)
    # The story lists the copy first: only the credit ("according to Reuters") tells.
    graph = derive_story(story(list(reversed(articles))), members(articles), [])
    (edge,) = graph.derivations
    assert (edge.source, edge.target) == ("w1", "w2")
    assert edge.kind == DerivationKind.SYNDICATION
    assert edge.credit == "according to Reuters"
    assert edge.lag_seconds is None
    assert graph.basis(edge) == "credit"
    assert [entry.published for entry in graph.timeline] == [None, None]


def test_a_credit_overrules_times_that_contradict_it() -> None:
    # The copy's timestamp is earlier (an update time on the source, say), but it credits it.
    articles = [
        replace(WIRE[0], published="2020-03-05T12:00:00Z"),
        replace(WIRE[1], published="2020-03-05T09:00:00Z"),
    ]
    graph = derive_story(story(articles), members(articles), [])
    (edge,) = graph.derivations
    assert (edge.source, edge.target) == ("w1", "w2")
    assert graph.basis(edge) == "credit against publication time"
    assert edge.lag_seconds == -3 * 3600
    # the confidence is that one text derives from the other, whichever way: times that
    # agree with the credit tell the direction better, not the link
    agreeing = [articles[0], replace(articles[1], published="2020-03-05T15:00:00Z")]
    timed = derive_story(story(agreeing), members(agreeing), [])
    (agreed,) = timed.derivations
    assert timed.basis(agreed) == "publication time and credit"
    assert agreed.confidence == edge.confidence


def test_a_rendering_in_another_language_is_a_translation() -> None:
    graph = derive_story(story(TRANSLATION), members(TRANSLATION), [])
    (edge,) = graph.derivations
    assert (edge.source, edge.target) == ("t1", "t2")
    assert edge.kind == DerivationKind.TRANSLATION
    assert {p.kind for p in edge.passages} == {MatchKind.TRANSLATED}
    assert len(edge.passages) >= 2
    assert edge.lag_seconds == 4 * 3600
    assert 0.3 < edge.confidence < 0.9  # reworded evidence counts for less than a copy


def test_a_retelling_in_the_same_order_is_a_paraphrase() -> None:
    graph = derive_story(story(PARAPHRASE), members(PARAPHRASE), [])
    (edge,) = graph.derivations
    assert (edge.source, edge.target, edge.kind) == ("a1", "r1", DerivationKind.PARAPHRASE)
    reworded = [p for p in edge.passages if p.kind == MatchKind.PARAPHRASED]
    assert len(reworded) >= 5  # and a few short verbatim runs ("the national government")
    assert edge.lag_seconds == 5 * 3600
    assert 0.4 < edge.confidence < 0.9


def test_given_verbatim_passages_are_used_oriented_and_outsiders_ignored() -> None:
    a1, a2 = FLOOD[0], FLOOD[2]
    start_1, start_3 = a1.text.index("Meteorologists"), a2.text.index("Meteorologists")
    length = len("Meteorologists expect more heavy rain until Friday")
    # Undirected evidence, first article of the pair being the later one.
    given = ReusedPassage(
        "a3", start_3, start_3 + length, "a1", start_1, start_1 + length, MatchKind.COPIED, 7, 1.0
    )
    outsider = replace(given, target="zz")
    graph = derive_story(story(FLOOD), members(FLOOD), [given, outsider])
    edge = _edges(graph)[("a1", "a3")]
    assert any(
        (p.source, p.source_start, p.target, p.target_start) == ("a1", start_1, "a3", start_3)
        for p in edge.passages
    )
    assert all("zz" not in (p.source, p.target) for d in graph.derivations for p in d.passages)


def test_rare_ngrams_come_from_the_callable() -> None:
    seen: list[ReusedPassage] = []

    def rare(passage: ReusedPassage) -> list[str]:
        seen.append(passage)
        return ["swollen tesla river", "orlin dam"]

    graph = derive_story(story(FLOOD), members(FLOOD), [], rare_ngrams=rare)
    assert seen
    assert all(d.rare_ngrams == ("swollen tesla river", "orlin dam") for d in graph.derivations)


def test_outlet_roles(flood: StoryGraph) -> None:
    profiles = {profile.outlet: profile for profile in flood.outlets}
    assert [profile.outlet for profile in flood.outlets] == [
        "Agence France-Presse",
        "Daily Ledger",
        "Copy Courier",
        "Sports Wire",
    ]
    afp = profiles["Agence France-Presse"]
    assert (afp.role, afp.derived_share, afp.source_for) == (OutletRole.ORIGINATOR, 0.0, 2)
    assert afp.median_lag_seconds is None
    ledger = profiles["Daily Ledger"]
    assert ledger.role == OutletRole.AMPLIFIER
    assert ledger.derived_share > 0.6
    assert ledger.median_lag_seconds == 3.5 * 3600
    courier = profiles["Copy Courier"]
    assert courier.role == OutletRole.AMPLIFIER
    assert courier.median_lag_seconds == 9 * 3600  # from its direct source, a1
    assert profiles["Sports Wire"].role == OutletRole.INDEPENDENT


def test_passage_origins_name_the_first_carrier(flood: StoryGraph) -> None:
    first_paragraph = next(o for o in flood.origins if o.text.startswith("Flooding"))
    assert first_paragraph.article == "a1"
    assert first_paragraph.first_published == "2016-10-19T06:00:00+00:00"
    assert {copy.article for copy in first_paragraph.copies} == {"a2", "a3"}
    for copy in first_paragraph.copies:
        text = FLOOD[int(copy.article[1]) - 1].text[copy.start : copy.end]
        assert text.startswith("Flooding in the northern province")
    third = next(o for o in flood.origins if o.text.startswith("Meteorologists"))
    assert third.article == "a1"
    assert [copy.article for copy in third.copies] == ["a3"]
    assert third.kinds == (MatchKind.COPIED,)
    assert all(o.article == "a1" for o in flood.origins)


def test_a_story_of_one_article_has_no_edges() -> None:
    graph = derive_story(story(FLOOD[:1]), members(FLOOD[:1]), [])
    assert graph.derivations == () and graph.origins == ()
    assert [profile.role for profile in graph.outlets] == [OutletRole.INDEPENDENT]


def test_duplicate_article_ids_are_refused() -> None:
    items = members(FLOOD[:1])
    with pytest.raises(ValueError, match="unique"):
        derive_story(story(FLOOD[:1]), items + items, [])
