"""HTML pages: main text and declared metadata through trafilatura.

Limit: a page over ``Limits.html_bytes`` (5 MiB; ``storytrace.limits``) is refused as
``too_large`` before it is decoded or parsed. The largest real news pages, scripts and
styles included, weigh about 3 MB; trafilatura's time grows faster than the page (a
generated 2.6 MB article took 4 to 8 s, a 20 MB one ran past 10 minutes and used
gigabytes), so a bigger page would stall a batch for one input that is not a single
article anyway. ``read_html(max_bytes=...)`` or ``--limit html-size=...`` sets another.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import trafilatura

from storytrace.errors import InputError
from storytrace.ingest.decode import decode_bytes, normalise_text
from storytrace.ingest.page_metadata import read_page_metadata
from storytrace.limits import limits
from storytrace.model import RawDocument

# A charset declared in the page is only looked for in its head, as browsers do.
CHARSET_SNIFF_BYTES = 4096

# The HTML standard reads these labels as windows-1252, and so do the pages that use them.
_WEB_CP1252 = frozenset({"iso8859-1", "ascii"})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` opens like an HTML document (``<!doctype html`` or ``<html``)."""
    return _HTML_START.match(text[:4096]) is not None


def read_html(
    data: bytes, source: str, charset: str | None = None, max_bytes: int | None = None
) -> RawDocument:
    """Reduce an HTML page to its main text and the metadata it declares.

    Args:
        data: the page's bytes; a ``<meta charset>`` in its head is honoured when the
            bytes decode with it, else the encoding is detected.
        source: the path, for messages and ``RawDocument.source``.
        charset: the charset an HTTP ``Content-Type`` header gave (a fetched page, a WARC
            record); it wins over the page's own declaration, as in a browser.
        max_bytes: pages longer than this are refused unread (default: the limit in force,
            ``storytrace.limits``).

    Returns:
        A ``RawDocument`` of format ``"html"`` whose text keeps one paragraph per block
        element, separated by blank lines. Outlet and publication time are what the page
        declares (``storytrace.ingest.page_metadata``: ``og:site_name``, JSON-LD, meta
        tags; the time in UTC with its kind), never trafilatura's guess from the URL;
        ``basis`` names the declaration behind each field.

    Raises:
        InputError: ``"too_large"`` over ``max_bytes`` (checked first); ``"empty"``,
        ``"binary"`` or ``"undecodable"`` from decoding, and ``"empty_after_cleaning"``
        when trafilatura finds no main text.
    """
    max_bytes = limits().html_bytes if max_bytes is None else max_bytes
    if len(data) > max_bytes:
        detail = f"HTML page of {len(data):,} bytes; the limit is {max_bytes:,}"
        raise InputError(source, "too_large", detail)
    html, encoding = _decode_html(data, source, charset)
    result = _extract(html, source)
    if result is None or not _text_of(result):
        raise InputError(source, "empty_after_cleaning", "no main text found in the HTML")
    declared = read_page_metadata(html, _field(result, "date"))
    language = _field(result, "language") or declared.language
    title, url = _field(result, "title"), _field(result, "url")
    basis = [
        ("title", "page title") if title else None,
        ("url", "page URL") if url else None,
        ("outlet", declared.outlet.source) if declared.outlet else None,
        ("published", declared.published.source) if declared.published else None,
        ("language", "page language") if language else None,
    ]
    return RawDocument(
        source=source,
        text=_text_of(result),
        format="html",
        title=title,
        url=url,
        outlet=declared.outlet.value if declared.outlet else None,
        published=declared.published.value if declared.published else None,
        language=language,
        encoding=encoding,
        published_kind=declared.published.kind if declared.published else None,
        basis=tuple(pair for pair in basis if pair is not None),
    )


def _extract(html: str, source: str) -> dict[str, Any] | None:
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            # Dates only from metadata and markup made for them: the extensive search also
            # reads body text and took a footer's "Copyright 2024" for a publication date.
            date_extraction_params={"extensive_search": False},
        )
    except Exception as error:  # lxml and trafilatura raise many types on broken markup
        raise InputError(source, "unsupported", f"HTML could not be parsed: {error}") from None
    if document is None:
        return None
    result = document if isinstance(document, dict) else document.as_dict()
    return result if isinstance(result, dict) else None


def _decode_html(data: bytes, source: str, charset: str | None) -> tuple[str, str]:
    meta = _META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    labels = [charset, meta.group(1).decode("ascii") if meta else None]
    for label in labels:
        if not label:
            continue
        codec = _declared_codec(label)
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue  # a wrong or unknown declaration: try the next, then detection
        if text.strip():
            return normalise_text(text), codec
    return decode_bytes(data, source)


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, if any."""
    match = _CHARSET_PARAMETER.search(content_type or "")
    return match.group(1) if match else None


_CHARSET_PARAMETER = re.compile(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _declared_codec(label: str) -> str:
    """Map a declared charset to a codec; Latin-1 and ASCII labels mean cp1252 on the web."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return label
    return "cp1252" if name in _WEB_CP1252 else name


def _text_of(result: dict[str, Any]) -> str:
    """trafilatura puts one block per line; a blank line between blocks marks paragraphs."""
    text = result.get("text")
    if not isinstance(text, str):
        return ""
    blocks = (block.strip() for block in text.split("\n"))
    return "\n\n".join(block for block in blocks if block)


def _field(result: dict[str, Any], key: str) -> str | None:
    value = result.get(key)
    return (value.strip() or None) if isinstance(value, str) else None
