"""A small hand-built ``Comparison`` from excerpts of the two seed articles.

Offsets are computed with ``str.find`` so the records hold what the pipeline would produce.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pytest

from storytrace.model import (
    AnalysedArticle,
    Article,
    Comparison,
    Dateline,
    Entity,
    MatchKind,
    PairAlignment,
    Quote,
    QuoteGroup,
    QuoteVariant,
    Sentence,
    SentenceMatch,
    SharedSpan,
    Speaker,
    WordChange,
)

GPA_SENTENCES = (
    "Moscow (GPA) – The Russian Ministry of Defense (MoD) says the war in Syria is still "
    "dragging on thanks to the US providing support to terrorists – specifically Daesh.",
    "Russian MoD spokesman, Major General Igor Konashenkov, said in a statement on Wednesday "
    "that “The main obstacle to the complete elimination of Daesh in Syria is not the military "
    "capabilities of terrorists, but rather the support of [our] American colleagues.”",
)
RHC_SENTENCES = (
    "Moscow, October 5 (RHC)-- Russia has accused the U.S. forces of providing intelligence to "
    'the Daesh Takfiri terrorists in eastern Syria, saying Washington is clearly "flirting" '
    "with the terrorist group.",
    "Major General Igor Konashenkov, a spokesman for Russia's Defense Ministry, said on "
    'Wednesday that "the main obstacle to completing the defeat of Islamic State (Daesh) in '
    "Syria is not the military capability of the terrorists but the support for them, and "
    'flirtation with them, by the United States."',
    "Russia has been a major backer of Syria's fight against terrorists over the past two years.",
)
GPA_QUOTE = (
    "The main obstacle to the complete elimination of Daesh in Syria is not the military "
    "capabilities of terrorists, but rather the support of [our] American colleagues."
)
RHC_QUOTE = (
    "the main obstacle to completing the defeat of Islamic State (Daesh) in Syria is not the "
    "military capability of the terrorists but the support for them, and flirtation with "
    "them, by the United States."
)
KONASHENKOV = "Major General Igor Konashenkov"


@dataclass(frozen=True)
class Spec:
    """One article to build: id, outlet, sentences and the separators between them."""

    id: str
    outlet: str
    sentences: Sequence[str]
    separators: Sequence[str]
    dateline: Dateline | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = "en"


GPA = Spec(
    "a1",
    "GPA",
    GPA_SENTENCES,
    ["\n\n"],
    Dateline("Moscow", None, "GPA", 0, 15),
    "Russia: US Support For Terrorists Is Prolonging Syrian War",
    "https://example.org/gpa/russia-us-support",
)
RHC = Spec(
    "a2",
    "Radio Habana Cuba",
    RHC_SENTENCES,
    [" ", "\n\n"],
    Dateline("Moscow", "October 5", "RHC", 0, 26),
    "Russia Accuses U.S. of Supporting and 'Flirting With' Daesh in Eastern Syria",
    "https://www.radiohc.cu/index.php/en/noticias/internacionales/143502",
)


def analyse(spec: Spec) -> AnalysedArticle:
    """Join the sentences into a text and record each sentence's offsets."""
    text = spec.sentences[0]
    for separator, sentence in zip(spec.separators, spec.sentences[1:], strict=True):
        text += separator + sentence
    sentences = []
    cursor = 0
    for index, sentence in enumerate(spec.sentences):
        start = text.find(sentence, cursor)
        assert start >= 0
        cursor = start + len(sentence)
        sentences.append(Sentence(index, start, cursor, sentence))
    entities = []
    if KONASHENKOV in text:
        start = text.find(KONASHENKOV)
        entities.append(Entity(KONASHENKOV, "PERSON", start, start + len(KONASHENKOV)))
    article = Article(
        spec.id,
        f"examples/{spec.id}.txt",
        text,
        title=spec.title,
        outlet=spec.outlet,
        url=spec.url,
        dateline=spec.dateline,
        language=spec.language,
        removed=("Related: Map: ISIS Empire Shrinks",),
    )
    embeddings = np.full((len(sentences), 2), 0.25, dtype=np.float32)
    return AnalysedArticle(article, sentences, entities, embeddings)


def span(a: AnalysedArticle, b: AnalysedArticle, words_a: str, words_b: str) -> SharedSpan:
    """A shared span between the first occurrences of ``words_a`` and ``words_b``."""
    start_a, start_b = a.article.text.find(words_a), b.article.text.find(words_b)
    assert start_a >= 0 and start_b >= 0
    return SharedSpan(
        a.article.id,
        start_a,
        start_a + len(words_a),
        b.article.id,
        start_b,
        start_b + len(words_b),
        words_a,
        words_b,
        len(words_a.split()),
    )


def quote(analysed: AnalysedArticle, number: int, words: str, speaker: Speaker | None) -> Quote:
    """A quote on the first occurrence of ``words`` in the article."""
    start = analysed.article.text.find(words)
    assert start >= 0
    return Quote(
        f"{analysed.article.id}-q{number}",
        analysed.article.id,
        start,
        start + len(words),
        words,
        speaker,
        "said",
    )


def build(
    gpa: Spec = GPA,
    rhc: Spec = RHC,
    spans: Sequence[tuple[str, str]] = ((KONASHENKOV, KONASHENKOV),),
) -> Comparison:
    """The seed comparison; ``spans`` are (words in GPA, words in RHC) pairs."""
    a, b = analyse(gpa), analyse(rhc)
    matches = [
        SentenceMatch("a1", 0, "a2", 0, MatchKind.PARAPHRASED, 0.71, 0.8, 0.42),
        SentenceMatch("a1", 1, "a2", 1, MatchKind.COPIED, 0.83, 0.9, 0.61),
    ]
    pair = PairAlignment("a1", "a2", [span(a, b, x, y) for x, y in spans], matches)
    konashenkov = Speaker(KONASHENKOV, "konashenkov", "Russian MoD spokesman")
    quotes = [
        quote(a, 0, GPA_QUOTE, konashenkov),
        quote(b, 0, RHC_QUOTE, Speaker(KONASHENKOV, "konashenkov", "a spokesman")),
        quote(b, 1, "flirting", None),
    ]
    changes = [
        WordChange("changed", "complete elimination", "completing the defeat"),
        WordChange("added", "", "Islamic State"),
        WordChange("dropped", "[our] American colleagues", ""),
    ]
    group = QuoteGroup(
        "g0",
        "konashenkov",
        [QuoteVariant(quotes[0], 1.0, []), QuoteVariant(quotes[1], 0.62, changes)],
    )
    return Comparison(
        [a, b],
        [pair],
        {"a1": [], "a2": [2]},
        quotes,
        [group],
        [("examples/empty.txt", "file is empty")],
    )


@pytest.fixture
def comparison() -> Comparison:
    return build()


@pytest.fixture
def make_comparison() -> Callable[..., Comparison]:
    return build


@pytest.fixture
def seed_specs() -> tuple[Spec, Spec]:
    """The two seed excerpts, to vary with ``dataclasses.replace``."""
    return GPA, RHC
