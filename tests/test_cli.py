"""The command line as a user runs it: a real subprocess, real files, real models."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS, storytrace_cli

run = storytrace_cli


def test_compare_writes_all_three_reports(tmp_path: Path) -> None:
    html, md, js = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.json"
    result = run("compare", *SEEDS, "--html", html, "--md", md, "--json", js)
    assert result.returncode == 0, result.stderr
    assert "Radio Habana Cuba" in result.stdout  # the terminal summary
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Konashenkov" in page and "<script src" not in page and "<link" not in page
    assert "Konashenkov" in md.read_text(encoding="utf-8")
    document = json.loads(js.read_text(encoding="utf-8"))
    assert len(document["articles"]) == 2 and document["pairs"][0]["sentence_matches"]


def test_bad_files_are_named_and_the_rest_still_compared(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    junk = tmp_path / "junk.md"
    junk.write_text("Related: Something else\n\n<https://example.org/x>\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run("compare", *SEEDS, empty, binary, junk, missing, "--quiet")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    for path in (empty, binary, junk, missing):
        assert any(str(path) in line for line in lines), (path, result.stderr)
    assert len(lines) == 4


def test_fewer_than_two_usable_articles_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("compare", SEEDS[0], empty)
    assert result.returncode == 2
    assert "at least two usable articles" in result.stderr
    assert str(empty) in result.stderr


def test_help_describes_compare() -> None:
    result = run("compare", "--help")
    assert result.returncode == 0
    for option in ("--html", "--md", "--json", "--quiet"):
        assert option in result.stdout


def test_json_to_standard_output_and_unwritable_report(tmp_path: Path) -> None:
    result = run("compare", *SEEDS, "--json", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"][0]["id"] == "a1"
    target = tmp_path / "no-such-folder" / "report.html"
    result = run("compare", *SEEDS, "--html", target)
    assert result.returncode == 2
    assert f"cannot write {target}" in result.stderr
    assert "Traceback" not in result.stderr
