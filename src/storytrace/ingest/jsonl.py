"""JSON Lines: one article per line, ``text`` plus optional metadata keys.

Every non-blank line becomes exactly one item, a ``RawDocument`` or an ``InputError``
named ``SOURCE:LINE`` (1-based); no line, however malformed, stops the others. Limits
that protect the machine (``storytrace.limits``; ``--limit json-depth=N`` and
``json-int-digits=N`` change them, ``read_jsonl`` also takes ``max_depth``):

- ``Limits.json_depth`` (64): a record nested deeper than this many arrays/objects is
  refused as ``too_complex`` ("nested deeper than ... levels") before it is parsed;
- ``Limits.json_int_digits`` (1,000): an integer with more digits is read as an infinite
  float instead
  of being converted (Python refuses, or spends quadratic time, on huge integers); no
  field storytrace reads is a number, so the record is still read.

Text and metadata strings holding lone surrogate escapes (``"\\ud800"``, which no
UTF-8 text can hold) have them replaced by U+FFFD; a record whose text is nothing else
is refused as ``undecodable``.

Files are decoded line by line (``read_jsonl_bytes``): in a UTF-8 file, a line with
bytes that are not UTF-8 is read with each bad sequence replaced by U+FFFD, and the
record's ``encoding`` says so (``"utf-8 (1 bad sequence replaced)"``, the wording
``decode_bytes`` uses for a whole file), stored in its provenance; the other lines keep
``"utf-8"``. A file that is not mostly UTF-8 (see ``decode.UTF8_MIN_VALID_PER_BAD``) is decoded
as one text, in the encoding ``decode_bytes`` detects.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytrace.errors import InputError
from storytrace.ingest.decode import (
    UTF8_MIN_VALID_PER_BAD,
    decode_bytes,
    normalise_text,
    replaced_utf8_name,
)
from storytrace.limits import limits
from storytrace.model import RawDocument

# Python's own parser gives up (RecursionError) near 1,000 levels, at a depth that depends
# on the caller's stack, and refuses integers over 4,300 digits: the limits in force
# (storytrace.limits) stay well under both.

# A JSON string (closed or not: an unclosed one runs to the end, so the scan stays
# linear) or a bracket; brackets inside strings do not nest anything.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]')
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"
# What a blank line holds: ASCII whitespace only, as ``bytes.strip`` sees it. A line of
# other spaces (U+00A0, U+3000) is not JSON, and gets its error rather than vanishing.
_ASCII_SPACE = " \t\n\r\x0b\x0c"
# Bytes read at a time when checking that a file is UTF-8 throughout.
_CHECK_CHUNK = 1 << 20
_UTF16_32_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # the UTF-32 LE mark starts alike
# A zero byte is not text, but a stray one in an otherwise UTF-8 file spoils only its own
# line. UTF-16 or UTF-32 without a mark, which also decodes as UTF-8 when its text is
# ASCII, is half or three quarters zero bytes: a file with a larger share is read as wide.
MAX_STRAY_ZERO_SHARE = 0.1
_NON_ASCII_BYTES = bytes(range(128, 256))
_UTF8_REPLACEMENT = _REPLACEMENT.encode()


@dataclass(frozen=True)
class RecordKeys:
    """Which key of a JSON article record holds each field (formats name them differently)."""

    text: str
    title: str = "title"
    url: str = "url"
    outlet: str = "outlet"
    published: str = "published"
    language: str = "language"


JSONL_KEYS = RecordKeys(text="text")
# How a basis names the format whose key declared a field ("news-please source_domain").
_FORMAT_LABELS = {"jsonl": "JSONL", "newsplease": "news-please"}


def looks_like_jsonl(text: str) -> bool:
    """True when the first non-blank line of ``text`` is a JSON object."""
    for line in text.split("\n"):
        if line.strip():
            return isinstance(parse_json(line), dict)
    return False


def read_jsonl_bytes(data: bytes, source: str) -> list[RawDocument | InputError]:
    """Read the bytes of a JSONL file, decoding it line by line where it is UTF-8.

    A UTF-8 file with a few bad bytes keeps its other lines intact; see the module
    docstring. A file that cannot be decoded as a whole (binary or undecodable: a zero
    byte, control bytes, bytes no encoding fits) is decoded line by line, each line on
    its own; it is refused whole only when it is empty, or when no line of it holds an
    article. Never raises.
    """
    zeros = data.count(b"\x00")
    wide = data.startswith(_UTF16_32_BOMS) or zeros > MAX_STRAY_ZERO_SHARE * len(data)
    if not wide and (_damaged_utf8(data) or (zeros and _valid_utf8(data))):
        # UTF-8 with bad bytes or stray zero bytes: each spoils only its own line
        return _read_lines(data, source, _utf8_line)
    try:
        text, encoding = decode_bytes(data, source, for_json=True)
    except InputError as error:  # empty, binary or undecodable as a whole
        if error.reason == "empty" or data.startswith(_UTF16_32_BOMS):
            return [error]
        # one line with a zero byte or a stray control byte must not cost the others;
        # a file in which no line holds an article was not JSONL: one error for it all
        items = _read_lines(data, source, decode_jsonl_line)
        return items if any(isinstance(item, RawDocument) for item in items) else [error]
    if not wide and text.count("\n") != data.count(b"\n"):
        # JSON holds no zero byte in an 8-bit encoding; a reading that moved the line
        # breaks (UTF-16 guessed for a few bytes) would merge or split records
        return _read_lines(data, source, decode_jsonl_line)
    return read_jsonl(text, source, encoding)


def decode_jsonl_line(line: bytes, source: str) -> tuple[str, str] | InputError:
    """Decode one JSONL line on its own (standard input, or a file that does not decode
    as a whole): ``(text, encoding)``, or the ``InputError`` (source ``source``).

    UTF-8 when it is; a line that is mostly UTF-8 with bad bytes has them replaced (the
    encoding says how many); otherwise ``decode_bytes`` detects the line's encoding.
    """
    try:
        # not decode_bytes first: it turns U+2028, legal inside a JSON string, into "\n"
        return line.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(line):
        return _replaced_utf8(line)
    try:
        return decode_bytes(line, source, for_json=True)
    except InputError as error:
        return error


def read_jsonl(
    text: str,
    source: str,
    encoding: str | None = None,
    *,
    max_depth: int | None = None,
) -> list[RawDocument | InputError]:
    """Read one article per line of decoded JSONL ``text``.

    Blank lines (ASCII whitespace only) are skipped. A bad line becomes an ``InputError``
    whose source is ``source:LINE`` (1-based): reason ``"bad_json"`` (not a JSON object),
    ``"too_complex"`` (nested deeper than ``max_depth``, default the limit in force),
    ``"no_text"`` (no non-blank
    ``text`` string) or
    ``"undecodable"`` (a text of nothing but lone surrogate escapes or replaced bytes);
    the other lines are still read. Never raises.
    """
    items: list[RawDocument | InputError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip(_ASCII_SPACE):
            items.append(_read_line(line, f"{source}:{number}", encoding, max_depth))
    return items


def parse_json(line: str, max_depth: int | None = None) -> Any | InputError:
    """The JSON value of ``line`` (a JSONL line, or a whole JSON file), or the
    ``InputError`` (source ``""``: the caller names it) saying why not.

    Nesting beyond ``max_depth`` (default: ``Limits.json_depth`` in force) is refused
    before parsing; integers longer than ``Limits.json_int_digits`` digits become infinite
    floats. Never raises.
    """
    max_depth = limits().json_depth if max_depth is None else max_depth
    depth = _nesting_depth(line, max_depth)
    if depth > max_depth:
        return InputError("", "too_complex", f"nested deeper than {max_depth} levels")
    try:
        return json.loads(line, parse_int=_parse_int)
    except json.JSONDecodeError as error:
        where = (
            f"line {error.lineno} column {error.colno}" if "\n" in line else f"column {error.colno}"
        )
        # some messages end in "at" ("Invalid control character at")
        return InputError("", "bad_json", f"{error.msg.removesuffix(' at')} at {where}")
    except (ValueError, RecursionError) as error:  # safety net; the checks above should hold
        return InputError("", "bad_json", f"{type(error).__name__}: {error}"[:200])


def _read_line(
    line: str, source: str, encoding: str | None, max_depth: int | None
) -> RawDocument | InputError:
    record = parse_json(line, max_depth)
    if isinstance(record, InputError):
        return InputError(source, record.reason, record.detail)
    if not isinstance(record, dict):
        return InputError(source, "bad_json", f"expected an object, got {type(record).__name__}")
    text = record.get(JSONL_KEYS.text)
    if isinstance(text, str) and text.strip() and not _readable(text):
        detail = "the text holds nothing but lone surrogate escapes or undecodable bytes"
        return InputError(source, "undecodable", detail)
    document = record_document(record, JSONL_KEYS, source, "jsonl", encoding)
    return document if document is not None else InputError(source, "no_text")


def record_document(
    record: dict[str, Any], keys: RecordKeys, source: str, format_name: str, encoding: str | None
) -> RawDocument | None:
    """The article a JSON record holds under ``keys``; None without a non-blank text string.
    Metadata values that are not non-blank strings count as absent."""
    text = record.get(keys.text)
    if not isinstance(text, str) or not text.strip():
        return None
    text = without_surrogates(text)
    fields = {
        "title": keys.title,
        "url": keys.url,
        "outlet": keys.outlet,
        "published": keys.published,
        "language": keys.language,
    }
    values = {name: _string(record, key) for name, key in fields.items()}
    label = _FORMAT_LABELS.get(format_name, format_name)
    return RawDocument(
        source=source,
        text=normalise_text(text),
        format=format_name,
        title=values["title"],
        url=values["url"],
        outlet=values["outlet"],
        published=values["published"],
        language=values["language"],
        encoding=encoding,
        basis=tuple((name, f"{label} {fields[name]}") for name, value in values.items() if value),
    )


def _string(record: dict[str, Any], key: str) -> str | None:
    """A metadata value when it is a non-blank string; anything else counts as absent."""
    value = record.get(key)
    return (without_surrogates(value).strip() or None) if isinstance(value, str) else None


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (from a ``"\\ud800"`` escape) replaced by U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # the fast check: UTF-8 cannot hold a lone surrogate
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(_REPLACEMENT, text)
    return text


def _readable(text: str) -> bool:
    """False when ``text`` holds nothing but lone surrogates, replacements and spaces."""
    return bool(without_surrogates(text).replace(_REPLACEMENT, "").strip())


def _parse_int(digits: str) -> int | float:
    if len(digits.lstrip("-")) <= limits().json_int_digits:
        return int(digits)
    return -math.inf if digits.startswith("-") else math.inf


def _nesting_depth(line: str, limit: int) -> int:
    """How deep ``line`` nests arrays and objects, counted up to ``limit + 1``."""
    if line.count("[") + line.count("{") <= limit:
        return 0  # cannot nest deeper: the common case costs two counts
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(line):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return depth
        elif token in ("]", "}"):
            depth -= 1
    return 0


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _damaged_utf8(data: bytes) -> bool:
    """True for UTF-8 with a few bad bytes: not valid UTF-8, but mostly so."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _mostly_utf8(data)
    return False


