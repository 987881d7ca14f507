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
    # what ``published`` is: "published", "updated", "crawled" (a crawl date, not a
    # publication) or "dateline"; None when nothing was declared
    published_kind: str | None = None
    # "article", or "summary" for a feed item that carries only a summary of an article
    kind: str = "article"
    # where each declared field came from, as (field, source) pairs:
    # ("outlet", "og:site_name"), ("published", "article:published_time"), ...
    basis: tuple[tuple[str, str], ...] = ()


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
    published_kind: str | None = None  # see ``RawDocument.published_kind``
    kind: str = "article"  # "article" or "summary" (a feed summary, not grouped by default)
    # where each metadata field came from, as (field, basis) pairs, e.g. ("outlet",
    # "declared: og:site_name"), ("outlet", "URL host"), ("language", "text")
    basis: tuple[tuple[str, str], ...] = ()

    def basis_of(self, name: str) -> str | None:
        """Where the metadata field ``name`` came from, or None when not recorded."""
        return dict(self.basis).get(name)


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
    # similar in meaning, but no shared wording or specific fact: the same topic, not reuse
    SAME_TOPIC = "same-topic"


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
    """Who is quoted: the resolved name, and where the article refers to them at the quote.

    ``start``/``end`` bound the mention next to the cue, which may be a pronoun or a
    description ("he", "the spokesman"); ``name`` is the named person it resolves to when
    the article names one, else the mention itself.
    """

    name: str  # as written in the article, e.g. "Major General Igor Konashenkov"
    key: str  # folded identity shared across articles, e.g. "konashenkov"; "" if unnamed
    role: str | None = None  # "a spokesman for Russia's Defense Ministry"
    start: int | None = None  # the mention at the quote ("he", "Konashenkov")
    end: int | None = None
    mention: str = ""  # the text of that mention when it differs from ``name``


class QuoteKind(StrEnum):
    """How a statement is reported."""

    DIRECT = "direct"  # inside quotation marks: "..." he said
    INDIRECT = "indirect"  # reported speech: he said that ...
    MIXED = "mixed"  # reported speech with quoted words: he said the plan was "dead"


@dataclass(frozen=True)
class Quote:
    """A statement attributed to a speaker inside one article.

    ``start``/``end`` bound the whole content (quotation marks excluded); ``parts`` lists the
    content's pieces when a cue interrupts it ('"We must go," he said, "now."'), else holds
    the one span. ``text`` is the content's words, the parts joined by a space.
    """

    id: str  # "a1-q0"
    article: str
    start: int  # offsets of the quoted content, without the quotation marks
    end: int
    text: str
    speaker: Speaker | None
    cue: str | None  # "said", "added", "according to", ...
    kind: QuoteKind = QuoteKind.DIRECT
    cue_start: int | None = None
    cue_end: int | None = None
    parts: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()  # what was unusual: "unbalanced quotation mark", ...


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
    wording: int = 0  # variants with the same words (case, accents, punctuation aside) share it
    first: bool = True  # this article is the earliest to carry this wording


@dataclass(frozen=True)
class QuoteGroup:
    """The variants of one utterance across articles (first variant is the reference)."""

    id: str
    speaker_key: str | None
    variants: list[QuoteVariant]
    speaker_name: str | None = None  # the fullest name any variant gives the speaker
    speaker_role: str | None = None  # role or organisation, where any article gives one


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


@dataclass(frozen=True)
class Story:
    """One event as reported by many articles (ids are the store's article ids)."""

    id: int
    article_ids: tuple[str, ...]  # oldest first (by publication date where known)
    title: str | None  # the title of the story's first article
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class ReusedPassage:
    """A passage of ``target`` that repeats a passage of ``source``.

    ``kind`` is COPIED for verbatim reuse (found by the n-gram index, possibly with light
    edits), PARAPHRASED or TRANSLATED for reuse found sentence by sentence. Which article
    is the source is a guess made by the derivation stage (earlier publication, credits);
    for undirected evidence ``source`` is simply the first article of the pair.
    """

    source: str
    source_start: int
    source_end: int
    target: str
    target_start: int
    target_end: int
    kind: MatchKind
    tokens: int  # length in word tokens of the target passage
    score: float  # 1.0 for verbatim runs; the sentence similarity otherwise


class DerivationKind(StrEnum):
    """How one article derives from another."""

    SYNDICATION = "credited syndication"  # the text credits the source (dateline agency, "via X")
    VERBATIM = "verbatim copy"  # uncredited verbatim reuse
    PARAPHRASE = "paraphrase"
    TRANSLATION = "translation"


@dataclass(frozen=True)
class Derivation:
    """A directed edge of a story's derivation graph: ``target`` derives from ``source``."""

    source: str
    target: str
    kind: DerivationKind
    confidence: float  # in [0, 1]
    passages: tuple[ReusedPassage, ...]
    rare_ngrams: tuple[str, ...]  # shared word n-grams that are rare in the corpus, as evidence
    lag_seconds: float | None  # target's publication time minus source's, where both are known
    credit: str | None = None  # the credit that made it syndication ("AFP", "according to TASS")
    shared_share: float = 0.0  # share of the target's text covered by the passages


