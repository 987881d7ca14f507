from __future__ import annotations

import json

from storytrace.model import Comparison
from storytrace.report import to_json


def test_json_holds_offsets_and_texts(comparison: Comparison) -> None:
    document = json.loads(to_json(comparison))
    assert set(document) >= {"storytrace_version", "articles", "pairs", "quotes", "quote_groups"}
    assert isinstance(document["storytrace_version"], str) and document["storytrace_version"]
    texts = {article["id"]: article["text"] for article in document["articles"]}
    for article in document["articles"]:
        for sentence in article["sentences"]:
            assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
        for entity in article["entities"]:
            assert article["text"][entity["start"] : entity["end"]] == entity["text"]
    rhc = document["articles"][1]
    assert rhc["dateline"] == {
        "place": "Moscow",
        "date": "October 5",
        "agency": "RHC",
        "start": 0,
        "end": 26,
    }
    assert rhc["only_here"] == [2]
    assert rhc["outlet"] == "Radio Habana Cuba"
    pair = document["pairs"][0]
    for span in pair["shared_spans"]:
        assert texts[pair["article_a"]][span["start_a"] : span["end_a"]] == span["text_a"]
        assert texts[pair["article_b"]][span["start_b"] : span["end_b"]] == span["text_b"]
    assert pair["sentence_matches"][1] == {
        "sentence_a": 1,
        "sentence_b": 1,
        "kind": "copied",
        "score": 0.83,
        "semantic": 0.9,
        "lexical": 0.61,
    }
    for quote in document["quotes"]:
        assert texts[quote["article"]][quote["start"] : quote["end"]] == quote["text"]


def test_json_groups_point_at_quotes(comparison: Comparison) -> None:
    document = json.loads(to_json(comparison))
    quote_ids = {quote["id"] for quote in document["quotes"]}
    group = document["quote_groups"][0]
    assert [v["quote"] for v in group["variants"]] == ["a1-q0", "a2-q0"]
    assert set(v["quote"] for v in group["variants"]) <= quote_ids
    assert group["variants"][1]["changes"][0] == {
        "op": "changed",
        "reference": "complete elimination",
        "variant": "completing the defeat",
    }
    assert document["quotes"][0]["speaker"]["key"] == "konashenkov"
    assert document["quotes"][2]["speaker"] is None
    assert document["rejected"] == [{"source": "examples/empty.txt", "reason": "file is empty"}]


def test_json_leaves_out_embeddings(comparison: Comparison) -> None:
    text = to_json(comparison)
    assert "embedding" not in text
    assert "0.25" not in text  # the fixture's fake embedding values


def test_json_is_stable(comparison: Comparison) -> None:
    assert to_json(comparison) == to_json(comparison)
    assert to_json(comparison).endswith("}\n")
