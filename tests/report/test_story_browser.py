"""The story page (`storytrace show STORY --html`) in a real headless browser.

Built from a real store: the bundled examples ingested, grouped and the largest story (the
seeds' story, four articles in two languages) shown. Skips like the report's browser test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import opened_page, storytrace_cli

if TYPE_CHECKING:  # the browser tests skip where Playwright is missing
    from playwright.sync_api import Page

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def story_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("story")
    db = folder / "demo.db"
    inputs = [*EXAMPLES.glob("*.txt"), *(EXAMPLES / "corpus").glob("*.txt")]
    inputs += list((EXAMPLES / "corpus").glob("*.jsonl"))
    ingested = storytrace_cli("ingest", *inputs, "--db", db, "--quiet")
    assert ingested.returncode == 0, ingested.stderr
    listed = storytrace_cli("stories", "--db", db, "--json", "--limit", "1")
    assert listed.returncode == 0, listed.stderr
    largest = json.loads(listed.stdout)["stories"][0]
    assert largest["articles"] == 4
    page = folder / "story.html"
    shown = storytrace_cli("show", str(largest["id"]), "--db", db, "--html", page)
    assert shown.returncode == 0, shown.stderr
    return page


def test_story_page_draws_every_article_and_links_edges_to_their_evidence(
    story_page: Path,
) -> None:
    with opened_page(story_page) as opened:
        page = opened.page
        drawing = page.locator("svg").first
        frame = drawing.bounding_box()
        assert frame is not None
        nodes = drawing.locator("g.node")
        assert nodes.count() == 4
        boxes = [nodes.nth(i).locator("rect").bounding_box() for i in range(4)]
        for box in boxes:
            assert box is not None
            assert (
                frame["x"] <= box["x"]
                and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
            )
            assert (
                frame["y"] <= box["y"]
                and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
            )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a is not None and b is not None
                apart_x = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                apart_y = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
                assert apart_x or apart_y, "two articles drawn over each other"
        edges = drawing.locator("g.edge-group a")
        assert edges.count() >= 1
        for i in range(edges.count()):
            target = (edges.nth(i).get_attribute("href") or "").removeprefix("#")
            assert page.locator(f"[id='{target}']").count() == 1, target
        first = edges.first
        target = (first.get_attribute("href") or "").removeprefix("#")
        first.locator("text.edge-label").click()
        assert page.evaluate("location.hash") == f"#{target}"
        assert page.locator(f"[id='{target}']").is_visible()
        _reads_top_down(page)
    assert opened.requests == [story_page.as_uri()], "the page must load nothing but itself"
    assert opened.errors == []


def _reads_top_down(page: Page) -> None:
    """The summary is on the first screen; passages link to each other; quotations shown.

    Checked in the same browser session as the graph, to keep the test's cost small."""
    page.evaluate("window.scrollTo(0, 0)")
    summary = page.locator("#summary")
    box = summary.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert summary.is_visible() and box["y"] < viewport["height"] / 2, "summary above the fold"
    assert "Published first" in summary.inner_text()
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
            .map(a => a.getAttribute('href').slice(1))
            .filter(id => !document.getElementById(id))"""
    )
    assert dangling == []
    passage = page.locator("#texts a.passage").first
    other = (passage.get_attribute("href") or "").removeprefix("#")
    passage.click()
    assert page.evaluate("location.hash") == f"#{other}"
    assert page.locator(f"[id='{other}']").is_visible()
    assert page.locator("#quotes .quote-group").count() >= 1