@dataclass(frozen=True)
class TimelineEntry:
    """When one article of a story came out, as far as its metadata tells.

    ``published`` is ISO 8601: a UTC datetime ("2016-10-19T08:30:00+00:00") when the time of
    day is known, a date ("2016-10-19") when only the day is, ``None`` when neither is.
    ``basis`` says where it came from: "published" (the declared publication date),
    "dateline" (the date in the text's dateline), "dateline, year assumed" (a dateline date
    without a year, given the year of the story's other articles), or ``None``.
    ``fit`` is the article's highest same-story score (0 to 1) with another article of the
    story, where it was computed (``storytrace.stories.same_story``): a low fit marks an
    article the grouping may have put in the wrong story.
    ``order_known`` is False when the article's place in the timeline is not known: no
    publication time (none, or only a crawl or update time, then in ``basis``), or one that
    cannot be ordered against another article's (the same day, overlapping days).
    """

    article: str
    outlet: str
    published: str | None
    basis: str | None
    fit: float | None = None
    order_known: bool = True


@dataclass(frozen=True)
class PassageCarrier:
    """Where one article carries a passage: offsets into that article's text."""

    article: str
    start: int
    end: int


@dataclass(frozen=True)
class PassageOrigin:
    """One passage carried by several articles of a story, and the article that had it first.

    ``article``/``start``/``end``/``text`` locate the passage in its first carrier;
    ``copies`` are the other places that carry it, each with its own offsets, in timeline
    order: other articles, and repetitions inside the first carrier (one article may carry
    one passage twice, as when a sentence is retold as two).
    ``first_published`` is the first carrier's publication time (ISO, as in
    ``TimelineEntry``), ``None`` when its time is unknown and the order rests on credits or
    on how much of each text the other covers. ``kinds`` are the kinds of reuse seen in
    the group (a passage copied by one outlet and translated by another has both).
    """

    article: str
    start: int
    end: int
    text: str
    copies: tuple[PassageCarrier, ...]
    first_published: str | None
    kinds: tuple[MatchKind, ...]
    # False when no evidence (time, credit, coverage) says which carrier had it first:
    # ``article`` is then only the one listed first, and no first carrier is claimed
    first_known: bool = True


class OutletRole(StrEnum):
    """What an outlet does in one story (thresholds in ``storytrace.provenance.outlets``)."""

    ORIGINATOR = "originator"  # others derive from its articles; little of its own is derived
    AMPLIFIER = "amplifier"  # its articles are mostly derived content
    MIXED = "mixed"  # derives some content and is a source for others
    INDEPENDENT = "independent"  # neither derives much nor is derived from


@dataclass(frozen=True)
class OutletProfile:
    """One outlet's part in a story's derivation graph.

    ``derived_share`` is the share of the characters of its articles covered by passages
    that derive from other outlets' articles; ``median_lag_seconds`` the median lag of those
    incoming edges (``None`` when no lag is known); ``derived_from`` and ``source_for``
    count the edges from and to other outlets' articles.
    """

    outlet: str
    role: OutletRole
    articles: tuple[str, ...]
    derived_share: float
    median_lag_seconds: float | None
    derived_from: int
    source_for: int


# The direction basis of an edge whose direction nothing tells (see ``StoryGraph.is_directed``).
ORDER_UNKNOWN = "order unknown"


@dataclass(frozen=True)
class StoryGraph:
    """The derivation graph of one story: who derives from whom, with evidence.

    ``derivations`` are ordered by target (in timeline order), the target's most likely
    direct source first; ``direct_sources`` maps each target to that source as
    ``(target, source)`` pairs. The other edges into a target stay in the graph: they are
    real shared text, often carried on through an intermediary.
    """

    story: Story
    derivations: tuple[Derivation, ...]
    origins: tuple[PassageOrigin, ...]
    outlets: tuple[OutletProfile, ...]
    timeline: tuple[TimelineEntry, ...]  # earliest first, unknown times last
    direct_sources: tuple[tuple[str, str], ...]  # (target, its most likely direct source)
    # (source, target, how the direction was decided: "publication time", "credit", ...)
    direction_basis: tuple[tuple[str, str, str], ...] = ()

    def direct_source(self, target: str) -> str | None:
        """Return the most likely direct source of ``target``, or ``None`` if it has none."""
        for article, source in self.direct_sources:
            if article == target:
                return source
        return None

    def is_direct(self, derivation: Derivation) -> bool:
        """Tell whether ``derivation`` is the edge from its target's most likely source."""
        return self.direct_source(derivation.target) == derivation.source

    def is_directed(self, derivation: Derivation) -> bool:
        """False when nothing tells which of the two articles came first (basis
        ``ORDER_UNKNOWN``): the edge links them without a direction."""
        return self.basis(derivation) != ORDER_UNKNOWN

    def basis(self, derivation: Derivation) -> str | None:
        """Return how the direction of ``derivation`` was decided, where recorded."""
        for source, target, basis in self.direction_basis:
            if (source, target) == (derivation.source, derivation.target):
                return basis
        return None
