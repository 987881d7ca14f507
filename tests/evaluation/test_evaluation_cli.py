"""``python -m storytrace.evaluation``: every section named, skipped clearly without its corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storytrace.evaluation.__main__ import SECTIONS


def run_evaluation(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storytrace.evaluation", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_data_folder_is_an_error(tmp_path: Path) -> None:
    result = run_evaluation(tmp_path / "nowhere")
    assert result.returncode == 2
    assert "nowhere not found" in result.stderr


def test_each_section_without_its_corpus_says_it_is_skipped(tmp_path: Path) -> None:
    result = run_evaluation(tmp_path)
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.strip().startswith("skipped:")]
    assert len(skipped) == len(SECTIONS), result.stdout
    assert all(str(tmp_path) in line for line in skipped)


def test_only_runs_the_sections_named(tmp_path: Path) -> None:
    result = run_evaluation(tmp_path, "--only", "msrp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("MSRP paraphrase pairs")
    assert result.stdout.count("skipped:") == 1
    assert run_evaluation(tmp_path, "--only", "nonsense").returncode == 2
