"""``storytrace serve`` as a person runs it: it refuses an address others reach without a
token and a store that is not there, each in one line, and otherwise serves the store until
stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from conftest import storytrace_cli
from serve_support import SERVER_START_S, ServedStore, free_port


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


def test_serve_answers_until_stopped(served_store: ServedStore) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storytrace",
            "serve",
            "--db",
            str(served_store.db),
            "--port",
            str(port),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, HF_HUB_OFFLINE="1"),
    )
    try:
        answer = None
        deadline = time.monotonic() + SERVER_START_S
        while answer is None and time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/stories", timeout=5)
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None, "the server did not answer"
        assert answer.status_code == 200
        assert answer.json()["total"] >= 3
        page = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=True, timeout=5)
        assert "<h1>Stories</h1>" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, errors = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("serve did not stop on Ctrl-C")
    assert f"at http://127.0.0.1:{port}/" in errors
    assert "Traceback" not in errors
