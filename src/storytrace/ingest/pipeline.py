"""``ingest``: inputs in, articles and quarantine records in the store, nothing lost.

1. Inputs are read in order. A file already read to its end by an earlier run, unchanged
   since (same size and modification time), is skipped whole. Within one input, an item
   whose source repeats an earlier item's (two WARC records with one WARC-Record-ID, two
   feed items with one GUID) is renamed ``SOURCE~2``, ``SOURCE~3``..., so that both are kept.
2. Each document (or single-article file) goes to a worker process that cleans it and
   computes its content hash and MinHash signature (``storytrace.ingest.prepare``).
3. The main process takes results in input order and, per result:
   - an input already stored or quarantined by an earlier run (same source) is counted
     as already there, and nothing is written (so a run cut short resumes cheaply);
   - except in a file that CHANGED since an earlier run read it to its end (another size or
     modification time): it is read again in full and each item is known by what it is. An
     article whose content hash the store holds from this file (under any line or record
     source) is already there; a refused item is already there while the file's quarantine
     rows hold as many of its (reason, detail). Anything else is new: it is stored, or
     quarantined, under its source, or, when an earlier version of the file used that
     source, under ``SOURCE@DIGEST`` (12 hex digits of the content hash, or of the reason
     and detail for a refused item). The earlier article stays stored: nothing is lost;
   - a URL is fetched again on every run and its items are known by content the same way
     (a page named after where it redirected, by what the store holds from that page): a
     page that changed is stored as ``URL@DIGEST``, one that did not is already there;
   - an ``InputError`` becomes a quarantine record with its reason;
   - a text equal to a stored article's (normalised hash) is quarantined as a duplicate
     of that article;
   - otherwise the article is stored with its provenance, and linked to the earliest
     stored near duplicate, if any.
   Which sources, hashes and near duplicates the store holds is asked of the store (indexed
   queries; near duplicates through MinHash LSH bands, ``storytrace.ingest.dedupe``), never
   held in memory, so that memory grows neither with the store nor with the input.
4. Results are written in batches, one transaction each; an input is marked finished in
   the transaction that writes its last result. A run killed at any moment loses at most
   the open batch, which the next run redoes.
"""

from __future__ import annotations

import multiprocessing
import os
import shlex
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from hashlib import sha256
from itertools import islice
from pathlib import Path

from storytrace.errors import InputError
from storytrace.ingest.decode import REPLACED_MARK
from storytrace.ingest.dedupe import band_keys, nearest, signature_from_bytes
from storytrace.ingest.prepare import Prepared, Result, Task, prepare
from storytrace.ingest.readers import FORMATS_BY_EXTENSION
from storytrace.ingest.sources import InputUnit
from storytrace.ingest.warc import WarcPayload, warc_payloads
from storytrace.limits import limits, use_in_process
from storytrace.model import RawDocument
from storytrace.store.db import Store
from storytrace.store.writes import (
    InputContents,
    article_with_hash,
    finish_run,
    finished_inputs,
    input_contents,
    insert_article,
    insert_minhash_bands,
    insert_near_duplicate,
    insert_quarantine,
    is_known_source,
    mark_finished,
    near_duplicate_candidates,
    of_input,
    start_run,
)

# Results per transaction: large enough that commits cost little, small enough that a
# killed run redoes little.
BATCH_SIZE = 500
# Tasks handed to a worker at a time (amortises inter-process overhead).
WORKER_CHUNK = 64
# Results between two progress reports.
PROGRESS_EVERY = 50
# Tasks in flight at once; bounds the memory held by results not yet written (with a
# worker chunk of 64, still 15 chunks for each of two workers).
WINDOW = 2000
# Hex digits of the content digest that tells a changed input's new item from the old one
# stored under the same source.
DIGEST_CHARS = 12


@dataclass
class IngestSummary:
    """What one ingest run did. ``quarantined`` counts refused inputs by reason code."""

    run_id: int = 0
    inputs: int = 0
    inputs_skipped: int = 0  # files already read to their end, unchanged
    inputs_changed: int = 0  # files read to their end before, changed since: read again
    stored: int = 0
    already: int = 0  # inputs stored or quarantined by an earlier run
    duplicates: int = 0
    near_duplicates: int = 0
    summaries: int = 0  # of the stored, feed items that carry only a summary
    repaired: int = 0  # of the stored, texts with undecodable bytes replaced by U+FFFD
    quarantined: Counter[str] = field(default_factory=Counter)
    read: int = 0  # results taken from the workers so far (for progress)

    @property
    def refused(self) -> int:
        return sum(self.quarantined.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "inputs": self.inputs,
            "inputs_skipped": self.inputs_skipped,
            "inputs_changed": self.inputs_changed,
            "stored": self.stored,
            "already": self.already,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "summaries": self.summaries,
            "repaired": self.repaired,
            "quarantined": dict(sorted(self.quarantined.items())),
        }


