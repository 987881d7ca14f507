"""Wall time of ``storytrace --help`` and ``storytrace search --help``: what a person waits
for before the command line answers.

Each figure is the median of several fresh processes (``python -m storytrace ...``), given in
seconds and as a ratio to ``python -c pass`` (the interpreter's own start-up), for this source
tree and, with ``--ref``, for the source tree of an earlier commit (``git archive``, nothing in
the working tree changes): the before/after of a change. Goal for issue 14 (point 11): the help
and the commands that only read the store start without loading a model, in well under a
second.

Usage: python benchmarks/cli_startup.py [--runs N] [--ref GIT_REF]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (["--help"], ["search", "--help"])


def seconds(argv: list[str], runs: int, source: Path | None) -> float:
    """Median wall time of ``argv`` in fresh processes, with ``source`` first on the path."""
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def source_at(ref: str, into: Path) -> Path:
    """The ``src`` folder of commit ``ref``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def report(label: str, source: Path | None, runs: int, baseline: float) -> None:
    for command in COMMANDS:
        argv = [sys.executable, "-m", "storytrace", *command]
        wall = seconds(argv, runs, source)
        shown = "storytrace " + " ".join(command)
        print(f"{label:<10} {shown:<28} {wall:6.3f} s  {wall / baseline:5.1f}x python -c pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per figure (median)")
    parser.add_argument("--ref", help="also time the source tree of this commit (before)")
    args = parser.parse_args()
    baseline = seconds([sys.executable, "-c", "pass"], args.runs, None)
    print(f"{'baseline':<10} {'python -c pass':<28} {baseline:6.3f} s")
    if args.ref:
        with tempfile.TemporaryDirectory() as folder:
            report(f"{args.ref[:10]}", source_at(args.ref, Path(folder)), args.runs, baseline)
    report("now", ROOT / "src", args.runs, baseline)


if __name__ == "__main__":
    main()
