"""Publication times from metadata and datelines, and which of two articles came first."""

from __future__ import annotations

import pytest

from storytrace.model import Article, Dateline
from storytrace.provenance.timing import (
    lag_seconds,
    order,
    parse_time,
    publication_time,
    story_year,
)


def _article(published: str | None = None, date: str | None = None) -> Article:
    dateline = Dateline("PARIS", date, None) if date else None
    return Article("x", "x.txt", "text", published=published, dateline=dateline)


@pytest.mark.parametrize(
    ("text", "iso", "day_only"),
    [
        ("2016-10-19T08:30:00Z", "2016-10-19T08:30:00+00:00", False),
        ("2016-10-19T11:30:00+03:00", "2016-10-19T08:30:00+00:00", False),
        ("2016-10-19T08:30:00", "2016-10-19T08:30:00+00:00", False),  # no zone: UTC
        ("Wed, 19 Oct 2016 08:30:00 GMT", "2016-10-19T08:30:00+00:00", False),
        ("2016-10-19", "2016-10-19", True),
        ("2016-10-19T00:00:00", "2016-10-19", True),  # a date padded with zeros
        ("19 October 2016", "2016-10-19", True),
        ("Oct. 19, 2016", "2016-10-19", True),
    ],
)
def test_declared_times_are_read(text: str, iso: str, day_only: bool) -> None:
    parsed = parse_time(text)
    assert parsed is not None
    assert (parsed.iso(), parsed.day_only) == (iso, day_only)


@pytest.mark.parametrize("text", ["", "soon", "2016-13-45", "Oct 19"])
def test_unreadable_or_yearless_declared_times_are_unknown(text: str) -> None:
    assert parse_time(text) is None


def test_a_dateline_date_without_year_needs_the_story_year() -> None:
    assert publication_time(_article(date="Oct 19")) is None
    parsed = publication_time(_article(date="Oct 19"), default_year=2016)
    assert parsed is not None
    assert (parsed.iso(), parsed.basis) == ("2016-10-19", "dateline, year assumed")
    dated = publication_time(_article(date="October 19, 2016"))
    assert dated is not None and dated.basis == "dateline"


def test_the_declared_date_wins_over_the_dateline() -> None:
    parsed = publication_time(_article("2016-10-20T10:00:00Z", "Oct 19"), default_year=2016)
    assert parsed is not None and parsed.iso() == "2016-10-20T10:00:00+00:00"


def test_the_story_year_is_only_given_when_all_dated_articles_agree() -> None:
    assert story_year([_article("2016-10-19"), _article(None), _article("2016-12-01T10:00Z")]) == (
        2016
    )
    assert story_year([_article("2016-12-31"), _article("2017-01-01")]) is None
    assert story_year([_article(None)]) is None


def test_order_and_lag_of_exact_times() -> None:
    early, late = parse_time("2016-10-19T06:00:00Z"), parse_time("2016-10-19T09:30:00Z")
    assert order(early, late) == -1 and order(late, early) == 1
    assert lag_seconds(early, late) == 12600
    assert lag_seconds(late, early) == -12600
    assert order(early, early) is None and lag_seconds(early, early) is None


def test_a_date_and_a_time_of_that_day_are_not_ordered() -> None:
    day, same_day = parse_time("2016-10-19"), parse_time("2016-10-19T20:00:00Z")
    assert order(day, same_day) is None
    # Another day's time may still fall on the 19th somewhere on earth ...
    assert order(day, parse_time("2016-10-20T08:00:00Z")) is None
    # ... but not two days later.
    assert order(day, parse_time("2016-10-21T18:00:00Z")) == -1


def test_two_dates_are_ordered_by_the_calendar() -> None:
    first, second = parse_time("2016-10-19"), parse_time("2016-10-20")
    assert order(first, second) == -1
    assert lag_seconds(first, second) == 86400
    assert order(first, None) is None
