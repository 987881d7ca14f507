"""A story's derivation graph as one self-contained HTML5 page, the graph drawn in SVG.

Like the comparison report, the page loads nothing: the style is inline, there is no
script, and a Content-Security-Policy forbids every fetch. Article text is untrusted and
goes through ``esc`` everywhere. Layout, top to bottom:

1. the story's title, a summary line and the summary (``story_html_summary``): who
   published first and how that is known (or that it is not), who takes from whom, what
   is shared and how much of each article is its own;
2. the timeline: a table of the articles (with their same-story fit), earliest first;
3. the graph, drawn as inline SVG (``story_svg``), under its legend;
4. the evidence of each edge: kind, confidence, lag, share, credit, how the direction was
   decided, rare n-grams, and the passages side by side (source | target);
5. passage origins: each shared passage's first carrier and its copies;
6. the outlets: role, articles, share of derived content, median lag;
7. the texts (``story_html_texts``): each passage marked and linked to the other
   article's copy, and back;
8. the quotations, where given: who said what, each utterance's variants side by side.

Every score is explained where it is shown: a note under the section's heading and the
column heading's ``title``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storytrace.model import Article, Comparison, Derivation, DerivationKind, StoryGraph
from storytrace.report._common import (
    plural,
    safe_url,
    sentence_id,
    shorten,
    storytrace_version,
    valid_range,
)
from storytrace.report._html_assets import STYLE
from storytrace.report._markup import element, esc
from storytrace.report.html import page
from storytrace.report.html_quotes import quotes_section
from storytrace.report.story_html_summary import EXPLAIN, explain, summary_body
from storytrace.report.story_html_texts import passage_anchor, texts_section_body
from storytrace.report.story_svg import graph_svg, kind_colour
from storytrace.report.story_text import (
    ORDER_UNKNOWN_MARK,
    article_label,
    article_names,
    format_lag,
    format_time,
    passage_text,
)
from storytrace.stories.same_story import LOW_STORY_FIT

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

_LEGEND = {
    DerivationKind.SYNDICATION: "credited syndication: the target credits the source",
    DerivationKind.VERBATIM: "verbatim copy without credit",
    DerivationKind.PARAPHRASE: "paraphrase: the same content in other words",
    DerivationKind.TRANSLATION: "translation: the same content in another language",
}

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
a.passage { color: inherit; text-decoration: none; border-bottom: 2px solid #555; }
a.passage:hover, a.passage:focus { outline: 2px solid #1b1b1b; }
a.passage:target, .anchor:target + a.passage { outline: 3px solid #8a1c1c;
                                               background: #fff3a8; }
"""


def story_to_html(
    graph: StoryGraph, articles: Sequence[Article], quotations: Comparison | None = None
) -> str:
    """Render ``graph`` as a complete, self-contained HTML5 page (ending in a newline).

    ``articles`` supply titles, URLs and texts; an article missing from them is shown by
    its id and its passages by their offsets. ``quotations``, where given, holds the
    story's analysed articles, quotations and quote groups (no pairs): they are shown in a
    quotations section, each linked to its place in the texts.
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
            _section("summary", "Summary", summary_body(graph, names, by_id)),
            _section("timeline", "Timeline", explain("Published", "Fit") + _timeline(graph, by_id)),
            _section("graph", "Derivation graph", _legend() + graph_svg(graph, names)),
            _section(
                "evidence",
                "Evidence per edge",
                explain("confidence", "lag", "shared", "direction", "score")
                + _evidence(graph, names, by_id),
            ),
            _section("origins", "Passage origins", _origins(graph, names, by_id)),
            _section("outlets", "Outlets", explain("Role", "Derived content") + _outlets(graph)),
            _section("texts", "Texts", _texts(graph, names, by_id, quotations)),
            _quotations(quotations, names),
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
    head = element(
        "tr",
        "".join(element("th", esc(h), {"scope": "col", "title": EXPLAIN.get(h)}) for h in headers),
    )
    body = "".join(element("tr", "".join(element("td", cell) for cell in row)) for row in rows)
    return element("table", element("thead", head) + element("tbody", body), {"class": css})


def _timeline(graph: StoryGraph, articles: Mapping[str, Article]) -> str:
    rows = []
    for entry in graph.timeline:
        article = articles.get(entry.article)
        when = format_time(entry.published)
        if entry.basis and entry.basis != "published":
            when += f" ({entry.basis})"
        if not entry.order_known:
            when += f", {ORDER_UNKNOWN_MARK}"
        title = esc(article.title if article is not None and article.title else "untitled")
        url = safe_url(article.url) if article is not None else None
        if url:
            title = element("a", title, {"href": url, "rel": "noopener noreferrer"})
        fit = "" if entry.fit is None else f"{entry.fit:.2f}"
        if entry.fit is not None and entry.fit < LOW_STORY_FIT:
            fit += " " + element("strong", "low")
        rows.append([esc(when), esc(entry.outlet), title, element("code", esc(entry.article)), fit])
    if not rows:
        return "<p>No articles.</p>"
    return _table(["Published", "Outlet", "Title", "Article", "Fit"], rows) + _cohesion(graph)


def _cohesion(graph: StoryGraph) -> str:
    """The story's cohesion (mean fit) and what counts as a low fit, under the timeline."""
    fits = [entry.fit for entry in graph.timeline if entry.fit is not None]
    if not fits:
        return ""
    return element(
        "p",
        esc(
            f"Cohesion (mean fit): {sum(fits) / len(fits):.2f}. A fit under "
            f"{LOW_STORY_FIT:.2f} is marked low: that article is more likely another story "
            "than this one's (it shares little wording, names or headline with any other "
            "article here); check it before relying on it."
        ),
        {"class": "explain"},
    )


