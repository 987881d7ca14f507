"""The story as terminal text: header, timeline, edges with evidence, origins, outlets."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from provenance.story_cases import flood_graph
from storytrace.model import Story, StoryGraph
from storytrace.report.story_text import format_lag, format_time, story_to_text


@pytest.fixture(scope="module")
def text() -> str:
    graph, articles = flood_graph()
    return story_to_text(graph, articles)


def _section(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1 : end]


def test_header_names_the_story_and_its_span(text: str) -> None:
    first, second = text.splitlines()[:2]
    assert first == 'Story 1: "Title of a1" (4 articles, 4 outlets)'
    assert second == "Published 2016-10-19 06:00 UTC to 2016-10-19 15:00 UTC"


def test_timeline_is_sorted_by_time_with_unknown_times_last(text: str) -> None:
    timeline = _section(text, "Timeline")
    assert [re.search(r"\[article (\w+)\]$", line).group(1) for line in timeline] == [  # type: ignore[union-attr]
        "a1",
        "a2",
        "a3",
        "a4",
    ]
    assert timeline[0].split()[:5] == ["2016-10-19", "06:00", "UTC", "Agence", "France-Presse"]
    assert '"Title of a2"' in timeline[1]
    assert timeline[3].strip().startswith("time unknown")
    assert "fit" not in "".join(timeline)  # no fits computed for this graph


def test_timeline_shows_each_fit_where_known() -> None:
    graph, articles = flood_graph()
    timeline = tuple(
        replace(entry, fit=0.4242 if entry.article == "a2" else None) for entry in graph.timeline
    )
    lines = _section(story_to_text(replace(graph, timeline=timeline), articles), "Timeline")
    assert lines[1].endswith("[article a2]  fit 0.42")
    assert not lines[0].endswith("fit")


def test_edges_read_target_kind_confidence_lag_source(text: str) -> None:
    edges = _section(text, "Derivation graph")
    heads = [line for line in edges if not line.startswith("      ")]
    assert len(heads) == len(flood_graph()[0].derivations) == 3
    assert re.fullmatch(
        r"\* Daily Ledger \[article a2\]  <-credited syndication \(0\.\d\d, lag 3h 30m\)-  "
        r"Agence France-Presse \[article a1\]",
        heads[0],
    )
    assert re.fullmatch(
        r"\* Copy Courier \[article a3\]  <-verbatim copy \(0\.\d\d, lag 9h\)-  "
        r"Agence France-Presse \[article a1\]",
        heads[1],
    )
    # Not the direct source: no star.
    assert heads[2].startswith("  Copy Courier [article a3]  <-verbatim copy (")
    assert heads[2].endswith("-  Daily Ledger [article a2]")
    evidence = edges[1]
    assert 'credit "(AFP)"' in evidence
    assert "direction by publication time and credit" in evidence
    assert re.search(r"1 passage, \d+% of the target", evidence)
    assert edges[2].strip().startswith('e.g. "Flooding in the northern province')


def test_origins_and_outlets(text: str) -> None:
    origins = _section(text, "Passage origins")
    assert origins[0].startswith(
        "  Agence France-Presse [article a1], 2016-10-19 06:00 UTC: copied by"
    )
    assert "Daily Ledger [article a2]" in origins[0]
    assert "Copy Courier [article a3]" in origins[0]
    outlets = _section(text, "Outlets")
    assert outlets[0].split() == ["outlet", "role", "articles", "derived", "median", "lag"]
    rows = {line[:26].strip(): line[26:].split() for line in outlets[1:]}
    assert rows["Agence France-Presse"][:2] == ["originator", "1"]
    assert rows["Agence France-Presse"][-1] == "-"
    assert rows["Daily Ledger"][0] == "amplifier"
    assert rows["Daily Ledger"][-2:] == ["3h", "30m"]
    assert rows["Sports Wire"][0] == "independent"


def test_an_empty_story_says_so() -> None:
    graph = StoryGraph(Story(7, (), None, None, None), (), (), (), (), ())
    text = story_to_text(graph, [])
    assert text.startswith('Story 7: "untitled" (0 articles, 0 outlets)')
    assert "(no articles)" in text and "(no derivations" in text and "(none)" in text


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "?"),
        (0, "0m"),
        (45 * 60, "45m"),
        (3 * 3600, "3h"),
        (3.5 * 3600, "3h 30m"),
        (86400, "1d"),
        (2 * 86400 + 4 * 3600 + 59, "2d 4h"),
        (-2 * 3600, "-2h"),
    ],
)
def test_format_lag(seconds: float | None, shown: str) -> None:
    assert format_lag(seconds) == shown


def test_format_time() -> None:
    assert format_time("2016-10-19T08:30:00+00:00") == "2016-10-19 08:30 UTC"
    assert format_time("2016-10-19") == "2016-10-19"
    assert format_time(None) == "time unknown"
