"""The story as JSON: stable keys, passages with their texts, one entry per edge."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from provenance.story_cases import flood_graph
from storytrace.report.story_json import FORMAT_VERSION, story_to_json


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    graph, articles = flood_graph()
    loaded: dict[str, Any] = json.loads(story_to_json(graph, articles))
    return loaded


def test_top_level_keys_and_story(document: dict[str, Any]) -> None:
    assert list(document) == [
        "format_version",
        "storytrace_version",
        "story",
        "articles",
        "derivations",
        "origins",
        "outlets",
    ]
    assert document["format_version"] == FORMAT_VERSION == 1
    assert document["story"] == {
        "id": 1,
        "title": "Title of a1",
        "article_ids": ["a1", "a2", "a3", "a4"],
        "first_published": None,
        "last_published": None,
    }


def test_articles_in_timeline_order_with_the_time_read(document: dict[str, Any]) -> None:
    articles = document["articles"]
    assert [a["id"] for a in articles] == ["a1", "a2", "a3", "a4"]
    assert articles[0]["time"] == "2016-10-19T06:00:00+00:00"
    assert articles[0]["time_basis"] == "published"
    assert (articles[3]["time"], articles[3]["time_basis"], articles[3]["published"]) == (
        None,
        None,
        None,
    )
    assert set(articles[0]) == {
        "id",
        "outlet",
        "title",
        "url",
        "language",
        "published",
        "published_kind",
        "basis",
        "time",
        "time_basis",
        "fit",
        "order_known",
    }
    assert articles[0]["fit"] is None  # not computed for this graph


def test_derivations_carry_their_evidence(document: dict[str, Any]) -> None:
    graph, articles = flood_graph()
    texts = {article.id: article.text for article in articles}
    edges = document["derivations"]
    assert [(e["source"], e["target"], e["kind"]) for e in edges] == [
        (d.source, d.target, d.kind.value) for d in graph.derivations
    ]
    first = edges[0]
    assert first["kind"] == "credited syndication"
    assert (first["credit"], first["lag_seconds"], first["direct"]) == ("(AFP)", 12600.0, True)
    assert first["direction_basis"] == "publication time and credit"
    assert all(e["directed"] for e in edges)  # every edge of the flood story has a basis
    assert [e["direct"] for e in edges] == [True, True, False]
    for edge in edges:
        for passage in edge["passages"]:
            source = texts[edge["source"]][passage["source_start"] : passage["source_end"]]
            assert passage["source_text"] == source
            target = texts[edge["target"]][passage["target_start"] : passage["target_end"]]
            assert passage["target_text"] == target
            assert passage["kind"] in {"copied", "paraphrased", "translated"}


def test_origins_and_outlets(document: dict[str, Any]) -> None:
    origin = document["origins"][0]
    assert origin["article"] == "a1"
    assert origin["kinds"] == ["copied"]
    assert {copy["article"] for copy in origin["copies"]} == {"a2", "a3"}
    assert all(copy["text"].startswith("Flooding") for copy in origin["copies"])
    roles = {o["outlet"]: o["role"] for o in document["outlets"]}
    assert roles == {
        "Agence France-Presse": "originator",
        "Daily Ledger": "amplifier",
        "Copy Courier": "amplifier",
        "Sports Wire": "independent",
    }


def test_output_is_stable() -> None:
    graph, articles = flood_graph()
    assert story_to_json(graph, articles) == story_to_json(graph, list(reversed(articles)))


def test_fits_are_written_where_known() -> None:
    graph, articles = flood_graph()
    timeline = tuple(
        replace(entry, fit=0.4242 if entry.article == "a2" else None) for entry in graph.timeline
    )
    document = json.loads(story_to_json(replace(graph, timeline=timeline), articles))
    assert [a["fit"] for a in document["articles"]] == [None, 0.4242, None, None]
