"""Files to ``RawDocument`` records, one reader per format.

The format comes from the extension; a file whose extension says nothing (none, or one we
do not know) is sniffed: HTML when it opens with ``<!doctype html`` or ``<html``, JSONL
when its first line is a JSON object, Markdown when it shows Markdown structure, plain
text otherwise. Bad content never raises: it comes back as an ``InputError`` item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from storytrace.errors import InputError
from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.html import looks_like_html, read_html
from storytrace.ingest.jsonl import looks_like_jsonl, read_jsonl
from storytrace.ingest.newsplease import FORMAT as NEWSPLEASE_FORMAT
from storytrace.ingest.newsplease import read_newsplease
from storytrace.model import RawDocument

FORMATS_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": NEWSPLEASE_FORMAT,
}

# A saved news page, scripts and inline images included, stays well under this; a bigger
# single-article file is a dump or a binary, and reading it would only waste memory.
# JSONL files hold many articles and are exempt.
MAX_FILE_BYTES = 32 * 1024 * 1024

# Line openings that only Markdown produces: ATX headings, links/images, autolinks.
_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s+\S|\]\((?:https?://|/)|<https?://", re.M)


def read_file(path: Path) -> list[RawDocument | InputError]:
    """Read one input file into raw documents.

    Args:
        path: a ``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``/``.xhtml``, ``.jsonl``
            or news-please ``.json`` file, or any other file whose content is one of those.

    Returns:
        One item for a text, Markdown or HTML file; one per non-blank line for JSONL; one
        per article object for news-please JSON (``"bad_json"``/``"not_article"`` when
        it is not news-please).
        Each item is a ``RawDocument`` or the ``InputError`` saying why it could not be
        read: ``"missing"``, ``"unreadable"`` (a directory, no permission), ``"empty"``,
        ``"binary"``, ``"undecodable"``, ``"too_large"`` (over ``MAX_FILE_BYTES``, JSONL
        exempt), ``"empty_after_cleaning"`` (HTML without main text), or per JSONL line
        ``"bad_json"``/``"no_text"``. Never raises for bad content.
    """
    source = str(path)
    format_name = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and format_name != "jsonl":
            return [
                InputError(source, "too_large", f"{size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            ]
        data = path.read_bytes()
    except OSError as error:
        return [InputError.from_os_error(source, error)]
    try:
        return _read_data(data, source, format_name)
    except InputError as error:
        return [error]


def read_inputs(paths: Iterable[Path]) -> tuple[list[RawDocument], list[InputError]]:
    """Read every path with ``read_file``; returns the documents and, apart, every error."""
    documents: list[RawDocument] = []
    errors: list[InputError] = []
    for path in paths:
        for item in read_file(path):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                documents.append(item)
    return documents, errors


def _read_data(data: bytes, source: str, format_name: str | None) -> list[RawDocument | InputError]:
    if format_name == "html":
        return [read_html(data, source)]
    for_json = format_name in ("jsonl", NEWSPLEASE_FORMAT)
    text, encoding = decode_bytes(data, source, for_json=for_json)
    if format_name is None:
        format_name = sniff_format(text)
        if format_name == "jsonl":
            text, encoding = decode_bytes(data, source, for_json=True)
    if format_name == "html":
        return [read_html(data, source)]
    if format_name == "jsonl":
        return read_jsonl(text, source, encoding)
    if format_name == NEWSPLEASE_FORMAT:
        return read_newsplease(text, source, encoding)
    return [RawDocument(source=source, text=text, format=format_name, encoding=encoding)]


def sniff_format(text: str) -> str:
    """Guess the format of decoded ``text``: "html", "jsonl", "markdown" or "text"."""
    if looks_like_html(text):
        return "html"
    if looks_like_jsonl(text):
        return "jsonl"
    if _MARKDOWN_SIGNS.search(text):
        return "markdown"
    return "text"
