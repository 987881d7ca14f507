"""Files to ``RawDocument`` records, one reader per format.

The format comes from the extension; a file whose extension says nothing (none, or one we
do not know) is sniffed: HTML when it opens with ``<!doctype html`` or ``<html``, JSONL
when its first line is a JSON object, Markdown when it shows Markdown structure, plain
text otherwise. Bad content never raises: it comes back as an ``InputError`` item.

Limits that protect the machine:

- Only regular files are read. A named pipe (FIFO), a character or block device
  (``/dev/zero``, a disk) or a socket is refused as ``"unsupported"`` ("not a regular
  file: a named pipe (FIFO)"), from its ``stat``, without being opened for a blocking
  read: a FIFO would wait for a writer forever, ``/dev/zero`` never ends. The file is
  opened non-blocking and checked again after opening, so one swapped in meanwhile is
  refused too.
- A single-article file is refused as ``"too_large"`` past ``Limits.file_bytes`` (32 MiB;
  ``--limit file-size=...`` or ``read_file(path, max_bytes=...)`` to change it), from
  its size before it is read, and at most ``max_bytes + 1`` bytes are ever read
  (``read_at_most``), so a file that grows while it is read is refused the same way.
  JSONL files hold many articles and are exempt.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from storytrace.errors import InputError
from storytrace.ingest.decode import decode_bytes
from storytrace.ingest.html import looks_like_html, read_html
from storytrace.ingest.jsonl import looks_like_jsonl, read_jsonl_bytes
from storytrace.ingest.newsplease import FORMAT as NEWSPLEASE_FORMAT
from storytrace.ingest.newsplease import read_newsplease
from storytrace.limits import limits
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

_READ_CHUNK_BYTES = 1024 * 1024

_FILE_TYPES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

# Line openings that only Markdown produces: ATX headings, links/images, autolinks.
_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s+\S|\]\((?:https?://|/)|<https?://", re.M)


def read_file(path: Path, *, max_bytes: int | None = None) -> list[RawDocument | InputError]:
    """Read one input file into raw documents.

    Args:
        path: a ``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``/``.xhtml``, ``.jsonl``
            or news-please ``.json`` file, or any other file whose content is one of those.
        max_bytes: the size limit of a file that is not JSONL (default: the limit in
            force, ``storytrace.limits``).

    Returns:
        One item for a text, Markdown or HTML file; one per non-blank line for JSONL; one
        per article object for news-please JSON (``"bad_json"``/``"not_article"`` when
        it is not news-please).
        Each item is a ``RawDocument`` or the ``InputError`` saying why it could not be
        read: ``"missing"``, ``"unreadable"`` (a directory, no permission),
        ``"unsupported"`` (a FIFO, device or socket), ``"empty"``, ``"binary"``,
        ``"undecodable"``, ``"too_large"`` (over ``max_bytes``, JSONL exempt),
        ``"empty_after_cleaning"`` (HTML without main text), or per JSONL line
        ``"bad_json"``/``"no_text"``. Never raises for bad content.
    """
    source = str(path)
    format_name = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    limit = None if format_name == "jsonl" else max_bytes or limits().file_bytes
    try:
        data = read_regular_file(path, limit)
        return _read_data(data, source, format_name)
    except OSError as error:
        return [InputError.from_os_error(source, error)]
    except InputError as error:
        return [error]


def read_regular_file(path: Path, limit: int | None) -> bytes:
    """The bytes of the regular file at ``path``, never more than ``limit`` of them.

    Raises:
        InputError: ``"unsupported"`` for anything but a regular file (a FIFO, device or
            socket: never opened for a blocking read), ``"unreadable"`` for a directory,
            ``"too_large"`` past ``limit`` (``None``: no limit).
        OSError: the file could not be opened or read.
    """
    source = str(path)
    info = os.stat(path)
    _refuse_unless_regular(source, info.st_mode, limit, info.st_size)
    # O_NONBLOCK: should a FIFO have been put in the file's place since the stat, opening
    # it does not wait for a writer, and the check on the open file refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb", buffering=0) as stream:
        info = os.fstat(descriptor)
        _refuse_unless_regular(source, info.st_mode, limit, info.st_size)
        if limit is None:
            return stream.read()
        data = read_at_most(stream, limit + 1)
    if len(data) > limit:  # it grew while it was read
        raise InputError(source, "too_large", f"over {limit:,} bytes; the limit is {limit:,}")
    return data


def read_at_most(stream: BinaryIO, count: int) -> bytes:
    """Up to ``count`` bytes of ``stream``: fewer only at its end. Reads in chunks, so that
    memory follows what the stream holds, not ``count``."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = stream.read(min(left, _READ_CHUNK_BYTES))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def describe_file_type(mode: int) -> str:
    """What a file that is not a regular file is, in words: "a named pipe (FIFO)", ..."""
    for is_type, words in _FILE_TYPES:
        if is_type(mode):
            return words
    return "a special file"


def _refuse_unless_regular(source: str, mode: int, limit: int | None, size: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(source, "unreadable", os.strerror(errno.EISDIR))
    if not stat.S_ISREG(mode):
        raise InputError(source, "unsupported", f"not a regular file: {describe_file_type(mode)}")
    if limit is not None and size > limit:
        raise InputError(source, "too_large", f"{size:,} bytes; the limit is {limit:,}")


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
    if format_name == "jsonl":
        return read_jsonl_bytes(data, source)  # decoded line by line
    for_json = format_name == NEWSPLEASE_FORMAT
    text, encoding = decode_bytes(data, source, for_json=for_json)
    if format_name is None:
        format_name = sniff_format(text)
        if format_name == "jsonl":
            return read_jsonl_bytes(data, source)
    if format_name == "html":
        return [read_html(data, source)]
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