def _legend() -> str:
    items = []
    for kind, text in _LEGEND.items():
        swatch = element(
            "span", "", {"class": "swatch", "style": f"background:{kind_colour(kind)}"}
        )
        items.append(element("li", swatch + esc(text)))
    dashed = element("span", "", {"class": "swatch dashed"})
    items.append(element("li", dashed + esc("dashed: not the target's most likely direct source")))
    items.append(element("li", esc("no arrowhead: which article came first is unknown")))
    return element("ul", "".join(items), {"class": "legend"})


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
    line = (
        f"{target} ← {source}"
        if graph.is_directed(derivation)
        else f"{source} — {target} ({ORDER_UNKNOWN_MARK})"
    )
    heading = element("h3", esc(f"{line}: {derivation.kind.value}"))
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
    if not graph.is_directed(derivation):
        facts.append("which came first is unknown: no time, credit or coverage tells")
    elif basis:
        facts.append(f"direction by {basis}")
    facts.append(
        "most likely direct source" if graph.is_direct(derivation) else "not the direct source"
    )
    parts = [heading, element("p", esc("; ".join(facts)))]
    if derivation.rare_ngrams:
        codes = ", ".join(element("code", esc(ngram)) for ngram in derivation.rare_ngrams)
        parts.append(element("p", "Rare shared n-grams: " + codes, {"class": "ngrams"}))
    rows = []
    for index, passage in enumerate(derivation.passages):
        left = passage_text(articles, passage.source, passage.source_start, passage.source_end)
        right = passage_text(articles, passage.target, passage.target_start, passage.target_end)
        note = element(
            "small",
            esc(f" [{passage.kind.value}, score {passage.score:.2f}]"),
            {"title": EXPLAIN["score"]},
        )
        rows.append(
            [
                esc(shorten(left, PASSAGE_CHARS)) + _in_text(number, index, "source"),
                esc(shorten(right, PASSAGE_CHARS)) + note + _in_text(number, index, "target"),
            ]
        )
    if rows:
        parts.append(_table([f"Source: {source}", f"Target: {target}"], rows, "passages"))
    style = f"border-left-color:{kind_colour(derivation.kind)}"
    return element(
        "article",
        "".join(parts),
        {"id": f"edge-{number}", "class": "edge-evidence", "style": style},
    )


def _in_text(edge: int, passage: int, side: str) -> str:
    """A link from an evidence cell to the passage's place in its article's text."""
    link = element("a", "in the text", {"href": "#" + passage_anchor(edge, passage, side)})
    return " " + element("small", link)


def _texts(
    graph: StoryGraph,
    names: Mapping[str, str],
    articles: Mapping[str, Article],
    quotations: Comparison | None,
) -> str:
    anchors: dict[str, list[tuple[str, int]]] = {}
    for quote in quotations.quotes if quotations is not None else []:
        article = articles.get(quote.article)
        if article is not None and valid_range(quote.start, quote.end, len(article.text)):
            anchors.setdefault(quote.article, []).append((quote.id, quote.start))
            continue
        # as the quotations section does: a quote whose offsets are off links to its sentence
        assert quotations is not None
        analysed = next((a for a in quotations.articles if a.article.id == quote.article), None)
        around = (
            [s for s in analysed.sentences if s.start <= quote.start < s.end] if analysed else []
        )
        if around:
            target = sentence_id(quote.article, around[0].index)
            anchors.setdefault(quote.article, []).append((target, around[0].start))
    return texts_section_body(graph, names, articles, anchors)


def _quotations(quotations: Comparison | None, names: Mapping[str, str]) -> str:
    if quotations is None:
        return ""
    return quotes_section(quotations, dict(names))


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
                esc(names.get(origin.article, origin.article))
                + ("" if origin.first_known else esc(" (first carrier unknown)")),
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
            esc(", ".join(article_label(article) for article in profile.articles)),
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


def _lag_cell(seconds: float | None) -> str:
    return "-" if seconds is None else format_lag(seconds)
