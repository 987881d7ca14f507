"""The per-document work of an ingest, done in worker processes.

A worker turns a raw document into a ``Prepared`` record (cleaned article, content hash,
MinHash signature, origin) or an ``InputError``. Everything here is a pure function of its
input, so results are the same whichever process computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storytrace.clean import clean_document
from storytrace.errors import InputError
from storytrace.ingest.dedupe import content_hash, signature, signature_bytes
from storytrace.ingest.readers import read_file
from storytrace.model import Article, RawDocument
from storytrace.store.writes import Origin


@dataclass(frozen=True)
class Prepared:
    article: Article
    content_hash: str
    minhash: bytes
    origin: Origin


# What a worker is given: a raw document, an error to pass through, or a single-article
# file to read itself (reading HTML is the costly part, so it belongs in the worker too).
Task = RawDocument | InputError | Path
Result = Prepared | InputError


def prepare(task: Task) -> list[Result]:
    """Prepare one task; never raises for bad content."""
    if isinstance(task, InputError):
        return [task]
    if isinstance(task, Path):
        return [
            item if isinstance(item, InputError) else _prepare(item) for item in read_file(task)
        ]
    return [_prepare(task)]


def _prepare(document: RawDocument) -> Result:
    try:
        article = clean_document(document, "")
    except InputError as error:
        return error
    origin = Origin(document.source, document.record_id, document.format, document.encoding)
    return Prepared(
        article, content_hash(article.text), signature_bytes(signature(article.text)), origin
    )
