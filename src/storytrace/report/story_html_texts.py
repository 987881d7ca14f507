"""The story page's texts: each article's text with its shared passages marked and linked.

Every passage of every derivation has two sides, one in each article. Each side is marked
in its article's text as a link (``a.passage``) to the other side, so a reader can jump
from a passage to where the other article carries it, and back. The evidence tables link
to both sides too (``passage_anchor``).

Passages of one article may overlap (an article that is the source of several others
carries the same passage once per edge). The text shows non-overlapping marks, earliest
first; a passage that overlaps one already marked gets an empty anchor just before that
mark, so every link still lands on the words. Quotations get the same kind of anchor, so
that the quotations section can link into the texts. Article text is escaped everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storytrace.model import Article, MatchKind, StoryGraph
from storytrace.report._common import safe_url, valid_range
from storytrace.report._markup import element, esc
from storytrace.report.story_text import format_time

# A BCP 47 tag, loosely; anything else is left out of the lang attribute.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

# The marks of the texts and what each means: every class used has its legend entry.
MARK_LEGEND = {
    MatchKind.COPIED: "copied: the same words (nearly verbatim) in another article",
    MatchKind.PARAPHRASED: "paraphrased: the same facts and some of the words, reworded",
    MatchKind.TRANSLATED: "translated: the same content in another language",
}


def passage_anchor(edge: int, passage: int, side: str) -> str:
    """The id of one side (``"source"`` or ``"target"``) of a passage of an edge."""
    return f"edge-{edge}-p{passage}-{side}"


def text_anchor(article_id: str) -> str:
    """The id of one article's text block."""
    return f"text-{article_id}"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    anchor: str
    link: str  # the id of the other side
    kind: MatchKind
    title: str


def texts_section_body(
    graph: StoryGraph,
    names: Mapping[str, str],
    articles: Mapping[str, Article],
    quote_anchors: Mapping[str, Sequence[tuple[str, int]]] | None = None,
) -> str:
    """Every article's text in timeline order, passages marked, under the marks' legend.

    ``quote_anchors`` maps an article id to ``(anchor id, offset)`` pairs to place in its
    text (the quotations). Returns markup for the body of the texts section.
    """
    marks = _marks(graph, names)
    columns = []
    for entry in graph.timeline:
        article = articles.get(entry.article)
        if article is None:
            continue
        anchors = list((quote_anchors or {}).get(article.id, ()))
        body = _render(article.text, marks.get(article.id, []), anchors)
        columns.append(_column(article, names, entry.published, body))
    if not columns:
        return "<p>No texts: the articles were not found in the store.</p>"
    many = len(columns) > 3
    grid = element("div", "".join(columns), {"class": "columns many" if many else "columns"})
    return mark_legend() + grid


def mark_legend() -> str:
    """The legend of the passage marks: one entry per class a mark can carry."""
    items = [
        element(
            "li",
            element("span", esc(kind.value), {"class": f"passage kind-{kind.value}"})
            + esc(": " + text.split(": ", 1)[1]),
        )
        for kind, text in MARK_LEGEND.items()
    ]
    items.append(
        element("li", esc("Click a marked passage to jump to the other article's copy, and back."))
    )
    return element("ul", "".join(items), {"class": "legend", "aria-label": "marks in the texts"})


def _marks(graph: StoryGraph, names: Mapping[str, str]) -> dict[str, list[_Mark]]:
    found: dict[str, list[_Mark]] = {}
    for edge, derivation in enumerate(graph.derivations):
        directed = graph.is_directed(derivation)
        for number, passage in enumerate(derivation.passages):
            source_id = passage_anchor(edge, number, "source")
            target_id = passage_anchor(edge, number, "target")
            source = names.get(passage.source, passage.source)
            target = names.get(passage.target, passage.target)
            how = f"{passage.kind.value}, score {passage.score:.2f}"
            found.setdefault(passage.source, []).append(
                _Mark(
                    passage.source_start,
                    passage.source_end,
                    source_id,
                    target_id,
                    passage.kind,
                    f"{'also in' if directed else 'shared with'} {target} ({how}); "
                    "click to go there",
                )
            )
            found.setdefault(passage.target, []).append(
                _Mark(
                    passage.target_start,
                    passage.target_end,
                    target_id,
                    source_id,
                    passage.kind,
                    f"{'from' if directed else 'shared with'} {source} ({how}); click to go there",
                )
            )
    return found


def _render(text: str, marks: list[_Mark], anchors: list[tuple[str, int]]) -> str:
    """``text`` escaped, with non-overlapping marks as links and the rest as empty anchors."""
    shown: list[_Mark] = []
    extra: list[tuple[str, int]] = list(anchors)
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.anchor)):
        if not valid_range(mark.start, mark.end, len(text)):
            extra.append((mark.anchor, 0))
        elif shown and mark.start < shown[-1].end:
            extra.append((mark.anchor, mark.start))
        else:
            shown.append(mark)
    # An anchor inside a mark moves to the mark's start, so the markup stays well nested.
    placed: dict[int, list[str]] = {}
    for anchor, offset in extra:
        offset = min(max(offset, 0), len(text))
        for mark in shown:
            if mark.start <= offset < mark.end:
                offset = mark.start
                break
        placed.setdefault(offset, []).append(anchor)
    out = []
    cursor = 0
    starts = {mark.start: mark for mark in shown}
    for cut in sorted({*placed, *starts, len(text)}):
        if cut < cursor:
            continue
        out.append(esc(text[cursor:cut]))
        cursor = cut
        out += [element("span", "", {"id": a, "class": "anchor"}) for a in placed.get(cut, [])]
        opening = starts.get(cut)
        if opening is not None:
            attrs = {
                "id": opening.anchor,
                "href": "#" + opening.link,
                "class": f"passage kind-{opening.kind.value}",
                "title": opening.title,
            }
            out.append(element("a", esc(text[opening.start : opening.end]), attrs))
            cursor = opening.end
    out.append(esc(text[cursor:]))
    return "".join(out)


def _column(article: Article, names: Mapping[str, str], published: str | None, body: str) -> str:
    language = article.language if article.language else None
    if language is not None and not _LANGUAGE_TAG.fullmatch(language):
        language = None
    heading_id = f"{text_anchor(article.id)}-title"
    lines = [
        element("p", esc(names.get(article.id, article.id)), {"class": "outlet"}),
        element("h3", esc(article.title or "Untitled"), {"id": heading_id}),
        element("p", esc(f"published {format_time(published)}"), {"class": "source"}),
    ]
    url = safe_url(article.url)
    if url:
        link = element("a", esc(url), {"href": url, "rel": "noopener noreferrer"})
        lines.append(element("p", link, {"class": "url"}))
    header = element("header", "".join(lines))
    text = element("div", body, {"class": "text"})
    attrs = {
        "class": "column",
        "id": text_anchor(article.id),
        "lang": language,
        "aria-labelledby": heading_id,
    }
    return element("article", header + text, attrs)
