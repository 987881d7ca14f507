"""RSS 2.0, RSS 1.0 and Atom feeds: one document per item, a reason for every item without
text, and no exception for broken XML."""

from __future__ import annotations

import pytest

from storytrace.errors import InputError
from storytrace.ingest.feeds import html_to_text, looks_like_feed, read_feed
from storytrace.model import RawDocument

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Harbour Gazette</title>
<link>https://www.harbour-gazette.example/</link>
<language>en-gb</language>
<item>
  <title>Ferry workers strike over pay</title>
  <link>https://www.harbour-gazette.example/ferry-strike</link>
  <guid isPermaLink="false">hg-1001</guid>
  <pubDate>Tue, 05 Mar 2024 08:30:00 +0100</pubDate>
  <description>Crews walk out across the islands.</description>
  <content:encoded><![CDATA[<p>Ferry crews walked out on <b>Tuesday</b> morning.</p>
<p>The union said talks had broken down.<br>The operator disagreed.</p>
<script>track()</script>]]></content:encoded>
</item>
<item>
  <title>Council approves budget</title>
  <link>https://www.harbour-gazette.example/budget</link>
  <description>&lt;p&gt;The council approved the budget late on Monday.&lt;/p&gt;</description>
</item>
<item>
  <title>Photo gallery</title>
  <link>https://www.harbour-gazette.example/gallery</link>
  <description>&lt;img src="a.jpg"&gt;</description>
</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastal Herald</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-05T12:00:00Z</updated>
  <entry>
    <title type="html">Seabird numbers &lt;em&gt;recover&lt;/em&gt;</title>
    <link href="https://www.coastal-herald.example/seabirds"/>
    <id>tag:coastal-herald.example,2024:seabirds</id>
    <updated>2024-03-05T11:00:00Z</updated>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;Volunteers counted more puffins.&lt;/p&gt;
      &lt;p&gt;Guillemots returned.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Harbour wall repaired</title>
    <link href="https://www.coastal-herald.example/wall"/>
    <id>tag:coastal-herald.example,2024:wall</id>
    <updated>2024-03-04T09:15:00Z</updated>
    <content type="text">Workers finished the wall.

It reopens on Friday.</content>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://www.valley-times.example/">
    <title>Valley Times</title>
    <link>https://www.valley-times.example/</link>
    <description>News</description>
    <items><rdf:Seq><rdf:li resource="https://www.valley-times.example/bridge"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://www.valley-times.example/bridge">
    <title>New bridge opens</title>
    <link>https://www.valley-times.example/bridge</link>
    <description>The new bridge opened to traffic on Tuesday.</description>
    <dc:date>2024-03-05T07:00:00Z</dc:date>
  </item>
</rdf:RDF>
"""


def documents(items: list[RawDocument | InputError]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def test_rss2_full_content_then_description_then_no_text() -> None:
    items = read_feed(RSS2, "feeds/gazette.rss")
    assert len(items) == 3
    first, second, third = items
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.text == (
        "Ferry crews walked out on Tuesday morning.\n\n"
        "The union said talks had broken down.\nThe operator disagreed."
    )
    assert first.source == "feeds/gazette.rss#hg-1001"
    assert first.record_id == "hg-1001"
    assert first.url == "https://www.harbour-gazette.example/ferry-strike"
    assert first.title == "Ferry workers strike over pay"
    assert first.outlet == "Harbour Gazette"
    assert first.published == "2024-03-05T07:30:00+00:00"
    assert first.language == "en"
    assert first.format == "feed"
    assert second.text == "The council approved the budget late on Monday."
    # no guid: the link names the item
    assert second.source == "feeds/gazette.rss#https://www.harbour-gazette.example/budget"
    assert second.record_id is None and second.published is None
    assert isinstance(third, InputError)
    assert third.reason == "empty_after_cleaning"
    assert third.source == "feeds/gazette.rss#https://www.harbour-gazette.example/gallery"


def test_atom_content_html_and_text() -> None:
    first, second = documents(read_feed(ATOM, "herald.atom"))
    assert first.text == "Volunteers counted more puffins.\n\nGuillemots returned."
    assert first.title == "Seabird numbers recover"
    assert first.record_id == "tag:coastal-herald.example,2024:seabirds"
    assert first.url == "https://www.coastal-herald.example/seabirds"
    assert first.outlet == "Coastal Herald"
    assert first.published == "2024-03-05T11:00:00+00:00"
    assert second.text == "Workers finished the wall.\n\nIt reopens on Friday."


def test_rss1_rdf() -> None:
    [item] = read_feed(RDF, "valley.xml")
    assert isinstance(item, RawDocument)
    assert item.text == "The new bridge opened to traffic on Tuesday."
    assert item.outlet == "Valley Times"
    assert item.url == "https://www.valley-times.example/bridge"
    assert item.published == "2024-03-05T07:00:00+00:00"


def test_items_without_id_or_link_are_numbered() -> None:
    feed = b"""<rss version="2.0"><channel><title>T</title>
<item><description>One.</description></item><item><description>Two.</description></item>
</channel></rss>"""
    assert [item.source for item in read_feed(feed, "f.rss")] == ["f.rss#1", "f.rss#2"]


def test_broken_xml_keeps_what_feedparser_recovers() -> None:
    broken = b"""<rss version="2.0"><channel><title>Broken</title>
<item><title>First</title><description>Text here & more text</description></item>
<item><title>Second</title><description>Cut off"""
    items = read_feed(broken, "broken.rss")
    assert items
    assert all(isinstance(item, RawDocument | InputError) for item in items)
    assert any(isinstance(item, RawDocument) and "Text here" in item.text for item in items)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"<rss version='2.0'><channel><title>No items</title></channel></rss>", "empty"),
        (b"\x00\xff\xfe binary", "unreadable"),
        (b"<html><body><p>Not a feed.</p></body></html>", "unsupported"),
        (b"<rss><channel><title>x</ti", "unreadable"),
    ],
)
def test_feeds_without_items_give_one_error(data: bytes, reason: str) -> None:
    [item] = read_feed(data, "bad.xml")
    assert isinstance(item, InputError)
    assert (item.reason, item.source) == (reason, "bad.xml")


def test_feed_sniffing() -> None:
    assert looks_like_feed(RSS2.decode())
    assert looks_like_feed(ATOM.decode())
    assert looks_like_feed(RDF.decode())
    assert looks_like_feed("\ufeff<!-- generated --><rss version='2.0'>")
    assert not looks_like_feed("<feed><entry/></feed>")  # no Atom namespace
    assert not looks_like_feed('<?xml version="1.0"?><urlset xmlns="sitemap"/>')
    assert not looks_like_feed("<!DOCTYPE html><html><body>rss</body></html>")
    assert not looks_like_feed("plain text about <rss feeds")


def test_html_to_text_paragraphs_and_line_breaks() -> None:
    html = "<div><p>One  two\nthree.</p>Loose <i>text</i><br/>next line<ul><li>a</li></ul></div>"
    assert html_to_text(html) == "One two three.\n\nLoose text\nnext line\n\na"
    assert html_to_text("<style>p{}</style><p>&amp; &#233;</p>") == "& é"
    assert html_to_text("") == ""
