"""The largest input classes through `storytrace ingest`: time and peak memory.

Generates, in a temporary folder, one input per class (issue 15, "huge input"):

- ``baseline``: a 1.5 MB JSONL file (about 1,000 articles), the yardstick;
- ``jsonl``: a 150 MB JSONL file (about 100,000 articles of ordinary prose, the words
  drawn at random from a vocabulary of real news text, so that no two are duplicates);
- ``html``: a 20 MB HTML page (one article of many paragraphs: a single page that big is
  refused as ``too_large`` before it is parsed, see ``storytrace.ingest.html``);
- ``line``: a 5 MB plain-text file that is one line (refused as ``too_large`` after
  cleaning, past ``Limits.article_chars``; what is measured is that cleaning it is linear).

Each is ingested into a fresh store by ``python -m storytrace ingest FILE --quiet`` in a
new process. Printed per class: the outcome (stored, quarantined by reason), seconds,
seconds per MB net of start-up (a one-article ingest, timed first) against the
baseline's (about 1 means linear time; below 1, faster per MB), and the peak resident
memory of the ingest process and its workers (``ru_maxrss`` from ``resource`` for that
child alone, as ``os.wait4`` gives it: ``RUSAGE_CHILDREN`` of a process that ran only
it) against the baseline's. Goal: linear time, memory bounded by the largest single
article, not by the input. Linux carries ``ru_maxrss`` across ``fork``, so the inputs are
written a line at a time and this process stays small.

Usage: python benchmarks/large_inputs.py [--scale 0.01] [--workers 1] [--only jsonl html]
(``--scale`` multiplies every size, the baseline's too, for a quick run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "text"
MB = 1_000_000
# Sizes in MB before --scale.
SIZES = {"baseline": 1.5, "jsonl": 150.0, "html": 20.0, "line": 5.0}
ARTICLE_WORDS = (180, 300)
FALLBACK_TEXT = (
    "the council said on tuesday that its plan for the new bridge over the river would cost "
    "more than expected after engineers found damage to the old piers and the mayor asked "
    "ministers for help while residents in the harbour district complained about traffic "
    "delays school buses and the closure of the market street for three more months"
)


@dataclass
class Outcome:
    name: str
    megabytes: float
    seconds: float
    peak_mb: float
    stored: int
    quarantined: dict[str, int]
    exit_status: int


def vocabulary() -> list[str]:
    """Words of real news text (PolNeAR, when ../shared is there), else a short list."""
    words: set[str] = set()
    if VOCABULARY_TEXTS.is_dir():
        for path in sorted(VOCABULARY_TEXTS.glob("*.txt"))[:200]:
            words.update(re.findall(r"[A-Za-z][a-z]{2,}", path.read_text(encoding="utf-8")))
    return sorted(words) if len(words) > 1000 else sorted(set(FALLBACK_TEXT.split(" ")))


def sentences(rng: random.Random, words: list[str]) -> Iterator[str]:
    """An endless run of sentences of 8 to 20 random words."""
    while True:
        chosen = rng.choices(words, k=rng.randint(8, 20))
        yield " ".join(chosen).capitalize() + "."


def article(rng: random.Random, words: list[str]) -> str:
    prose = sentences(rng, words)
    paragraphs = []
    left = rng.randint(*ARTICLE_WORDS)
    while left > 0:
        paragraph = " ".join(next(prose) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        left -= paragraph.count(" ") + 1
    return "\n\n".join(paragraphs)


def write_jsonl(path: Path, megabytes: float, rng: random.Random, words: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        number = 0
        while handle.tell() < megabytes * MB:
            number += 1
            text = article(rng, words)
            record = {"text": text, "title": f"Report {number}", "outlet": f"outlet{number % 97}"}
            handle.write(json.dumps(record) + "\n")


def write_html(path: Path, megabytes: float, rng: random.Random, words: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<!DOCTYPE html><html><head><title>Long report</title></head><body>")
        handle.write("<article><h1>Long report</h1>")
        write_paragraphs(handle, megabytes, rng, words, "<p>{}</p>\n")
        handle.write("</article></body></html>\n")


def write_line(path: Path, megabytes: float, rng: random.Random, words: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        write_paragraphs(handle, megabytes, rng, words, "{} ")
        handle.write("\n")


def write_paragraphs(
    handle: TextIO, megabytes: float, rng: random.Random, words: list[str], template: str
) -> None:
    prose = sentences(rng, words)
    while handle.tell() < megabytes * MB:
        handle.write(template.format(" ".join(next(prose) for _ in range(4))))


WRITERS = {
    "baseline": (write_jsonl, "baseline.jsonl"),
    "jsonl": (write_jsonl, "large.jsonl"),
    "html": (write_html, "large.html"),
    "line": (write_line, "one-line.txt"),
}


def measure(name: str, path: Path, folder: Path, workers: int) -> Outcome:
    """Ingest ``path`` into a fresh store in a new process: time, peak memory, outcome."""
    db = folder / f"{name}.db"
    command = [sys.executable, "-m", "storytrace", "ingest", str(path), "--db", str(db)]
    command += ["--quiet", "--workers", str(workers)]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    started = time.monotonic()
    process = subprocess.Popen(command, env=environment, cwd=folder)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = connection.execute("SELECT reason, count(*) FROM quarantine GROUP BY reason")
        quarantined = dict(rows.fetchall())
    return Outcome(
        name=name,
        megabytes=path.stat().st_size / MB,
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,  # kB on Linux
        stored=stored,
        quarantined=quarantined,
        exit_status=process.returncode,
    )


def report(outcomes: list[Outcome], startup: Outcome) -> str:
    """One line per outcome; time net of ``startup`` (a one-article ingest) per MB."""
    baseline = outcomes[0]
    per_mb = net_seconds(baseline, startup) / baseline.megabytes
    lines = [
        f"{'input':10s}{'MB':>9s}{'seconds':>10s}{'net s/MB':>10s}{'vs base':>9s}"
        f"{'peak MB':>9s}{'vs base':>9s}{'exit':>6s}  outcome"
    ]
    for outcome in outcomes:
        seconds_per_mb = net_seconds(outcome, startup) / outcome.megabytes
        reasons = sorted(outcome.quarantined.items())
        quarantined = ", ".join(f"{reason} {n}" for reason, n in reasons)
        lines.append(
            f"{outcome.name:10s}{outcome.megabytes:9.2f}{outcome.seconds:10.1f}"
            f"{seconds_per_mb:10.3f}{seconds_per_mb / per_mb:9.2f}"
            f"{outcome.peak_mb:9.0f}{outcome.peak_mb / baseline.peak_mb:9.2f}"
            f"{outcome.exit_status:6d}  stored {outcome.stored}"
            + (f"; quarantined {quarantined}" if quarantined else "")
        )
    return "\n".join(lines)


def net_seconds(outcome: Outcome, startup: Outcome) -> float:
    """Seconds past the cost of starting an ingest at all (imports, a new store)."""
    return max(outcome.seconds - startup.seconds, 1e-3)


def measure_startup(folder: Path, words: list[str], workers: int) -> Outcome:
    path = folder / "one.jsonl"
    rng = random.Random("startup")
    path.write_text(json.dumps({"text": article(rng, words)}) + "\n", encoding="utf-8")
    return measure("startup", path, folder, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--workers", type=int, default=1, help="ingest worker processes")
    parser.add_argument(
        "--only", nargs="+", choices=[n for n in SIZES if n != "baseline"], default=None
    )
    arguments = parser.parse_args()
    names = ["baseline", *(arguments.only or [n for n in SIZES if n != "baseline"])]
    words = vocabulary()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="storytrace-large-") as temporary:
        folder = Path(temporary)
        startup = measure_startup(folder, words, arguments.workers)
        print(f"start-up (one article): {startup.seconds:.1f} s, {startup.peak_mb:.0f} MB")
        for name in names:
            write, file_name = WRITERS[name]
            path = folder / file_name
            write(path, SIZES[name] * arguments.scale, random.Random(name), words)
            outcomes.append(measure(name, path, folder, arguments.workers))
            path.unlink()
            print(report(outcomes, startup).splitlines()[-1], flush=True)
    print()
    print(report(outcomes, startup))


if __name__ == "__main__":
    main()