@dataclass(frozen=True)
class _EndOfInput:
    """Marks, in the result stream, that every item of one input has been seen."""

    name: str
    size: int | None
    mtime_ns: int | None


@dataclass(frozen=True)
class _ChangedInput:
    """Marks, in the result stream, that the items up to the next ``_EndOfInput`` come from
    an input that changed since it was read to its end, or from a URL (fetched again on
    every run): they are compared by content."""

    name: str


Marker = _EndOfInput | _ChangedInput
# An item read in the main process, named by its source.
Sourced = RawDocument | InputError | WarcPayload
Progress = Callable[[IngestSummary], None]


def ingest(
    store: Store,
    units: Iterable[InputUnit],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    command: str | None = None,
) -> IngestSummary:
    """Ingest ``units`` into ``store``; returns the run's summary.

    ``workers`` defaults to the number of CPUs; 1 does all the work in this process.
    ``progress`` is called after every batch with the running summary.
    """
    summary = IngestSummary()
    summary.run_id = start_run(store, command or shlex.join(sys.argv))
    writer = _Writer(store, summary, progress)
    tasks = _tasks(finished_inputs(store), units, summary, writer.is_known)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        writer.consume(_work(task) for task in tasks)
    else:
        # fork keeps start-up cheap and shares the loaded modules; spawn elsewhere
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        # the workers read under the limits in force here (storytrace.limits)
        with context.Pool(workers, use_in_process, (limits(),)) as pool:
            # A window at a time, so results cannot pile up faster than they are written.
            while window := list(islice(tasks, WINDOW)):
                writer.consume(pool.imap(_work, window, chunksize=WORKER_CHUNK))
    writer.flush()
    finish_run(store, summary.run_id, summary.as_dict())
    return summary


def _tasks(
    finished: dict[str, tuple[int, int]],
    units: Iterable[InputUnit],
    summary: IngestSummary,
    is_known: Callable[[str], bool],
) -> Iterator[Task | Marker]:
    for unit in units:
        summary.inputs += 1
        read_before = finished.get(unit.name)
        if read_before == (unit.size, unit.mtime_ns):
            summary.inputs_skipped += 1
            continue
        changed = read_before is not None and unit.size is not None  # not gone or unreadable
        if changed:
            summary.inputs_changed += 1
        # a URL is fetched again on every run, and what it serves may have changed since
        changed_or_url = changed or unit.kind == "url"
        if changed_or_url:
            yield _ChangedInput(unit.name)
        if unit.kind == "file" and not changed and is_known(unit.name):
            summary.already += 1
        elif unit.kind == "file" and not _holds_many(unit.name) and not unit.name_escaped:
            yield Path(unit.name)  # a single article: the worker reads the file itself
        else:
            items: Iterable[Sourced] = (
                warc_payloads(Path(unit.name))  # the worker extracts the pages
                if unit.kind == "warc" and not unit.name_escaped
                else unit.items()
            )
            for item in _distinct_sources(items):
                if not changed_or_url and is_known(item.source):
                    summary.already += 1
                else:
                    yield item
        yield _EndOfInput(unit.name, unit.size, unit.mtime_ns)


def _distinct_sources(items: Iterable[Sourced]) -> Iterator[Sourced]:
    """The items of one input, the second, third... with one source renamed ``SOURCE~2``,
    ``SOURCE~3``... (numbered in reading order, so a rerun names them the same)."""
    seen: Counter[str] = Counter()
    for item in items:
        seen[item.source] += 1
        count = seen[item.source]
        yield item if count == 1 else _renamed(item, f"{item.source}~{count}")


def _renamed(item: Sourced, source: str) -> Sourced:
    if isinstance(item, InputError):
        return InputError(source, item.reason, item.detail)
    return replace(item, source=source)


def _holds_many(name: str) -> bool:
    """A JSONL file: read here, record by record, so that its records spread over workers."""
    return FORMATS_BY_EXTENSION.get(Path(name).suffix.lower()) == "jsonl"


def _source_of(item: Result) -> str:
    return item.origin.source if isinstance(item, Prepared) else item.source


