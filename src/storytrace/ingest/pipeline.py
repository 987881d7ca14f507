"""``ingest``: inputs in, articles and quarantine records in the store, nothing lost.

1. Inputs are read in order. A file already read to its end by an earlier run, unchanged
   since (same size and modification time), is skipped whole.
2. Each document (or single-article file) goes to a worker process that cleans it and
   computes its content hash and MinHash signature (``storytrace.ingest.prepare``).
3. The main process takes results in input order and, per result:
   - an input already stored or quarantined by an earlier run (same source) is counted
     as already there, and nothing is written;
   - an ``InputError`` becomes a quarantine record with its reason;
   - a text equal to a stored article's (normalised hash) is quarantined as a duplicate
     of that article;
   - otherwise the article is stored with its provenance, and linked to the earliest
     stored near duplicate, if any.
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
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from storytrace.errors import InputError
from storytrace.ingest.dedupe import NearDuplicateIndex, signature_from_bytes
from storytrace.ingest.prepare import Prepared, Result, Task, prepare
from storytrace.ingest.readers import FORMATS_BY_EXTENSION
from storytrace.ingest.sources import InputUnit
from storytrace.ingest.warc import warc_payloads
from storytrace.store.db import Store
from storytrace.store.writes import (
    article_hashes,
    finish_run,
    finished_inputs,
    insert_article,
    insert_near_duplicate,
    insert_quarantine,
    known_sources,
    mark_finished,
    signatures,
    start_run,
)

# Results per transaction: large enough that commits cost little, small enough that a
# killed run redoes little.
BATCH_SIZE = 500
# Tasks handed to a worker at a time (amortises inter-process overhead).
WORKER_CHUNK = 64
# Results between two progress reports.
PROGRESS_EVERY = 50
# Tasks in flight at once; bounds the memory held by results not yet written.
WINDOW = 8000


@dataclass
class IngestSummary:
    """What one ingest run did. ``quarantined`` counts refused inputs by reason code."""

    run_id: int = 0
    inputs: int = 0
    inputs_skipped: int = 0  # files already read to their end, unchanged
    stored: int = 0
    already: int = 0  # inputs stored or quarantined by an earlier run
    duplicates: int = 0
    near_duplicates: int = 0
    summaries: int = 0  # of the stored, feed items that carry only a summary
    quarantined: Counter[str] = field(default_factory=Counter)
    read: int = 0  # results taken from the workers so far (for progress)

    @property
    def refused(self) -> int:
        return sum(self.quarantined.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "inputs": self.inputs,
            "inputs_skipped": self.inputs_skipped,
            "stored": self.stored,
            "already": self.already,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "summaries": self.summaries,
            "quarantined": dict(sorted(self.quarantined.items())),
        }


@dataclass(frozen=True)
class _EndOfInput:
    """Marks, in the result stream, that every item of one input has been seen."""

    name: str
    size: int | None
    mtime_ns: int | None


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
    tasks = _tasks(finished_inputs(store), units, summary, writer.known)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        writer.consume(_work(task) for task in tasks)
    else:
        # fork keeps start-up cheap and shares the loaded modules; spawn elsewhere
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(workers) as pool:
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
    known: set[str],
) -> Iterator[Task | _EndOfInput]:
    for unit in units:
        summary.inputs += 1
        if finished.get(unit.name) == (unit.size, unit.mtime_ns):
            summary.inputs_skipped += 1
            continue
        if unit.kind == "file" and unit.name in known:
            summary.already += 1
        elif unit.kind == "file" and not _holds_many(unit.name) and not unit.name_escaped:
            yield Path(unit.name)  # a single article: the worker reads the file itself
        elif unit.kind == "warc" and not unit.name_escaped:
            for payload in warc_payloads(Path(unit.name)):
                if payload.source in known:
                    summary.already += 1
                else:
                    yield payload  # the worker extracts the page
        else:
            for item in unit.items():
                if item.source in known:
                    summary.already += 1
                else:
                    yield item
        yield _EndOfInput(unit.name, unit.size, unit.mtime_ns)


def _holds_many(name: str) -> bool:
    """A JSONL file: read here, record by record, so that its records spread over workers."""
    return FORMATS_BY_EXTENSION.get(Path(name).suffix.lower()) == "jsonl"


def _source_of(item: Result) -> str:
    return item.origin.source if isinstance(item, Prepared) else item.source


def _work(task: Task | _EndOfInput) -> list[Result] | _EndOfInput:
    return task if isinstance(task, _EndOfInput) else prepare(task)


class _Writer:
    """Takes results in input order and writes them to the store in batches."""

    def __init__(self, store: Store, summary: IngestSummary, progress: Progress | None) -> None:
        self.store = store
        self.summary = summary
        self.progress = progress
        self.known = known_sources(store)
        self.hashes = article_hashes(store)
        self.index = NearDuplicateIndex()
        for article_id, blob in signatures(store):
            self.index.add(article_id, signature_from_bytes(blob))
        self.batch: list[Result | _EndOfInput] = []

    def consume(self, stream: Iterable[list[Result] | _EndOfInput]) -> None:
        for results in stream:
            if isinstance(results, _EndOfInput):
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
                if isinstance(item, _EndOfInput):
                    if item.size is not None and item.mtime_ns is not None:
                        mark_finished(db, item.name, item.size, item.mtime_ns, self.summary.run_id)
                elif _source_of(item) in self.known:
                    # the same input given twice in one run (a file named twice)
                    self.summary.already += 1
                else:
                    self._write(db, item)
        self.batch = []
        if self.progress is not None:
            self.progress(self.summary)

    def _write(self, db: sqlite3.Connection, item: Result) -> None:
        run_id = self.summary.run_id
        if isinstance(item, InputError):
            insert_quarantine(db, item.source, item.reason, item.detail, run_id)
            self.known.add(item.source)
            self.summary.quarantined[item.reason] += 1
            return
        source = item.origin.source
        self.known.add(source)
        existing = self.hashes.get(item.content_hash)
        if existing is not None:
            detail = f"exact duplicate of article {existing}"
            insert_quarantine(db, source, "duplicate", detail, run_id, duplicate_of=existing)
            self.summary.duplicates += 1
            return
        article_id = insert_article(
            db, item.article, item.content_hash, item.minhash, item.origin, run_id
        )
        self.hashes[item.content_hash] = article_id
        values = signature_from_bytes(item.minhash)
        nearest = self.index.nearest(values)
        if nearest is not None:
            insert_near_duplicate(db, article_id, nearest[0], nearest[1])
            self.summary.near_duplicates += 1
        self.index.add(article_id, values)
        self.summary.stored += 1
        if item.article.kind == "summary":
            self.summary.summaries += 1
