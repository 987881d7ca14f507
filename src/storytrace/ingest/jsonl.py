"""JSON Lines: one article per line, ``text`` plus optional metadata keys."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storytrace.errors import InputError
from storytrace.ingest.decode import normalise_text
from storytrace.model import RawDocument


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
            return _object_or_none(line) is not None
    return False


def read_jsonl(
    text: str, source: str, encoding: str | None = None
) -> list[RawDocument | InputError]:
    """Read one article per line of decoded JSONL ``text``.

    Blank lines are skipped. A bad line becomes an ``InputError`` whose source is
    ``source:LINE`` (1-based): reason ``"bad_json"`` (not a JSON object) or ``"no_text"``
    (no non-blank ``text`` string); the other lines are still read. Never raises.
    """
    items: list[RawDocument | InputError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            items.append(_read_line(line, f"{source}:{number}", encoding))
    return items


def _read_line(line: str, source: str, encoding: str | None) -> RawDocument | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(source, "bad_json", f"{error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        return InputError(source, "bad_json", f"expected an object, got {type(record).__name__}")
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
    return (value.strip() or None) if isinstance(value, str) else None


def _object_or_none(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None
