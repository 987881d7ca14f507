"""A story's derivation graph as one self-contained HTML5 page, the graph drawn in SVG.

Like the comparison report, the page loads nothing: the style is inline, there is no
script, and a Content-Security-Policy forbids every fetch. Article text is untrusted and
goes through ``esc`` everywhere. Layout, top to bottom:

1. the story's title and a summary line;
2. the timeline: a table of the articles, earliest first, unknown times last;
3. the graph, drawn as inline SVG: one box per article, left to right in timeline order,
   one row per outlet; one arrow per edge from source to target, coloured by kind (see the
   legend), solid for each target's most likely direct source and dashed for the others,
   thicker with more confidence; each arrow has a tooltip and links to its evidence;
4. the evidence of each edge: kind, confidence, lag, share, credit, how the direction was
   decided, rare n-grams, and the passages side by side (source | target);
5. passage origins: each shared passage's first carrier and its copies;
6. the outlets: role, articles, share of derived content, median lag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storytrace.model import Article, Derivation, DerivationKind, StoryGraph, TimelineEntry
from storytrace.report._common import plural, safe_url, shorten, storytrace_version
from storytrace.report._html_assets import STYLE
from storytrace.report._markup import element, esc
from storytrace.report.html import page
from storytrace.report.story_text import (
    UNKNOWN_TIME,
    article_names,
    edge_label,
    format_lag,
    format_time,
    passage_text,
)

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

# Line colours, each above 4.5:1 on white (WCAG AA for graphics and text).
KIND_COLOURS = {
    DerivationKind.SYNDICATION: "#1f5fa8",
    DerivationKind.VERBATIM: "#a84300",
    DerivationKind.PARAPHRASE: "#6b3fa0",
    DerivationKind.TRANSLATION: "#1b7a3a",
}
_KIND_CLASS = {
    DerivationKind.SYNDICATION: "syndication",
    DerivationKind.VERBATIM: "verbatim",
    DerivationKind.PARAPHRASE: "paraphrase",
    DerivationKind.TRANSLATION: "translation",
}
_LEGEND = {
    DerivationKind.SYNDICATION: "credited syndication: the target credits the source",
    DerivationKind.VERBATIM: "verbatim copy without credit",
    DerivationKind.PARAPHRASE: "paraphrase: the same content in other words",
    DerivationKind.TRANSLATION: "translation: the same content in another language",
}

# Geometry of the drawing, in SVG user units (CSS pixels at 100%): boxes wide enough for
# an outlet name of about 22 characters, or an id and a time, at 12px; gaps wide enough
# for an edge label.
NODE_WIDTH = 170
NODE_HEIGHT = 44
COLUMN_GAP = 40
ROW_GAP = 36
MARGIN = 16
# Arcs rise above (or dip below) the boxes by this much plus some for each column they
# cross, so that arcs between distant boxes clear the arcs between near ones.
# Capped, so that a story of fifty articles does not draw arcs a screen high.
ARC_BASE = 28
ARC_PER_COLUMN = 22
ARC_MAX = 160
# Height of an edge label above its arc.
LABEL_ROOM = 16
# Characters of an outlet name that fit in a box.
NODE_LABEL_CHARS = 22
# Passage texts longer than this are cut in the evidence tables (full texts are in JSON).
PASSAGE_CHARS = 1200

_EXTRA_STYLE = """
.summary { color: #333; }
.graph { overflow-x: auto; border: 1px solid #ccc; padding: .5rem; }
.graph svg { display: block; font: 12px system-ui, sans-serif; }
.node rect { fill: #fff; stroke: #555; stroke-width: 1.5; }
.node.undated rect { stroke-dasharray: 4 3; }
.node .outlet-name { font-weight: 700; }
.edge { fill: none; }
.edge.indirect { stroke-dasharray: 6 4; opacity: .7; }
.edge-label { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.swatch { display: inline-block; width: 1.6rem; height: .3rem; margin-right: .4rem;
          vertical-align: middle; }
.swatch.dashed { height: 0; border-top: 3px dashed #555; }
.passages td { width: 50%; white-space: pre-wrap; overflow-wrap: anywhere; }
.edge-evidence { border-left: 4px solid #555; padding-left: .75rem; margin: 1rem 0; }
.edge-evidence h3 { margin: .2rem 0; font-size: 1.05rem; }
.ngrams code { background: #f1f1f1; padding: 0 .2rem; }
.origins td:nth-child(3) { width: 45%; white-space: pre-wrap; }
.origins ul { margin: 0; padding-left: 1rem; }
"""


def story_to_html(graph: StoryGraph, articles: Sequence[Article]) -> str:
    """Render ``graph`` as a complete, self-contained HTML5 page (ending in a newline).

    ``articles`` supply titles, URLs and texts; an article missing from them is shown by
    its id and its passages by their offsets.
    """
    by_id = {article.id: article for article in articles}
    names = article_names(graph, by_id)
    title = f"storytrace: story {graph.story.id}"
    if graph.story.title:
        title += f" - {graph.story.title}"
    body = "".join(
        [
            element("h1", esc(title)),
            element("p", esc(_summary(graph)), {"class": "summary"}),
            _section("timeline", "Timeline", _timeline(graph, by_id)),
            _section("graph", "Derivation graph", _legend() + _drawing(graph, names)),
            _section("evidence", "Evidence per edge", _evidence(graph, names, by_id)),
            _section("origins", "Passage origins", _origins(graph, names, by_id)),
            _section("outlets", "Outlets", _outlets(graph)),
            element("footer", esc(f"Made by storytrace {storytrace_version()}.")),
        ]
    )
    return page(title, STYLE + _EXTRA_STYLE, body, policy=CONTENT_SECURITY_POLICY)


def _summary(graph: StoryGraph) -> str:
    outlets = len(graph.outlets)
    return (
        f"{plural(len(graph.timeline), 'article')} from {plural(outlets, 'outlet')}, "
        f"{plural(len(graph.derivations), 'derivation')}, "
        f"{plural(len(graph.origins), 'shared passage')}."
    )


def _section(section_id: str, title: str, body: str) -> str:
    heading = element("h2", esc(title), {"id": f"{section_id}-title"})
    return element(
        "section", heading + body, {"id": section_id, "aria-labelledby": f"{section_id}-title"}
    )


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], css: str | None = None) -> str:
    head = element("tr", "".join(element("th", esc(h), {"scope": "col"}) for h in headers))
    body = "".join(element("tr", "".join(element("td", cell) for cell in row)) for row in rows)
    return element("table", element("thead", head) + element("tbody", body), {"class": css})


def _timeline(graph: StoryGraph, articles: Mapping[str, Article]) -> str:
    rows = []
    for entry in graph.timeline:
        article = articles.get(entry.article)
        when = format_time(entry.published)
        if entry.basis and entry.basis != "published":
            when += f" ({entry.basis})"
        title = esc(article.title if article is not None and article.title else "untitled")
        url = safe_url(article.url) if article is not None else None
        if url:
            title = element("a", title, {"href": url, "rel": "noopener noreferrer"})
        rows.append([esc(when), esc(entry.outlet), title, element("code", esc(entry.article))])
    if not rows:
        return "<p>No articles.</p>"
    return _table(["Published", "Outlet", "Title", "Article"], rows)


def _legend() -> str:
    items = []
    for kind, text in _LEGEND.items():
        swatch = element("span", "", {"class": "swatch", "style": f"background:{_colour(kind)}"})
        items.append(element("li", swatch + esc(text)))
    dashed = element("span", "", {"class": "swatch dashed"})
    items.append(element("li", dashed + esc("dashed: not the target's most likely direct source")))
    return element("ul", "".join(items), {"class": "legend"})


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    column: int
    dated: bool


def _layout(graph: StoryGraph) -> tuple[dict[str, _Box], float, float]:
    """Boxes by timeline column and outlet row; returns them, the width and the height.

    Room is left above the boxes for the forward arcs and below them for the backward ones.
    """
    rows: dict[str, int] = {}
    columns: dict[str, int] = {}
    for column, entry in enumerate(graph.timeline):
        rows.setdefault(entry.outlet, len(rows))
        columns[entry.article] = column
    above, below = 0.0, 0.0
    for derivation in graph.derivations:
        if derivation.source in columns and derivation.target in columns:
            apart = columns[derivation.target] - columns[derivation.source]
            if apart >= 0:
                above = max(above, _rise(apart))
            else:
                below = max(below, _rise(-apart))
    # A cubic arc whose control points sit at the rise reaches three quarters of it; the
    # label sits just beyond.
    top = MARGIN + 0.75 * above + LABEL_ROOM
    boxes = {}
    for entry in graph.timeline:
        column = columns[entry.article]
        boxes[entry.article] = _Box(
            MARGIN + column * (NODE_WIDTH + COLUMN_GAP),
            top + rows[entry.outlet] * (NODE_HEIGHT + ROW_GAP),
            column,
            entry.published is not None,
        )
    width = 2 * MARGIN + (len(columns) - 1) * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH
    height = top + len(rows) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 0.75 * below + LABEL_ROOM
    return boxes, width, height + MARGIN


def _rise(columns_apart: int) -> float:
    """How far an arc between boxes this many columns apart rises above them."""
    return min(ARC_BASE + ARC_PER_COLUMN * columns_apart, ARC_MAX)


def _drawing(graph: StoryGraph, names: Mapping[str, str]) -> str:
    if not graph.timeline:
        return "<p>No articles to draw.</p>"
    boxes, width, height = _layout(graph)
    markers = "".join(_marker(kind) for kind in DerivationKind)
    edges = "".join(
        _edge(graph, number, derivation, boxes, names)
        for number, derivation in enumerate(graph.derivations)
        if derivation.source in boxes and derivation.target in boxes
    )
    nodes = "".join(_node(entry, boxes[entry.article]) for entry in graph.timeline)
    description = (
        f"Derivation graph: {plural(len(graph.timeline), 'article')} left to right by "
        f"publication time, {plural(len(graph.derivations), 'arrow')} from source to target."
    )
    svg = element(
        "svg",
        element("title", esc(description)) + element("defs", markers) + edges + nodes,
        {
            "width": f"{width:.0f}",
            "height": f"{height:.0f}",
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "role": "img",
            "aria-label": description,
        },
    )
    return element("div", svg, {"class": "graph"})


def _marker(kind: DerivationKind) -> str:
    arrow = element("path", "", {"d": "M0,0 L10,5 L0,10 z", "fill": _colour(kind)})
    return element(
        "marker",
        arrow,
        {
            "id": f"arrow-{_KIND_CLASS[kind]}",
            "viewBox": "0 0 10 10",
            "refX": "9",
            "refY": "5",
            "markerUnits": "userSpaceOnUse",
            "markerWidth": "11",
            "markerHeight": "11",
            "orient": "auto-start-reverse",
        },
    )


def _node(entry: TimelineEntry, box: _Box) -> str:
    when = format_time(entry.published) if entry.published else UNKNOWN_TIME
    rect = element(
        "rect",
        "",
        {
            "x": f"{box.x:.1f}",
            "y": f"{box.y:.1f}",
            "width": str(NODE_WIDTH),
            "height": str(NODE_HEIGHT),
            "rx": "6",
        },
    )
    name = element(
        "text",
        esc(shorten(entry.outlet, NODE_LABEL_CHARS)),
        {"x": f"{box.x + 8:.1f}", "y": f"{box.y + 18:.1f}", "class": "outlet-name"},
    )
    detail = element(
        "text",
        esc(f"{entry.article} · {when.removesuffix(' UTC')}"),
        {"x": f"{box.x + 8:.1f}", "y": f"{box.y + 35:.1f}"},
    )
    tooltip = element("title", esc(f"{entry.outlet} [{entry.article}], {when}"))
    css = "node" if box.dated else "node undated"
    return element("g", tooltip + rect + name + detail, {"class": css})


def _edge(
    graph: StoryGraph,
    number: int,
    derivation: Derivation,
    boxes: Mapping[str, _Box],
    names: Mapping[str, str],
) -> str:
    source, target = boxes[derivation.source], boxes[derivation.target]
    forward = source.column <= target.column
    # Forward arcs leave the top of the boxes and rise; backward ones (a target placed
    # earlier, as when a credit overrules the times) leave the bottom and dip. Arcs leave
    # a box right of its middle and arrive left of it, so that in- and outgoing arrows part.
    sx = source.x + NODE_WIDTH * (0.65 if forward else 0.35)
    tx = target.x + NODE_WIDTH * (0.35 if forward else 0.65)
    sy = source.y if forward else source.y + NODE_HEIGHT
    ty = target.y if forward else target.y + NODE_HEIGHT
    rise = _rise(abs(target.column - source.column))
    peak = min(sy, ty) - rise if forward else max(sy, ty) + rise
    dx = (tx - sx) / 3
    c1x, c2x = sx + dx, tx - dx
    path = f"M{sx:.1f},{sy:.1f} C{c1x:.1f},{peak:.1f} {c2x:.1f},{peak:.1f} {tx:.1f},{ty:.1f}"
    direct = graph.is_direct(derivation)
    kind = _KIND_CLASS[derivation.kind]
    line = element(
        "path",
        "",
        {
            "d": path,
            "class": f"edge {kind}" + ("" if direct else " indirect"),
            "stroke": _colour(derivation.kind),
            "stroke-width": f"{1.5 + 2.5 * derivation.confidence:.1f}",
            "marker-end": f"url(#arrow-{kind})",
        },
    )
    # The middle of a cubic Bezier: (P0 + 3 P1 + 3 P2 + P3) / 8.
    mid_x = (sx + 3 * c1x + 3 * c2x + tx) / 8
    mid_y = (sy + 6 * peak + ty) / 8
    label = element(
        "text",
        esc(f"{derivation.confidence:.2f}"),
        {
            "x": f"{mid_x:.1f}",
            "y": f"{mid_y - 4 if forward else mid_y + 13:.1f}",
            "class": "edge-label",
            "text-anchor": "middle",
            "fill": _colour(derivation.kind),
        },
    )
    tooltip = element(
        "title",
        esc(
            f"{names.get(derivation.target, derivation.target)} <- "
            f"{edge_label(derivation)} - {names.get(derivation.source, derivation.source)}"
        ),
    )
    link = element("a", tooltip + line + label, {"href": f"#edge-{number}"})
    return element("g", link, {"class": "edge-group"})


def _evidence(graph: StoryGraph, names: Mapping[str, str], articles: Mapping[str, Article]) -> str:
    if not graph.derivations:
        return "<p>No derivations: no two articles share enough text.</p>"
    return "".join(
        _edge_evidence(graph, number, derivation, names, articles)
        for number, derivation in enumerate(graph.derivations)
    )


def _edge_evidence(
    graph: StoryGraph,
    number: int,
    derivation: Derivation,
    names: Mapping[str, str],
    articles: Mapping[str, Article],
) -> str:
    target = names.get(derivation.target, derivation.target)
    source = names.get(derivation.source, derivation.source)
    heading = element("h3", esc(f"{target} ← {source}: {derivation.kind.value}"))
    facts = [
        f"confidence {derivation.confidence:.2f}",
        "lag unknown"
        if derivation.lag_seconds is None
        else f"lag {format_lag(derivation.lag_seconds)}",
        f"{derivation.shared_share:.0%} of the target shared",
        plural(len(derivation.passages), "passage"),
    ]
    if derivation.credit:
        facts.append(f"credit: {derivation.credit}")
    basis = graph.basis(derivation)
    if basis:
        facts.append(f"direction by {basis}")
    facts.append(
        "most likely direct source" if graph.is_direct(derivation) else "not the direct source"
    )
    parts = [heading, element("p", esc("; ".join(facts)))]
    if derivation.rare_ngrams:
        codes = ", ".join(element("code", esc(ngram)) for ngram in derivation.rare_ngrams)
        parts.append(element("p", "Rare shared n-grams: " + codes, {"class": "ngrams"}))
    rows = []
    for passage in derivation.passages:
        left = passage_text(articles, passage.source, passage.source_start, passage.source_end)
        right = passage_text(articles, passage.target, passage.target_start, passage.target_end)
        note = element("small", esc(f" [{passage.kind.value}, {passage.score:.2f}]"))
        rows.append([esc(shorten(left, PASSAGE_CHARS)), esc(shorten(right, PASSAGE_CHARS)) + note])
    if rows:
        parts.append(_table([f"Source: {source}", f"Target: {target}"], rows, "passages"))
    style = f"border-left-color:{_colour(derivation.kind)}"
    return element(
        "article",
        "".join(parts),
        {"id": f"edge-{number}", "class": "edge-evidence", "style": style},
    )


def _origins(graph: StoryGraph, names: Mapping[str, str], articles: Mapping[str, Article]) -> str:
    if not graph.origins:
        return "<p>No passage is shared.</p>"
    rows = []
    for origin in graph.origins:
        text = origin.text or passage_text(articles, origin.article, origin.start, origin.end)
        copies = "".join(
            element(
                "li",
                esc(
                    f"{names.get(c.article, c.article)}"
                    f"{', again' if c.article == origin.article else ''} ({c.start}-{c.end})"
                ),
            )
            for c in origin.copies
        )
        rows.append(
            [
                esc(names.get(origin.article, origin.article)),
                esc(format_time(origin.first_published)),
                esc(shorten(text, PASSAGE_CHARS)),
                esc(", ".join(kind.value for kind in origin.kinds)),
                element("ul", copies),
            ]
        )
    return _table(["First carrier", "Published", "Passage", "Reuse", "Also in"], rows, "origins")


def _outlets(graph: StoryGraph) -> str:
    if not graph.outlets:
        return "<p>No outlets.</p>"
    rows = [
        [
            esc(profile.outlet),
            esc(profile.role.value),
            esc(", ".join(f"[{article}]" for article in profile.articles)),
            esc(f"{profile.derived_share:.0%}"),
            esc(_lag_cell(profile.median_lag_seconds)),
            esc(str(profile.derived_from)),
            esc(str(profile.source_for)),
        ]
        for profile in graph.outlets
    ]
    headers = [
        "Outlet",
        "Role",
        "Articles",
        "Derived content",
        "Median lag",
        "Edges in",
        "Edges out",
    ]
    return _table(headers, rows)


def _colour(kind: DerivationKind) -> str:
    return KIND_COLOURS[kind]


def _lag_cell(seconds: float | None) -> str:
    return "-" if seconds is None else format_lag(seconds)
