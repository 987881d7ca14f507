"""Ingest jobs through the API and the workspace: files, texts and URLs taken into the store
in the background, with progress and quarantine; the token; a server stopped mid-job
marks it interrupted, and resuming it loses nothing and adds nothing twice."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import SEEDS, opened_url
from serve_support import running_server, screenshot
from storytrace.serve import job_runner
from storytrace.serve.app import create_app
from storytrace.serve.job_runner import JobRunner
from storytrace.serve.reading import ServeSettings
from storytrace.store.db import Store
from storytrace.store.jobs import (
    create_job,
    end_job,
    get_job,
    interrupt_orphans,
    queue_job,
    record_process,
    start_job,
)
from storytrace.store.lock import run_lock

TOKEN = "desk:s3cret"
AUTH = {"Authorization": "Bearer s3cret"}
JOB_WAIT_S = 180  # the longest a job over the seeds may take (it loads the models)
TOO_SHORT = b"Four words only here."


@pytest.fixture
def empty_store(tmp_path: Path) -> Path:
    db = tmp_path / "desk.db"
    Store(db).close()
    return db


@pytest.fixture
def client(empty_store: Path) -> Iterator[TestClient]:
    app = create_app(ServeSettings(empty_store, token=TOKEN))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _files() -> list[tuple[str, tuple[str, bytes, str]]]:
    seeds = [("files", (seed.name, seed.read_bytes(), "text/plain")) for seed in SEEDS]
    return [*seeds, ("files", ("short.txt", TOO_SHORT, "text/plain"))]


def _ended(get: Any, job_id: int) -> dict[str, Any]:
    """The job once it has ended (polled for at most ``JOB_WAIT_S``)."""
    deadline = time.monotonic() + JOB_WAIT_S
    while time.monotonic() < deadline:
        job: dict[str, Any] = get(f"/api/v1/ingest/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return job
        time.sleep(0.5)
    pytest.fail(f"job {job_id} did not end within {JOB_WAIT_S} s: {job}")


def test_a_job_stores_groups_and_quarantines_and_a_rerun_adds_nothing(
    client: TestClient,
) -> None:
    refused = client.post("/api/v1/ingest", files=_files())
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    started = client.post(
        "/api/v1/ingest", files=_files(), data={"urls": "http://127.0.0.1/x"}, headers=AUTH
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    assert started.headers["location"] == f"/api/v1/ingest/{job_id}"
    assert started.json()["state"] in ("queued", "running")
    assert started.json()["inputs"] == [*(s.name for s in SEEDS), "short.txt", "http://127.0.0.1/x"]

    job = _ended(client.get, job_id)
    assert job["state"] == "done", job
    assert job["made_by"] == "desk" and job["error"] is None
    assert job["progress"]["ingest"]["stored"] == 2
    assert {(q["source"], q["reason"]) for q in job["quarantine"]} == {
        ("short.txt", "too_short"),
        ("http://127.0.0.1/x", "refused"),
    }
    stories = {article["story_id"] for article in job["articles"]}
    assert len(job["articles"]) == 2 and len(stories) == 1 and None not in stories
    assert job["progress"]["stories"]["opened"] == 1
    story = client.get(f"/api/v1/stories/{stories.pop()}").json()
    assert len(story["story"]["article_ids"]) == 2

    again = client.post(f"/api/v1/ingest/{job_id}/resume", headers=AUTH)
    assert again.status_code == 202 and again.json()["state"] in ("queued", "running")
    rerun = _ended(client.get, job_id)
    assert rerun["state"] == "done" and rerun["attempts"] == 2
    assert rerun["progress"]["ingest"]["stored"] == 0
    assert client.get("/api/v1/articles/3").status_code == 404  # still two articles
    listed = client.get("/api/v1/ingest").json()["jobs"]
    assert [j["id"] for j in listed] == [job_id]


def test_texts_sent_as_json_are_ingested_without_grouping(client: TestClient) -> None:
    texts = [{"text": seed.read_text(encoding="utf-8"), "outlet": "Desk"} for seed in SEEDS]
    started = client.post("/api/v1/ingest", json={"texts": texts, "group": False}, headers=AUTH)
    assert started.status_code == 202, started.text
    job = _ended(client.get, started.json()["id"])
    assert job["state"] == "done" and job["progress"]["ingest"]["stored"] == 2
    assert "stories" not in job["progress"]
    assert [a["story_id"] for a in job["articles"]] == [None, None]
    assert client.get(f"/api/v1/articles/{job['articles'][0]['id']}").json()["outlet"] == "Desk"


@pytest.mark.parametrize(
    ("request_", "status", "code"),
    [
        ({"json": {"urls": []}}, 400, "bad_request"),
        ({"json": {"urls": ["/etc/passwd"]}}, 400, "bad_request"),
        ({"json": {"urls": ["file:///etc/passwd"]}}, 400, "bad_request"),
        ({"json": {"texts": "not a list"}}, 422, "invalid_request"),
        ({"content": b"x", "headers": {"content-type": "text/plain"}}, 415, None),
    ],
)
def test_a_bad_job_request_is_refused_with_the_error_shape(
    client: TestClient, request_: dict[str, Any], status: int, code: str | None
) -> None:
    headers = {**AUTH, **request_.pop("headers", {})}
    answer = client.post("/api/v1/ingest", headers=headers, **request_)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == (code or "unsupported_media_type") and error["message"]
    assert client.get("/api/v1/ingest").json()["jobs"] == []  # no job was left behind


def test_an_unknown_job_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/ingest/99").json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/ingest/99/resume", headers=AUTH).status_code == 404


def test_a_server_stopped_mid_job_marks_it_interrupted_and_resuming_loses_nothing(
    empty_store: Path,
) -> None:
    app = create_app(ServeSettings(empty_store, token=TOKEN))
    with run_lock(empty_store, 0):  # as a `storytrace stories` run would hold the store
        with running_server(app) as url:
            started = httpx.post(f"{url}/api/v1/ingest", files=_files(), headers=AUTH)
            job_id = started.json()["id"]
            deadline = time.monotonic() + JOB_WAIT_S
            while (
                "waiting" not in (job := httpx.get(f"{url}/api/v1/ingest/{job_id}").json())["stage"]
            ):
                assert time.monotonic() < deadline, job
                time.sleep(0.2)
            assert job["state"] == "running"
            busy = httpx.post(f"{url}/api/v1/ingest/{job_id}/resume", headers=AUTH)
            assert busy.status_code == 409 and busy.json()["error"]["code"] == "conflict"
        with Store(empty_store) as store:
            stopped = get_job(store, job_id)
        assert stopped.state == "interrupted" and "server stopped" in (stopped.error or "")
    with running_server(create_app(ServeSettings(empty_store, token=TOKEN))) as url:
        assert httpx.get(f"{url}/api/v1/ingest/{job_id}").json()["state"] == "interrupted"
        resumed = httpx.post(f"{url}/api/v1/ingest/{job_id}/resume", headers=AUTH)
        assert resumed.status_code == 202
        job = _ended(lambda path: httpx.get(url + path), job_id)
    assert job["state"] == "done" and job["attempts"] == 2
    assert job["progress"]["ingest"]["stored"] == 2 and len(job["articles"]) == 2


def test_a_server_starting_marks_jobs_whose_process_is_gone_as_interrupted(
    empty_store: Path,
) -> None:
    with Store(empty_store) as store:
        gone, alive = create_job(store, "desk"), create_job(store, "desk")
        for job_id in (gone, alive):
            queue_job(store, job_id, ["https://example.org/a"])
            assert start_job(store, job_id)
        dead = subprocess.Popen(["true"])
        dead.wait()
        record_process(store, gone, dead.pid)
        with subprocess.Popen(["sleep", "30"]) as living:
            record_process(store, alive, living.pid)
            assert interrupt_orphans(store) == [gone]
            living.kill()
        assert get_job(store, gone).state == "interrupted"
        assert get_job(store, alive).state == "running"


def _end_and_linger(db: str, job_id: int) -> None:
    """A job process that records the job's end and then does not exit (as one whose
    worker never ends would)."""
    with Store(Path(db)) as store:
        end_job(store, job_id, "done")
    time.sleep(600)


def test_a_job_process_that_lingers_after_its_end_is_stopped(
    empty_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_runner, "STOP_GRACE_S", 1.0)
    monkeypatch.setattr(job_runner, "EXIT_POLL_S", 0.2)
    with Store(empty_store) as store:
        job_id = create_job(store, "desk")
        queue_job(store, job_id, ["https://example.org/a"])
        assert start_job(store, job_id)
    process = multiprocessing.get_context("fork").Process(
        target=_end_and_linger, args=(str(empty_store), job_id)
    )
    process.start()
    started = time.monotonic()
    JobRunner(empty_store)._join(process, job_id)
    assert not process.is_alive() and time.monotonic() - started < 60
    assert process.exitcode is not None and process.exitcode < 0  # stopped by a signal
    with Store(empty_store) as store:
        assert get_job(store, job_id).state == "done"


def test_the_ingest_page_uploads_files_and_shows_the_job_live(empty_store: Path) -> None:
    with (
        running_server(create_app(ServeSettings(empty_store))) as url,
        opened_url(f"{url}/ingest") as opened,
    ):
        page = opened.page
        assert page.get_by_text("No job yet.").is_visible()
        short = empty_store.parent / "short.txt"
        short.write_bytes(TOO_SHORT)
        page.set_input_files('input[name="files"]', [*map(str, SEEDS), str(short)])
        page.get_by_role("button", name="Ingest", exact=True).click()
        page.wait_for_url(f"{url}/ingest/1")
        ended = page.locator("#job-state").filter(has_text=re.compile("^(done|failed|interrupted)"))
        ended.wait_for(timeout=JOB_WAIT_S * 1000)  # the page follows the job, then reloads
        assert ended.inner_text() == "done", page.locator("main").inner_text()
        screenshot(page, "ingest")
        assert page.locator("#job-stored").inner_text() == "2"
        row = page.locator("#job-quarantine tr", has_text="short.txt")
        assert "too_short" in row.inner_text()
        stored = page.locator(".job-articles li")
        assert stored.count() == 2 and "story" in stored.first.inner_text()
        page.get_by_role("link", name="Ingest", exact=True).click()
        assert page.locator("table.jobs td.state-done").count() == 1
        assert not opened.errors, opened.errors


def test_a_new_comparison_can_also_take_its_texts_into_the_store(empty_store: Path) -> None:
    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS]
    with (
        running_server(create_app(ServeSettings(empty_store))) as url,
        opened_url(f"{url}/compare/new") as opened,
    ):
        page = opened.page
        page.get_by_label("Text 1", exact=True).fill(texts[0])
        page.get_by_label("Text 2", exact=True).fill(texts[1])
        page.get_by_label("Also take these into the store").check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_selector("#texts .column")
        page.locator("#kept-job a").click()
        page.wait_for_url(f"{url}/ingest/1")
        job = _ended(lambda path: httpx.get(url + path), 1)
        assert job["state"] == "done" and job["progress"]["ingest"]["stored"] == 2
        assert opened.errors == []


def test_readers_read_on_while_a_job_writes(client: TestClient) -> None:
    paragraphs = [p for seed in SEEDS for p in seed.read_text(encoding="utf-8").split("\n\n")]
    count = len(paragraphs)
    texts = [
        {"text": f"Report {n}. {paragraphs[n % count]} {paragraphs[(n + 3) % count]}"}
        for n in range(400)
    ]
    body = {"texts": texts, "group": False}  # the ingest alone: grouping 400 takes minutes
    started = client.post("/api/v1/ingest", json=body, headers=AUTH).json()
    answers = []
    deadline = time.monotonic() + JOB_WAIT_S
    while (job := client.get(f"/api/v1/ingest/{started['id']}").json())["state"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, job
        for path in ("/api/v1/stories", "/stories", "/api/v1/search?q=Konashenkov", "/ingest"):
            answers.append((path, client.get(path).status_code, job["stage"]))
    assert job["state"] == "done", job
    assert any(stage == "reading the inputs" for _, _, stage in answers)  # read while it wrote
    assert all(status == 200 for _, status, _ in answers), answers
