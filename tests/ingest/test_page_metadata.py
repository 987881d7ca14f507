"""Outlet and publication time from what a page declares (issue 14, points 1 and 2).

Inline pages for each declaration and for the stray lines that must never become an
outlet; then real saved pages (../shared/data/realpages) read as ingest reads them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import shared_data
from storytrace.clean.document import clean_document
from storytrace.clean.metadata import is_outlet_name, is_plausible_outlet
from storytrace.ingest.feeds import read_feed
from storytrace.ingest.html import read_html
from storytrace.ingest.jsonl import read_jsonl
from storytrace.ingest.newsplease import read_newsplease
from storytrace.ingest.page_metadata import read_page_metadata
from storytrace.model import Article, RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from realpages_metadata import read_page  # the cached reading the benchmark and gate share

BODY = (
    "The harbour authority said on Tuesday that ferries would run again from Thursday "
    "after the strike ended.\n\nUnion leaders said the agreement raised pay by four per "
    "cent and that crews would return to work at dawn."
)

# The outlets issue 14 saw taken from stray lines of real pages.
JUNK_OUTLETS = (
    "Ad",
    "© Spox 2022",
    "Reklama",
    "Gesamt",
    "Start",
    "Jan",
    "Quelle der Polizeimeldung: Kapo BE",
    "CDC, Chicago Department of Public Health",
)


def page(head: str, url: str | None = "https://www.harbour.example/ferries") -> str:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    return (
        f"<!doctype html><html lang='en'><head><title>Ferries run again</title>{canonical}"
        f"{head}</head><body><article><h1>Ferries run again</h1>{paragraphs}</article>"
        "</body></html>"
    )


def article_of(html: str) -> Article:
    return clean_document(read_html(html.encode("utf-8"), "page.html"), "a1")


def test_og_site_name_is_the_outlet_with_its_basis() -> None:
    article = article_of(page('<meta property="og:site_name" content="Harbour &amp; Coast">'))
    assert article.outlet == "Harbour & Coast"
    assert article.basis_of("outlet") == "declared: og:site_name"
    assert article.basis_of("url") == "declared: page URL"
    assert article.basis_of("title") == "declared: page title"
    assert article.basis_of("language") == "text"


def test_json_ld_publisher_in_a_graph_by_reference() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "publisher": {"@id": "#org"}, "datePublished": "2024-03-05"},
            {"@type": "Organization", "@id": "#org", "name": "Harbour Gazette"},
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    declared = read_page_metadata(page(script))
    assert declared.outlet is not None
    assert (declared.outlet.value, declared.outlet.source) == (
        "Harbour Gazette",
        "JSON-LD publisher",
    )


def test_an_implausible_site_name_gives_way_to_the_next_declaration() -> None:
    publisher = {"@type": "NewsArticle", "publisher": {"name": "Reuters"}}
    head = (
        '<meta property="og:site_name" content="U.S.">'
        f'<script type="application/ld+json">{json.dumps(publisher)}</script>'
    )
    article = article_of(page(head))
    assert (article.outlet, article.basis_of("outlet")) == (
        "Reuters",
        "declared: JSON-LD publisher",
    )


def test_without_a_declaration_the_url_host_beats_any_text_line() -> None:
    article = article_of(page("", url="https://www.harbour.example/ferries"))
    assert (article.outlet, article.basis_of("outlet")) == ("harbour.example", "URL host")


@pytest.mark.parametrize("junk", JUNK_OUTLETS)
def test_stray_lines_never_become_the_outlet(junk: str) -> None:
    assert not is_outlet_name(junk)
    article = clean_document(RawDocument("t.txt", f"{BODY}\n\n{junk}", "text"), "a1")
    assert article.outlet is None
    declared = clean_document(RawDocument("t.txt", BODY, "jsonl", outlet=junk), "a1")
    assert declared.outlet is None or is_plausible_outlet(junk)


def test_a_text_line_that_names_an_outlet_is_the_last_resort() -> None:
    article = clean_document(RawDocument("t.txt", f"{BODY}\n\nRadio Habana Cuba", "text"), "a1")
    assert (article.outlet, article.basis_of("outlet")) == ("Radio Habana Cuba", "text line")
    assert is_outlet_name("Channel 4 News") and not is_outlet_name("Jan 2022")
    agency = clean_document(RawDocument("t.txt", f"MOSCOW (Reuters) - {BODY}", "text"), "a1")
    assert (agency.outlet, agency.basis_of("outlet")) == ("Reuters", "dateline")


def test_published_time_keeps_its_time_in_utc() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T15:02:00+01:00">'
    article = article_of(page(head))
    assert (article.published, article.published_kind) == ("2024-03-05T14:02:00Z", "published")
    assert article.basis_of("published") == "declared: article:published_time"


def test_a_declared_day_is_refined_by_a_full_time_of_that_day() -> None:
    data = {"@type": "NewsArticle", "datePublished": "2024-03-05T23:30:00-05:00"}
    head = (
        '<meta name="publishdate" content="2024-03-05">'
        f'<script type="application/ld+json">{json.dumps(data)}</script>'
    )
    declared = read_page_metadata(page(head))
    assert declared.published is not None
    assert declared.published.value == "2024-03-06T04:30:00Z"  # still the 5th in New York
    assert declared.published.source == "JSON-LD datePublished"


def test_a_modification_time_alone_is_kind_updated() -> None:
    head = '<meta property="article:modified_time" content="2024-03-07T08:00:00Z">'
    declared = read_page_metadata(page(head), day=None)
    assert declared.published is not None
    assert (declared.published.value, declared.published.kind) == (
        "2024-03-07T08:00:00Z",
        "updated",
    )


def test_entity_escaped_property_names_are_read() -> None:
    declared = read_page_metadata(page('<meta property="og&#x3A;site_name" content="gofeminin">'))
    assert declared.outlet is not None and declared.outlet.value == "gofeminin"


def test_record_dates_are_normalised_and_named_by_their_key() -> None:
    line = json.dumps({"text": BODY, "published": "Tue, 05 Mar 2024 14:02:00 +0100"})
    [document] = read_jsonl(line, "wire.jsonl")
    assert isinstance(document, RawDocument)
    article = clean_document(document, "a1")
    assert article.published == "2024-03-05T13:02:00Z"
    assert article.basis_of("published") == "declared: JSONL published"


def test_news_please_and_feed_declarations_are_named() -> None:
    record = json.dumps({"maintext": BODY, "source_domain": "harbour.example"})
    [document] = read_newsplease(record, "a.json")
    assert isinstance(document, RawDocument)
    article = clean_document(document, "a1")
    assert (article.outlet, article.basis_of("outlet")) == (
        "harbour.example",
        "declared: news-please source_domain",
    )
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal Herald'
        b"</title><entry><title>Ferries</title><id>x</id>"
        b"<updated>2024-03-05T11:00:00+02:00</updated>"
        b'<content type="text">' + BODY.encode() + b"</content></entry></feed>"
    )
    [item] = read_feed(feed, "herald.atom")
    assert isinstance(item, RawDocument)
    entry = clean_document(item, "a2")
    assert (entry.outlet, entry.basis_of("outlet")) == ("Coastal Herald", "declared: feed title")
    assert (entry.published, entry.published_kind) == ("2024-03-05T09:00:00Z", "updated")


# Real pages: what the newspaper4k maintainers checked, and outlets that must be names.
EXPECTED_TIMES = {
    "cnn_001": "2023-11-06T13:00:15Z",
    "wired_001": "2023-11-07T07:00:00Z",  # declared 2023-11-07T02:00:00-05:00
    "yna_co_kr": "2019-08-20T00:31:01Z",  # declared 2019-08-20T09:31:01+09:00
    "japanese_article": "2018-06-18T20:50:00Z",  # 05:50 on the 19th in Tokyo
}


def real_page(name: str) -> Article:
    path = shared_data("realpages") / "newspaper4k" / "html" / f"{name}.html"
    return clean_document(read_html(path.read_bytes(), str(path)), "a1")


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_TIMES.items()))
def test_real_pages_keep_time_and_zone(name: str, expected: str) -> None:
    article = real_page(name)
    assert (article.published, article.published_kind) == (expected, "published")
    assert (article.basis_of("published") or "").startswith("declared: ")


def test_real_pages_outlets_are_declared_names() -> None:
    outlets = {name: real_page(name) for name in ("fox13now_001", "time_001", "cnn_001")}
    assert {name: a.outlet for name, a in outlets.items()} == {
        "fox13now_001": "FOX 13 News Utah (KSTU)",  # was "The-CNN-Wire", a text line
        "time_001": "TIME",
        "cnn_001": "CNN",
    }
    assert {a.basis_of("outlet") for a in outlets.values()} == {"declared: og:site_name"}


def test_no_real_page_gets_a_junk_outlet() -> None:
    """All 140 real pages, read once per test session (shared with tests/eval)."""
    folder = shared_data("realpages")
    pages = sorted((folder / "newspaper4k" / "html").glob("*.html"))
    pages += sorted((folder / "trafilatura_cache").glob("*.html"))
    assert len(pages) == 140
    for path in pages:
        article = read_page(path)
        if article is None or article.outlet is None:
            continue  # refused by ingest, or no outlet known: nothing claimed
        assert article.outlet not in JUNK_OUTLETS, path.name
        basis = article.basis_of("outlet") or ""
        assert basis in ("dateline", "URL host") or basis.startswith("declared: "), path.name
        # an agency's short name ("AP") may head a dateline; anything else is a name
        assert basis == "dateline" or is_plausible_outlet(article.outlet), path.name
