"""The HTML report in a real headless browser (Debian's chromium driven by Playwright).

Where chromium or Playwright is missing the test skips with a message, except in CI
(CI=true), where `make test` installs both and a missing browser is a failure.
"""

from __future__ import annotations

from pathlib import Path

from conftest import opened_page
from storytrace.model import Comparison
from storytrace.report import to_html


def test_report_works_offline_and_links_counterparts(
    seed_comparison: Comparison, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    report.write_text(to_html(seed_comparison), encoding="utf-8")
    with opened_page(report) as opened:
        page = opened.page
        quote_sentence = page.locator("a.sentence[data-counterparts]", has_text="main obstacle")
        source = quote_sentence.first
        counterpart_ids = (source.get_attribute("data-counterparts") or "").split()
        assert counterpart_ids
        source.click()
        for counterpart in counterpart_ids:
            classes = page.locator(f"#{counterpart}").get_attribute("class") or ""
            assert "hl" in classes.split(), (counterpart, classes)
        assert "Konashenkov" in page.locator("body").inner_text()
    assert opened.requests == [report.as_uri()], "the report must load nothing but itself"
    assert opened.errors == []


def test_quote_variants_stand_side_by_side_with_marked_changes(
    seed_comparison: Comparison, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    report.write_text(to_html(seed_comparison), encoding="utf-8")
    with opened_page(report, width=1400, height=900) as opened:
        group = opened.page.locator("#quotes .quote-group", has_text="main obstacle").first
        assert "Konashenkov" in group.locator("h3").inner_text()
        figures = group.locator("figure.variant")
        assert figures.count() == 2
        boxes = [figures.nth(i).bounding_box() for i in range(2)]
        assert boxes[0] is not None and boxes[1] is not None
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]
        # the seeds carry no publication time: no variant is claimed to be first
        assert group.locator(".first-mark").count() == 0
        assert "GPA" in figures.nth(0).locator("figcaption").inner_text()
        marked = figures.nth(1).locator("blockquote del, blockquote ins")
        assert marked.count() > 0 and marked.first.is_visible()
        dropped = figures.nth(1).locator("blockquote del").first
        style = dropped.evaluate("el => getComputedStyle(el).textDecorationLine")
        assert "line-through" in style
