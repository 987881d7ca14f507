"""Helpers shared by the report renderers: labels, lookups and indexes over a comparison.

Nothing here renders a format; each function turns parts of a ``Comparison`` into plain
values the JSON, Markdown, HTML and terminal renderers all need.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections import Counter
from dataclasses import dataclass

from storytrace.model import (
    AnalysedArticle,
    Article,
    Comparison,
    Dateline,
    MatchKind,
    QuoteGroup,
    Sentence,
    SentenceMatch,
)

# Strongest relation first: a sentence copied in one article and paraphrased in another
# is shown as copied.
KIND_ORDER = (
    MatchKind.COPIED,
    MatchKind.PARAPHRASED,
    MatchKind.TRANSLATED,
    MatchKind.SAME_TOPIC,
)

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


def storytrace_version() -> str:
    """Return the installed storytrace version, or ``"0+unknown"`` when not installed."""
    try:
        return importlib.metadata.version("storytrace")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def article_label(article: Article) -> str:
    """Return the outlet of ``article``, or its id when the outlet is unknown."""
    return article.outlet or article.id


def format_dateline(dateline: Dateline | None) -> str:
    """Return ``"Place, date (AGENCY)"`` with whatever parts are known, or ``""``."""
    if dateline is None:
        return ""
    text = ", ".join(part for part in (dateline.place, dateline.date) if part)
    if dateline.agency:
        text = f"{text} ({dateline.agency})" if text else f"({dateline.agency})"
    return text


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is a plain http(s) URL, else ``None``.

    Article metadata is untrusted: a ``javascript:`` or ``data:`` URL must never become a link.
    """
    if url and _SAFE_URL.fullmatch(url.strip()):
        return url.strip()
    return None


def sentence_id(article_id: str, index: int) -> str:
    """Return the anchor id of one sentence, ``"{article}-s{index}"``."""
    return f"{article_id}-s{index}"


def sentences_by_index(analysed: AnalysedArticle) -> dict[int, Sentence]:
    """Map ``Sentence.index`` to the sentence, so lookups do not rely on list positions."""
    return {sentence.index: sentence for sentence in analysed.sentences}


def sentence_text(comparison: Comparison, article_id: str, index: int) -> str:
    """Return the text of one sentence, or a placeholder when the index is unknown."""
    try:
        analysed = comparison.article(article_id)
    except KeyError:
        return f"(unknown article {article_id})"
    sentence = sentences_by_index(analysed).get(index)
    return sentence.text if sentence is not None else f"(no sentence {index})"


def valid_range(start: int, end: int, length: int) -> bool:
    """Tell whether ``[start, end)`` is a non-empty range inside a text of ``length``."""
    return 0 <= start < end <= length


def shorten(text: str, width: int) -> str:
    """Collapse whitespace and cut ``text`` to at most ``width`` characters with ``...``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return flat[: max(width - 3, 0)].rstrip() + "..."


def plural(count: int, noun: str) -> str:
    """Return ``"1 sentence"`` or ``"3 sentences"``; ``noun`` takes a plain ``s`` plural."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def kind_counts(matches: list[SentenceMatch]) -> dict[MatchKind, int]:
    """Count sentence matches by kind; every kind is present, zero when absent."""
    counts = Counter(match.kind for match in matches)
    return {kind: counts.get(kind, 0) for kind in KIND_ORDER}


@dataclass(frozen=True)
class Counterpart:
    """A sentence in another article that matches a given sentence."""

    article: str
    sentence: int
    kind: MatchKind
    score: float


def counterparts(comparison: Comparison) -> dict[tuple[str, int], list[Counterpart]]:
    """Index every matched sentence, in both directions, by ``(article id, sentence index)``."""
    index: dict[tuple[str, int], list[Counterpart]] = {}
    for pair in comparison.pairs:
        for match in pair.matches:
            index.setdefault((match.article_a, match.sentence_a), []).append(
                Counterpart(match.article_b, match.sentence_b, match.kind, match.score)
            )
            index.setdefault((match.article_b, match.sentence_b), []).append(
                Counterpart(match.article_a, match.sentence_a, match.kind, match.score)
            )
    return index


@dataclass(frozen=True)
class SpanRef:
    """One side of a shared verbatim span: its offsets in one article and the other article."""

    start: int
    end: int
    partner: str


def spans_in(comparison: Comparison, article_id: str) -> list[SpanRef]:
    """Return the shared spans that fall in ``article_id``, from every pair it belongs to."""
    refs: list[SpanRef] = []
    for pair in comparison.pairs:
        for span in pair.spans:
            if span.article_a == article_id:
                refs.append(SpanRef(span.start_a, span.end_a, span.article_b))
            if span.article_b == article_id:
                refs.append(SpanRef(span.start_b, span.end_b, span.article_a))
    return refs


def labels(comparison: Comparison) -> dict[str, str]:
    """Map each article id to its display label (outlet, or id)."""
    return {
        analysed.article.id: article_label(analysed.article) for analysed in comparison.articles
    }


def group_speaker(group: QuoteGroup) -> str:
    """Return who speaks in ``group``: the first name as written, else its key, else a note."""
    for variant in group.variants:
        if variant.quote.speaker is not None:
            return variant.quote.speaker.name
    return group.speaker_key or "unattributed"
