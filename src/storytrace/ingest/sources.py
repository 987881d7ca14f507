"""What ``storytrace ingest PATH...`` names, as units of input for the ingest pipeline.

``iter_inputs`` yields one ``InputUnit`` per top-level input unit, lazily and in order:

- a file named, or found by walking a folder (recursively, names in sorted order, hidden
  files and folders skipped, each folder entered once so symlink loops end): ``name`` is
  its path (the folder's path joined with the relative one), ``size`` and ``mtime_ns``
  come from ``stat`` so that a pipeline can skip a file it has read to the end before;
- ``-``: JSONL on standard input, ``name`` ``"<stdin>"``, no size;
- a URL (anything that opens with ``scheme://``): ``name`` the URL, no size;
- a path that cannot be read (missing, not a regular file, an ARC crawl, XML that is not
  a feed): ``kind`` ``"error"`` and one ``InputError``.

A file name that is not UTF-8 (bytes such as 0xff 0xfe, common in old archives; Python
holds them as surrogate escapes) is named in its ``shown_name`` form everywhere: the unit's
``name``, the sources of its items and errors, and so in the store, messages and JSON, its
undecodable bytes written ``\\xff\\xfe``. Such a unit has ``name_escaped`` set: its
``name`` is not a path to open, and only ``items()`` reads it.

``kind`` says how the unit's items are read:

===========  ==============================================================================
``file``     ``read_file`` (text, Markdown, HTML, JSONL, news-please JSON); a pipeline may call
             ``read_file(Path(name))`` itself, in a worker, instead of ``items()``
``warc``     ``read_warc``: ``.warc``, ``.warc.gz``, or a file that opens as a WARC
``feed``     ``read_feed``: ``.rss``, ``.atom``, or a ``.xml``/``.html``/unknown file that opens
             as a feed
``stdin``    one JSONL record per line; sources ``<stdin>:LINE#DIGEST``, where DIGEST (12 hex
             digits of the line's SHA-256) keeps two different streams from sharing sources
``url``      ``fetch_url`` (a page, or a feed's items); fetched when ``items()`` is called
``error``    a single ``InputError``
===========  ==============================================================================

``items()`` reads the unit each time it is called and never raises for bad content. Units
pickle (a pipeline hands them to worker processes); a ``stdin`` unit pickles without its
stream, and its copy's ``items()`` gives one ``InputError`` saying so.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from storytrace.errors import InputError
from storytrace.ingest.feeds import FEED_EXTENSIONS, FEED_SNIFF_CHARS, looks_like_feed, read_feed
from storytrace.ingest.fetch import fetch_url
from storytrace.ingest.html import looks_like_html
from storytrace.ingest.jsonl import decode_jsonl_line, read_jsonl, stream_utf8_jsonl
from storytrace.ingest.readers import FORMATS_BY_EXTENSION, read_file
from storytrace.ingest.warc import WARC_SUFFIXES, read_warc
from storytrace.limits import limits
from storytrace.model import RawDocument

Item = RawDocument | InputError
KINDS = ("file", "warc", "feed", "stdin", "url", "error")
STDIN_NAME = "<stdin>"

# Hex digits of a stdin line's SHA-256 in its source: 48 bits make a collision between
# two different lines at the same line number negligible for any realistic corpus.
STDIN_DIGEST_CHARS = 12

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_ARC_SUFFIXES = (".arc", ".arc.gz")


@dataclass(frozen=True)
class InputUnit:
    """One input named on the command line, or one file found in a folder named there."""

    name: str  # the path, "<stdin>" or the URL
    kind: str  # one of KINDS
    size: int | None  # bytes, for files
    mtime_ns: int | None  # modification time, for files
    items: Callable[[], Iterator[Item]]
    # True when ``name`` is the file's path written with ``shown_name``, not the path itself
    name_escaped: bool = False


def shown_name(name: str) -> str:
    """``name`` with what UTF-8 cannot hold written as escapes: the bytes of a file name
    that is not UTF-8 (surrogate escapes, as Python decodes them) as ``\\xff``.

    A name that UTF-8 holds is returned as it is, so that the names of stores made before
    stay the same; a name that already spells ``\\xff`` in its characters therefore shows
    the same as one holding the byte 0xff.
    """
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that no file name decodes to
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")
    return name


def iter_inputs(
    paths: Sequence[str], *, allow_private: bool = False, stdin: TextIO | None = None
) -> Iterator[InputUnit]:
    """Turn the inputs of ``storytrace ingest`` into units, lazily (folders are walked as
    the units are taken).

    Args:
        paths: file and folder paths, ``-`` for JSONL on standard input, and URLs.
        allow_private: let URLs reach private, loopback and link-local addresses.
        stdin: the stream ``-`` reads (default ``sys.stdin``).

    Yields:
        One ``InputUnit`` per file, stream or URL; see the module docstring. Never raises
        for a bad path: it becomes a unit of kind ``"error"``.
    """
    stdin_taken = False
    for given in paths:
        if given == "-":
            if stdin_taken:
                detail = "standard input given more than once"
                yield _error_unit(STDIN_NAME, "unsupported", detail)
            else:
                stream = stdin if stdin is not None else sys.stdin
                yield InputUnit(STDIN_NAME, "stdin", None, None, _StreamItems(stream))
            stdin_taken = True
        elif _URL.match(given):
            yield InputUnit(given, "url", None, None, partial(_url_items, given, allow_private))
        else:
            yield from _path_units(Path(given))


def _shown_items(read: Callable[[Path], Iterable[Item]], path: Path) -> Iterator[Item]:
    """The items ``read`` finds in ``path``, their sources in ``shown_name`` form."""
    for item in read(path):
        if isinstance(item, InputError):
            detail = None if item.detail is None else shown_name(item.detail)
            yield InputError(shown_name(item.source), item.reason, detail)
        else:
            yield replace(item, source=shown_name(item.source))


def _path_units(path: Path) -> Iterator[InputUnit]:
    if _is_dir(path):
        yield from _walk(path, set())
    else:
        yield _file_unit(path)


def _is_dir(path: Path) -> bool:
    """Like ``Path.is_dir``, but False rather than an exception for a path we may not stat."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False  # _file_unit says why


