"""The per-document work of an ingest, done in worker processes.

A worker turns a raw document into a ``Prepared`` record (cleaned article, content hash,
MinHash signature, origin) or an ``InputError``. Everything here is a pure function of its
input and the limits in force (``storytrace.limits``), so results are the same whichever
process computes them. One task gets at most ``Limits.seconds``: past that it is refused
as ``too_complex`` and the batch goes on. What a process loads once (the HTML extractor,
the language model) is loaded before its first task is timed, so that no input pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storytrace.clean import clean_document
from storytrace.errors import InputError
from storytrace.ingest.dedupe import content_hash, signature, signature_bytes
from storytrace.ingest.not_article import refuse_if_not_article
from storytrace.ingest.readers import read_file
from storytrace.ingest.warc import WarcPayload, payload_document
from storytrace.ingest.warm_up import warm_up
from storytrace.limits import time_limit
from storytrace.model import Article, RawDocument
from storytrace.store.writes import Origin


@dataclass(frozen=True)
class Prepared:
    article: Article
    content_hash: str
    minhash: bytes
    origin: Origin


# What a worker is given: a raw document, an error to pass through, a single-article file
# or a WARC record's payload to read itself (extracting HTML is the costly part, so it
# belongs in the worker too).
Task = RawDocument | InputError | Path | WarcPayload
Result = Prepared | InputError


def prepare(task: Task) -> list[Result]:
    """Prepare one task; never raises.

    Bad content comes back as an ``InputError`` with its reason; an unexpected exception
    (a bug) as one with reason ``"failed"``, so that the input is recorded, not lost, and
    the rest of the batch goes on.
    """
    if isinstance(task, InputError):
        return [task]
    source = str(task) if isinstance(task, Path) else task.source
    warm_up()
    try:
        with time_limit(source):
            return _prepared(task)
    except InputError as error:  # over the time limit
        return [error]
    except Exception as error:
        return [InputError(source, "failed", f"{type(error).__name__}: {error}")]


def _prepared(task: Path | WarcPayload | RawDocument) -> list[Result]:
    if isinstance(task, Path):
        items = read_file(task)
        return [item if isinstance(item, InputError) else _prepare(item) for item in items]
    if isinstance(task, WarcPayload):
        document = payload_document(task)
        return [document if isinstance(document, InputError) else _prepare(document)]
    return [_prepare(task)]


def _prepare(document: RawDocument) -> Result:
    try:
        article = clean_document(document, "")
        refuse_if_not_article(article)
    except InputError as error:
        return error
    origin = Origin(document.source, document.record_id, document.format, document.encoding)
    return Prepared(
        article, content_hash(article.text), signature_bytes(signature(article.text)), origin
    )
