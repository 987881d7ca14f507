"""One article's text as HTML: sentences, shared verbatim spans and quotes, from offsets.

Sentences, spans and quotes are three layers of intervals over the same text; spans and
quotes may cross sentence edges, so they cannot simply be wrapped around each other. The
text is therefore cut at every boundary of every interval into segments, each segment
knows which intervals cover it, and the markup is built from nested runs of segments:

1. consecutive segments of the same sentence form one sentence element (``a`` when the
   sentence has counterparts in other articles, else ``span``);
2. inside it, consecutive segments under the same quotes form one ``span.quote``;
3. inside that, consecutive segments in the same shared spans form one ``mark.shared``.

Every element is closed before its run ends, so the nesting is always well formed; an
interval that crosses a sentence edge simply shows as two elements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby, pairwise

from storytrace.model import AnalysedArticle, Comparison
from storytrace.report._common import (
    KIND_ORDER,
    Counterpart,
    sentence_id,
    spans_in,
    valid_range,
)
from storytrace.report._markup import element, esc

_SENTENCE, _QUOTE, _SPAN = "sentence", "quote", "span"


@dataclass(frozen=True)
class _Interval:
    start: int
    end: int
    layer: str  # _SENTENCE, _QUOTE or _SPAN
    key: str  # sentence index, quote id, or the other article's id for a shared span


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    sentence: int | None
    quotes: tuple[str, ...]
    partners: tuple[str, ...]


@dataclass
class TextContext:
    """What rendering one article needs from the whole comparison."""

    comparison: Comparison
    counterparts: dict[tuple[str, int], list[Counterpart]]
    names: dict[str, str]  # article id -> display label


def render_text(analysed: AnalysedArticle, context: TextContext) -> str:
    """Return the article's text as HTML markup with sentence, quote and span elements.

    Intervals with offsets outside the text are skipped rather than rendered wrongly.
    """
    text = analysed.article.text
    segments = _segments(len(text), _intervals(analysed, context.comparison))
    anchored: set[str] = set()  # ids already placed, so each id appears once
    out = []
    for sentence, run in groupby(segments, key=lambda segment: segment.sentence):
        inner = _render_quotes(text, list(run), anchored, context.names)
        if sentence is None:
            out.append(inner)
        else:
            out.append(_sentence_element(analysed, sentence, inner, context, anchored))
    # A sentence whose offsets are off still gets its anchor, so links to it never dangle.
    for missing in analysed.sentences:
        missing_id = sentence_id(analysed.article.id, missing.index)
        if missing_id not in anchored:
            anchored.add(missing_id)
            out.append(element("span", "", {"id": missing_id, "class": "sentence"}))
    return "".join(out)


def _intervals(analysed: AnalysedArticle, comparison: Comparison) -> list[_Interval]:
    article_id = analysed.article.id
    length = len(analysed.article.text)
    intervals = [_Interval(s.start, s.end, _SENTENCE, str(s.index)) for s in analysed.sentences]
    intervals += [
        _Interval(q.start, q.end, _QUOTE, q.id)
        for q in comparison.quotes
        if q.article == article_id
    ]
    intervals += [
        _Interval(ref.start, ref.end, _SPAN, ref.partner)
        for ref in spans_in(comparison, article_id)
    ]
    return [i for i in intervals if valid_range(i.start, i.end, length)]


def _segments(length: int, intervals: Iterable[_Interval]) -> list[_Segment]:
    """Cut ``[0, length)`` at every interval boundary; sweep once, keeping the open intervals."""
    starts: dict[int, list[_Interval]] = {}
    ends: dict[int, list[_Interval]] = {}
    for interval in intervals:
        starts.setdefault(interval.start, []).append(interval)
        ends.setdefault(interval.end, []).append(interval)
    active: set[_Interval] = set()
    segments = []
    for low, high in pairwise(sorted({0, length, *starts, *ends})):
        active.difference_update(ends.get(low, ()))
        active.update(starts.get(low, ()))
        segments.append(_segment(low, high, active))
    return segments


def _segment(start: int, end: int, active: set[_Interval]) -> _Segment:
    sentences = [int(i.key) for i in active if i.layer == _SENTENCE]
    return _Segment(
        start,
        end,
        # Sentences should not overlap; if they do, the earlier one owns the text.
        min(sentences) if sentences else None,
        tuple(sorted({i.key for i in active if i.layer == _QUOTE})),
        tuple(sorted({i.key for i in active if i.layer == _SPAN})),
    )


def _render_quotes(
    text: str, segments: list[_Segment], anchored: set[str], names: dict[str, str]
) -> str:
    out = []
    for quotes, run in groupby(segments, key=lambda segment: segment.quotes):
        inner = _render_spans(text, list(run), names)
        if not quotes:
            out.append(inner)
            continue
        new = [quote for quote in quotes if quote not in anchored]
        anchored.update(new)
        # One element carries one id; a second quote opening at the same point gets an
        # empty anchor so that links to it still land here.
        out += [element("span", "", {"id": extra}) for extra in new[1:]]
        attrs = {"class": "quote", "id": new[0] if new else None, "data-quotes": " ".join(quotes)}
        out.append(element("span", inner, attrs))
    return "".join(out)


def _render_spans(text: str, segments: list[_Segment], names: dict[str, str]) -> str:
    out = []
    for partners, run in groupby(segments, key=lambda segment: segment.partners):
        pieces = list(run)
        content = esc(text[pieces[0].start : pieces[-1].end])
        if partners:
            where = ", ".join(names.get(partner, partner) for partner in partners)
            attrs = {"class": "shared", "title": f"verbatim also in {where}"}
            out.append(element("mark", content, attrs))
        else:
            out.append(content)
    return "".join(out)


def _sentence_element(
    analysed: AnalysedArticle, index: int, inner: str, context: TextContext, anchored: set[str]
) -> str:
    article_id = analysed.article.id
    own_id = sentence_id(article_id, index)
    first = own_id not in anchored
    anchored.add(own_id)
    matches = sorted(
        context.counterparts.get((article_id, index), []), key=lambda m: (-m.score, m.article)
    )
    classes = ["sentence"]
    classes += [f"kind-{kind.value}" for kind in KIND_ORDER if any(m.kind == kind for m in matches)]
    if index in context.comparison.only_here.get(article_id, []):
        classes.append("only-here")
    attrs: dict[str, str | None] = {"id": own_id if first else None, "class": " ".join(classes)}
    if not matches:
        return element("span", inner, attrs)
    targets = [sentence_id(m.article, m.sentence) for m in matches]
    attrs["href"] = "#" + targets[0]
    attrs["data-counterparts"] = " ".join(targets)
    attrs["title"] = "; ".join(
        f"{m.kind.value} in {context.names.get(m.article, m.article)}, "
        f"sentence {m.sentence} (score {m.score:.2f})"
        for m in matches
    )
    return element("a", inner, attrs)