def _mostly_utf8(data: bytes) -> bool:
    """True when at least ``UTF8_MIN_VALID_PER_BAD`` non-ASCII characters decode as
    UTF-8 per bad sequence.

    Text in a legacy code page (cp1252 "é" is the lone byte 0xe9) almost never forms
    valid multi-byte UTF-8 sequences, while UTF-8 with a stray byte is mostly valid.
    """
    text = data.decode("utf-8", "replace")
    bad = _replacements(text, data)
    ascii_bytes = len(data.translate(None, _NON_ASCII_BYTES))
    good = len(text) - ascii_bytes - text.count(_REPLACEMENT) + data.count(_UTF8_REPLACEMENT)
    return good > 0 and good >= UTF8_MIN_VALID_PER_BAD * bad


def _replacements(text: str, data: bytes) -> int:
    """U+FFFD in ``text`` that decoding ``data`` added (not those the bytes spelled)."""
    return text.count(_REPLACEMENT) - data.count(_UTF8_REPLACEMENT)


def _replaced_utf8(line: bytes) -> tuple[str, str]:
    text = line.decode("utf-8", "replace").lstrip("\ufeff")
    return text, replaced_utf8_name(_replacements(text, line))


def _utf8_line(line: bytes, source: str) -> tuple[str, str]:
    try:
        return line.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return _replaced_utf8(line)


