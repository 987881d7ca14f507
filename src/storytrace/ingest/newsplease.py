"""news-please JSON: a ``.json`` file holding one article object, or a list of them.

news-please (https://github.com/fhamborg/news-please) saves each article as one JSON
object; the keys read here are ``maintext`` (the article text), ``title``,
``date_publish``, ``url``, ``source_domain`` (the outlet) and ``language`` (a hint: the
language is still detected from the text). Other keys are ignored. A ``.json`` file that
is not news-please (no ``maintext`` string) is refused with a reason, never stored as raw
JSON text.
"""

from __future__ import annotations

import json
from typing import Any

from storytrace.errors import InputError
from storytrace.ingest.decode import normalise_text
from storytrace.model import RawDocument

FORMAT = "newsplease"


def read_newsplease(
    text: str, source: str, encoding: str | None = None
) -> list[RawDocument | InputError]:
    """Read decoded news-please JSON ``text``: one article per object.

    A file holding a list gives one item per element, with source ``source:N`` (1-based);
    a file holding one object gives one item named ``source``. Errors: ``"bad_json"``
    for the whole file (not valid JSON, or neither an object nor a list of objects) and
    ``"not_article"`` per object without a non-blank ``maintext`` string. Never raises.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} at line {error.lineno} column {error.colno}"
        return [InputError(source, "bad_json", detail)]
    if isinstance(data, dict):
        return [_read_object(data, source, encoding)]
    if isinstance(data, list):
        if not data:
            return [InputError(source, "not_article", "an empty JSON list")]
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                detail = f"item {number} of the list is a {type(item).__name__}, not an object"
                return [InputError(source, "bad_json", detail)]
        return [
            _read_object(item, f"{source}:{number}", encoding)
            for number, item in enumerate(data, start=1)
        ]
    detail = f"expected a news-please object or a list of them, got {type(data).__name__}"
    return [InputError(source, "bad_json", detail)]


def _read_object(record: object, source: str, encoding: str | None) -> RawDocument | InputError:
    if not isinstance(record, dict):
        detail = f"expected a news-please object, got {type(record).__name__}"
        return InputError(source, "bad_json", detail)
    maintext = record.get("maintext")
    if not isinstance(maintext, str) or not maintext.strip():
        detail = "JSON without a news-please 'maintext' string"
        return InputError(source, "not_article", detail)
    return RawDocument(
        source=source,
        text=normalise_text(maintext),
        format=FORMAT,
        title=_string(record, "title"),
        url=_string(record, "url"),
        outlet=_string(record, "source_domain"),
        published=_string(record, "date_publish"),
        language=_string(record, "language"),
        encoding=encoding,
    )


def _string(record: dict[str, Any], key: str) -> str | None:
    """A metadata value when it is a non-blank string; anything else counts as absent."""
    value = record.get(key)
    return (value.strip() or None) if isinstance(value, str) else None
