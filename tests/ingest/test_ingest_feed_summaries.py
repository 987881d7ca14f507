"""Feed items that carry only a teaser are kept as summaries (``kind="summary"``), judged
from the feed's structure: a full content element, or a description that is a full body."""

from __future__ import annotations

import html

from conftest import shared_data
from storytrace.ingest.feeds import FULL_BODY_MIN_CHARS, read_feed
from storytrace.ingest.sources import iter_inputs
from storytrace.model import RawDocument

TEASER = "The council approved the harbour budget late on Monday after a six-hour debate."
BODY = "\n".join(
    f"<p>Paragraph {number}: the council approved the harbour budget late on Monday after a "
    "six-hour debate in which the opposition asked for a second reading of every line.</p>"
    for number in range(1, 9)
)


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Harbour Gazette</title>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(guid: str, description: str, content: str | None = None) -> str:
    encoded = (
        "" if content is None else f"<content:encoded>{html.escape(content)}</content:encoded>"
    )
    return (
        f"<item><guid>{guid}</guid><title>Budget {guid}</title>"
        f"<description>{html.escape(description)}</description>{encoded}</item>"
    )


def kinds(data: bytes) -> dict[str, str]:
    documents = [entry for entry in read_feed(data, "feed.rss") if isinstance(entry, RawDocument)]
    return {document.record_id or "": document.kind for document in documents}


def test_kind_comes_from_the_feed_structure_then_the_length() -> None:
    data = rss(
        item("teaser", TEASER),
        item("full-content", TEASER, content=BODY),
        item("short-content", TEASER, content="<p>Budget passed, 41 votes to 12.</p>"),
        item("repeated", TEASER, content=TEASER),
        item("body-in-description", BODY),
        item("cut-body", BODY + "<p>The opposition then asked for …</p>"),
        item("read-more", BODY + "<p>Read more »</p>"),
    )
    assert len(html.unescape(BODY)) > FULL_BODY_MIN_CHARS
    assert kinds(data) == {
        "teaser": "summary",
        "full-content": "article",
        "short-content": "article",  # the feed sent a body of its own, however short
        "repeated": "summary",  # content that only repeats the description adds nothing
        "body-in-description": "article",
        "cut-body": "summary",
        "read-more": "summary",
    }


def test_atom_summary_without_content_is_a_summary() -> None:
    data = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        f"<entry><id>one</id><title>Budget</title><summary>{TEASER}</summary></entry>"
        f"<entry><id>two</id><title>Budget</title><summary>{TEASER}</summary>"
        f'<content type="html">{html.escape(BODY)}</content></entry></feed>'
    ).encode()
    assert kinds(data) == {"one": "summary", "two": "article"}


def test_a_real_feed_saved_as_html_is_read_as_a_feed_of_summaries() -> None:
    path = shared_data("realpages") / "newspaper4k" / "html" / "sample_rss.html"
    (unit,) = iter_inputs([str(path)])
    assert unit.kind == "feed"  # before: read as an HTML page without main text
    items = list(unit.items())
    assert len(items) == 3
    assert all(isinstance(entry, RawDocument) and entry.kind == "summary" for entry in items)
