"""The reused passages that link each pair of a story's articles, before any direction.

``pair_passages`` gathers, per pair, in this order (a later source adds a passage only
where the earlier ones do not already cover it):

1. the verbatim passages found by the n-gram index (``ReusedPassage``, kind COPIED);
2. the verbatim runs the pair alignment found (``SharedSpan``);
3. the matched sentences of the pair alignment: copied, then paraphrased, then translated,
   each as a passage from sentence to sentence.

Every passage comes back oriented from the pair's first article (in the story's order) to
its second; the derivation stage flips them once it knows which article is the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from storytrace.model import (
    AnalysedArticle,
    MatchKind,
    PairAlignment,
    ReusedPassage,
    Sentence,
    SentenceMatch,
    SharedSpan,
)

# A passage repeats evidence already held when at least this share of it, on both sides,
# lies inside passages already kept: a sentence that the verbatim index covers half-way is
# the same reuse, not a second one. (Half is the natural cut: it keeps sentences that only
# touch a verbatim run, which add evidence, and drops the ones the run already explains.)
REDUNDANT_OVERLAP = 0.5

# A passage is a quotation, not evidence of reuse, when this share of it lies inside
# quotation marks in either article: independent outlets quote the same speakers, written
# statements and posts word for word (on BASIL, most of what Fox News, the New York Times
# and HuffPost reports of one event share verbatim is quotations). Either, not both: one
# outlet often drops the marks or mixes ‘ ’ with “ ”, so the marks of one text are found
# where the other's are not. Half, as for redundancy: a passage that is mostly quote.
QUOTATION_SHARE = 0.5

# Matched sentences by strength: a sentence copied in one pair and paraphrased in another
# is counted as copied.
_SENTENCE_KINDS = (MatchKind.COPIED, MatchKind.PARAPHRASED, MatchKind.TRANSLATED)

Pair = tuple[str, str]


def pair_passages(
    articles: Sequence[AnalysedArticle],
    alignments: Iterable[PairAlignment],
    verbatim: Iterable[ReusedPassage],
) -> dict[Pair, list[ReusedPassage]]:
    """The passages of every pair of ``articles`` that shares any, keyed by (first, second).

    ``articles`` give the order of each pair; passages and alignments naming an article
    outside ``articles`` are ignored.
    """
    position = {item.article.id: i for i, item in enumerate(articles)}
    sentences = {item.article.id: item.sentences for item in articles}
    texts = {item.article.id: item.article.text for item in articles}
    found: dict[Pair, list[ReusedPassage]] = {}
    for passage in verbatim:
        if passage.source in position and passage.target in position:
            if passage.source == passage.target or not _inside(passage, texts):
                continue
            pair, oriented = _ordered(passage, position, texts)
            found.setdefault(pair, [])
            if oriented not in found[pair]:
                found[pair].append(oriented)
    for alignment in alignments:
        if alignment.article_a not in position or alignment.article_b not in position:
            continue
        candidates = [_from_span(span) for span in alignment.spans]
        for kind in _SENTENCE_KINDS:
            candidates += [
                _from_match(match, sentences)
                for match in alignment.matches
                if match.kind == kind
                and _valid(match, sentences)
                and match.article_a != match.article_b
            ]
        for candidate in candidates:
            pair, oriented = _ordered(candidate, position, texts)
            kept = found.setdefault(pair, [])
            if not _redundant(oriented, kept):
                kept.append(oriented)
    return {pair: passages for pair, passages in found.items() if passages}


def flip(passage: ReusedPassage, texts: Mapping[str, str] | None = None) -> ReusedPassage:
    """The same passage seen from the other article (source and target swapped).

    ``tokens`` counts the words of the target passage, so it is recounted from ``texts``
    (article id -> text) where given; without them it is kept as it was.
    """
    tokens = passage.tokens
    if texts is not None and passage.source in texts:
        tokens = len(texts[passage.source][passage.source_start : passage.source_end].split())
    return replace(
        passage,
        source=passage.target,
        source_start=passage.target_start,
        source_end=passage.target_end,
        target=passage.source,
        target_start=passage.source_start,
        target_end=passage.source_end,
        tokens=tokens,
    )


def covered(ranges: Iterable[tuple[int, int]]) -> int:
    """How many characters the union of the half-open ``ranges`` covers."""
    total, reach = 0, -1
    for start, end in sorted(ranges):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def _ordered(
    passage: ReusedPassage, position: Mapping[str, int], texts: Mapping[str, str]
) -> tuple[Pair, ReusedPassage]:
    if position[passage.source] > position[passage.target]:
        passage = flip(passage, texts)
    return (passage.source, passage.target), passage


def is_quotation(
    passage: ReusedPassage,
    source_quotes: Sequence[tuple[int, int]],
    target_quotes: Sequence[tuple[int, int]],
) -> bool:
    """Tell whether ``passage`` is quoted speech (see ``QUOTATION_SHARE``).

    ``source_quotes`` and ``target_quotes`` are the quoted spans of the two texts
    (``storytrace.quotes.marks.quoted_spans``). The price of counting a passage quoted in
    one text only as a quotation: a text that quotes another outlet's report at length
    ("an excerpt from the Times report") is not linked to it by that excerpt.
    """
    source = (passage.source_start, passage.source_end)
    target = (passage.target_start, passage.target_end)
    return (
        _share_inside(source, source_quotes) >= QUOTATION_SHARE
        or _share_inside(target, target_quotes) >= QUOTATION_SHARE
    )


def _inside(passage: ReusedPassage, texts: Mapping[str, str]) -> bool:
    return 0 <= passage.source_start < passage.source_end <= len(
        texts[passage.source]
    ) and 0 <= passage.target_start < passage.target_end <= len(texts[passage.target])


def _redundant(passage: ReusedPassage, kept: Sequence[ReusedPassage]) -> bool:
    source_ranges = [(p.source_start, p.source_end) for p in kept]
    target_ranges = [(p.target_start, p.target_end) for p in kept]
    return (
        _share_inside((passage.source_start, passage.source_end), source_ranges)
        >= REDUNDANT_OVERLAP
        and _share_inside((passage.target_start, passage.target_end), target_ranges)
        >= REDUNDANT_OVERLAP
    )


def _share_inside(span: tuple[int, int], ranges: Sequence[tuple[int, int]]) -> float:
    start, end = span
    if end <= start:
        return 1.0
    clipped = [(max(s, start), min(e, end)) for s, e in ranges if s < end and e > start]
    return covered(clipped) / (end - start)


def _from_span(span: SharedSpan) -> ReusedPassage:
    return ReusedPassage(
        span.article_a,
        span.start_a,
        span.end_a,
        span.article_b,
        span.start_b,
        span.end_b,
        MatchKind.COPIED,
        span.tokens,
        1.0,
    )


def _valid(match: SentenceMatch, sentences: Mapping[str, list[Sentence]]) -> bool:
    return _sentence(sentences, match.article_a, match.sentence_a) is not None and (
        _sentence(sentences, match.article_b, match.sentence_b) is not None
    )


def _from_match(match: SentenceMatch, sentences: Mapping[str, list[Sentence]]) -> ReusedPassage:
    a = _sentence(sentences, match.article_a, match.sentence_a)
    b = _sentence(sentences, match.article_b, match.sentence_b)
    assert a is not None and b is not None  # checked by _valid
    return ReusedPassage(
        match.article_a,
        a.start,
        a.end,
        match.article_b,
        b.start,
        b.end,
        match.kind,
        len(b.text.split()),
        match.score,
    )


def _sentence(sentences: Mapping[str, list[Sentence]], article: str, index: int) -> Sentence | None:
    for sentence in sentences.get(article, []):
        if sentence.index == index:
            return sentence
    return None
