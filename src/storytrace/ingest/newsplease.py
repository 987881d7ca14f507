"""news-please JSON: a ``.json`` file holding one article object, or a list of them.

news-please (https://github.com/fhamborg/news-please) saves each article as one JSON
object; the keys read here are ``maintext`` (the article text), ``title``,
``date_publish``, ``url``, ``source_domain`` (the outlet) and ``language`` (a hint: the
language is still detected from the text). Other keys are ignored. A ``.json`` file that
is not news-please (no ``maintext`` string) is refused with a reason, never stored as raw
JSON text.
"""

from __future__ import annotations

from storytrace.errors import InputError
from storytrace.ingest.jsonl import RecordKeys, parse_json, record_document
from storytrace.model import RawDocument

FORMAT = "newsplease"
NEWSPLEASE_KEYS = RecordKeys(text="maintext", outlet="source_domain", published="date_publish")


def read_newsplease(
    text: str, source: str, encoding: str | None = None
) -> list[RawDocument | InputError]:
    """Read decoded news-please JSON ``text``: one article per object.

    A file holding a list gives one item per element, with source ``source:N`` (1-based);
    a file holding one object gives one item named ``source``. Errors: ``"bad_json"``
    for the whole file (not valid JSON, or neither an object nor a list of objects),
    ``"too_complex"`` (nested deeper than ``Limits.json_depth``) and ``"not_article"``
    per object without a non-blank ``maintext`` string. Never raises.
    """
    data = parse_json(text)  # nesting and huge integers bounded, never raises
    if isinstance(data, InputError):
        return [InputError(source, data.reason, data.detail)]
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
    document = record_document(record, NEWSPLEASE_KEYS, source, FORMAT, encoding)
    if document is None:
        detail = "JSON without a news-please 'maintext' string"
        return InputError(source, "not_article", detail)
    return document
