"""WARC and WARC.gz crawls (CC-NEWS and the like): one raw document per HTML page.

Records, by WARC-Type:

1. ``response``: an HTTP response. With a 2xx status and an HTML content type its payload
   is read by ``read_html``; any other status or content type (images, PDFs,
   ``robots.txt``, 404 pages) gives ``InputError("not_article")`` naming it.
2. ``resource``: a document stored without HTTP; HTML is read as for a response.
3. ``conversion``: text derived from another record (Common Crawl WET files); plain text
   becomes a text document, HTML is read as for a response.
4. ``warcinfo``, ``request``, ``metadata``, ``revisit`` and ``continuation`` records
   describe the crawl or point at other records; they are not documents and are skipped.

A payload over ``Limits.warc_payload_bytes`` (10 MiB; ``--limit warc-payload-size=...``)
gives ``InputError("too_large")``. warcio reads a cut
file quietly (a short last record, or nothing after the cut), so the reader checks each
record is whole and that nothing but blank lines follows the last one: a truncated or
corrupt crawl gives the documents before the damage and then one
``InputError("unreadable")`` for the file.

``read_warc`` does both steps of the work: ``warc_payloads`` (cheap: walks the file, keeps
the HTML payloads) and ``payload_document`` (costly: main-text extraction), which a caller
can run in worker processes instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from storytrace.clean.metadata import outlet_from_url
from storytrace.errors import InputError
from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.html import charset_of, looks_like_html, read_html
from storytrace.limits import limits
from storytrace.model import RawDocument

# Read size when checking that only blank lines follow the last record.
_TAIL_BLOCK = 64 * 1024

WARC_SUFFIXES = (".warc", ".warc.gz")

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Media types worth reading, by record type; other record types are not documents.
_READABLE = {
    "response": _HTML_TYPES,
    "resource": _HTML_TYPES,
    "conversion": _HTML_TYPES | {"text/plain"},
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class WarcPayload:
    """The payload of one record worth reading, with what the WARC says about it."""

    source: str  # "PATH#WARC-Record-ID"
    record_id: str | None
    target_uri: str | None
    date: str | None  # the WARC-Date as written ("2016-10-19T08:30:00Z"): when it was crawled
    media_type: str  # lower case, without parameters; "" when the record gives none
    data: bytes
    charset: str | None = None  # the HTTP Content-Type's charset parameter


def read_warc(path: Path) -> Iterator[RawDocument | InputError]:
    """Read the documents of a ``.warc`` or ``.warc.gz`` file, lazily.

    Args:
        path: the crawl file; gzip compression is detected from the content.

    Yields:
        Per HTML record, a ``RawDocument`` (format ``"html"``, source
        ``PATH#WARC-Record-ID``, ``record_id`` the WARC-Record-ID, ``url`` and ``outlet``
        defaulting to the WARC-Target-URI and its host, and ``published`` to the WARC-Date
        with kind ``"crawled"`` when the page declares none: a crawl date is never passed
        off as a publication date) or its ``InputError`` from ``read_html``; per other response,
        resource or conversion record, ``InputError`` ``"not_article"``, ``"too_large"``
        or ``"unreadable"``; for the file, ``"missing"``, ``"unreadable"`` (cannot be
        opened, or damaged: comes last) or ``"empty"`` (no such records at all).
        Never raises for bad content.
    """
    for item in warc_payloads(path):
        yield payload_document(item) if isinstance(item, WarcPayload) else item


def warc_payloads(path: Path) -> Iterator[WarcPayload | InputError]:
    """Walk a WARC file: the payloads worth reading, and an error for every other input.

    Same items and errors as ``read_warc``, with a ``WarcPayload`` where ``read_warc``
    has the document read from it.
    """
    source = str(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield InputError.from_os_error(source, error)
        return
    with stream:
        yield from _walk(stream, source)


def payload_document(payload: WarcPayload) -> RawDocument | InputError:
    """Read one payload: HTML through ``read_html``, plain text as it is.

    Returns the ``RawDocument`` with the WARC's URL, its host as the outlet and its date
    as the crawl time (kind ``"crawled"``, basis "WARC-Date") filled in where the page
    declares none, or the ``InputError`` that reading raised ("empty", "binary",
    "undecodable", "empty_after_cleaning", "unsupported"), or ``"not_article"`` for a
    payload without a content type that is not HTML. Never raises.
    """
    try:
        document = _read_payload(payload)
    except InputError as error:
        return error
    if document is None:
        return InputError(payload.source, "not_article", "no content type, and not HTML")
    basis = dict(document.basis)
    outlet = document.outlet or outlet_from_url(payload.target_uri)
    if outlet and not document.outlet:
        basis["outlet"] = "WARC target host"
    if not document.url and payload.target_uri:
        basis["url"] = "WARC target URI"
    crawled = not document.published and payload.date is not None
    if crawled:
        basis["published"] = "WARC-Date"
    return replace(
        document,
        url=document.url or payload.target_uri,
        outlet=outlet,
        published=payload.date if crawled else document.published,
        published_kind="crawled" if crawled else document.published_kind,
        record_id=payload.record_id,
        basis=tuple(basis.items()),
    )


def _read_payload(payload: WarcPayload) -> RawDocument | None:
    if payload.media_type == "text/plain":
        text, encoding = decode_bytes(payload.data, payload.source)
        return RawDocument(source=payload.source, text=text, format="text", encoding=encoding)
    if payload.media_type in _HTML_TYPES or looks_like_html(_head_text(payload.data)):
        return read_html(payload.data, payload.source, payload.charset)
    return None


def _head_text(data: bytes) -> str:
    """The payload's head as text, enough to see its markup (every byte maps in Latin-1)."""
    return data[:4096].decode("latin-1")


