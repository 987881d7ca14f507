"""Markdown decoration is stripped; text that only looks a little like Markdown is not."""

from __future__ import annotations

import pytest

from storytrace.clean import clean_document
from storytrace.clean.markdown import strip_inline
from storytrace.model import RawDocument

BODY = "Russia has accused the U.S. of providing intelligence to Daesh in eastern Syria."


def _clean(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    article = clean_document(RawDocument(source="t.md", text=text, format="markdown"), "a1")
    return article.text, article.title, article.removed


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("**strong** and *emphasis*", "strong and emphasis"),
        ("__strong__ and _emphasis_", "strong and emphasis"),
        ("***both*** at once", "both at once"),
        ("a [link text](https://example.org/a_(b)) here", "a link text here"),
        ("a [reference][1] link", "a reference link"),
        ("an image ![alt text](https://example.org/p.png) gone", "an image gone"),
        (
            "autolink <https://example.org/x> kept as text",
            "autolink https://example.org/x kept as text",
        ),
        ("`code` and ~~strike~~", "code and strike"),
        (r"1\. escaped \*stars\* stay", "1. escaped *stars* stay"),
    ],
)
def test_inline_marks_are_stripped(marked: str, plain: str) -> None:
    assert strip_inline(marked) == plain


@pytest.mark.parametrize(
    "text",
    ["5 * 3 * 2 = 30", "snake_case_name and x_y", "f*ck this sh*t", "a_b_c", "price: $5"],
)
def test_text_that_is_not_markdown_is_kept(text: str) -> None:
    assert strip_inline(text) == text


def test_heading_becomes_title_and_leaves_text() -> None:
    text, title, removed = _clean(f"## **A Headline** ##\n\n{BODY}")
    assert title == "A Headline"
    assert text == BODY
    assert removed == ("## **A Headline** ##",)


def test_setext_heading_is_a_title() -> None:
    text, title, removed = _clean(f"A Headline\n==========\n\n{BODY}")
    assert title == "A Headline"
    assert text == BODY
    assert "==========" in removed


def test_rules_blockquotes_images_and_subheadings() -> None:
    source = (
        f"{BODY}\n\n* * *\n\n> The main obstacle is the support of our colleagues.\n>\n"
        "> He said it twice.\n\n![](https://example.org/photo.jpg)\n\n___\n\n"
        "### A subheading\n\nMore prose follows here."
    )
    text, title, removed = _clean(source)
    assert title is None
    assert text == (
        f"{BODY}\n\nThe main obstacle is the support of our colleagues.\n\nHe said it twice.\n\n"
        "A subheading\n\nMore prose follows here."
    )
    assert removed == ("* * *", "![](https://example.org/photo.jpg)", "___")


def test_link_definitions_are_removed() -> None:
    text, _, removed = _clean(f"{BODY} See [the report][1].\n\n[1]: https://example.org/report")
    assert text == f"{BODY} See the report."
    assert removed == ("[1]: https://example.org/report",)
