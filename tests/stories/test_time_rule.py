"""The time rule of the story score on real reports: two events of one kind weeks apart.

Two San Diego Chargers players arrested for drunk driving less than a month apart (ECB+
topic 35, ``tests/fixtures/ecbplus/chargers_dui_arrests.jsonl``): the same words, team, city
and charge, two events. Each has two reports a day apart. The ramp's start
(``EVENT_WINDOW_DAYS``) was chosen on BASIL's early years, not on these reports.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from conftest import FIXTURES
from storytrace.model import Article
from storytrace.stories import DocumentFrequencies, StoryFeatures, StoryGrouper, story_features
from storytrace.stories.similarity import (
    DATE_PENALTY,
    EVENT_WINDOW_DAYS,
    STORY_WINDOW_DAYS,
    TimeRule,
    Weighed,
    weighed_similarity,
)

ARRESTS = FIXTURES / "ecbplus" / "chargers_dui_arrests.jsonl"
NO_TIME_RULE = TimeRule(event_window_days=None, story_penalty=0.0)


@pytest.fixture(scope="module")
def reports() -> list[StoryFeatures]:
    """Jackson's arrest (7 and 8 January 2009), then Williams's (3 and 4 February)."""
    rows = [json.loads(line) for line in ARRESTS.read_text(encoding="utf-8").splitlines()]
    return story_features(
        [
            Article(
                id=row["outlet"],
                source=str(ARRESTS),
                text=row["text"],
                language="en",
                published=row["published"],
            )
            for row in rows
        ]
    )


def _grouped(features: list[StoryFeatures]) -> list[int]:
    grouper = StoryGrouper()
    grouper.add_batch(features)
    return grouper.story_of


def test_two_arrests_weeks_apart_are_two_stories(reports: list[StoryFeatures]) -> None:
    assert [item.day for item in reports] == [
        date(2009, 1, 7),
        date(2009, 1, 8),
        date(2009, 2, 3),  # 26 days on: within the 30-day rule
        date(2009, 2, 4),
    ]
    jackson_first, jackson_next, williams_first, williams_next = _grouped(reports)
    assert jackson_first == jackson_next  # a day apart: one story
    assert williams_first == williams_next
    assert jackson_first != williams_first


def test_follow_ups_days_apart_stay_in_their_story(reports: list[StoryFeatures]) -> None:
    # Each arrest's second report moved to the ramp's start: still one story with the first.
    late = timedelta(days=EVENT_WINDOW_DAYS or 0)
    moved = [
        reports[0],
        replace(reports[1], day=date(2009, 1, 7) + late),
        reports[2],
        replace(reports[3], day=date(2009, 2, 3) + late),
    ]
    labels = _grouped(moved)
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]


def _weighed(features: list[StoryFeatures]) -> list[Weighed]:
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    return [Weighed.of(item, frequencies) for item in features]


def test_penalty_grows_with_the_days_between_two_reports(reports: list[StoryFeatures]) -> None:
    start = date(2009, 1, 7)
    penalties = []
    ramp_start = EVENT_WINDOW_DAYS or 0
    for days in (0, ramp_start, 10, 20, STORY_WINDOW_DAYS, STORY_WINDOW_DAYS + 1, 400):
        pair = [replace(reports[0], day=start), replace(reports[2], day=start + timedelta(days))]
        first, second = _weighed(pair)
        timeless = weighed_similarity(first, second, NO_TIME_RULE)
        penalties.append(timeless - weighed_similarity(first, second) if days else 0.0)
    assert penalties[:2] == [0.0, pytest.approx(0.0)]
    assert 0.0 < penalties[2] < penalties[3] < penalties[4]
    assert penalties[4:] == [pytest.approx(DATE_PENALTY)] * 3


def test_undated_reports_lose_nothing(reports: list[StoryFeatures]) -> None:
    undated = _weighed([replace(item, day=None) for item in reports])
    for other in undated[1:]:
        assert TimeRule().penalty(undated[0], other) == 0.0
        assert weighed_similarity(undated[0], other) == weighed_similarity(
            undated[0], other, NO_TIME_RULE
        )
