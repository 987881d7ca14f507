from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from storytrace.model import Comparison
from storytrace.report import to_markdown


def test_markdown_has_sections(comparison: Comparison) -> None:
    text = to_markdown(comparison)
    for heading in (
        "# storytrace comparison",
        "## Articles",
        "## Matched passages",
        "#### Shared verbatim spans",
        "## Only here",
        "## Quotations",
        "## Rejected inputs",
    ):
        assert f"\n{heading}\n" in f"\n{text}"
    assert "- **Outlet:** Radio Habana Cuba" in text
    assert "- **Dateline:** Moscow, October 5 (RHC)" in text
    assert "<https://www.radiohc.cu/index.php/en/noticias/internacionales/143502>" in text
    assert "- **Source file:** examples/a2.txt" in text


def test_markdown_table_rows(comparison: Comparison) -> None:
    lines = to_markdown(comparison).splitlines()
    rows = [line for line in lines if line[:3] == "| s" and line[3].isdigit()]
    assert len(rows) == 2
    assert rows[1].endswith("| copied | 0.83 |")
    assert rows[1].count(" | ") == 3


def test_markdown_escapes_table_breakers(
    make_comparison: Callable[..., Comparison], seed_specs: tuple[Any, Any]
) -> None:
    gpa, rhc = seed_specs
    sentences = [gpa.sentences[0].replace("specifically", "a | b\nc <b>x</b>"), gpa.sentences[1]]
    comparison = make_comparison(gpa=dataclasses.replace(gpa, sentences=sentences), rhc=rhc)
    lines = to_markdown(comparison).splitlines()
    row = next(line for line in lines if line.startswith("| s0"))
    assert "a \\| b c \\<b\\>x\\</b\\>" in row
    assert row.endswith("| paraphrased | 0.71 |")
    assert "<b>" not in to_markdown(comparison)


def test_markdown_only_here_and_quotes(comparison: Comparison) -> None:
    text = to_markdown(comparison)
    assert "- s2: Russia has been a major backer" in text
    assert "### g0: Major General Igor Konashenkov" in text
    assert "(a1-q0, reference)" in text
    assert "(a2-q0, similarity 0.62)" in text
    assert "  - changed: “complete elimination” → “completing the defeat”" in text
    assert "  - dropped: “\\[our\\] American colleagues”" in text
