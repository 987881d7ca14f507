"""Ingest jobs: inputs taken into the store in the background, started from the web
workspace or the API (``storytrace.serve.ingesting`` runs them).

A job is a row with its inputs (the paths of files uploaded with it, kept beside the store
in ``FILE.uploads/JOB/``, and URLs), its state and its progress. Its state moves from
``queued`` to ``running`` to ``done`` or ``failed``; a job whose process ended without
saying how it ended (the server was stopped, or the process was killed) is
``interrupted``. An interrupted, failed or done job can be queued again: its ingest runs
again over the same inputs, and since an ingest resumes where an earlier run stopped
(inputs already stored or quarantined are counted, not written again), rerunning loses
nothing and adds nothing twice. The ingest runs a job starts are linked to it
(``job_runs``), so its quarantine can be shown while it runs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storytrace.store.db import Store, now

STATES = ("queued", "running", "done", "failed", "interrupted")
# The states a job can be queued again from.
RERUNNABLE = ("done", "failed", "interrupted")
UPLOADS_SUFFIX = ".uploads"


class JobError(ValueError):
    """A job that cannot be found, or cannot do what was asked of it now."""


@dataclass(frozen=True)
class Job:
    id: int
    inputs: tuple[str, ...]
    group_stories: bool
    state: str
    stage: str
    progress: dict[str, Any]
    error: str | None
    made_by: str
    created: str
    started: str | None
    finished: str | None
    attempts: int
    run_ids: tuple[int, ...] = field(default=())

    @property
    def ended(self) -> bool:
        return self.state in RERUNNABLE


@dataclass(frozen=True)
class QuarantinedInput:
    source: str
    reason: str
    detail: str | None


def uploads_folder(db_path: str | Path, job_id: int) -> Path:
    """Where the files uploaded with job ``job_id`` are kept: ``FILE.uploads/JOB``."""
    path = Path(db_path)
    return path.with_name(path.name + UPLOADS_SUFFIX) / str(job_id)


def create_job(store: Store, made_by: str, group_stories: bool = True) -> int:
    """A new job with no inputs yet (``queue_job`` gives it them); its id."""
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO jobs(inputs, group_stories, state, made_by, created) "
            "VALUES ('[]', ?, 'preparing', ?, ?)",
            (int(group_stories), made_by, now()),
        )
    return int(cursor.lastrowid or 0)


def queue_job(store: Store, job_id: int, inputs: Sequence[str]) -> None:
    """Give job ``job_id`` its inputs and queue it."""
    with store.transaction() as db:
        db.execute(
            "UPDATE jobs SET inputs = ?, state = 'queued' WHERE id = ?",
            (json.dumps(list(inputs), ensure_ascii=False), job_id),
        )


def drop_job(store: Store, job_id: int) -> None:
    """Forget a job that was never queued (its inputs could not be taken)."""
    with store.transaction() as db:
        db.execute("DELETE FROM jobs WHERE id = ? AND state = 'preparing'", (job_id,))


def requeue_job(store: Store, job_id: int) -> Job:
    """Queue an interrupted, failed or done job again.

    Raises:
        JobError: there is no such job, or it is queued or running.
    """
    with store.transaction() as db:
        job = get_job(store, job_id)
        if job.state not in RERUNNABLE:
            raise JobError(f"job {job_id} is {job.state}; only an ended job can run again")
        db.execute(
            "UPDATE jobs SET state = 'queued', stage = '', error = NULL, finished = NULL, "
            "pid = NULL "
            "WHERE id = ?",
            (job_id,),
        )
    return get_job(store, job_id)


def next_queued(store: Store) -> Job | None:
    """The job queued longest ago, or None."""
    row = store.db.execute(
        "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1"
    ).fetchone()
    return None if row is None else get_job(store, int(row[0]))


def start_job(store: Store, job_id: int) -> bool:
    """Mark a queued job as running (in no process yet: ``record_process`` names it);
    False if it was not queued."""
    with store.transaction() as db:
        cursor = db.execute(
            "UPDATE jobs SET state = 'running', pid = NULL, started = ?, stage = 'starting', "
            "attempts = attempts + 1 WHERE id = ? AND state = 'queued'",
            (now(), job_id),
        )
    return cursor.rowcount == 1


def record_process(store: Store, job_id: int, pid: int | None) -> None:
    """Record the process that runs job ``job_id``."""
    with store.transaction() as db:
        db.execute("UPDATE jobs SET pid = ? WHERE id = ?", (pid, job_id))


def record_progress(
    store: Store, job_id: int, stage: str, progress: dict[str, Any] | None = None
) -> None:
    """Say what running job ``job_id`` is doing, and its ingest's counts so far."""
    with store.transaction() as db:
        if progress is None:
            db.execute("UPDATE jobs SET stage = ? WHERE id = ?", (stage, job_id))
        else:
            db.execute(
                "UPDATE jobs SET stage = ?, progress = ? WHERE id = ?",
                (stage, json.dumps(progress, sort_keys=True), job_id),
            )


