"""What a first input loads before its time limit starts: plain text and Markdown files
never load the HTML extractor, which costs a cold ``compare`` of two text files about 0.4 s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS
from storytrace.compare import compare_paths
from storytrace.ingest import warm_up
from storytrace.ingest.html import read_html
from storytrace.ingest.sources import InputUnit, iter_inputs


def _unit(name: str, kind: str = "file") -> InputUnit:
    return InputUnit(name, kind, None, None, lambda: iter(()))


@pytest.mark.parametrize(
    ("unit", "html"),
    [
        (_unit("a.txt"), False),
        (_unit("notes/b.MD"), False),
        (_unit("c.markdown"), False),
        (_unit("d.html"), True),
        (_unit("e.jsonl"), True),  # a record may carry a page
        (_unit("f"), True),  # no suffix: sniffed, may be HTML
        (_unit("crawl.warc.gz", "warc"), True),
        (_unit("https://example.org/a.txt", "url"), True),
        (_unit("<stdin>", "stdin"), True),
    ],
)
def test_which_inputs_may_hold_html(unit: InputUnit, html: bool) -> None:
    assert warm_up.may_hold_html(unit) is html


def test_comparing_text_files_warms_up_no_html_extractor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pages: list[str] = []

    def recorded(data: bytes, source: str) -> Any:
        pages.append(source)
        return read_html(data, source)

    monkeypatch.setattr(warm_up, "read_html", recorded)
    warm_up._warm_up_html.cache_clear()
    compare_paths(SEEDS)
    assert pages == []
    page = tmp_path / "seed.html"
    text = SEEDS[1].read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page.write_text(f"<html><head><title>Seed</title></head><body>{body}</body></html>")
    assert [unit.kind for unit in iter_inputs([str(page)])] == ["file"]
    compare_paths([SEEDS[0], page])
    assert pages == ["warm-up.html"]
