"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one raw document per item.

An item's text is its full content (``content:encoded``, Atom ``content``) when it has
one, else its summary (``description``, Atom ``summary``). Feeds carry HTML fragments, so
the text is reduced to paragraphs separated by blank lines. Items are not followed to
their ``link``: storytrace keeps the text the feed itself carries.

Summaries: many feeds carry only a teaser of each article. An item is kept with
``kind="summary"`` (stored and searchable, not grouped into stories unless asked) when
the feed gives it no full body, judged from the feed's structure first and length second:

1. A full content element (``content:encoded``, Atom ``content``) with text other than the
   summary's: an article, whatever its length.
2. No such content (none, or one that only repeats the summary): a summary, unless the
   description itself is a full body, as RSS 2.0 feeds without ``content:encoded`` often
   send: at least ``FULL_BODY_MIN_CHARS`` characters in at least
   ``FULL_BODY_MIN_PARAGRAPHS`` paragraphs, not ending in a cut mark ("…", "[...]", "Read
   more", "Continue reading", "Weiterlesen"...).

So a 60-300 character teaser is a summary, and so is a long description cut off with
"…"; a description of several paragraphs and over a thousand characters is an article.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from storytrace.errors import InputError
from storytrace.ingest.decode import normalise_text
from storytrace.model import RawDocument

# The root element of a feed comes after at most an XML declaration, a stylesheet
# instruction and a comment or two; a few KiB covers every feed we have seen.
FEED_SNIFF_CHARS = 4096

FEED_EXTENSIONS = frozenset({".rss", ".atom"})

# A description that is a full article body, not a teaser (see the module docstring): the
# shortest full news items run to about 150 words (~1,000 characters) in a few paragraphs,
# while teasers are one paragraph of 60-300 characters.
FULL_BODY_MIN_CHARS = 1000
FULL_BODY_MIN_PARAGRAPHS = 2
# How a teaser that the feed cut short ends.
_CUT_MARK = re.compile(
    r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]|\b(?:read more|continue reading|weiterlesen|"
    r"mehr lesen|lire la suite|leer más|seguir leyendo|continua a leggere)\b\W*)\s*\Z",
    re.I,
)

_PROLOG = r"\A\ufeff?\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*"
_FEED_ROOT = re.compile(
    _PROLOG
    + r"<(?:rss\b"  # RSS 0.9x and 2.0
    + r"|(?:\w+:)?feed\b[^>]*(?:http://www\.w3\.org/2005/Atom|http://purl\.org/atom/ns#)"
    + r"|rdf:RDF\b[^>]*http://purl\.org/rss/1\.0/)",  # RSS 1.0
    re.I | re.S,
)

# Elements whose start or end begins a new paragraph, and those whose content is not text.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN = frozenset({"head", "noscript", "script", "style", "template"})

# An entity declaration in a feed: expanding nested entities turns a few hundred bytes into
# gigabytes ("billion laughs"); real feeds declare none.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\b")


def looks_like_feed(text: str) -> bool:
    """True when ``text`` opens like an RSS 2.0, RSS 1.0 (``rdf:RDF``) or Atom document."""
    return _FEED_ROOT.match(text[:FEED_SNIFF_CHARS]) is not None


def read_feed(data: bytes, source: str) -> list[RawDocument | InputError]:
    """Read every item of a feed.

    Args:
        data: the feed's bytes (feedparser finds the encoding from the XML declaration).
        source: the path or URL, for messages; each item's source is
            ``source#ID`` where ID is the item's guid/id, else its link, else its
            1-based position.

    Returns:
        One item per feed item: a ``RawDocument`` of format ``"feed"`` (title, link as
        ``url``, published/updated as an ISO datetime in UTC, the feed's title as
        ``outlet``, the item id as ``record_id``, ``kind`` ``"summary"`` for an item that
        carries only a teaser: see the module docstring), or ``InputError("empty_after_cleaning")``
        for an item without text. A feed without items gives one ``InputError``:
        ``"empty"`` (no bytes, or a feed with no items), ``"unreadable"`` (XML too broken
        to recover any item), ``"unsupported"`` (not a feed) or ``"too_complex"`` (it
        declares XML entities, which could expand a few bytes into gigabytes). Broken XML from which
        feedparser recovers items still gives those items. Never raises.
    """
    if not data.strip():
        return [InputError(source, "empty")]
    if _ENTITY_DECLARATION.search(data):
        detail = "the feed declares XML entities (<!ENTITY>), which are not expanded"
        return [InputError(source, "too_complex", detail)]
    try:
        # a stream, never bytes or str: feedparser treats a string as a URL or file name
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as error:  # feedparser's loose parser can fail in many ways
        return [InputError(source, "unreadable", f"feed could not be parsed: {error}")]
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        return [_no_items(parsed, source)]
    feed = parsed.get("feed") or {}
    context = _FeedContext(
        source=source,
        outlet=_plain(feed.get("title")),
        language=_language(feed.get("language")),
        encoding=parsed.get("encoding") or None,
    )
    return [_read_item(entry, number, context) for number, entry in enumerate(entries, 1)]


def html_to_text(fragment: str) -> str:
    """Reduce an HTML fragment to text: one paragraph per block element, blank-line separated.

    ``<br>`` breaks a line inside a paragraph; scripts, styles and the ``<head>`` are
    dropped; runs of spaces collapse. Broken markup is read as far as it goes.
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return collector.text()


@dataclass(frozen=True)
class _FeedContext:
    """What every item of one feed shares."""

    source: str
    outlet: str | None
    language: str | None
    encoding: str | None


def _no_items(parsed: Any, source: str) -> InputError:
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        return InputError(source, "unreadable", f"not a readable feed: {problem}")
    if not parsed.get("version"):
        return InputError(source, "unsupported", "not an RSS or Atom feed")
    return InputError(source, "empty", "the feed has no items")


def _read_item(entry: Any, number: int, context: _FeedContext) -> RawDocument | InputError:
    record_id = _plain(entry.get("id"))
    url = _plain(entry.get("link"))
    source = f"{context.source}#{record_id or url or number}"
    text, kind = _item_text(entry)
    if not text:
        return InputError(source, "empty_after_cleaning", "the feed item has no text")
    return RawDocument(
        source=source,
        text=text,
        format="feed",
        title=_title(entry),
        url=url,
        outlet=context.outlet,
        published=_published(entry),
        language=context.language,
        encoding=context.encoding,
        record_id=record_id,
        kind=kind,
        published_kind="updated" if _updated_only(entry) else None,
        basis=(("outlet", "feed title"), ("published", "feed item date"), ("url", "feed link")),
    )


def _item_text(entry: Any) -> tuple[str, str]:
    """The item's text and its kind: the first content that has text ("article"), else
    the summary ("summary", or "article" when it is a full body: see the module docstring)."""
    summary_detail = entry.get("summary_detail")
    summary = _detail_text(summary_detail) if summary_detail else ""
    for detail in entry.get("content") or []:
        text = _detail_text(detail)
        if text and _squeezed(text) != _squeezed(summary):
            return text, "article"
    if not summary:
        return "", "summary"
    return summary, "article" if is_full_body(summary) else "summary"


def is_full_body(text: str) -> bool:
    """True when a feed description is a whole article rather than a teaser: long enough,
    in several paragraphs, and not cut off with a "…" or "Read more"."""
    paragraphs = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
    return (
        len(text) >= FULL_BODY_MIN_CHARS
        and len(paragraphs) >= FULL_BODY_MIN_PARAGRAPHS
        and _CUT_MARK.search(text) is None
    )


def _squeezed(text: str) -> str:
    return " ".join(text.split()).casefold()


def _detail_text(detail: Any) -> str:
    value = detail.get("value")
    if not isinstance(value, str):
        return ""
    if detail.get("type") == "text/plain":
        blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", value))
        return normalise_text("\n\n".join(block for block in blocks if block))
    return normalise_text(html_to_text(value))


def _title(entry: Any) -> str | None:
    detail = entry.get("title_detail") or {}
    value = detail.get("value")
    if not isinstance(value, str):
        return None
    if detail.get("type") != "text/plain":
        value = html_to_text(value)
    return " ".join(value.split()) or None


def _updated_only(entry: Any) -> bool:
    """True when the item gives only an update time (Atom ``updated``), no publication."""
    return not entry.get("published_parsed") and bool(entry.get("updated_parsed"))


def _published(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    try:
        year, month, day, hour, minute, second = stamp[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):  # feedparser can hand back out-of-range fields
        return None


def _language(value: Any) -> str | None:
    """The language part of a feed's ``en-us``-style tag."""
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)", value)
    return match.group(1).lower() if match else None


def _plain(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


class _TextCollector(HTMLParser):
    """Collects text as paragraphs of lines while an HTML fragment is parsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._paragraphs: list[list[str]] = []
        self._lines: list[str] = []
        self._pieces: list[str] = []
        self._hidden = 0  # depth inside elements whose content is not text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._end_line()
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._pieces.append(data)

    def text(self) -> str:
        self._end_paragraph()
        return "\n\n".join("\n".join(lines) for lines in self._paragraphs)

    def _end_line(self) -> None:
        line = " ".join("".join(self._pieces).split())
        self._pieces = []
        if line:
            self._lines.append(line)

    def _end_paragraph(self) -> None:
        self._end_line()
        if self._lines:
            self._paragraphs.append(self._lines)
            self._lines = []
