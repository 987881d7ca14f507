"""The same-story score on real encoders: headlines, languages, calibration, member fits."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from conftest import weighed_together
from storytrace.model import Article
from storytrace.stories import DocumentFrequencies, StoryFeatures, same_story, story_features
from storytrace.stories.same_story import (
    CALIBRATION,
    TitleVector,
    headline_vectors,
    member_fits,
    same_story_score,
)
from storytrace.stories.similarity import weighed_similarity

SURFERS_EN = Article(
    id="en",
    source="test",
    language="en",
    title="Five surfers die in rough seas off the Dutch coast",
    text=(
        "Five surfers died on Monday evening after they got into trouble in rough seas off "
        "the beach at Scheveningen, near The Hague, police said. Rescue teams searched the "
        "North Sea through the night; three bodies were recovered on Tuesday morning. The "
        "mayor of The Hague called it a black day for the city."
    ),
)
SURFERS_DE = Article(
    id="de",
    source="test",
    language="de",
    title="Fünf Surfer vor der niederländischen Küste ums Leben gekommen",
    text=(
        "Bei einem Unglück vor der niederländischen Küste sind fünf Surfer ums Leben "
        "gekommen. Sie gerieten am Montagabend vor dem Strand von Scheveningen bei Den Haag "
        "in Not, teilte die Polizei mit. Drei Tote wurden am Dienstagmorgen aus der Nordsee "
        "geborgen. Die Bürgermeisterin sprach von einem schwarzen Tag für die Stadt."
    ),
)
FOOTBALL = Article(
    id="football",
    source="test",
    language="en",
    title="Auburn to honour Pat Sullivan with a special helmet at the Outback Bowl",
    text=(
        "The Auburn Tigers will pay tribute to their former quarterback Pat Sullivan during "
        "the Outback Bowl on Wednesday, the team said on Twitter. Players will wear a helmet "
        "sticker with his initials. Sullivan, who won the Heisman Trophy in 1971, died in "
        "December at the age of 69."
    ),
)


def _fit_inputs(
    articles: list[Article],
) -> tuple[dict[str, StoryFeatures], DocumentFrequencies, dict[str, TitleVector | None]]:
    """What ``member_fits`` takes: features, document frequencies and headline vectors."""
    features = {item.article_id: item for item in story_features(articles)}
    frequencies = DocumentFrequencies()
    for item in features.values():
        frequencies.add(item)
    headlines = dict(zip([a.id for a in articles], headline_vectors(articles), strict=True))
    return features, frequencies, headlines


@pytest.fixture(scope="module")
def scored() -> dict[tuple[str, str], float]:
    articles = [SURFERS_EN, SURFERS_DE, FOOTBALL]
    weighed = weighed_together(articles)
    headlines = headline_vectors(articles)
    return {
        (a.id, b.id): same_story_score(weighed[i], weighed[j], headlines[i], headlines[j])
        for i, a in enumerate(articles)
        for j, b in enumerate(articles)
        if i < j
    }


def test_one_event_in_two_languages_outscores_an_unrelated_pair(
    scored: dict[tuple[str, str], float],
) -> None:
    assert all(0.0 <= score <= 1.0 for score in scored.values())
    assert scored[("en", "de")] > 0.5
    assert scored[("en", "football")] < 0.2
    assert scored[("de", "football")] < 0.2


def test_the_headline_counts() -> None:
    stray = replace(SURFERS_DE, title=FOOTBALL.title)
    articles = [SURFERS_EN, SURFERS_DE, stray]
    weighed = weighed_together(articles)
    headlines = headline_vectors(articles)
    matching = same_story_score(weighed[0], weighed[1], headlines[0], headlines[1])
    mismatched = same_story_score(weighed[0], weighed[2], headlines[0], headlines[2])
    assert mismatched < matching - 0.2


def test_without_headlines_the_score_is_the_calibrated_link() -> None:
    bare = [replace(SURFERS_EN, title=None), replace(SURFERS_DE, title=None)]
    assert headline_vectors(bare) == [None, None]
    first, second = weighed_together(bare)
    link = weighed_similarity(first, second)
    expected = min(max(link / CALIBRATION.span, 0.0), 1.0)
    assert same_story_score(first, second, None, None) == pytest.approx(expected)


def test_member_fits_mark_the_stray_and_skip_articles_without_features() -> None:
    articles = [SURFERS_EN, SURFERS_DE, FOOTBALL]
    features, frequencies, headlines = _fit_inputs(articles)
    fits = member_fits(articles, features, frequencies, headlines)
    assert min(fits, key=fits.__getitem__) == "football"
    assert fits["en"] == fits["de"] > 0.5
    del features["football"]
    assert set(member_fits(articles, features, frequencies, headlines)) == {"en", "de"}
    del features["de"]
    assert member_fits(articles, features, frequencies, headlines) == {}


def test_large_stories_score_neighbours_only_and_find_the_same_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentences = [
        s
        for article in (SURFERS_EN, FOOTBALL)
        for s in article.text.split(". ")
        if len(s.split()) > 4
    ]
    draw = random.Random(3)
    articles = [
        Article(
            id=f"a{n}",
            source="test",
            language="en",
            title=draw.choice([SURFERS_EN.title, FOOTBALL.title, None]),
            text=". ".join(draw.sample(sentences, k=3)) + ".",
        )
        for n in range(same_story.ALL_PAIRS_UP_TO + 20)
    ]
    features, frequencies, headlines = _fit_inputs(articles)
    nearest = member_fits(articles, features, frequencies, headlines)
    monkeypatch.setattr(same_story, "ALL_PAIRS_UP_TO", len(articles))
    every_pair = member_fits(articles, features, frequencies, headlines)
    assert nearest.keys() == every_pair.keys()
    assert all(nearest[i] <= every_pair[i] for i in nearest)
    assert sum(nearest[i] == every_pair[i] for i in nearest) >= 0.95 * len(articles)
