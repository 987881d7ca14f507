"""Comparisons in the workspace and the API, through the code ``storytrace compare`` runs.

Uploaded files are written to a temporary folder under their own names (kept to their last
component), and texts given as JSON or pasted into the page to a JSONL file beside them
(one record each, as ``compare`` reads JSONL); all are read as ``compare FILE...`` reads
them. URLs go through the same guarded fetcher (no private addresses). Nothing is stored.

Comparisons, and the first view of a story or an article (which analyses and parses it),
are CPU work that holds Python's lock: they run in worker processes (``CompareWorkers``:
``ServeSettings.compare_slots``, one per CPU by default, started at the first such request
and loading the models once), so that the server's own process stays free for the pages
that only read. A comparison beyond the workers is answered 503 with ``Retry-After`` at
once instead of waiting in a queue; a story or article view waits its turn.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import Request

from storytrace.errors import NotEnoughArticlesError
from storytrace.model import Article, Comparison, Quote
from storytrace.serve.errors import ApiError
from storytrace.store.db import Store

RETRY_AFTER_S = 1
MAX_FILES = 10
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")
# What ``compare`` reads as a URL (``scheme://``); anything else it reads as a local path.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
Given = tuple[Sequence[dict[str, Any]], Sequence[tuple[str, bytes]], Sequence[str]]
# What a worker answers: ("json", document), ("html", (title, body)), or ("error", status,
# message, detail) for an ``ApiError`` (re-raised in the server).
Answer = tuple[Any, ...]


class CompareWorkers:
    """The processes comparisons run in, and the slots that keep them from queueing."""

    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._free = threading.BoundedSemaphore(self.slots)
        self._pool: ProcessPoolExecutor | None = None
        self._starting = threading.Lock()

    def run(self, task: str, *arguments: Any) -> Any:
        """Run ``task`` (``"json"``, ``"html"`` or ``"stored"``) in a worker; its result.

        Raises:
            ApiError: 503 every worker is busy; or the error the comparison raised.
        """
        if not self._free.acquire(blocking=False):
            raise ApiError(
                503,
                "every comparison slot is busy; try again in a moment",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        try:
            return self.view(task, *arguments)
        finally:
            self._free.release()

    def view(self, task: str, *arguments: Any) -> Any:
        """Run ``task`` (a key of ``_TASKS``) in a worker, waiting for a free one; its
        result.

        Raises:
            ApiError: what the task raised (404 for a story that is gone).
        """
        work: Callable[..., Answer] = _TASKS[task]
        answer: Answer = self._workers().submit(work, *arguments).result()
        if answer[0] == "error":
            raise ApiError(answer[1], answer[2], answer[3])
        return answer[1]

    def close(self) -> None:
        """Stop the workers (a comparison under way is let finish: under a second)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _workers(self) -> ProcessPoolExecutor:
        with self._starting:
            if self._pool is None:
                # spawned, not forked: the server runs threads, which a fork does not copy
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    self.slots, mp_context=context, initializer=_load_models
                )
            return self._pool


def safe_file_name(name: str | None) -> str:
    """An uploaded file's name made safe to write: its last component, with characters
    other than letters, digits, ``.``, ``-``, ``_`` and spaces replaced by ``_``."""
    return _UNSAFE_NAME.sub("_", Path(name or "").name).strip(" .") or "upload"


def compare_given(
    records: Sequence[dict[str, Any]],
    files: Sequence[tuple[str, bytes]] = (),
    urls: Sequence[str] = (),
) -> Comparison:
    """Compare text records (``text``, optional ``title``, ``url``, ``outlet``,
    ``published``, ``language``), uploaded ``(file name, content)`` pairs and ``urls`` as
    ``compare`` compares files and URLs.

    Raises:
        ApiError: 400 nothing given, too many inputs or a "URL" that is not one; 422 fewer
            than two usable articles (``detail`` names each refused input and why).
    """
    if len(records) + len(files) + len(urls) > MAX_FILES:
        raise ApiError(400, f"at most {MAX_FILES} inputs are compared at once")
    refuse_what_is_not_a_url(urls)
    with tempfile.TemporaryDirectory(prefix="storytrace-compare-") as folder:
        paths = []
        for number, (name, content) in enumerate(files, start=1):
            path = Path(folder) / f"{number:02d}-{safe_file_name(name)}"
            path.write_bytes(content)
            paths.append(str(path))
        if records:
            pasted = Path(folder) / "texts.jsonl"
            lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
            pasted.write_text("".join(lines), encoding="utf-8")
            paths.append(str(pasted))
        names = [name for name, _ in files]
        try:
            comparison = _compared([*paths, *urls])
        except ApiError as error:
            if isinstance(error.error_detail, list):
                for refused in error.error_detail:
                    refused["input"] = _given(refused["input"], folder, names)
            raise
    return _as_given(comparison, folder, names)


def refuse_what_is_not_a_url(urls: Sequence[str]) -> None:
    """Refuse a given "URL" that ``compare`` would read as a path on the server's own disk
    (``/etc/passwd``, ``.``), before anything is read.

    Raises:
        ApiError: 400, naming the first one.
    """
    for url in urls:
        if not _URL.match(url):
            raise ApiError(400, f"not a URL: {url!r}; give http or https URLs (files are uploaded)")


