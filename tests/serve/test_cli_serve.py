"""``storytrace serve`` as a person runs it: it refuses an address others reach without a
token and a store that is not there, each in one line, and otherwise serves the store until
stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from conftest import SEEDS, storytrace_cli
from serve_support import SERVER_START_S, ServedStore, free_port
from storytrace.serve.duty import BackgroundDuty


def test_an_outside_address_without_a_token_is_refused(served_store: ServedStore) -> None:
    result = storytrace_cli("serve", "--db", served_store.db, "--host", "0.0.0.0")
    assert result.returncode == 2
    assert "refusing to serve on 0.0.0.0 without a token" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_store_is_refused(tmp_path: object) -> None:
    result = storytrace_cli("serve", "--db", f"{tmp_path}/none.db")
    assert result.returncode == 2
    assert "no store at" in result.stderr
    assert "Traceback" not in result.stderr


@dataclass
class _Served:
    """A ``storytrace serve`` process started by a test; ``errors`` is its standard error,
    read once it has stopped."""

    process: subprocess.Popen[str]
    url: str
    errors: str = ""

    def first_answer(self) -> httpx.Response | None:
        """The first answer to the story list (None: none within ``SERVER_START_S``, or
        the server ended)."""
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                return httpx.get(f"{self.url}/api/v1/stories", timeout=5)
            except httpx.TransportError:
                time.sleep(0.1)
        return None


@contextmanager
def _served(db: Path, *options: str, stop_s: float) -> Iterator[_Served]:
    """``storytrace serve --db DB --port PORT OPTIONS``, stopped with Ctrl-C on leaving
    (a failure if it does not stop within ``stop_s``)."""
    port = free_port()
    command = [sys.executable, "-m", "storytrace", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(
        [*command, *options],
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, HF_HUB_OFFLINE="1"),
    )
    served = _Served(process, f"http://127.0.0.1:{port}")
    try:
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, served.errors = process.communicate(timeout=stop_s)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"serve {' '.join(options)} did not stop on Ctrl-C")


def test_serve_answers_until_stopped(served_store: ServedStore) -> None:
    with _served(served_store.db, stop_s=15) as served:
        answer = served.first_answer()
        assert answer is not None, "the server did not answer"
        assert answer.status_code == 200
        assert answer.json()["total"] >= 3
        page = httpx.get(f"{served.url}/", follow_redirects=True, timeout=5)
        assert "<h1>Stories</h1>" in page.text
    assert f"at {served.url}/" in served.errors
    assert "Traceback" not in served.errors


def test_only_one_server_process_of_a_store_takes_the_background_duty(tmp_path: Path) -> None:
    db = tmp_path / "duty.db"
    first, second = BackgroundDuty(db), BackgroundDuty(db)
    assert first.take() and not second.take()
    first.release()
    assert second.take()
    second.release()


def test_several_processes_answer_and_one_runs_the_jobs(
    served_store: ServedStore, tmp_path: Path
) -> None:
    db = served_store.copy_to(tmp_path / "processes.db")
    with _served(db, "--processes", "2", "--no-prepare", stop_s=30) as served:
        served.first_answer()
        url = served.url
        answers = [httpx.get(f"{url}/stories", timeout=30).status_code for _ in range(20)]
        assert answers == [200] * 20
        text = {"text": SEEDS[0].read_text(encoding="utf-8").replace("Daesh", "the group")}
        job = httpx.post(f"{url}/api/v1/ingest", json={"texts": [text], "group": False}).json()
        deadline = time.monotonic() + 120
        while (state := httpx.get(f"{url}/api/v1/ingest/{job['id']}").json())["state"] in (
            "queued",
            "running",
        ):
            assert time.monotonic() < deadline, state
            time.sleep(0.5)
        assert state["state"] == "done" and state["progress"]["ingest"]["stored"] == 1
    assert "Traceback" not in served.errors, served.errors
