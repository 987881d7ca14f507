"""The quality gate's floors file: every floor is checked by a test, every checked floor exists.

The figures themselves are checked in the ``test_eval_*.py`` and ``test_quote_*.py`` files
beside this one, each on its corpus; a floor no test reads would pass without measuring.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FLOORS

GATE = Path(__file__).parent
_READ = re.compile(r"""FLOORS\[\s*["']([a-z0-9_]+)["']\s*\]""")
_NAMED = re.compile(r"""["']([a-z0-9_]+)["']""")


def _gate_sources() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for path in GATE.glob("test_*.py")
        if path.name != Path(__file__).name
    ]


def test_every_floor_is_checked_by_a_test() -> None:
    named = {name for source in _gate_sources() for name in _NAMED.findall(source)}
    unread = set(FLOORS) - {"_comment"} - named
    assert not unread, f"floors no test names: {sorted(unread)}"


def test_every_checked_floor_is_in_the_file() -> None:
    read = {name for source in _gate_sources() for name in _READ.findall(source)}
    missing = read - set(FLOORS)
    assert not missing, f"floors read by tests but absent from floors.json: {sorted(missing)}"


def test_floors_are_shares() -> None:
    for name, value in FLOORS.items():
        if name != "_comment":
            assert 0.0 <= value <= 1.0, name
