"""A story's derivation graph drawn as inline SVG: boxes for articles, arcs for derivations.

One box per article, left to right in timeline order, one row per outlet (the box of an
article whose place in the order is unknown is dashed); one arc per derivation from source
to target, coloured by kind, without an arrowhead where the direction is unknown,
solid for each target's most likely direct source and dashed for the others, thicker with
more confidence. Each arc has a tooltip and links to its evidence (``#edge-N``). Forward
arcs rise above the boxes, backward ones (a credit overruled the times) dip below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storytrace.model import Derivation, DerivationKind, StoryGraph, TimelineEntry
from storytrace.report._common import plural, shorten
from storytrace.report._markup import element, esc
from storytrace.report.story_text import UNKNOWN_TIME, edge_label, format_time

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
            entry.published is not None and entry.order_known,
        )
    width = 2 * MARGIN + (len(columns) - 1) * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH
    height = top + len(rows) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 0.75 * below + LABEL_ROOM
    return boxes, width, height + MARGIN


def _rise(columns_apart: int) -> float:
    """How far an arc between boxes this many columns apart rises above them."""
    return min(ARC_BASE + ARC_PER_COLUMN * columns_apart, ARC_MAX)


def graph_svg(graph: StoryGraph, names: Mapping[str, str]) -> str:
    """The drawing, in a scrolling ``div``; ``names`` label the arcs' tooltips."""
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
        f"publication time (dashed: place unknown), {plural(len(graph.derivations), 'arc')} "
        "from source to target (no arrowhead: which came first is unknown)."
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
    arrow = element("path", "", {"d": "M0,0 L10,5 L0,10 z", "fill": kind_colour(kind)})
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
    directed = graph.is_directed(derivation)
    kind = _KIND_CLASS[derivation.kind]
    line = element(
        "path",
        "",
        {
            "d": path,
            "class": f"edge {kind}" + ("" if direct else " indirect"),
            "stroke": kind_colour(derivation.kind),
            "stroke-width": f"{1.5 + 2.5 * derivation.confidence:.1f}",
            "marker-end": f"url(#arrow-{kind})" if directed else None,
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
            "fill": kind_colour(derivation.kind),
        },
    )
    target_name = names.get(derivation.target, derivation.target)
    source_name = names.get(derivation.source, derivation.source)
    tooltip = element(
        "title",
        esc(
            f"{target_name} <- {edge_label(derivation)} - {source_name}"
            if directed
            else f"{target_name} - {edge_label(derivation)}, order unknown - {source_name}"
        ),
    )
    link = element("a", tooltip + line + label, {"href": f"#edge-{number}"})
    return element("g", link, {"class": "edge-group"})


def kind_colour(kind: DerivationKind) -> str:
    return KIND_COLOURS[kind]
