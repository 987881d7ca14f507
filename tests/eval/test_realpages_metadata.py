"""Metadata on real saved pages (benchmarks/realpages_metadata.py): title, publication day
and minute, and language on the 20 pages the newspaper4k maintainers checked; on all 140,
how many outlets are declared and how few look like junk. Figures stay at or above
tests/eval/floors.json. Reads every page once (about 30 s: trafilatura's extraction)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FLOORS, shared_data

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from realpages_metadata import figures, looks_like_junk_outlet

KEYS = (
    "realpages_metadata_title",
    "realpages_metadata_day",
    "realpages_metadata_minute",
    "realpages_metadata_language",
    "realpages_metadata_outlet_declared",
    "realpages_metadata_outlet_not_suspicious",
)


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    return figures(shared_data("realpages"))


@pytest.mark.parametrize("key", KEYS)
def test_realpages_metadata_floor(measured: dict[str, float], key: str) -> None:
    print(key, measured[key])
    assert measured[key] >= FLOORS[key]


def test_the_junk_check_catches_what_issue_14_saw() -> None:
    for junk in ("Ad", "© Spox 2022", "Reklama", "Gesamt", "Start", "Jan"):
        assert looks_like_junk_outlet(junk), junk
    assert looks_like_junk_outlet("CDC, Chicago Department of Public Health")
    assert looks_like_junk_outlet("Quelle der Polizeimeldung: Kapo BE")
    assert not looks_like_junk_outlet("Radio Habana Cuba")
