"""A store that cannot be written (read-only file, folder or disk; a full disk) ends
``ingest`` and ``stories`` with a one-line error naming the store and the cause, and exit
status 2, never a traceback; reading commands still read a read-only store."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import storytrace_cli
from storytrace.store import Store
from storytrace.store.db import store_failure
from storytrace.store.keep import keep

ARTICLES = [
    "The harbour authority said on Monday that the new ferry terminal will open in May. "
    "Officials expect the terminal to handle twice as many passengers as the old one.",
    "The city council voted on Tuesday to close the old library for repairs until autumn. "
    "The mayor said the roof had leaked for years and the shelves had to be moved.",
]


def write_articles(folder: Path, count: int, sentences: int = 2) -> Path:
    """``count`` different articles as text files in ``folder``."""
    folder.mkdir()
    for number in range(count):
        text = " ".join(
            f"{ARTICLES[(number + line) % 2]} Report {number}, part {line}."
            for line in range(sentences)
        )
        (folder / f"a{number:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def a_store(folder: Path) -> Path:
    """A store in ``folder`` holding two articles (not grouped into stories)."""
    folder.mkdir()
    db = folder / "s.db"
    made = storytrace_cli("ingest", write_articles(folder / "in", 2), "--db", db)
    assert made.returncode == 0, made.stderr
    return db


def writable(path: Path) -> bool:
    try:
        if path.is_dir():
            (path / "probe").touch()
            (path / "probe").unlink()
        else:
            with path.open("ab"):
                pass
    except OSError:
        return False
    return True


def immutable_attribute_set(path: Path) -> bool:
    return subprocess.run(["chattr", "+i", path], capture_output=True).returncode == 0


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """``paths`` made read-only: by permissions, or for root (whom they do not stop) by the
    immutable attribute; skips where neither stops writes."""
    modes = {path: path.stat().st_mode for path in paths}
    made_immutable: list[Path] = []
    try:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
            if writable(path) and shutil.which("chattr") and immutable_attribute_set(path):
                made_immutable.append(path)
            if writable(path):
                pytest.skip(f"cannot make {path} read-only here")
        yield
    finally:
        for path in reversed(made_immutable):
            subprocess.run(["chattr", "-i", path], check=True)
        for path, mode in modes.items():
            path.chmod(mode)


def delete_runs(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM runs")


def assert_one_line_store_error(result: subprocess.CompletedProcess[str], db: Path) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line.startswith(f"storytrace: error: {db}")
    return line


def test_store_failure_names_the_store_and_the_cause_and_leaves_bugs_alone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    read_only = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as refused:
        read_only.execute("INSERT INTO runs(started, command) VALUES ('now', 'test')")
    failure = store_failure(db, refused.value)
    assert failure is not None and str(failure).startswith(f"{db}: the store is read-only")
    with pytest.raises(sqlite3.IntegrityError) as bug:
        read_only.execute("CREATE TEMP TABLE t(x UNIQUE)")
        read_only.execute("INSERT INTO t VALUES (1), (1)")
    assert store_failure(db, bug.value) is None
    read_only.close()


def test_ingest_and_stories_into_a_read_only_store_file_exit_2_with_one_line(
    tmp_path: Path,
) -> None:
    db = a_store(tmp_path / "store")
    more = write_articles(tmp_path / "more", 1)
    with unwritable(db):
        ingested = storytrace_cli("ingest", more, "--db", db, "--workers", "1")
        grouped = storytrace_cli("stories", "--db", db)
    assert "the store is read-only" in assert_one_line_store_error(ingested, db)
    assert "the store is read-only" in assert_one_line_store_error(grouped, db)


def test_reading_commands_read_a_store_in_a_read_only_folder(tmp_path: Path) -> None:
    db = a_store(tmp_path / "store")
    with unwritable(db, db.parent):
        searched = storytrace_cli("search", "harbour", "--db", db)
        exported = storytrace_cli("export", "--format", "jsonl", "--db", db)
        listed = storytrace_cli("quarantine", "--db", db)
        with Store(db) as store:
            kept = keep(store, delete_runs)
            runs = store.db.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert searched.returncode == 0 and "harbour" in searched.stdout, searched.stderr
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 2
    assert listed.returncode == 0, listed.stderr
    assert (kept, runs) == (False, 1)  # a cache is not kept; nothing is changed


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB file system of its own (tmpfs); skips where it cannot be mounted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", disk], check=True)


def test_ingest_onto_a_full_disk_exits_2_with_one_line_and_keeps_the_store(
    tmp_path: Path, small_disk: Path
) -> None:
    db = small_disk / "s.db"
    articles = write_articles(tmp_path / "in", 300, sentences=12)
    full = storytrace_cli("ingest", articles, "--db", db, "--workers", "2")
    assert "the disk is full" in assert_one_line_store_error(full, db)
    with Store(db) as store:  # what was committed is intact and readable
        assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # a reading command's cache is not kept, and the write lock is let go
        assert keep(store, write_a_megabyte) is False
        assert not store.db.in_transaction


def write_a_megabyte(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO runs(started, command) VALUES ('now', ?)", ("x" * 2**20,))