def _walk(stream: IO[bytes], source: str) -> Iterator[WarcPayload | InputError]:
    records = ArchiveIterator(stream)
    iterator = iter(records)
    complete = 0  # records read whole
    yielded = 0
    end = 0  # offset just past the last whole record
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        except Exception as error:  # warcio raises many types on damaged input
            yield _damaged(source, complete, str(error))
            return
        if record.rec_type is None:  # blank lines at the end of the file
            continue
        item = _take(record, source, complete + 1)
        try:
            end = records.get_record_offset() + records.get_record_length()
        except Exception as error:  # reading to the record's end hit the damage
            yield _damaged(source, complete, str(error))
            return
        if _cut_short(record):
            yield _damaged(source, complete, "the last record is cut short")
            return
        complete += 1
        if item is not None:
            yielded += 1
            yield item
    if _has_tail(stream, end):
        yield _damaged(source, complete, "bytes after the last record are not a WARC record")
    elif yielded == 0:
        detail = f"no response, resource or conversion records among {complete} records"
        yield InputError(source, "empty", detail)


def _take(record: Any, file_source: str, number: int) -> WarcPayload | InputError | None:
    """The payload of one record, an error saying why it is not read, or None to skip it."""
    kind = record.rec_type
    if kind not in _READABLE:
        return None
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID")
    source = f"{file_source}#{record_id or f'record-{number}'}"
    uri = headers.get_header("WARC-Target-URI")
    content_type = headers.get_header("Content-Type")
    if kind == "response":
        http = record.http_headers
        if http is None:
            return InputError(source, "not_article", f"not an HTTP response: {uri}")
        status = http.get_statuscode() or "?"
        if not (status.isdigit() and 200 <= int(status) < 300):
            return InputError(source, "not_article", f"HTTP status {status}")
        content_type = http.get_header("Content-Type")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and media_type not in _READABLE[kind]:
        return InputError(source, "not_article", f"content type {media_type}")
    most = limits().warc_payload_bytes
    try:
        data = record.content_stream().read(most + 1)
    except Exception as error:  # chunked or compressed HTTP bodies can fail to decode
        return InputError(source, "unreadable", f"payload could not be decoded: {error}")
    if len(data) > most:
        return InputError(
            source, "too_large", f"payload over {most:,} bytes; the limit is {most:,}"
        )
    date = (headers.get_header("WARC-Date") or "").strip()
    return WarcPayload(
        source=source,
        record_id=record_id,
        target_uri=uri,
        date=date if _ISO_DATE.match(date) else None,
        media_type=media_type,
        data=data,
        charset=charset_of(content_type),
    )


def _cut_short(record: Any) -> bool:
    """A record is whole when it declares its length and its block had that many bytes."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():
        return True
    return bool(getattr(record.raw_stream, "limit", 0) > 0)


def _has_tail(stream: IO[bytes], end: int) -> bool:
    """True when anything but whitespace follows offset ``end`` (a cut or garbage)."""
    stream.seek(end)
    while block := stream.read(_TAIL_BLOCK):
        if block.strip():
            return True
    return False


def _damaged(source: str, complete: int, detail: str) -> InputError:
    return InputError(source, "unreadable", f"damaged after {complete} whole records: {detail}")
