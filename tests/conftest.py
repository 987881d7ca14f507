"""Shared fixtures. The models load once per test session (they are real, not mocked)."""

from __future__ import annotations

# ruff: noqa: E402 - BLAS threads as the storytrace command sets them, before numpy loads
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import json
import os
import random
import shutil
import signal
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from storytrace.ingest.dedupe import content_hash
from storytrace.model import Article
from storytrace.store import Store
from storytrace.store.writes import Origin, insert_article, start_run

if TYPE_CHECKING:
    from storytrace.stories.similarity import Weighed

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
# The quality floors of tests/eval: figures on the labelled corpora must stay at or above them.
FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "eval" / "floors.json").read_text(encoding="utf-8")
)
SHARED_DATA = Path(
    os.environ.get("STORYTRACE_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data")
)


def shared_data(name: str) -> Path:
    """A folder of ../shared/data (or of $STORYTRACE_SHARED_DATA). Where it is absent the
    test skips with a clear message on a user's clone, and fails in CI (CI=true), where a
    quality gate that skips would pass without measuring anything."""
    folder = SHARED_DATA / name
    if not folder.is_dir():
        missing = (
            f"{folder} not found: the labelled corpora of ../shared/data are absent "
            "(set STORYTRACE_SHARED_DATA to their folder)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"quality gate cannot run in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    return folder


@pytest.fixture(scope="session")
def seed_comparison():  # type: ignore[no-untyped-def]
    from storytrace import compare_paths

    return compare_paths(SEEDS)


def storytrace_cli(
    *args: object, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m storytrace ARGS`` as a user would: a real process, text output."""
    return subprocess.run(
        [sys.executable, "-m", "storytrace", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=300,
    )


def invented_text(seed: int, words: int = 60) -> str:
    """A sentence of invented words, unique to its seed: two seeds share no five-word run,
    so texts built from it share only what a test puts in them."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vek", "dor", "pi", "nal", "us", "tre"]
    tokens = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(words)
    ]
    return " ".join(tokens) + "."


def weighed_together(articles: list[Article]) -> list[Weighed]:
    """Each article's grouping features, weighed against the document frequencies of
    ``articles`` together."""
    from storytrace.stories.features import story_features
    from storytrace.stories.similarity import DocumentFrequencies, Weighed

    features = story_features(articles)
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    return [Weighed.of(item, frequencies) for item in features]


def store_article(
    store: Store,
    run_id: int,
    text: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    language: str | None = "en",
    record_id: str | None = None,
) -> int:
    """Store one article the way ingest does (hash, provenance); returns its id."""
    article = Article(
        id="",
        source=source,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        language=language,
    )
    origin = Origin(source=source, record_id=record_id, format="text", encoding="utf-8")
    with store.transaction() as db:
        return insert_article(db, article, content_hash(text), b"", origin, run_id)


def store_dated_articles(store: Store, articles: list[tuple[str, str, str, str]]) -> list[int]:
    """Store ``(text, outlet, published, source)`` articles in one ingest run; their ids."""
    ingest = start_run(store, "ingest")
    return [
        store_article(store, ingest, text, source=source, outlet=outlet, published=published)
        for text, outlet, published, source in articles
    ]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: no background requests, no first-run work.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_or_skip() -> str:
    """Debian's chromium for Playwright; skips where it or Playwright is missing, except in
    CI (CI=true), where `make test` installs both and a missing browser is a failure."""
    missing = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed (pip install -e '.[dev]')"
    if CHROMIUM is None:
        missing = "chromium is not installed (apt-get install chromium)"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {missing}")
        pytest.skip(missing)
    assert CHROMIUM is not None
    return CHROMIUM


@dataclass
class OpenedPage:
    """A page open in the browser, with the URLs it requested and the errors it reported."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def opened_page(path: Path, width: int = 1280, height: int = 800) -> Iterator[OpenedPage]:
    """``path`` open in headless chromium (skipped as ``browser_or_skip`` says), its
    requests, script errors and console errors recorded."""
    with opened_url(path.as_uri(), width, height) as opened:
        yield opened


@contextmanager
def opened_url(url: str, width: int = 1280, height: int = 800) -> Iterator[OpenedPage]:
    """``url`` open in headless chromium, as ``opened_page`` opens a file."""
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            opened = OpenedPage(page)
            page.on("request", lambda request: opened.requests.append(request.url))
            page.on("pageerror", lambda error: opened.errors.append(str(error)))
            page.on(
                "console",
                lambda m: opened.errors.append(m.text) if m.type == "error" else None,
            )
            page.goto(url)
            yield opened
        finally:
            browser.close()


class _OverBudget(Exception):
    pass


@contextmanager
def _stopped_after(seconds: float) -> Iterator[None]:
    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def over_budget(
    work: Callable[[], object], baseline: Callable[[], float], ratio: float, tries: int
) -> float | None:
    """None when ``work`` ends within ``ratio`` times ``baseline()`` seconds in one of
    ``tries`` tries (stopped by SIGALRM past the budget; the baseline is measured again
    before each try, as the machine may have got busier); else the last baseline."""
    seconds = baseline()
    for _ in range(tries):
        try:
            with _stopped_after(ratio * seconds):
                work()
        except _OverBudget:
            seconds = max(seconds, baseline())
            continue
        return None
    return seconds


ServerT = TypeVar("ServerT", bound=socketserver.BaseServer)


def serving(running: ServerT) -> Iterator[ServerT]:
    """Serve ``running`` (on 127.0.0.1) from a thread while the caller holds it; for a
    fixture's ``yield from``. A short poll keeps the shutdown quick."""
    thread = threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(timeout=5)