def _walk(folder: Path, entered: set[tuple[int, int]]) -> Iterator[InputUnit]:
    """The files under ``folder``, depth first, in name order; each folder entered once."""
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in entered:  # a symlink loop, or a folder linked from two places
            return
        entered.add(key)
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        yield _error_unit(shown_name(str(folder)), "unreadable", reason)
        return
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        if _is_dir(path):
            yield from _walk(path, entered)
        else:
            yield _file_unit(path)


def _file_unit(path: Path) -> InputUnit:
    name = shown_name(str(path))
    escaped = name != str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return _error_unit(name, "missing")
    except OSError as error:
        return _error_unit(name, "unreadable", error.strerror or type(error).__name__)
    except ValueError as error:  # a name the system cannot take, e.g. with a NUL byte
        return _error_unit(name, "unsupported", f"not a usable path: {error}")
    if not stat.S_ISREG(info.st_mode):
        return _error_unit(name, "unsupported", "not a regular file")
    kind, detail = _kind_of(path)
    if kind == "error":
        items: Callable[[], Iterator[Item]] = partial(_error_items, name, "unsupported", detail)
    elif escaped:
        items = partial(_shown_items, _READERS[kind], path)
    else:
        items = partial(_READERS[kind], path)
    return InputUnit(name, kind, info.st_size, info.st_mtime_ns, items, escaped)


def _kind_of(path: Path) -> tuple[str, str | None]:
    """The kind of a regular file, from its name and, where that says too little, its head."""
    lower = path.name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc", None
    if lower.endswith(_ARC_SUFFIXES):
        return "error", "ARC crawl files are not read, only WARC"
    suffix = path.suffix.lower()
    if suffix in FEED_EXTENSIONS:
        return "feed", None
    if suffix in FORMATS_BY_EXTENSION and FORMATS_BY_EXTENSION[suffix] != "html":
        return "file", None
    head = _head(path)
    text = _head_text(head)
    if looks_like_feed(text):  # also a feed saved as .html, as browsers save them
        return "feed", None
    if suffix in FORMATS_BY_EXTENSION:
        return "file", None
    if suffix == ".xml":
        if looks_like_html(text):
            return "file", None
        return "error", "XML that is not an RSS or Atom feed"
    if head.startswith(b"WARC/") or _gunzipped(head).startswith(b"WARC/"):
        return "warc", None
    return "file", None


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(FEED_SNIFF_CHARS)
    except OSError:
        return b""  # read_file reports it when the unit is read


