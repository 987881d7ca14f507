"""A store of the demo articles grouped into stories, with two articles whose metadata and
text carry script payloads, served as ``storytrace serve`` serves it."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, SEEDS, storytrace_cli

EXAMPLES = FIXTURES.parents[1] / "examples"
PAYLOADS = (
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    "</script><script>window.__pwned = 4</script>",
    '"><a href="javascript:window.__pwned = 5">click</a>',
)
SERVER_START_S = 20  # the longest the server may take to answer its first request
# Where the browser tests save screenshots of the pages they open, when set (README's come
# from here: STORYTRACE_SCREENSHOTS=docs/screenshots pytest tests/serve/test_serve_browser.py
# tests/serve/test_serve_ingest.py).
SCREENSHOTS = os.environ.get("STORYTRACE_SCREENSHOTS")


@dataclass(frozen=True)
class ServedStore:
    db: Path
    seeds_story: int  # the story of the two seed articles
    hostile_story: int  # the story of the two articles with payloads
    hostile_article: int

    def copy_to(self, copy: Path) -> Path:
        """A copy of the served store at ``copy``, for a test that changes it."""
        with sqlite3.connect(self.db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        return copy


def _hostile_records() -> list[dict[str, str]]:
    text = SEEDS[0].read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    records = []
    for number in (1, 2):
        body = [*paragraphs[:3], " ".join(PAYLOADS), *paragraphs[3:]]
        records.append(
            {
                "title": f"Payload report {number} {PAYLOADS[0]}",
                "outlet": f"Hostile {number} {PAYLOADS[1]}",
                "url": "javascript:window.__pwned=6"
                if number == 1
                else f"https://example.org/{number}",
                "text": "\n\n".join(body).replace("Daesh", "Daesh" if number == 1 else "ISIS"),
            }
        )
    return records


@pytest.fixture(scope="session")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> ServedStore:
    folder = tmp_path_factory.mktemp("served")
    db = folder / "served.db"
    hostile = folder / "hostile.jsonl"
    hostile.write_text(
        "".join(json.dumps(record) + "\n" for record in _hostile_records()), encoding="utf-8"
    )
    inputs = [*SEEDS, *sorted((EXAMPLES / "corpus").glob("*")), hostile]
    ingested = storytrace_cli("ingest", *inputs, "--db", db, "-q")
    assert ingested.returncode in (0, 1), ingested.stderr
    grouped = storytrace_cli("stories", "--db", db, "-q")
    assert grouped.returncode == 0, grouped.stderr
    listed = json.loads(storytrace_cli("search", "Payload report", "--db", db, "--json").stdout)
    hostile_ids = {hit["story_id"] for hit in listed}
    assert len(listed) == 2 and len(hostile_ids) == 1 and None not in hostile_ids, listed
    seeds = json.loads(storytrace_cli("search", "Flirting", "--db", db, "--json").stdout)
    seeds_ids = {hit["story_id"] for hit in seeds if hit["title"].startswith("Russia")}
    assert len(seeds_ids) == 1, seeds
    return ServedStore(db, seeds_ids.pop(), hostile_ids.pop(), int(listed[0]["id"]))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def served_url(served_store: ServedStore) -> Iterator[str]:
    """The store served by uvicorn on a free loopback port, from a thread."""
    from storytrace.serve.app import create_app
    from storytrace.serve.reading import ServeSettings

    with running_server(create_app(ServeSettings(served_store.db))) as url:
        yield url


@contextmanager
def running_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, from a thread; its URL."""
    import httpx
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail(f"the server did not start within {SERVER_START_S} s")
        time.sleep(0.05)
    assert httpx.get(f"{url}/api/v1/stories", timeout=10).status_code == 200
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def screenshot(page: Any, name: str) -> None:
    """Save what ``page`` shows as ``NAME.png`` in ``SCREENSHOTS``, where that is set."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=False)
