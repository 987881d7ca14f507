"""Ingest from the workspace and the API: files, texts and URLs taken into the store by a
background job (``storytrace.serve.job_runner``), its progress and quarantine shown live.

Starting a job writes to the store, so it needs the token where the server has one (as a
correction does). Uploaded files are kept beside the store, in ``FILE.uploads/JOB/``
under their own names (made safe), so that their articles' provenance names a file that
exists and a job can be run again; texts sent as JSON are kept there as one JSONL file.
URLs must be http(s) and go through the guarded fetcher (no private addresses).
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from storytrace.serve.api import json_or_form_body
from storytrace.serve.comparing import safe_file_name
from storytrace.serve.correcting import who_may_write
from storytrace.serve.errors import ApiError, declared_errors
from storytrace.serve.job_runner import JobRunner
from storytrace.serve.reading import MAX_ID, ServeSettings, request_store
from storytrace.serve.rendering import render
from storytrace.store.db import Store
from storytrace.store.jobs import (
    Job,
    JobError,
    create_job,
    drop_job,
    get_job,
    job_articles,
    job_quarantine,
    list_jobs,
    queue_job,
    requeue_job,
    uploads_folder,
)

api_router = APIRouter(prefix="/api/v1", tags=["storytrace"])
page_router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(request_store)]
JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="an ingest job's id")]
MAX_UPLOADS = 200  # files in one job
MAX_URLS = 1000
_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
COPY_CHUNK = 1 << 20
Upload = tuple[str, BinaryIO]  # a file's name as given, and its content
# An upload's path: FILE.uploads/JOB/NNN-NAME (followed by :LINE, #RECORD, ...)
_KEPT_UPLOAD = re.compile(r"\.uploads/\d+/(?:\d{3}-)?(.+)$")


class IngestRequest(BaseModel):
    """Texts (as JSONL records of ``storytrace ingest``) and URLs to take into the store."""

    texts: list[dict[str, Any]] = Field(default_factory=list, max_length=10_000)
    urls: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    group: bool = Field(True, description="group the new articles into stories afterwards")


_INGEST_BODY = json_or_form_body(
    IngestRequest,
    {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "urls": {"type": "string", "description": "URLs, one a line"},
        "group": {"type": "string", "enum": ["on", "off"]},
    },
)


@api_router.post(
    "/ingest",
    status_code=202,
    summary="Start an ingest job: files, texts or URLs into the store",
    description="Multipart files (any format `storytrace ingest` reads) and URLs (one a "
    "line), or JSON texts and URLs. The job runs in the background: follow it at "
    "`/api/v1/ingest/{job_id}`. Needs the token where the server has one.",
    openapi_extra={"requestBody": _INGEST_BODY},
    responses=declared_errors(400, 401, 403, 415, 422),
)
async def start_ingest(request: Request, store: StoreDep) -> JSONResponse:
    who = who_may_write(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            given = IngestRequest.model_validate_json(await request.body())
        except ValidationError as error:  # answered as FastAPI's own validation errors are
            raise RequestValidationError(error.errors()) from None
        job = queued_job(request, store, who, given.group, given.texts, (), given.urls)
    elif kind == "multipart/form-data":
        form = await request.form(max_files=MAX_UPLOADS, max_fields=MAX_URLS + 10)
        uploads = _uploads(form.getlist("files"))
        urls = _lines(form.getlist("urls"))
        group = str(form.get("group") or "on") != "off"
        job = queued_job(request, store, who, group, (), uploads, urls)
    else:
        raise ApiError(415, "send multipart/form-data (files, urls) or application/json")
    headers = {"Location": f"/api/v1/ingest/{job.id}"}
    return JSONResponse(job_json(store, job), status_code=202, headers=headers)


@api_router.get("/ingest", summary="The latest ingest jobs, newest first")
def list_ingest_jobs(store: StoreDep) -> dict[str, Any]:
    return {"jobs": [job_json(store, job, brief=True) for job in list_jobs(store)]}


@api_router.get(
    "/ingest/{job_id}",
    summary="One ingest job: state, progress, quarantine",
    responses=declared_errors(404),
)
def get_ingest_job(store: StoreDep, job_id: JobId) -> dict[str, Any]:
    return job_json(store, _job(store, job_id))


@api_router.post(
    "/ingest/{job_id}/resume",
    status_code=202,
    summary="Run an ended job again (resume an interrupted one)",
    description="Inputs stored or quarantined by its earlier runs are counted, not written "
    "again. 409 while it is queued or running.",
    responses=declared_errors(401, 403, 404, 409),
)
def resume_ingest_job(request: Request, store: StoreDep, job_id: JobId) -> dict[str, Any]:
    who_may_write(request)
    return job_json(store, _resumed(request, store, job_id))


@page_router.get("/ingest", response_class=HTMLResponse)
def ingest_page(store: StoreDep) -> str:
    return render("ingest.html", jobs=list_jobs(store), max_uploads=MAX_UPLOADS)


@page_router.post("/ingest")
async def ingest_form(request: Request, store: StoreDep) -> RedirectResponse:
    """Start a job from the form; then show it."""
    who = who_may_write(request)
    form = await request.form(max_files=MAX_UPLOADS, max_fields=10)
    uploads = _uploads(form.getlist("files"))
    urls = _lines(form.getlist("urls"))
    job = queued_job(request, store, who, form.get("group") == "on", (), uploads, urls)
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@page_router.get("/ingest/{job_id}", response_class=HTMLResponse)
def ingest_job_page(store: StoreDep, job_id: JobId) -> str:
    job = _job(store, job_id)
    return render(
        "ingest_job.html",
        job=job,
        inputs=[shown_input(name) for name in job.inputs],
        quarantine=[replace(q, source=shown_input(q.source)) for q in job_quarantine(store, job)],
        articles=job_articles(store, job),
    )


@page_router.post("/ingest/{job_id}/resume")
def resume_page(request: Request, store: StoreDep, job_id: JobId) -> RedirectResponse:
    who_may_write(request)
    _resumed(request, store, job_id)
    return RedirectResponse(f"/ingest/{job_id}", status_code=303)


def job_json(store: Store, job: Job, brief: bool = False) -> dict[str, Any]:
    """A job as the API gives it (``brief``: without its inputs, quarantine and
    articles)."""
    document: dict[str, Any] = {
        "id": job.id,
        "state": job.state,
        "stage": job.stage,
        "progress": job.progress,
        "error": job.error,
        "made_by": job.made_by,
        "created": job.created,
        "started": job.started,
        "finished": job.finished,
        "attempts": job.attempts,
        "group_stories": job.group_stories,
        "runs": list(job.run_ids),
        "page": f"/ingest/{job.id}",
    }
    if not brief:
        document["inputs"] = [shown_input(name) for name in job.inputs]
        document["quarantine"] = [
            {"source": shown_input(q.source), "reason": q.reason, "detail": q.detail}
            for q in job_quarantine(store, job)
        ]
        document["articles"] = [
            {"id": a.id, "title": a.title, "story_id": a.story_id} for a in job_articles(store, job)
        ]
    return document


def shown_input(name: str) -> str:
    """An input as a person knows it: an uploaded file by its own name (and what follows
    it: ``:LINE``, ``#RECORD``), a URL as it is."""
    kept = _KEPT_UPLOAD.search(name)
    if kept is None or _URL.match(name):
        return name
    return kept.group(1)


def _job(store: Store, job_id: int) -> Job:
    try:
        return get_job(store, job_id)
    except JobError as error:
        raise ApiError(404, str(error)) from None


def _resumed(request: Request, store: Store, job_id: int) -> Job:
    _job(store, job_id)  # 404 before 409
    try:
        job = requeue_job(store, job_id)
    except JobError as error:
        raise ApiError(409, str(error)) from None
    _runner(request).wake()
    return job


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.job_runner
    return runner


def _uploads(values: Sequence[Any]) -> list[Upload]:
    return [
        (value.filename, value.file)
        for value in values
        if isinstance(value, UploadFile) and value.filename
    ]


def _lines(values: Sequence[Any]) -> list[str]:
    return [line.strip() for value in values for line in str(value).splitlines() if line.strip()]


def queued_job(
    request: Request,
    store: Store,
    who: str,
    group: bool,
    texts: Sequence[dict[str, Any]],
    uploads: Sequence[Upload],
    urls: Sequence[str],
) -> Job:
    """A job over what was given (text records, ``(file name, stream)`` uploads, URLs),
    queued; its uploads and texts kept in its folder.

    Raises:
        ApiError: 400 nothing given, or a URL that is not http(s).
    """
    if not (texts or uploads or urls):
        raise ApiError(400, "give at least one file, text or URL to ingest")
    bad = [url for url in urls if not _URL.match(url)]
    if bad:
        raise ApiError(400, "URLs must start with http:// or https://", {"urls": bad[:20]})
    settings: ServeSettings = request.app.state.settings
    job_id = create_job(store, who, group)
    folder = uploads_folder(settings.db_path, job_id)
    try:
        inputs = _kept(folder, texts, uploads)
    except OSError as error:
        drop_job(store, job_id)
        shutil.rmtree(folder, ignore_errors=True)
        reason = error.strerror or type(error).__name__
        raise ApiError(500, f"cannot keep the uploaded files in {folder} ({reason})") from None
    queue_job(store, job_id, [*inputs, *urls])
    _runner(request).wake()
    return get_job(store, job_id)


def _kept(
    folder: pathlib.Path, texts: Sequence[dict[str, Any]], uploads: Sequence[Upload]
) -> list[str]:
    """Write the uploads and texts into ``folder``; their paths, in the order given."""
    if not (texts or uploads):
        return []
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for number, (name, stream) in enumerate(uploads, start=1):
        path = folder / f"{number:03d}-{safe_file_name(name)}"
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, COPY_CHUNK)
        paths.append(str(path))
    if texts:
        path = folder / "texts.jsonl"
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in texts)
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(str(path))
    return paths