def _head_text(head: bytes) -> str:
    """Enough of the head's text to see its markup; feeds are UTF-8 or UTF-16 in practice."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "replace")
    return head.decode("utf-8", "replace")


def _gunzipped(head: bytes) -> bytes:
    """The first bytes inside a gzip stream, or b"" when ``head`` is not gzip."""
    try:
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return b""


def _file_items(path: Path) -> Iterator[Item]:
    streamed = None
    if FORMATS_BY_EXTENSION.get(path.suffix.lower()) == "jsonl":
        streamed = stream_utf8_jsonl(path)  # a line at a time: memory bounded by a line
    yield from read_file(path) if streamed is None else streamed


def _feed_items(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        size, most = path.stat().st_size, limits().file_bytes
        if size > most:
            detail = f"{size:,} bytes; the limit is {most:,}"
            yield InputError(source, "too_large", detail)
            return
        data = path.read_bytes()
    except OSError as error:
        yield InputError.from_os_error(source, error)
        return
    yield from read_feed(data, source)


def _url_items(url: str, allow_private: bool) -> Iterator[Item]:
    yield from fetch_url(url, allow_private=allow_private)


def _error_items(source: str, reason: str, detail: str | None) -> Iterator[Item]:
    yield InputError(source, reason, detail)


def _error_unit(name: str, reason: str, detail: str | None = None) -> InputUnit:
    return InputUnit(name, "error", None, None, partial(_error_items, name, reason, detail))


_READERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    "file": _file_items,
    "warc": read_warc,
    "feed": _feed_items,
}


class _StreamItems:
    """Reads JSONL from a stream once; a copy made by pickling has no stream."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def __call__(self) -> Iterator[Item]:
        if self._stream is None:
            detail = "standard input can only be read by the process that was given it"
            yield InputError(STDIN_NAME, "unreadable", detail)
            return
        binary = getattr(self._stream, "buffer", None)
        # bytes where the stream has them, so that one badly encoded line is one error
        # rather than the end of the stream; each line read up to the size limit, so that
        # endless input without a line break (/dev/zero) cannot fill the memory
        most = limits().file_bytes
        lines: Iterable[bytes | str] = (
            iter(partial(binary.readline, most + 1), b"") if binary is not None else self._stream
        )
        number = 0
        try:
            for number, line in enumerate(lines, start=1):
                if len(line) > most:
                    detail = f"a line over {most:,} bytes; the rest of standard input is not read"
                    yield InputError(f"{STDIN_NAME}:{number}", "too_large", detail)
                    return
                if line.strip():
                    yield _stdin_line(line, number)
        except (OSError, UnicodeDecodeError) as error:
            yield InputError(f"{STDIN_NAME}:{number + 1}", "unreadable", str(error))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_StreamItems, (None,))


def _stdin_line(line: bytes | str, number: int) -> Item:
    raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(raw.rstrip(b"\r\n")).hexdigest()[:STDIN_DIGEST_CHARS]
    source = f"{STDIN_NAME}:{number}#{digest}"
    encoding: str | None = None
    if isinstance(line, str):
        text = line
    else:
        decoded = decode_jsonl_line(line, source)
        if isinstance(decoded, InputError):
            return decoded
        text, encoding = decoded
    items = read_jsonl(text.rstrip("\r\n"), STDIN_NAME, encoding)
    if len(items) != 1:
        return InputError(source, "bad_json", "the line holds line breaks once decoded")
    item = items[0]
    if isinstance(item, InputError):
        return InputError(source, item.reason, item.detail)
    return replace(item, source=source)