def link_run(store: Store, job_id: int, run_id: int) -> None:
    """Record that ingest run ``run_id`` was started by job ``job_id``."""
    with store.transaction() as db:
        db.execute("INSERT OR IGNORE INTO job_runs(job_id, run_id) VALUES (?, ?)", (job_id, run_id))


def end_job(store: Store, job_id: int, state: str, error: str | None = None) -> None:
    """Mark job ``job_id`` as ended (``done``, ``failed`` or ``interrupted``), if it is
    still running."""
    if state not in RERUNNABLE:
        raise ValueError(f"a job ends done, failed or interrupted, not {state!r}")
    with store.transaction() as db:
        db.execute(
            "UPDATE jobs SET state = ?, error = ?, finished = ?, stage = '' "
            "WHERE id = ? AND state = 'running'",
            (state, error, now(), job_id),
        )


def interrupt_orphans(store: Store) -> list[int]:
    """Mark running jobs whose process is gone as interrupted (a server starting finds
    them so after it was stopped or killed mid-job); their ids. A job still running in a
    process that outlived its server is left to end by itself."""
    rows = store.db.execute("SELECT id, pid FROM jobs WHERE state = 'running'").fetchall()
    orphans = [int(job_id) for job_id, pid in rows if pid is None or not _alive(int(pid))]
    for job_id in orphans:
        end_job(store, job_id, "interrupted", "the server stopped while the job ran")
    return orphans


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def get_job(store: Store, job_id: int) -> Job:
    """Job ``job_id``.

    Raises:
        JobError: there is no such job.
    """
    row = store.db.execute(
        "SELECT id, inputs, group_stories, state, stage, progress, error, made_by, created, "
        "started, finished, attempts FROM jobs WHERE id = ? AND state != 'preparing'",
        (job_id,),
    ).fetchone()
    if row is None:
        raise JobError(f"no ingest job {job_id} in this store")
    runs = store.db.execute(
        "SELECT run_id FROM job_runs WHERE job_id = ? ORDER BY run_id", (job_id,)
    )
    return _job(row, tuple(int(run_id) for (run_id,) in runs))


def list_jobs(store: Store, limit: int = 50) -> list[Job]:
    """The latest ``limit`` jobs, newest first."""
    ids = store.db.execute(
        "SELECT id FROM jobs WHERE state != 'preparing' ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [get_job(store, int(job_id)) for (job_id,) in ids]


def job_quarantine(store: Store, job: Job, limit: int = 200) -> list[QuarantinedInput]:
    """The inputs the job's ingest runs quarantined (at most ``limit``), in order."""
    if not job.run_ids:
        return []
    marks = ",".join("?" * len(job.run_ids))
    rows = store.db.execute(
        f"SELECT source, reason, detail FROM quarantine WHERE run_id IN ({marks}) "
        "ORDER BY id LIMIT ?",
        (*job.run_ids, limit),
    )
    return [QuarantinedInput(str(source), str(reason), detail) for source, reason, detail in rows]


def _job(row: Sequence[Any], run_ids: tuple[int, ...]) -> Job:
    (job_id, inputs, group, state, stage, progress, error, made_by, created, started,
     finished, attempts) = row  # fmt: skip
    return Job(
        id=int(job_id),
        inputs=tuple(json.loads(inputs)),
        group_stories=bool(group),
        state=str(state),
        stage=str(stage),
        progress=json.loads(progress),
        error=error,
        made_by=str(made_by),
        created=str(created),
        started=started,
        finished=finished,
        attempts=int(attempts),
        run_ids=run_ids,
    )


@dataclass(frozen=True)
class JobArticle:
    id: int
    title: str | None
    story_id: int | None  # None while it is in no story


def job_articles(store: Store, job: Job, limit: int = 200) -> list[JobArticle]:
    """The articles the job's ingest runs stored (at most ``limit``), in order."""
    if not job.run_ids:
        return []
    marks = ",".join("?" * len(job.run_ids))
    rows = store.db.execute(
        "SELECT a.id, a.title, (SELECT s.story_id FROM story_articles s "
        f"WHERE s.article_id = a.id) FROM articles a WHERE a.run_id IN ({marks}) "
        "ORDER BY a.id LIMIT ?",
        (*job.run_ids, limit),
    )
    return [
        JobArticle(int(article_id), title, None if story_id is None else int(story_id))
        for article_id, title, story_id in rows
    ]
