from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from storytrace.model import Comparison, MatchKind, PairAlignment, SentenceMatch
from storytrace.report import to_html
from storytrace.report.html_quotes import word_diff

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Tree(HTMLParser):
    """Checks that tags nest, and records each element's attributes and enclosing ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        ancestors = [a["id"] or "" for _, a in self.stack if a.get("id")]
        self.elements.append((tag, attributes, ancestors))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            open_tag = self.stack[-1][0] if self.stack else None
            self.errors.append(f"</{tag}> closes <{open_tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def by_id(self, element_id: str) -> dict[str, str | None]:
        found = [attrs for _, attrs, _ in self.elements if attrs.get("id") == element_id]
        assert len(found) == 1, f"{element_id}: {len(found)} elements"
        return found[0]


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.errors == []
    assert [tag for tag, _ in tree.stack] == []
    return tree


def test_page_is_well_formed_and_ids_are_unique(comparison: Comparison) -> None:
    tree = parse(to_html(comparison))
    ids = [attrs["id"] for _, attrs, _ in tree.elements if attrs.get("id")]
    assert len(ids) == len(set(ids))


def test_every_sentence_has_its_id(comparison: Comparison) -> None:
    tree = parse(to_html(comparison))
    for analysed in comparison.articles:
        for sentence in analysed.sentences:
            tree.by_id(f"{analysed.article.id}-s{sentence.index}")


def test_sentence_elements_hold_exactly_the_sentence_text(comparison: Comparison) -> None:
    page = to_html(comparison)
    tree = parse(page)
    rendered = "".join(tree.text)
    for analysed in comparison.articles:
        assert analysed.article.text in rendered


def test_page_loads_nothing_from_the_network(comparison: Comparison) -> None:
    page = to_html(comparison)
    tree = parse(page)
    assert "<link" not in page
    assert "<script src" not in page
    assert "@import" not in page
    assert "url(" not in page
    assert not [attrs for _, attrs, _ in tree.elements if "src" in attrs]
    for tag, attrs, _ in tree.elements:
        href = attrs.get("href")
        if href and not href.startswith("#"):
            assert tag == "a"
            assert attrs.get("rel") == "noopener noreferrer"
            assert href in {a.article.url for a in comparison.articles}
    policy = [a["content"] for t, a, _ in tree.elements if a.get("http-equiv")]
    assert policy and "default-src 'none'" in (policy[0] or "")


def test_untrusted_text_is_escaped(
    make_comparison: Callable[..., Comparison], seed_specs: tuple[Any, Any]
) -> None:
    gpa, rhc = seed_specs
    hostile = dataclasses.replace(
        gpa,
        sentences=[*gpa.sentences, "He wrote <script>alert(1)</script> and \"&' too."],
        separators=[*gpa.separators, " "],
        title="<img src=x onerror=alert(2)>",
        outlet='GPA" onmouseover="alert(3)',
        url="javascript:alert(4)",
    )
    page = to_html(make_comparison(gpa=hostile, rhc=rhc))
    tree = parse(page)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&amp;&#x27; too." in page
    assert "<img" not in page
    assert not any(tag == "img" for tag, _, _ in tree.elements)
    assert not any("onmouseover" in attrs for _, attrs, _ in tree.elements)
    assert not any(
        (attrs.get("href") or "").startswith("javascript") for _, attrs, _ in tree.elements
    )
    assert page.count("<script>") == 1  # only the report's own script


def test_match_links_both_ways(comparison: Comparison) -> None:
    tree = parse(to_html(comparison))
    a1, a2 = tree.by_id("a1-s1"), tree.by_id("a2-s1")
    assert a1["href"] == "#a2-s1" and a2["href"] == "#a1-s1"
    assert a1["data-counterparts"] == "a2-s1"
    assert "kind-copied" in (a1["class"] or "")
    assert "kind-paraphrased" in (tree.by_id("a1-s0")["class"] or "")


def test_sentence_matched_in_two_articles_lists_both(comparison: Comparison) -> None:
    extra = SentenceMatch("a1", 1, "a2", 2, MatchKind.TRANSLATED, 0.9, 0.9, 0.1)
    pair = comparison.pairs[0]
    comparison.pairs[0] = PairAlignment(
        pair.article_a, pair.article_b, pair.spans, [*pair.matches, extra]
    )
    tree = parse(to_html(comparison))
    first = tree.by_id("a1-s1")
    assert first["href"] == "#a2-s2"  # best score first
    assert (first["data-counterparts"] or "").split() == ["a2-s2", "a2-s1"]
    assert "kind-copied" in (first["class"] or "") and "kind-translated" in (first["class"] or "")


def test_unmatched_and_only_here_sentences(comparison: Comparison) -> None:
    tree = parse(to_html(comparison))
    only = tree.by_id("a2-s2")
    assert "only-here" in (only["class"] or "")
    assert "href" not in only
    assert [t for t, a, _ in tree.elements if a.get("id") == "a2-s2"] == ["span"]


def test_span_crossing_a_sentence_edge_is_split(
    make_comparison: Callable[..., Comparison],
) -> None:
    crossing = ("specifically Daesh.\n\nRussian MoD", "terrorist group. Major General")
    comparison = make_comparison(spans=[crossing])
    tree = parse(to_html(comparison))
    marks = [ancestors for tag, _, ancestors in tree.elements if tag == "mark" and ancestors]
    in_text = [a for a in marks if any(re.fullmatch(r"a\d-s\d", i) for i in a)]
    enclosing = {i for ancestors in in_text for i in ancestors if re.fullmatch(r"a\d-s\d", i)}
    assert enclosing == {"a1-s0", "a1-s1", "a2-s0", "a2-s1"}


def test_quotes_are_anchored_and_grouped(comparison: Comparison) -> None:
    page = to_html(comparison)
    tree = parse(page)
    for quote in comparison.quotes:
        assert "quote" in (tree.by_id(quote.id)["class"] or "")
        assert f'href="#{quote.id}"' in page
    assert tree.by_id("group-g0")
    assert "<del>complete elimination</del>" in page
    assert "<ins>Islamic State</ins>" in page
    assert "Other quotations" in page  # the ungrouped "flirting"


def test_offsets_outside_the_text_are_skipped(comparison: Comparison) -> None:
    analysed = comparison.articles[0]
    bad = dataclasses.replace(comparison.quotes[0], start=10_000, end=10_010)
    comparison.quotes[0] = bad
    comparison.pairs[0].spans.append(
        dataclasses.replace(comparison.pairs[0].spans[0], start_a=-5, end_a=3)
    )
    analysed.sentences[1] = dataclasses.replace(analysed.sentences[1], start=5, end=2)
    page = to_html(comparison)
    tree = parse(page)
    assert analysed.article.text.split()[0] in page
    assert tree.by_id("a1-s1")  # still anchored, so links to it do not dangle


def test_more_than_three_articles_scroll(
    make_comparison: Callable[..., Comparison], seed_specs: tuple[Any, Any]
) -> None:
    comparison = make_comparison()
    gpa, rhc = seed_specs
    extra = make_comparison(
        gpa=dataclasses.replace(gpa, id="a3"), rhc=dataclasses.replace(rhc, id="a4")
    )
    comparison.articles.extend(extra.articles)
    tree = parse(to_html(comparison))
    grids = [a["class"] for t, a, _ in tree.elements if "columns" in (a.get("class") or "")]
    assert grids == ["columns many"]
    assert [a.get("lang") for t, a, _ in tree.elements if t == "article"] == ["en"] * 4


def test_word_diff_marks_changes() -> None:
    marked = word_diff("The main obstacle is support", "the main obstacle is the support")
    assert marked == "the main obstacle is <ins>the</ins> support"
    assert "<del>" in word_diff("a b c", "a c")
