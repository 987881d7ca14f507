"""The limits that protect the machine: parsed from --limit, in force in every reader and
worker, and a time limit per input that ends in a quarantine row instead of a hang."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import storytrace_cli
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.ingest.jsonl import parse_json
from storytrace.limits import (
    DEFAULTS,
    LIMIT_NAMES,
    MIB,
    limits,
    parse_limits,
    settings_text,
    time_limit,
    using,
)

PARAGRAPH = (
    "<p>The council said on Tuesday that the new bridge over the river would cost more than "
    "expected after engineers found damage to the old piers, and the mayor asked ministers "
    "for help while residents complained about the traffic.</p>\n"
)


def _slow_page(path: Path) -> Path:
    """An HTML article big enough that trafilatura needs well over a second for it."""
    body = "".join(PARAGRAPH.replace("river", f"river {n}") for n in range(6000))
    path.write_text(f"<html><head><title>Bridge</title></head><body>{body}</body></html>")
    return path


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_settings_parse_with_units_and_keep_the_other_defaults() -> None:
    chosen = parse_limits(("html-size=20MiB", "file-size=2M", "seconds=0.5", "json-depth=8"))
    assert chosen.html_bytes == 20 * MIB
    assert chosen.file_bytes == 2_000_000
    assert chosen.seconds == 0.5
    assert chosen.json_depth == 8
    assert chosen.article_chars == DEFAULTS.article_chars
    assert parse_limits(("download-size=1024",)).download_bytes == 1024
    assert parse_limits(("seconds=0",)).seconds == 0


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("html=5", "NAME one of file-size"),
        ("html-size", "expected NAME=VALUE"),
        ("html-size=lots", "expected a size"),
        ("json-depth=-1", "expected a positive number"),
        ("seconds=soon", "expected a number"),
        ("json-depth=0", "expected a positive number"),
    ],
)
def test_bad_settings_are_refused_naming_them(setting: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as raised:
        parse_limits((setting,))
    assert repr(setting) in str(raised.value)


def test_the_limits_in_force_reach_the_readers() -> None:
    page = f"<html><body>{PARAGRAPH * 20}</body></html>".encode()
    assert read_html(page, "page.html").text
    with using(parse_limits(("html-size=1k",))):
        assert limits().html_bytes == 1000
        with pytest.raises(InputError) as raised:
            read_html(page, "page.html")
        assert raised.value.reason == "too_large"
        assert "the limit is 1,000" in str(raised.value)
        refused = parse_json('{"a": {"b": {"c": 1}}}', max_depth=None)
        assert not isinstance(refused, InputError)
    with using(parse_limits(("json-depth=2",))):
        refused = parse_json('{"a": {"b": {"c": 1}}}')
        assert isinstance(refused, InputError) and refused.reason == "too_complex"
    assert limits() == DEFAULTS


def test_a_block_over_its_time_is_refused_as_too_complex() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as raised, time_limit("slow.html", 0.2):
        _spin(5)
    assert time.monotonic() - started < 2
    assert raised.value.source == "slow.html"
    assert raised.value.reason == "too_complex"
    assert "not read within 0.2 s" in str(raised.value)
    with time_limit("quick.html", 0.5):
        _spin(0.01)
    _spin(0.6)  # no alarm is left behind to fire later


def test_an_earlier_alarm_of_the_caller_is_kept() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with time_limit("a.txt", 0.1):  # sooner: it governs the block, then the caller's
            _spin(0.01)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining < 0.5
        _spin(0.6)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_ingest_takes_limits_to_its_workers(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _slow_page(tmp_path / "in" / "slow.html")
    (tmp_path / "in" / "short.html").write_text(
        f"<html><body>{PARAGRAPH * 3}</body></html>", encoding="utf-8"
    )
    deep = {"text": "A record nested deeper than the chosen limit.", "x": {"y": {"z": [1]}}}
    (tmp_path / "in" / "records.jsonl").write_text(json.dumps(deep) + "\n", encoding="utf-8")
    db = tmp_path / "st.db"
    started = time.monotonic()
    done = storytrace_cli(
        "ingest", tmp_path / "in", "--db", db, "--workers", "2",
        "--limit", "seconds=0.3", "--limit", "json-depth=3",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - started < 60
    rows = dict(
        (Path(source).name, (reason, detail))
        for source, reason, detail in sqlite3.connect(db).execute(
            "SELECT source, reason, detail FROM quarantine"
        )
    )
    assert rows["slow.html"][0] == "too_complex"
    assert "not read within 0.3 s" in rows["slow.html"][1]
    assert rows["records.jsonl:1"] == ("too_complex", "nested deeper than 3 levels")
    assert "short.html" not in rows
    assert "too_complex" in done.stdout


def test_a_bad_limit_ends_the_command_before_it_starts(tmp_path: Path) -> None:
    done = storytrace_cli("ingest", tmp_path, "--db", tmp_path / "st.db", "--limit", "size=1")
    assert done.returncode == 2
    assert "Invalid value for '--limit'" in done.stderr
    assert "file-size" in done.stderr
    assert not (tmp_path / "st.db").exists()


def test_compare_skips_an_input_over_its_time(tmp_path: Path) -> None:
    slow = _slow_page(tmp_path / "slow.html")
    done = storytrace_cli("compare", slow, slow, "--limit", "seconds=0.3")
    assert done.returncode == 2
    assert "slow.html: beyond a limit that protects the machine" in done.stderr
    assert "not read within 0.3 s" in done.stderr


def test_the_readme_lists_every_limit_with_its_default() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (\S+) \|", readme, re.M)
    listed = {name: value for name, value in rows if name in LIMIT_NAMES}
    assert list(listed) == list(LIMIT_NAMES)
    assert parse_limits(tuple(f"{name}={value}" for name, value in listed.items())) == DEFAULTS
    assert parse_limits(tuple(settings_text(DEFAULTS).split(", "))) == DEFAULTS
