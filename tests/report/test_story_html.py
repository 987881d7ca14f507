"""The story as a self-contained HTML page with the derivation graph drawn in SVG."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from provenance.story_cases import flood_graph
from storytrace.model import (
    Article,
    Derivation,
    DerivationKind,
    MatchKind,
    OutletProfile,
    OutletRole,
    PassageCarrier,
    PassageOrigin,
    ReusedPassage,
    Story,
    StoryGraph,
    TimelineEntry,
)
from storytrace.report.story_html import story_to_html

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}


class Page(HTMLParser):
    """Collects every start tag with its attributes and checks that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def flood_html() -> str:
    graph, articles = flood_graph()
    return story_to_html(graph, articles)


def test_the_page_is_well_formed(flood_html: str) -> None:
    page = parse(flood_html)
    assert page.errors == []
    assert page.stack == []
    assert flood_html.startswith("<!DOCTYPE html>")


def test_the_graph_is_drawn_with_one_arrow_per_edge(flood_html: str) -> None:
    graph, _ = flood_graph()
    page = parse(flood_html)
    assert len(page.find("svg")) == 1
    edges = [a for a in page.find("path") if "edge" in (a.get("class") or "").split()]
    assert len(edges) == len(graph.derivations) == 3
    assert all((a.get("marker-end") or "").startswith("url(#arrow-") for a in edges)
    classes = [a.get("class") for a in edges]
    assert classes == ["edge syndication", "edge verbatim", "edge verbatim indirect"]
    # One box per article, and each arrow links to its evidence.
    assert len(page.find("rect")) == 4
    drawing = parse(flood_html.split("<svg", 1)[1].split("</svg>")[0].split(">", 1)[1])
    hrefs = [a.get("href") or "" for a in drawing.find("a")]
    links = [href for href in hrefs if href.startswith("#edge-")]
    anchors = {a.get("id") for a in page.find("article")}
    assert links == ["#edge-0", "#edge-1", "#edge-2"]
    assert {link[1:] for link in links} <= anchors


def test_boxes_run_left_to_right_in_timeline_order(flood_html: str) -> None:
    page = parse(flood_html)
    xs = [float(a["x"] or 0) for a in page.find("rect")]
    assert xs == sorted(xs) and len(set(xs)) == 4
    undated = [a for a in page.find("g") if a.get("class") == "node undated"]
    assert len(undated) == 1


def test_the_legend_names_every_kind(flood_html: str) -> None:
    legend = re.search(r'<ul class="legend">(.*?)</ul>', flood_html)
    assert legend is not None
    for kind in DerivationKind:
        assert kind.value in legend.group(1)


def test_the_page_loads_nothing(flood_html: str) -> None:
    page = parse(flood_html)
    assert page.find("script") == [] and page.find("link") == [] and page.find("img") == []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert name != "src", tag
            if tag != "a":
                assert not re.match(r"\s*(https?:)?//", value or ""), (tag, name, value)
    assert "url(http" not in flood_html and "@import" not in flood_html
    csp = [a for a in page.find("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0].get("content") or "")


def test_evidence_shows_passages_side_by_side(flood_html: str) -> None:
    page = parse(flood_html)
    text = "".join(page.text)
    heading = "Daily Ledger [article a2] ← Agence France-Presse [article a1]"
    assert f"{heading}: credited syndication" in text
    assert "credit: (AFP)" in text
    assert "direction by publication time and credit" in text
    assert len(page.find("table")) >= 5  # timeline, three edges, origins, outlets
    assert "originator" in text and "amplifier" in text and "independent" in text


SCRIPT = "<script>alert('x')</script>"


def _hostile_story() -> tuple[StoryGraph, list[Article]]:
    source_text = f"Officials said {SCRIPT} that the dam held. Rain fell all night."
    target_text = f"Copied: Officials said {SCRIPT} that the dam held."
    start, end = 0, source_text.index("held.") + 5
    t_start = target_text.index("Officials")
    articles = [
        Article("s1", "s1", source_text, title=SCRIPT, outlet=f"Outlet {SCRIPT}"),
        Article("s2", "s2", target_text, title="Fine", outlet="Other", url="javascript:alert(1)"),
    ]
    passage = ReusedPassage(
        "s1", start, end, "s2", t_start, len(target_text), MatchKind.COPIED, 9, 1.0
    )
    edge = Derivation(
        "s1",
        "s2",
        DerivationKind.VERBATIM,
        0.8,
        (passage,),
        (SCRIPT,),
        None,
        credit=None,
        shared_share=0.8,
    )
    origin = PassageOrigin(
        "s1",
        start,
        end,
        source_text[start:end],
        (PassageCarrier("s2", t_start, len(target_text)),),
        None,
        (MatchKind.COPIED,),
    )
    outlets = (
        OutletProfile(f"Outlet {SCRIPT}", OutletRole.ORIGINATOR, ("s1",), 0.0, None, 0, 1),
        OutletProfile("Other", OutletRole.AMPLIFIER, ("s2",), 0.8, None, 1, 0),
    )
    timeline = (
        TimelineEntry("s1", f"Outlet {SCRIPT}", None, None),
        TimelineEntry("s2", "Other", None, None),
    )
    story = Story(3, ("s1", "s2"), SCRIPT, None, None)
    graph = StoryGraph(story, (edge,), (origin,), outlets, timeline, (("s2", "s1"),))
    return graph, articles


def test_article_text_titles_and_outlets_are_escaped() -> None:
    graph, articles = _hostile_story()
    html = story_to_html(graph, articles)
    page = parse(html)
    assert page.errors == []
    assert page.find("script") == []
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 5
    assert "javascript:" not in html  # an unsafe URL never becomes a link
    assert len([a for a in page.find("path") if "edge" in (a.get("class") or "")]) == 1


def test_a_story_without_edges_still_renders() -> None:
    graph = StoryGraph(Story(9, (), None, None, None), (), (), (), (), ())
    html = story_to_html(graph, [])
    page = parse(html)
    assert page.errors == [] and page.find("svg") == []
    assert "No derivations" in html and "No articles" in html


def test_the_timeline_has_a_fit_column() -> None:
    graph, articles = flood_graph()
    timeline = tuple(
        replace(entry, fit=0.4242 if entry.article == "a2" else None) for entry in graph.timeline
    )
    html = story_to_html(replace(graph, timeline=timeline), articles)
    section = html.split('id="timeline"')[1].split("</table>")[0]
    assert re.search(r'<th scope="col" title="fit: [^"]+">Fit</th>', section)
    assert section.count("0.42") == 1
