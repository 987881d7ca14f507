"""Comparisons in the workspace and the API, through the code ``storytrace compare`` runs.

Uploaded files are written to a temporary folder under their own names (kept to their last
component), and texts given as JSON or pasted into the page to a JSONL file beside them
(one record each, as ``compare`` reads JSONL); all are read as ``compare FILE...`` reads
them. URLs go through the same guarded fetcher (no private addresses). Nothing is stored.

Comparisons are CPU work: at most ``ServeSettings.compare_slots`` run at once, and a request
beyond them is answered 503 with ``Retry-After`` at once instead of waiting in a queue.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storytrace.errors import NotEnoughArticlesError
from storytrace.model import Article, Comparison
from storytrace.serve.errors import ApiError

RETRY_AFTER_S = 1
MAX_FILES = 10
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


class CompareSlots:
    """How many comparisons may run at once (``busy`` answers 503 beyond that)."""

    def __init__(self, slots: int) -> None:
        self._slots = threading.BoundedSemaphore(max(1, slots))

    @contextmanager
    def held(self) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            raise ApiError(
                503,
                "every comparison slot is busy; try again in a moment",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        try:
            yield
        finally:
            self._slots.release()


def compare_given(
    records: Sequence[dict[str, Any]],
    files: Sequence[tuple[str, bytes]] = (),
    urls: Sequence[str] = (),
) -> Comparison:
    """Compare text records (``text``, optional ``title``, ``url``, ``outlet``,
    ``published``, ``language``), uploaded ``(file name, content)`` pairs and ``urls`` as
    ``compare`` compares files and URLs.

    Raises:
        ApiError: 400 nothing given or too many inputs; 422 fewer than two usable
            articles (``detail`` names each refused input and why).
    """
    if len(records) + len(files) + len(urls) > MAX_FILES:
        raise ApiError(400, f"at most {MAX_FILES} inputs are compared at once")
    with tempfile.TemporaryDirectory(prefix="storytrace-compare-") as folder:
        paths = []
        for number, (name, content) in enumerate(files, start=1):
            safe = _UNSAFE_NAME.sub("_", Path(name or "").name).strip(" .") or "upload"
            path = Path(folder) / f"{number:02d}-{safe}"
            path.write_bytes(content)
            paths.append(str(path))
        if records:
            pasted = Path(folder) / "texts.jsonl"
            lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
            pasted.write_text("".join(lines), encoding="utf-8")
            paths.append(str(pasted))
        return _compared([*paths, *urls])


def compare_stored(articles: Sequence[Article]) -> Comparison:
    """Compare stored articles (their stored texts and metadata)."""
    from storytrace.compare import compare_articles

    try:
        return compare_articles(articles)
    except NotEnoughArticlesError as error:
        raise ApiError(400, str(error)) from None


def _compared(inputs: Sequence[str]) -> Comparison:
    from storytrace.compare import compare_articles, load_inputs

    if not inputs:
        raise ApiError(400, "nothing to compare: give texts, files or urls")
    loaded = load_inputs(inputs)
    try:
        return compare_articles(loaded.articles, loaded.rejected)
    except NotEnoughArticlesError as error:
        rejected = [
            {"input": item.source, "reason": item.reason, "detail": item.detail}
            for item in error.rejected
        ]
        raise ApiError(422, str(error), rejected) from None
