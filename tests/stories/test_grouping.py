"""``StoryGrouper`` on real articles and the real encoder: batches, large stories, reruns.

These tests are regression guards: they pin how a few real ECB+ reports are grouped. They do
not justify any constant. ``FIRST_ORDER_FLOOR`` and ``STRONG_SIMILARITY`` were first set to
make unit tests pass (a nine-article CLI corpus, and the 60 rewrites of the second test
here); every grouping constant is now measured on evaluation sets by
``benchmarks/grouping_constants.py`` (ECB+ one run, its topic folds and shuffled runs, and
BASIL), and ``storytrace.evaluation.grouping_cv`` cross-validates the one-run figure.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import FIXTURES
from storytrace.evaluation.grouping_cv import one_run_labels
from storytrace.model import Article
from storytrace.stories import (
    DocumentFrequencies,
    StoryFeatures,
    StoryGrouper,
    story_features,
    story_similarity,
)
from storytrace.stories.grouping import GroupingSettings
from storytrace.stories.similarity import Weighed, weighed_similarity

ECB = FIXTURES / "ecbplus"
EVENTS = {
    "reid": ECB / "tara_reid_rehab.jsonl",
    "lohan": ECB / "lindsay_lohan_rehab.jsonl",
    "patch": ECB / "microsoft_ie_patch_2013.jsonl",
}
# Two earthquakes on one island: the same words, places and kind of damage.
QUAKES = {
    "dargahan": ECB / "qeshm_quake_dargahan.jsonl",
    "november": ECB / "qeshm_quake_november_2005.jsonl",
}


def _articles(event: str, path: Path) -> list[Article]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        Article(
            id=f"{event}-{n}",
            source=str(path),
            text=row["text"],
            language="en",
            published=row.get("published"),
        )
        for n, row in enumerate(rows)
    ]


def _rewrites(articles: list[Article], count: int) -> list[Article]:
    """``count`` reports of the same event: each a different draw of its sources' sentences."""
    sentences = [s for a in articles for s in re.split(r"(?<=[.!?”])\s+", a.text) if s]
    draw = random.Random(7)
    return [
        Article(
            id=f"rewrite-{n}",
            source="rewrites",
            text=" ".join(draw.sample(sentences, k=max(3, len(sentences) // 3))),
            language="en",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def features() -> dict[str, list[StoryFeatures]]:
    grouped = {event: story_features(_articles(event, path)) for event, path in EVENTS.items()}
    grouped["rewrites"] = story_features(_rewrites(_articles("reid", EVENTS["reid"]), 60))
    for event, path in QUAKES.items():
        grouped[event] = story_features(_articles(event, path))
    return grouped


def _stories(grouper: StoryGrouper) -> list[set[str]]:
    return [
        {grouper.members[m].article_id for m in members} for members in grouper.stories.values()
    ]


def test_one_batch_keeps_two_events_of_one_kind_apart(
    features: dict[str, list[StoryFeatures]],
) -> None:
    grouper = StoryGrouper()
    batch = features["reid"] + features["lohan"] + features["patch"]
    assignments = grouper.add_batch(batch)
    assert [a.article_id for a in assignments] == [f.article_id for f in batch]
    stories = sorted(sorted(s) for s in _stories(grouper))
    assert stories == [
        [f"lohan-{n}" for n in range(3)],
        [f"patch-{n}" for n in range(3)],
        [f"reid-{n}" for n in range(3)],
    ]
    # The first article of each story opened it; the others joined with a positive link.
    opened = [a for a in assignments if a.score == 0.0]
    assert len(opened) == 3


def test_a_story_far_larger_than_a_profile_holds_together(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # The guard of STRONG_SIMILARITY: no evaluation set moves with it from 0.55 up.
    grouper = StoryGrouper()
    grouper.add_batch(features["reid"] + features["rewrites"] + features["lohan"])
    stories = _stories(grouper)
    reid = {f.article_id for f in features["reid"] + features["rewrites"]}
    assert reid in stories, [len(s) for s in stories]
    assert {f.article_id for f in features["lohan"]} in stories


def test_later_batches_join_stored_stories_and_keep_their_ids(
    features: dict[str, list[StoryFeatures]],
) -> None:
    grouper = StoryGrouper()
    first = grouper.add_batch(features["reid"][:2] + features["patch"][:2])
    ids = {a.article_id: a.story_id for a in first}
    later = grouper.add_batch([features["patch"][2], features["reid"][2], *features["lohan"]])
    placed = {a.article_id: a.story_id for a in later}
    assert placed["reid-2"] == ids["reid-0"] == ids["reid-1"]
    assert placed["patch-2"] == ids["patch-0"]
    assert {placed[f"lohan-{n}"] for n in range(3)}.isdisjoint(ids.values())
    assert grouper.merges == []


def test_an_empty_batch_changes_nothing() -> None:
    grouper = StoryGrouper()
    assert grouper.add_batch([]) == []
    assert grouper.next_story_id == 1


def test_one_article_at_a_time_never_mixes_two_events_of_one_kind(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # Fed one article a run, each decision has less context than one batch has: a report
    # may be left in a story of its own, but none joins another event's story.
    grouper = StoryGrouper()
    interleaved = [f for trio in zip(*(features[e] for e in EVENTS), strict=True) for f in trio]
    for item in interleaved:
        grouper.add(item)
    stories = _stories(grouper)
    assert all(len({member.split("-")[0] for member in story}) == 1 for story in stories)
    assert len(stories) <= 4


def test_similarities_follow_the_document_frequencies_of_each_batch(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # The grouper weighs each article once per batch; a later batch changes the document
    # frequencies, so a weighing kept from the first batch would score with stale weights.
    grouper = StoryGrouper()
    grouper.add_batch(features["reid"])
    grouper.add_batch(features["lohan"] + features["patch"])
    everyone = range(len(grouper.members))
    for i in everyone:
        profile = grouper._profile(i)
        for j, score in profile.items():
            if j != i:
                expected = story_similarity(
                    grouper.members[i], grouper.members[j], grouper.frequencies
                )
                assert score == pytest.approx(expected, abs=1e-6)


def test_weighed_similarity_is_story_similarity(features: dict[str, list[StoryFeatures]]) -> None:
    frequencies = DocumentFrequencies()
    articles = features["reid"] + features["patch"]
    for item in articles:
        frequencies.add(item)
    weighed = [Weighed.of(item, frequencies) for item in articles]
    for a, b in zip(range(len(articles)), reversed(range(len(articles))), strict=True):
        assert weighed_similarity(weighed[a], weighed[b]) == pytest.approx(
            story_similarity(articles[a], articles[b], frequencies)
        )


def _with_a_stray(features: dict[str, list[StoryFeatures]]) -> StoryGrouper:
    """A grouper whose story 1, from an earlier run, holds the Reid reports and one Lohan."""
    grouper = StoryGrouper()
    grouper.restore([(f, 1) for f in features["reid"]] + [(features["lohan"][0], 1)])
    return grouper


def test_a_stray_report_in_a_stored_story_does_not_pull_its_event_in(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # An earlier run put one Lohan report in the Reid story. The next run brings the other
    # Lohan reports: together they are an event of their own, not more of the Reid story.
    grouper = _with_a_stray(features)
    placed = grouper.add_batch(features["lohan"][1:])
    assert {a.story_id for a in placed} == {2}
    assert grouper.merges == []


def test_a_run_of_reports_stays_out_of_a_near_story_it_is_not_similar_enough_to(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # An earlier run stored one report of the November quake (20_10ecbplus) in the story of
    # the other quake on the island. The next run brings the other ten November reports:
    # the one stored report does not give them the mean similarity to the story that
    # joining it needs.
    grouper = StoryGrouper()
    stray, *others = features["november"][1:2] + features["november"][:1]
    others += features["november"][2:]
    grouper.restore([(f, 1) for f in features["dargahan"]] + [(stray, 1)])
    placed = grouper.add_batch(others)
    assert 1 not in {a.story_id for a in placed}


def test_settings_reach_the_linkage(features: dict[str, list[StoryFeatures]]) -> None:
    # No link weighs more than 1: with a threshold above it every article stays alone.
    batch = features["reid"] + features["lohan"] + features["patch"]
    grouper = StoryGrouper(settings=replace(GroupingSettings(), link_threshold=1.01))
    grouper.add_batch(batch)
    assert len(grouper.stories) == len(batch)


def test_profiles_reused_across_settings_group_as_a_fresh_grouper(
    features: dict[str, list[StoryFeatures]],
) -> None:
    # The cross-validation keeps one run's profiles between settings that cannot change them.
    batch = [item for event in [*EVENTS, *QUAKES] for item in features[event]]
    memo: dict[tuple[int, int], dict[int, dict[int, float]]] = {}
    for settings in [
        GroupingSettings(),
        replace(GroupingSettings(), first_order_floor=0.4, strong_similarity=0.45),
        replace(GroupingSettings(), link_threshold=0.3),
    ]:
        fresh = StoryGrouper(settings=settings)
        fresh.add_batch(batch)
        assert one_run_labels(batch, settings, memo) == fresh.story_of
    assert len(memo) == 1


def test_stories_a_person_kept_apart_are_not_merged_again(
    features: dict[str, list[StoryFeatures]],
) -> None:
    """One event's reports stored as two stories (as a person's split leaves them): a new
    report linking both merges them, unless they are kept apart."""
    reid = features["reid"] + features["rewrites"][:6]
    merged_by = {}
    for kept in (set(), {frozenset((1, 2))}):
        grouper = StoryGrouper(kept_apart=kept)
        grouper.restore([(f, 1) for f in reid[:4]] + [(f, 2) for f in reid[4:8]])
        grouper.add_batch(reid[8:])
        merged_by[bool(kept)] = grouper.merges
    assert merged_by[False] == [(2, 1)]
    assert merged_by[True] == []