def _work(task: Task | Marker) -> list[Result] | Marker:
    return task if isinstance(task, _EndOfInput | _ChangedInput) else prepare(task)


def _digest(item: Result) -> str:
    """A short digest of what an item is: its content hash, or its reason and detail."""
    if isinstance(item, Prepared):
        return item.content_hash[:DIGEST_CHARS]
    return sha256(f"{item.reason}\n{item.detail}".encode()).hexdigest()[:DIGEST_CHARS]


def _with_source(item: Result, source: str) -> Result:
    if isinstance(item, InputError):
        return InputError(source, item.reason, item.detail)
    return replace(item, origin=replace(item.origin, source=source))


class _Writer:
    """Takes results in input order and writes them to the store in batches.

    It holds nothing per article: which sources are known, which content hashes are stored
    and which articles are near duplicates of a new one, it asks the store (indexed
    queries on its own connection, which see the open batch's rows too), so that its memory
    grows neither with the store nor with the input.
    """

    def __init__(self, store: Store, summary: IngestSummary, progress: Progress | None) -> None:
        self.store = store
        self.summary = summary
        self.progress = progress
        self.batch: list[Result | Marker] = []
        self.changed: InputContents | None = None  # while writing a changed input's items

    def is_known(self, source: str) -> bool:
        """Whether ``source`` is stored, or quarantined for a lasting reason or by this run."""
        return is_known_source(self.store.db, source, self.summary.run_id)

    def consume(self, stream: Iterable[list[Result] | Marker]) -> None:
        for results in stream:
            if isinstance(results, _EndOfInput | _ChangedInput):
                self.batch.append(results)
            else:
                self.batch.extend(results)
                self.summary.read += len(results)
                if self.progress is not None and self.summary.read % PROGRESS_EVERY == 0:
                    self.progress(self.summary)
            if len(self.batch) >= BATCH_SIZE:
                self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        with self.store.transaction() as db:
            for item in self.batch:
                if isinstance(item, _ChangedInput):
                    self.changed = input_contents(db, item.name)
                elif isinstance(item, _EndOfInput):
                    self.changed = None
                    if item.size is not None and item.mtime_ns is not None:
                        mark_finished(db, item.name, item.size, item.mtime_ns, self.summary.run_id)
                elif self.changed is not None:
                    self._write_changed(db, item, self.changed)
                elif self.is_known(_source_of(item)):
                    # the same input given twice in one run (a file named twice)
                    self.summary.already += 1
                else:
                    self._write(db, item)
        self.batch = []
        if self.progress is not None:
            self.progress(self.summary)

    def _write_changed(self, db: sqlite3.Connection, item: Result, contents: InputContents) -> None:
        """Write an item of a changed input (or of a URL) unless the store holds it from that
        input (or, for a URL's page named after where it redirected, from that page)."""
        source = _source_of(item)
        if not of_input(source, contents.name):
            contents = input_contents(db, source)
        if isinstance(item, Prepared):
            seen = item.content_hash in contents.hashes
        else:
            key = (item.reason, item.detail)
            seen = contents.refusals[key] > 0
            if seen:
                contents.refusals[key] -= 1
        if not seen and self.is_known(source):
            # an earlier version of the input used this source for something else
            source = f"{source}@{_digest(item)}"
        if seen or self.is_known(source):
            self.summary.already += 1
        else:
            self._write(db, _with_source(item, source))

    def _write(self, db: sqlite3.Connection, item: Result) -> None:
        run_id = self.summary.run_id
        if isinstance(item, InputError):
            insert_quarantine(db, item.source, item.reason, item.detail, run_id)
            self.summary.quarantined[item.reason] += 1
            return
        source = item.origin.source
        existing = article_with_hash(db, item.content_hash)
        if existing is not None:
            detail = f"exact duplicate of article {existing}"
            insert_quarantine(db, source, "duplicate", detail, run_id, duplicate_of=existing)
            self.summary.duplicates += 1
            return
        article_id = insert_article(
            db, item.article, item.content_hash, item.minhash, item.origin, run_id
        )
        values = signature_from_bytes(item.minhash)
        keys = band_keys(values)
        near = nearest(values, near_duplicate_candidates(db, keys))
        if near is not None:
            insert_near_duplicate(db, article_id, near[0], near[1])
            self.summary.near_duplicates += 1
        insert_minhash_bands(db, article_id, keys)
        self.summary.stored += 1
        if REPLACED_MARK in (item.origin.encoding or ""):
            self.summary.repaired += 1
        if item.article.kind == "summary":
            self.summary.summaries += 1
