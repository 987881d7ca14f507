"""Running ingest jobs (``storytrace.store.jobs``) in the background of ``storytrace serve``.

One job runs at a time, in a process of its own (so that the server's process stays free
for readers): it takes the store's run lock as ``storytrace ingest`` does (waiting while
another run holds it), ingests the job's inputs through the same pipeline, records its
progress in the job's row as it goes, and then, unless told not to, groups the new
articles as ``storytrace stories`` does. Readers read on meanwhile (the store is in WAL
mode, with one writer).

When the server stops, a running job's process is stopped and the job marked
``interrupted``; a server starting marks as interrupted the jobs whose process is gone (it
was killed). Queueing such a job again resumes it: inputs stored or quarantined before are
counted, not written again.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from storytrace.store.db import Store
from storytrace.store.jobs import (
    Job,
    end_job,
    get_job,
    interrupt_orphans,
    link_run,
    next_queued,
    record_process,
    record_progress,
    start_job,
)
from storytrace.store.lock import run_lock

if TYPE_CHECKING:
    from storytrace.ingest.pipeline import IngestSummary

# How long a job waits for another run (an `ingest` or `stories` from the command line)
# to let go of the store before it fails, in seconds.
JOB_WAIT_S = 3600
# How often a running job writes its progress, in seconds.
PROGRESS_EVERY_S = 0.5
# How often the runner looks for a queued job when nobody tells it of one, in seconds.
IDLE_POLL_S = 2.0
# How long a stopped job's process has to end before it is killed, in seconds; also how
# long a job's process has to exit after it recorded how the job ended.
STOP_GRACE_S = 10.0
# How often the runner looks whether a running job's process has recorded its end.
EXIT_POLL_S = 1.0
STOPPED = "the server stopped while the job ran"


class JobRunner:
    """Runs the store's queued jobs one after another, each in a process of its own."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._process: BaseProcess | None = None
        self._job_id: int | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Mark the jobs a stopped server left running as interrupted, and start running
        the queued ones."""
        with Store(self.db_path) as store:
            interrupt_orphans(store)
        self._thread = threading.Thread(target=self._loop, name="storytrace-jobs", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Say that a job was queued."""
        self._wake.set()

    def close(self) -> None:
        """Stop: the running job's process is stopped and the job marked interrupted."""
        self._stopping.set()
        self._wake.set()
        with self._lock:
            process, job_id = self._process, self._job_id
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_GRACE_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_GRACE_S)
        if job_id is not None:
            with Store(self.db_path) as store:
                end_job(store, job_id, "interrupted", STOPPED)
        if self._thread is not None:
            self._thread.join(STOP_GRACE_S)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            with Store(self.db_path) as store:
                job = next_queued(store)
            if job is None:
                self._wake.wait(IDLE_POLL_S)
                self._wake.clear()
                continue
            self._run(job)

    def _run(self, job: Job) -> None:
        context = multiprocessing.get_context("spawn")  # the server runs threads: no fork
        process = context.Process(
            target=run_job, args=(str(self.db_path), job.id), name=f"storytrace-job-{job.id}"
        )
        with self._lock, Store(self.db_path) as store:
            if self._stopping.is_set() or not start_job(store, job.id):
                return
            process.start()
            record_process(store, job.id, process.pid)
            self._process, self._job_id = process, job.id
        self._join(process, job.id)
        with self._lock:
            self._process = self._job_id = None
        if not self._stopping.is_set():  # else close() marks it
            with Store(self.db_path) as store:  # (if the process did not say how it ended)
                end_job(store, job.id, "failed", f"its process ended ({process.exitcode})")

    def _join(self, process: BaseProcess, job_id: int) -> None:
        """Wait for the job's process to end. Once it has recorded how the job ended, it
        has ``STOP_GRACE_S`` to exit; one that lingers (a worker it started that never
        ends, say) is stopped, so that the jobs queued after it still run."""
        while process.is_alive():
            process.join(EXIT_POLL_S)
            if not process.is_alive() or self._stopping.is_set():
                continue
            with Store(self.db_path) as store:
                ended = get_job(store, job_id).state != "running"
            if ended:
                process.join(STOP_GRACE_S)
                if process.is_alive():
                    process.terminate()
                    process.join(STOP_GRACE_S)
                if process.is_alive():
                    process.kill()
                    process.join()


def run_job(db_path: str, job_id: int) -> None:
    """The job process: run job ``job_id`` of the store at ``db_path`` and record how it
    ended. Stopped (SIGTERM), it lets go of the store and marks the job interrupted."""
    signal.signal(signal.SIGTERM, _exit_on_stop)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with Store(db_path) as store:
        job = get_job(store, job_id)
        if job.state != "running":
            return  # the runner did not start it: it was stopped meanwhile
        try:
            _run_stages(store, job)
        except SystemExit:
            end_job(store, job_id, "interrupted", STOPPED)
            raise
        except Exception as error:  # whatever it was, the job says so
            end_job(store, job_id, "failed", f"{type(error).__name__}: {error}")
        else:
            end_job(store, job_id, "done")


def _exit_on_stop(signal_number: int, frame: FrameType | None) -> None:
    sys.exit(128 + signal_number)


def _run_stages(store: Store, job: Job) -> None:
    from storytrace.cli.stories import update_stories
    from storytrace.ingest.pipeline import ingest
    from storytrace.ingest.sources import iter_inputs

    def waiting() -> None:
        record_progress(store, job.id, "waiting for another storytrace run to finish")

    with run_lock(store.path, JOB_WAIT_S, on_wait=waiting):
        record_progress(store, job.id, "reading the inputs")
        reporter = _ProgressReporter(store, job.id)
        units = iter_inputs(list(job.inputs), allow_private=False)
        summary = ingest(
            store, units, progress=reporter, command=f"storytrace serve: ingest job {job.id}"
        )
        reporter.final(summary)
        if job.group_stories:
            progress = {"ingest": summary.as_dict()}
            update = update_stories(
                store, stage=lambda words: record_progress(store, job.id, words)
            )
            progress["stories"] = update.run
            record_progress(store, job.id, "done", progress)


class _ProgressReporter:
    """Writes an ingest's running counts into its job's row, at most every
    ``PROGRESS_EVERY_S`` seconds."""

    def __init__(self, store: Store, job_id: int) -> None:
        self.store = store
        self.job_id = job_id
        self.linked = False
        self.last = 0.0

    def __call__(self, summary: IngestSummary) -> None:
        if time.monotonic() - self.last >= PROGRESS_EVERY_S:
            self.final(summary)

    def final(self, summary: IngestSummary) -> None:
        """Write the counts now."""
        if not self.linked:  # its quarantine is shown from now on
            link_run(self.store, self.job_id, summary.run_id)
            self.linked = True
        counts = {"ingest": summary.as_dict()}
        record_progress(self.store, self.job_id, "reading the inputs", counts)
        self.last = time.monotonic()
