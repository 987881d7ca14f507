"""Two storytrace runs on one store: the second waits its turn, or says clearly why not.

Real processes on a real store: a helper process takes the store's run lock (or SQLite's
write lock) and holds it while a real `storytrace` command runs against the same file.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEEDS, storytrace_cli
from storytrace.store import Store
from storytrace.store.lock import StoreBusyError, lock_path, run_lock

WAITING = "another storytrace run holds the store"
COMMAND = (sys.executable, "-m", "storytrace")
# Holds the run lock of the store named by argv[1] until a line arrives on its standard
# input or argv[2] seconds pass, saying when it has it and, as it lets go, whether the
# store file existed then.
HOLDER = """
import os, select, sys
from storytrace.store.lock import run_lock
with run_lock(sys.argv[1], wait_s=0):
    print("held", flush=True)
    select.select([sys.stdin], [], [], float(sys.argv[2]))
    print("store file while held:", os.path.exists(sys.argv[1]), flush=True)
"""
# Makes the store named by argv[1] and holds SQLite's write lock on it until a line arrives
# on its standard input or argv[2] seconds pass, as a process outside storytrace (a sqlite3
# shell, a script) may.
SQLITE_HOLDER = """
import select, sqlite3, sys
from storytrace.store import Store
Store(sys.argv[1]).close()
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


@contextmanager
def lock_held_by_another_process(
    db: Path, seconds: float, script: str = HOLDER
) -> Iterator[subprocess.Popen[str]]:
    """A separate process holding ``db``'s run lock (or what ``script`` takes) for
    ``seconds``, killed at the end."""
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


def stored_counts(db: Path) -> tuple[int, int]:
    """(articles, runs) in the store at ``db``."""
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        runs = connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    return int(articles), int(runs)


def ingest_once_it_waits(
    db: Path, holder: subprocess.Popen[str], waiting: str
) -> tuple[int, str, str]:
    """Run ``storytrace ingest`` on ``db`` while ``holder`` holds it; once the command says
    ``waiting`` on standard error (or ends without saying it), let the holder go. Returns
    (exit status, standard output, standard error)."""
    command = subprocess.Popen(
        [*COMMAND, "ingest", str(SEEDS[0]), "--db", str(db), "--wait", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert command.stderr is not None and holder.stdin is not None
    said = []
    for line in command.stderr:  # ends when the command closes its standard error
        said.append(line)
        if waiting in line:
            break
    holder.stdin.write("release\n")
    holder.stdin.flush()
    out, rest = command.communicate(timeout=120)
    return command.returncode, out, "".join(said) + rest


def test_a_second_ingest_waits_for_the_run_holding_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with lock_held_by_another_process(db, seconds=60) as holder:
        status, out, err = ingest_once_it_waits(db, holder, WAITING)
        assert holder.stdout is not None
        # the waiting ingest did not even create the store while the holder had it
        assert holder.stdout.readline().strip() == "store file while held: False"
    assert status == 0, err
    assert f"{WAITING} {db}; waiting" in err
    assert "stored            1" in out


def test_ingest_waits_for_a_process_outside_storytrace_writing_to_the_store(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    with lock_held_by_another_process(db, seconds=60, script=SQLITE_HOLDER) as holder:
        status, out, err = ingest_once_it_waits(db, holder, "another process is writing")
    assert status == 0, err
    assert f"another process is writing to {db}; waiting (up to 60 s" in err
    assert "Traceback" not in err and "stored            1" in out


def test_a_store_held_past_wait_is_a_one_line_error_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert storytrace_cli("ingest", SEEDS[0], "--db", db, "-q").returncode == 0
    before = stored_counts(db)
    with lock_held_by_another_process(db, seconds=60):
        ingest = storytrace_cli("ingest", SEEDS[1], "--db", db, "--wait", 0.5)
        stories = storytrace_cli("stories", "--db", db, "--wait", 0)
    for result in (ingest, stories):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        error_lines = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(error_lines) == 1, result.stderr
        assert str(db) in error_lines[0] and "still holds the store" in error_lines[0]
    assert stored_counts(db) == before
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == 0


def test_two_stories_runs_at_once_group_each_article_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert storytrace_cli("ingest", *SEEDS, "--db", db, "-q").returncode == 0
    command = [sys.executable, "-m", "storytrace", "stories", "--db", str(db), "--wait", "120"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    first_lines = sorted(stdout.splitlines()[0] for stdout, _ in outputs)
    assert first_lines[0].startswith(f"grouped {len(SEEDS)} new articles")
    assert first_lines[1].startswith("nothing new since the last run")
    with sqlite3.connect(db) as connection:
        grouped = connection.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0]
    assert grouped == len(SEEDS)


def test_stories_on_a_missing_store_creates_no_lock_file(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    result = storytrace_cli("stories", "--db", db)
    assert result.returncode == 2 and "no store at" in result.stderr
    assert not db.exists() and not lock_path(db).exists()


def test_the_lock_of_a_killed_run_is_free_at_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with lock_held_by_another_process(db, seconds=60) as holder:
        with pytest.raises(StoreBusyError, match="still holds the store"), run_lock(db, wait_s=0):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        with run_lock(db, wait_s=0):
            pass


def test_run_lock_tells_a_waiting_run_once_and_times_out(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    told: list[str] = []
    with run_lock(db, wait_s=0):
        started = time.monotonic()
        with (
            pytest.raises(StoreBusyError, match=r"after waiting 0\.3 s"),
            run_lock(db, wait_s=0.3, on_wait=lambda: told.append("waiting")),
        ):
            pass
        assert 0.3 <= time.monotonic() - started < 5
    assert told == ["waiting"]
    with run_lock(db, wait_s=0):  # released when its block ended
        pass


def test_a_transaction_past_sqlites_busy_timeout_is_a_store_busy_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write lock, as sqlite3 takes it
    try:
        with (
            Store(db, busy_timeout_ms=100) as store,
            pytest.raises(StoreBusyError, match=r"write lock for more than 0\.1 s"),
            store.transaction() as connection,
        ):
            connection.execute("INSERT INTO runs(started, command) VALUES ('x', 'y')")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(db) as store:
        assert store.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_a_transaction_that_waits_for_sqlites_lock_says_so_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, other.execute, ("ROLLBACK",))
    told: list[str] = []
    with Store(db, busy_timeout_ms=20_000, on_busy=lambda: told.append("busy")) as store:
        release.start()
        for command in ("first", "second"):
            with store.transaction() as connection:
                connection.execute("INSERT INTO runs(started, command) VALUES ('x', ?)", (command,))
        release.join()
        assert store.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
    other.close()
    assert told == ["busy"]
