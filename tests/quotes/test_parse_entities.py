"""The quotation parse takes its named entities from the sentence pass: an article that
``compare`` analysed is not run through the entity recogniser a second time, and an article
parsed alone gets the same entities as its analysis would give it (the dateline's aside)."""

from __future__ import annotations

from typing import Any

import pytest

from storytrace.clean.dateline import parse_dateline
from storytrace.compare import compare_articles
from storytrace.model import Article, Entity
from storytrace.nlp import pipeline
from storytrace.nlp.pipeline import analyse_text
from storytrace.quotes import parse
from storytrace.quotes.parse import parse_text

TEXT = (
    "MOSCOW, Oct 5 (Reuters) - Foreign Minister Sergei Lavrov said on Monday that Russia "
    'would not send troops to Syria. "We have no such plans," Lavrov told reporters in '
    "Moscow.\n\nThe Pentagon declined to comment on the remarks made by the minister."
)


def test_a_text_parsed_alone_gets_its_analysis_entities_but_the_datelines() -> None:
    dateline = parse_dateline(TEXT)
    assert dateline is not None
    _, analysed = analyse_text(TEXT, "en")
    parsed = parse_text(TEXT)
    assert parsed.entities == [e for e in analysed if e.start >= dateline.end]
    assert any(e.start < dateline.end for e in analysed)  # "MOSCOW" in the dateline
    assert any(e.text == "Sergei Lavrov" for e in parsed.entities)


def test_given_entities_are_used_and_the_recogniser_is_not_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(texts: Any, batch_size: int) -> Any:
        raise AssertionError("the entity recogniser ran again")

    monkeypatch.setattr(parse, "english_entities", refuse)
    start = TEXT.index("Sergei")
    given = [Entity("Sergei Lavrov", "PERSON", start, start + len("Sergei Lavrov"))]
    parsed = parse_text(TEXT, given)
    assert parsed.entities == given
    (said,) = [item for item in parsed.found if item.cue_text == "said"]
    assert said.source is not None
    assert TEXT[said.source[0] : said.source[1]].endswith("Sergei Lavrov")


def test_compare_runs_the_recogniser_once_per_english_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recognised: list[str] = []
    call, pipe = pipeline.EnglishPipeline.__call__, pipeline.EnglishPipeline.pipe

    def counted_call(self: pipeline.EnglishPipeline, text: str) -> Any:
        if "ner" in self.pipe_names:
            recognised.append(text)
        return call(self, text)

    def counted_pipe(self: pipeline.EnglishPipeline, texts: Any, batch_size: int) -> Any:
        texts = list(texts)
        if "ner" in self.pipe_names:
            recognised.extend(texts)
        return pipe(self, texts, batch_size)

    monkeypatch.setattr(pipeline.EnglishPipeline, "__call__", counted_call)
    monkeypatch.setattr(pipeline.EnglishPipeline, "pipe", counted_pipe)
    second = TEXT.replace("Monday", "Tuesday")
    articles = [
        Article("a1", "one", TEXT, language="en"),
        Article("a2", "two", second, language="en"),
    ]
    comparison = compare_articles(articles)
    assert sorted(recognised) == sorted([TEXT, second])
    assert comparison.quotes
