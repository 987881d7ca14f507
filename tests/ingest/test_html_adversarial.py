"""Huge and hostile HTML: refused by size before parsing, declarations read in linear time.

Issue 15, point 10: a 20 MB page cost minutes before it was refused, the article size limit
being checked only after extraction; point 5: the ``<meta>``, ``<time>`` and JSON-LD
patterns rescanned the page from every opening tag that never closed. Times are bounded as
a ratio to an ordinary page of the same size, measured in the same test (see
``tests/clean/test_adversarial_inputs.py`` for the method).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from conftest import over_budget
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.ingest.page_metadata import DECLARATION_SNIFF_CHARS, read_page_metadata
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.limits import DEFAULTS
from storytrace.store import Store

SIZE = DECLARATION_SNIFF_CHARS  # the most of a page that is searched for declarations
MAX_RATIO = 20
TRIES = 3

ARTICLE = (
    "<!doctype html><html lang='en'><head><title>Bridge</title></head><body><article>"
    "<h1>Council approves the bridge</h1>"
    + "<p>The council approved the new bridge over the river on Tuesday evening.</p>" * 5
    + "</article>"
)
NORMAL_FRAGMENT = (
    '<p>Words of the article.</p><meta name="twitter:card" content="summary">'
    '<time datetime="2024-03-05">5 March</time>\n'
)
HOSTILE_PAGES = {
    "meta tags never closed": "<meta " * (SIZE // 6),
    "time tags never closed": "<time " * (SIZE // 6),
    "script tags never closed": "<script " * (SIZE // 8),
    "JSON-LD scripts never ended": '<script type="application/ld+json">' * (SIZE // 35),
    "one attribute name a page long": "<meta " + "a" * (SIZE - 8) + ">",
    "one dotted attribute name a page long": "<meta " + "a." * (SIZE // 2 - 4) + ">",
}


def _declarations_seconds(page: str) -> float:
    start = time.perf_counter()
    read_page_metadata(page)
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def normal_seconds() -> float:
    """Reading the declarations of an ordinary page of the same size (best of three)."""
    page = NORMAL_FRAGMENT * (SIZE // len(NORMAL_FRAGMENT))
    return min(_declarations_seconds(page) for _ in range(3))


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM (POSIX)")
@pytest.mark.parametrize("page", HOSTILE_PAGES.values(), ids=HOSTILE_PAGES.keys())
def test_hostile_declarations_cost_at_most_twenty_times_an_ordinary_page(
    page: str, normal_seconds: float
) -> None:
    over = over_budget(
        lambda: _declarations_seconds(page), lambda: normal_seconds, MAX_RATIO, TRIES
    )
    if over is not None:
        pytest.fail(
            f"took over {MAX_RATIO} times the {over:.3f} s of an ordinary page, {TRIES} times"
        )


def test_json_ld_nested_past_the_recursion_limit_is_skipped_not_raised() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    page = (
        f'<script type="application/ld+json">{nested}</script>'
        '<meta property="og:site_name" content="Example News">'
    )
    declared = read_page_metadata(page)
    assert declared.outlet is not None and declared.outlet.value == "Example News"


def test_a_page_over_the_limit_is_refused_before_parsing() -> None:
    page = ARTICLE.encode() + b"<!--" + b"x" * 1_000 + b"-->"
    with pytest.raises(InputError) as refused:
        read_html(page, "big.html", max_bytes=1_000)
    assert refused.value.reason == "too_large"
    assert f"{len(page):,} bytes" in str(refused.value) and "1,000" in str(refused.value)
    assert "approved the new bridge" in read_html(page, "big.html", max_bytes=len(page)).text


def test_a_20_mb_page_is_quarantined_as_too_large(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    padding = 20 * 1024 * 1024 - len(ARTICLE)
    page.write_bytes(ARTICLE.encode() + b"<!--" + b"x" * padding + b"--></body></html>")
    assert page.stat().st_size > DEFAULTS.html_bytes
    with Store(tmp_path / "store.db") as store:
        summary = ingest(store, iter_inputs([str(page)]), workers=1)
        rows = store.db.execute("SELECT source, reason, detail FROM quarantine").fetchall()
    assert dict(summary.quarantined) == {"too_large": 1}
    assert [tuple(row)[:2] for row in rows] == [(str(page), "too_large")]
    assert f"the limit is {DEFAULTS.html_bytes:,}" in rows[0][2]