def _given(source: str, folder: str, names: Sequence[str]) -> str:
    """``source`` (a path in the temporary ``folder``) as it was given."""
    if not source.startswith(folder):
        return source
    local = source[len(folder) + 1 :]
    if local.startswith("texts.jsonl:"):
        return "text " + local.split(":")[1].split("#")[0]
    number, _, rest = local.partition("-")
    if number.isdigit() and 0 < int(number) <= len(names):
        return (names[int(number) - 1] or "upload") + rest[len(rest.split(":")[0]) :]
    return local


def _as_given(comparison: Comparison, folder: str, names: Sequence[str]) -> Comparison:
    """The comparison with each source named as it was given: the uploaded file's name,
    "text N" for the Nth text, not the temporary folder's paths."""

    for item in comparison.articles:
        item.article = replace(item.article, source=_given(item.article.source, folder, names))
    rejected = [(_given(source, folder, names), reason) for source, reason in comparison.rejected]
    return replace(comparison, rejected=rejected)


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


# What the workers run (module-level functions, so that a spawned process finds them).


def _load_models() -> None:
    from storytrace.threads import limit_blas_threads

    limit_blas_threads()
    from storytrace.nlp.embeddings import load_encoder
    from storytrace.nlp.pipeline import english_pipeline, parsing_pipeline

    english_pipeline()
    parsing_pipeline()
    load_encoder()


def _as_json(records: Sequence[dict[str, Any]], files: Any, urls: Any) -> Answer:
    from storytrace.report.json_report import to_json

    return _answered(lambda: ("json", json.loads(to_json(compare_given(records, files, urls)))))


def _as_html(records: Sequence[dict[str, Any]], files: Any, urls: Any) -> Answer:
    from storytrace.report.html import comparison_body

    return _answered(lambda: ("html", comparison_body(compare_given(records, files, urls))))


def _stored_as_html(articles: Sequence[Article]) -> Answer:
    from storytrace.report.html import comparison_body

    return _answered(lambda: ("html", comparison_body(compare_stored(articles))))


def _story(db_path: str, story_id: int, quotations: bool) -> Answer:
    """The view of live story ``story_id`` (``story_view``: what it computes is kept)."""
    return _viewing(db_path, story_id, quotations, lambda store, view: ("view", view))


def _render(db_path: str, story_id: int, key: str) -> Answer:
    """The parts of live story ``story_id``'s page (``story_pages.render_parts``), kept
    under its view ``key``; ``story_view`` keeps what it computes too."""
    from storytrace.serve.story_pages import render_parts
    from storytrace.store.keep import keep
    from storytrace.store.story_views import save_view

    def rendered(store: Store, view: Any) -> Answer:
        parts = render_parts(view)
        keep(store, lambda db: save_view(db, story_id, key, parts))
        return ("parts", parts)

    return _viewing(db_path, story_id, True, rendered)


def _viewing(
    db_path: str, story_id: int, quotations: bool, use: Callable[[Store, Any], Answer]
) -> Answer:
    """``use(store, view)`` of live story ``story_id``'s ``StoryView``, or a 404 answer."""
    from storytrace.store.reads import open_existing
    from storytrace.store.stories import load_story
    from storytrace.story_view import story_view

    with open_existing(db_path) as store:
        loaded = load_story(store, story_id)
        if loaded is None:
            return ("error", 404, f"no story {story_id} in this store", None)
        return use(store, story_view(store, *loaded, quotations=quotations))


def _quotes(db_path: str, article: Article) -> Answer:
    """The quotations of stored ``article`` (extracted and kept the first time)."""
    from storytrace.cli.quotes import stored_quotes
    from storytrace.store.reads import open_existing

    with open_existing(db_path) as store:
        return ("quotes", stored_quotes(store, [article])[article.id])


def _answered(work: Any) -> Answer:
    try:
        return tuple(work())
    except ApiError as error:
        return ("error", error.status_code, str(error.detail), error.error_detail)


_TASKS: dict[str, Callable[..., Answer]] = {
    "json": _as_json,
    "html": _as_html,
    "stored": _stored_as_html,
    "story": _story,
    "render": _render,
    "quotes": _quotes,
}


def viewed_story(
    request: Request, store: Store, story_id: int, quotations: bool = False
) -> tuple[int, Any]:
    """The live id of ``story_id`` (a merged story's: the one it joined) and its
    ``StoryView``, computed by a worker.

    Raises:
        ApiError: 404, no such story.
    """
    from storytrace.store.stories import resolve_story

    live = resolve_story(store, story_id)
    if live is None:
        raise ApiError(404, f"no story {story_id} in this store")
    workers: CompareWorkers = request.app.state.compare_workers
    return live, workers.view("story", str(request.app.state.settings.db_path), live, quotations)


def article_quotes(request: Request, store: Store, article: Article) -> list[Quote]:
    """The quotations of stored ``article``: kept ones, read here; else found by a worker
    (and kept)."""
    from storytrace.store.quotes import load_quotes

    kept = load_quotes(store, article)
    if kept is not None:
        return kept
    workers: CompareWorkers = request.app.state.compare_workers
    found: list[Quote] = workers.view("quotes", str(request.app.state.settings.db_path), article)
    return found
