"""Shared fixtures. The models load once per test session (they are real, not mocked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SHARED_DATA = Path(
    os.environ.get("STORYTRACE_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data")
)


def shared_data(name: str) -> Path:
    """A folder of ../shared/data, or skip the test with a clear message where it is absent."""
    folder = SHARED_DATA / name
    if not folder.exists():
        pytest.skip(f"{folder} not found: the labelled corpora of ../shared/data are absent")
    return folder


@pytest.fixture(scope="session")
def seed_comparison():  # type: ignore[no-untyped-def]
    from storytrace import compare_paths

    return compare_paths(SEEDS)
