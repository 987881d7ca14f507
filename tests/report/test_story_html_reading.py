"""The story page reads top down: a summary first, every mark and score explained, every
passage linked to the other article's copy and back, and the quotations shown.

Built on the flood story (``provenance.story_cases``: real analyses of hand-written texts),
with one utterance of the governor placed by hand in the two articles that carry it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

import pytest

from provenance.story_cases import FLOOD, flood_graph, members
from report.test_story_html import Page, parse
from storytrace.model import (
    ORDER_UNKNOWN,
    Article,
    Comparison,
    Quote,
    QuoteGroup,
    QuoteKind,
    QuoteVariant,
    Speaker,
    StoryGraph,
)
from storytrace.report.story_html import story_to_html

GOVERNOR = Speaker("Mirela Dostova", "dostova", "The governor of Kharvan")
SAID = "three bridges had collapsed and the main road to the provincial capital"


def _quotations(articles: tuple[Article, ...]) -> Comparison:
    carriers = [article for article in articles if SAID in article.text][:2]
    assert len(carriers) == 2
    quotes = [
        Quote(
            f"{article.id}-q0",
            article.id,
            article.text.index(SAID),
            article.text.index(SAID) + len(SAID),
            SAID,
            GOVERNOR,
            "said",
            QuoteKind.INDIRECT,
        )
        for article in carriers
    ]
    variants = [QuoteVariant(quotes[0], 1.0, []), QuoteVariant(quotes[1], 1.0, [], 0, False)]
    group = QuoteGroup("g0", "dostova", variants, "Mirela Dostova", "The governor of Kharvan")
    return Comparison(members(articles), [], {}, quotes, [group])


@pytest.fixture(scope="module")
def flood() -> tuple[StoryGraph, tuple[Article, ...], str]:
    graph, articles = flood_graph()
    return graph, articles, story_to_html(graph, articles, _quotations(articles))


def _ids(page: Page) -> set[str]:
    return {attrs.get("id") or "" for _, attrs in page.tags} - {""}


def test_the_summary_comes_first_and_names_who_published_first(
    flood: tuple[StoryGraph, tuple[Article, ...], str],
) -> None:
    graph, _, html = flood
    order = [html.index(f'id="{section}"') for section in ("summary", "timeline", "texts")]
    assert order == sorted(order)
    summary = html.split('id="summary"')[1].split("</section>")[0]
    first = graph.timeline[0]
    assert first.published is not None
    assert "Published first" in summary
    assert f'href="#text-{first.article}"' in summary.split("Taken from another")[0]
    assert "declared publication time" in summary
    # a4 has no date: the summary says its place in the order is unknown
    assert "1 article without a publication time" in summary
    for derivation in graph.derivations:
        if graph.is_direct(derivation):
            assert f'href="#text-{derivation.target}"' in summary


def test_without_any_date_the_summary_says_the_order_is_unknown() -> None:
    graph, articles = flood_graph()
    timeline = tuple(replace(entry, published=None, basis=None) for entry in graph.timeline)
    html = story_to_html(replace(graph, timeline=timeline), articles)
    summary = html.split('id="summary"')[1].split("</section>")[0]
    first = summary.split("Published first</dt><dd>")[1].split("</dd>")[0]
    assert first.startswith("unknown")
    assert "text-" not in first  # no article is named as the first


def test_every_mark_in_the_texts_has_a_legend_entry(
    flood: tuple[StoryGraph, tuple[Article, ...], str],
) -> None:
    _, _, html = flood
    texts = html.split('id="texts"')[1].split("</section>")[0]
    legend, columns = texts.split('<div class="columns', 1)
    used = set(re.findall(r'class="passage (kind-\w+)"', columns))
    assert used, "the flood story has marked passages"
    explained = set(re.findall(r'class="passage (kind-\w+)"', legend))
    assert used <= explained


def test_every_link_lands_and_passages_link_both_ways(
    flood: tuple[StoryGraph, tuple[Article, ...], str],
) -> None:
    graph, _, html = flood
    page = parse(html)
    assert page.errors == [] and page.stack == []
    ids = _ids(page)
    hrefs = [a.get("href") or "" for a in page.find("a")]
    internal = [href[1:] for href in hrefs if href.startswith("#")]
    assert [target for target in internal if target not in ids] == []
    passages = {
        a["id"]: (a.get("href") or "")[1:]
        for a in page.find("a")
        if "passage" in (a.get("class") or "").split() and a.get("id")
    }
    linked_sides = sum(len(d.passages) for d in graph.derivations) * 2
    assert len(passages) > 0 and len(passages) + html.count('class="anchor"') >= linked_sides
    for own, other in passages.items():
        # the other side is a mark linking back, or an anchor just before such a mark
        assert passages.get(other, own) == own, (own, other)
    evidence = html.split('id="evidence"')[1].split("</section>")[0]
    assert evidence.count(">in the text</a>") == linked_sides


def test_the_quotations_are_on_the_page_and_link_into_the_texts(
    flood: tuple[StoryGraph, tuple[Article, ...], str],
) -> None:
    _, _, html = flood
    quotes = html.split('id="quotes"')[1].split("</section>")[0]
    assert "Mirela Dostova" in quotes and "The governor of Kharvan" in quotes
    assert len(re.findall(r'class="variant( first)?"', quotes)) == 2
    targets = re.findall(r'href="#([^"]+)">in the text', quotes)
    assert len(targets) == 2
    texts = html.split('id="texts"')[1].split("</section>")[0]
    assert all(f'id="{target}"' in texts for target in targets)


def test_without_quotations_there_is_no_quotations_section() -> None:
    graph, articles = flood_graph()
    assert 'id="quotes"' not in story_to_html(graph, articles)


def test_scores_are_explained_where_they_are_shown(
    flood: tuple[StoryGraph, tuple[Article, ...], str],
) -> None:
    _, _, html = flood
    for section, words in (
        ("timeline", "fit: the article's highest same-story score"),
        ("evidence", "confidence (0 to 1)"),
        ("evidence", "passage score"),
        ("outlets", "role: originator"),
    ):
        body = html.split(f'id="{section}"')[1].split("</section>")[0]
        assert words in unescape(body), section
    assert re.search(r'<th scope="col" title="fit: [^"]+">Fit</th>', html)


def test_article_text_in_the_texts_is_escaped() -> None:
    graph, articles = flood_graph()
    hostile = "<script>alert(1)</script>"
    changed = tuple(replace(a, text=a.text + hostile, title=hostile) for a in articles)
    html = story_to_html(graph, changed, _quotations(changed))
    assert hostile not in html
    assert parse(html).find("script") == []
    assert FLOOD[0].text[:40] in html


def test_an_edge_of_unknown_direction_claims_no_direction() -> None:
    graph, articles = flood_graph()
    unknown = tuple((d.source, d.target, ORDER_UNKNOWN) for d in graph.derivations)
    html = story_to_html(replace(graph, direction_basis=unknown, direct_sources=()), articles)
    summary = unescape(html.split('id="summary"')[1].split("</section>")[0])
    assert "takes from" not in summary
    assert summary.count("which came first is unknown") == len(graph.derivations)
    titles = re.findall(r'class="passage kind-\w+" title="([^"]+)"', html)
    assert titles and all(title.startswith("shared with") for title in titles)
