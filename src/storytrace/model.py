"""Typed records that flow between the stages.

Every stage is a function from these records to these records; nothing here knows about
files, models or the store. Character offsets always index ``Article.text`` (the cleaned
text), are zero-based and half-open (``text[start:end]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Dateline:
    """The opening "Place, date (AGENCY) --" of a news text, as far as it was given."""

    place: str
    date: str | None = None
    agency: str | None = None
    start: int = 0
    end: int = 0  # offset just past the separator that closes the dateline


@dataclass(frozen=True)
class RawDocument:
    """What a reader got out of one input, before cleaning.

    ``text`` is decoded text (HTML already reduced to main text for HTML inputs); the
    metadata fields hold whatever the input itself declared (HTML meta tags, JSONL keys).
    ``source`` names the input for messages: a path, or ``path:line`` for JSONL.
    """

    source: str
    text: str
    format: str  # "text", "markdown", "html" or "jsonl"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as declared
    language: str | None = None
    encoding: str | None = None
    record_id: str | None = None  # the record inside a container: WARC-Record-ID, feed item id


@dataclass(frozen=True)
class Article:
    """One cleaned news article: main text plus the metadata we could establish."""

    id: str  # short, stable within one comparison ("a1", "a2", ...) or a content hash
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    language: str | None = None
    removed: tuple[str, ...] = ()  # boilerplate lines taken out by cleaning, for audit


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, ...
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, from 0
    start: int
    end: int
    text: str


@dataclass
class AnalysedArticle:
    """An article with its sentences, entities and one embedding per sentence."""

    article: Article
    sentences: list[Sentence]
    entities: list[Entity]
    # one L2-normalised row per sentence; None until the embedding stage has run
    embeddings: npt.NDArray[np.float32] | None = field(default=None, repr=False)


class MatchKind(StrEnum):
    """How two passages relate."""

    COPIED = "copied"  # (nearly) the same words
    PARAPHRASED = "paraphrased"  # same content, other words, same language
    TRANSLATED = "translated"  # same content, other language


@dataclass(frozen=True)
class SharedSpan:
    """A verbatim passage found in two articles (after normalising case and spelling)."""

    article_a: str
    start_a: int
    end_a: int
    article_b: str
    start_b: int
    end_b: int
    text_a: str
    text_b: str
    tokens: int  # length of the shared run in word tokens


@dataclass(frozen=True)
class SentenceMatch:
    """Two sentences, in two articles, that carry the same content."""

    article_a: str
    sentence_a: int
    article_b: str
    sentence_b: int
    kind: MatchKind
    score: float  # combined similarity in [0, 1]
    semantic: float  # cosine of the sentence embeddings
    lexical: float  # overlap of normalised content words


@dataclass(frozen=True)
class PairAlignment:
    """Everything that links one pair of articles."""

    article_a: str
    article_b: str
    spans: list[SharedSpan]
    matches: list[SentenceMatch]


@dataclass(frozen=True)
class Speaker:
    name: str  # as written in the article, e.g. "Major General Igor Konashenkov"
    key: str  # folded identity shared across articles, e.g. "konashenkov"
    role: str | None = None  # "a spokesman for Russia's Defense Ministry"
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Quote:
    """A direct quotation inside one article."""

    id: str  # "a1-q0"
    article: str
    start: int  # offsets of the quoted content, without the quotation marks
    end: int
    text: str
    speaker: Speaker | None
    cue: str | None  # "said", "added", "according to", ...


@dataclass(frozen=True)
class WordChange:
    """One difference between a variant and the group's reference variant."""

    op: str  # "added", "dropped" or "changed"
    reference: str  # words of the reference variant ("" for added)
    variant: str  # words of this variant ("" for dropped)


@dataclass(frozen=True)
class QuoteVariant:
    quote: Quote
    similarity: float  # to the group's reference variant (1.0 for the reference itself)
    changes: list[WordChange]


@dataclass(frozen=True)
class QuoteGroup:
    """The variants of one utterance across articles (first variant is the reference)."""

    id: str
    speaker_key: str | None
    variants: list[QuoteVariant]


@dataclass(frozen=True)
class Comparison:
    """The result of comparing two or more articles about one story."""

    articles: list[AnalysedArticle]
    pairs: list[PairAlignment]
    only_here: dict[str, list[int]]  # article id -> indexes of sentences no other article carries
    quotes: list[Quote]
    quote_groups: list[QuoteGroup]
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    def article(self, article_id: str) -> AnalysedArticle:
        for analysed in self.articles:
            if analysed.article.id == article_id:
                return analysed
        raise KeyError(article_id)
