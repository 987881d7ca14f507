"""Wall time of the commands a person runs every day on a grown store: ``stories`` with
nothing new to group, ``show`` of its largest story, the ``quotes`` story list and
``quotes`` of that story, against ``--help``.

Each command runs in fresh processes (``python -m storytrace ...``): the first run may
compute what the store lacks (analyses, quotations, counts; for ``stories`` on a store an
older version grouped, the verbatim-reuse index once) and keep it; the figure is the median
of the runs after it (warm), given in seconds (wall, and the CPU time the process used)
and as a ratio to ``storytrace --help``.
With ``--ref``, the source tree of an earlier commit (``git archive``) is timed on the same
store too: the before/after of a change. Goal for issue 14 (point 11): every warm figure
under a second. Build the store first, e.g.::

    storytrace ingest --analyse --db big.db ../shared/data/realpages examples/corpus more.jsonl
    storytrace stories --db big.db

An older commit refuses a store of a newer schema: give it a copy of the store with
``--ref-db`` (where the newer schema only added columns, a copy whose ``PRAGMA
user_version`` is set back reads the same).

Usage: python benchmarks/daily_commands.py --db STORE [--runs N] [--ref GIT_REF [--ref-db COPY]]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cli_startup import ROOT, source_at


def largest_story(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        row = connection.execute(
            "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
    if row is None:
        sys.exit(f"{db}: no stories; run storytrace stories first")
    return int(row[0])


def commands(db: Path) -> list[list[str]]:
    story = str(largest_story(db))
    return [
        ["--help"],
        ["stories", "--db", str(db)],
        ["show", "story", story, "--db", str(db)],
        ["quotes", "--db", str(db)],
        ["quotes", "story", story, "--db", str(db)],
    ]


def timed(argv: list[str], source: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process with ``source`` first on the path.

    The CPU time (user and system) is what the command costs on a machine of its own; on a
    shared one the wall time also holds the waits for the processor."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(source))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(f"  exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def report(label: str, source: Path, db: Path, runs: int) -> None:
    help_time = None
    for command in commands(db):
        argv = [sys.executable, "-m", "storytrace", *command]
        first, _ = timed(argv, source)
        warm_runs = [timed(argv, source) for _ in range(runs)]
        warm = statistics.median(wall for wall, _ in warm_runs)
        cpu = statistics.median(cpu for _, cpu in warm_runs)
        help_time = help_time or warm
        shown = "storytrace " + " ".join(c for c in command if c != str(db) and c != "--db")
        print(
            f"{label:<10} {shown:<28} first {first:7.2f} s  warm {warm:7.2f} s "
            f"(CPU {cpu:5.2f} s)  {warm / help_time:6.1f}x --help"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store with stories")
    parser.add_argument("--runs", type=int, default=3, help="warm processes per figure")
    parser.add_argument("--ref", help="also time the source tree of this commit (before)")
    parser.add_argument("--ref-db", type=Path, help="the store for --ref (default: --db)")
    args = parser.parse_args()
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as connection:
        articles = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"{args.db}: {articles} articles, largest story {largest_story(args.db)}")
    report("now", ROOT / "src", args.db, args.runs)
    if args.ref:
        with tempfile.TemporaryDirectory() as folder:
            source = source_at(args.ref, Path(folder))
            report(args.ref[:10], source, args.ref_db or args.db, args.runs)


if __name__ == "__main__":
    main()