LineDecoder = Callable[[bytes, str], tuple[str, str] | InputError]


def _read_lines(data: bytes, source: str, decode: LineDecoder) -> list[RawDocument | InputError]:
    """Each line decoded on its own by ``decode``; numbered as ``read_jsonl`` numbers."""
    return list(_lines_read(data.split(b"\n"), source, decode))


def _lines_read(
    lines: Iterable[bytes], source: str, decode: LineDecoder
) -> Iterator[RawDocument | InputError]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        line_source = f"{source}:{number}"
        decoded = decode(raw.removesuffix(b"\n"), line_source)
        if isinstance(decoded, InputError):
            yield decoded
            continue
        text, encoding = decoded
        line = text.rstrip("\r")
        if line.strip(_ASCII_SPACE):  # blank once a byte-order mark is gone
            yield _read_line(line, line_source, encoding, None)


def stream_utf8_jsonl(path: Path) -> Iterator[RawDocument | InputError] | None:
    """The items of the JSONL file at ``path`` read a line at a time, so that memory is
    bounded by its longest line, not by the file: when the file is a regular file of valid
    UTF-8 (checked in a first pass, a chunk at a time) holding a non-blank byte. Else None:
    read it with ``read_jsonl_bytes``, which decodes legacy, damaged or wide encodings from
    the whole file. The items are those ``read_jsonl_bytes`` gives for the same bytes."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) or not _utf8_throughout(path):
            return None
    except OSError:
        return None
    return _streamed(path)


def _utf8_throughout(path: Path) -> bool:
    """Valid UTF-8 without a byte-order mark, with something not blank, and at most a
    stray zero byte here and there (``MAX_STRAY_ZERO_SHARE``)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_text = False
    zeros = size = 0
    with path.open("rb") as stream:
        head = stream.read(len(codecs.BOM_UTF32_LE))
        if head.startswith((*_UTF16_32_BOMS, codecs.BOM_UTF32_BE, codecs.BOM_UTF8)):
            return False  # a wide encoding, or a mark the whole-file reader names
        chunk = head
        while chunk:
            zeros, size = zeros + chunk.count(b"\x00"), size + len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
            seen_text = seen_text or bool(chunk.strip())
            chunk = stream.read(_CHECK_CHUNK)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return seen_text and zeros <= MAX_STRAY_ZERO_SHARE * size


def _streamed(path: Path) -> Iterator[RawDocument | InputError]:
    with path.open("rb") as stream:
        yield from _lines_read(stream, str(path), _utf8_line)
