"""Latency of ``storytrace compare`` on the seed pair, cold and warm.

- cold: a new Python process that imports storytrace, loads the models and compares the
  pair (what a person waits for after typing the command);
- warm: the comparison alone, models already in memory (what a server or a batch pays per
  story).

Each is the median of several runs. For scale, the same run times a plain word-level
``difflib`` comparison of the two raw files, the baseline a person might otherwise use.
Goals for issue 2 on a 2-core machine: warm under 0.2 s, cold under 3 s.

Both run with the BLAS threads the ``storytrace`` command sets (``storytrace.threads``: one,
unless ``OPENBLAS_NUM_THREADS`` is set); run with ``OPENBLAS_NUM_THREADS=2`` to time two.

Usage: python benchmarks/compare_latency.py [--runs N] [FILES...]
"""

from __future__ import annotations

# ruff: noqa: E402 - the BLAS threads are set as the command sets them, before numpy loads
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import argparse
import os
import statistics
import subprocess
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = sorted((ROOT / "examples").glob("*.txt"))
WARM_GOAL_S = 0.2
COLD_GOAL_S = 3.0


def cold_seconds(files: list[Path]) -> float:
    code = (
        "import sys; import storytrace.cli; from pathlib import Path; "
        "from storytrace import compare_paths; "
        "compare_paths([Path(p) for p in sys.argv[1:]])"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True)
    return time.perf_counter() - start


def warm_seconds(files: list[Path]) -> float:
    from storytrace import compare_paths

    start = time.perf_counter()
    compare_paths(files)
    return time.perf_counter() - start


def difflib_seconds(files: list[Path]) -> float:
    words = [path.read_text(encoding="utf-8").split() for path in files]
    start = time.perf_counter()
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            SequenceMatcher(a=words[i], b=words[j], autojunk=False).get_matching_blocks()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    files: list[Path] = args.files
    cold = statistics.median(cold_seconds(files) for _ in range(args.runs))
    warm_seconds(files)  # load the models
    warm = statistics.median(warm_seconds(files) for _ in range(args.runs))
    baseline = statistics.median(difflib_seconds(files) for _ in range(args.runs))
    print(f"files: {', '.join(path.name for path in files)}; median of {args.runs} runs")
    print(f"BLAS threads (OPENBLAS_NUM_THREADS): {os.environ['OPENBLAS_NUM_THREADS']}")
    print(
        f"cold  {cold:8.3f} s   goal {COLD_GOAL_S:.1f} s   ratio to goal {cold / COLD_GOAL_S:.2f}"
    )
    print(
        f"warm  {warm:8.3f} s   goal {WARM_GOAL_S:.1f} s   ratio to goal {warm / WARM_GOAL_S:.2f}"
    )
    print(f"difflib word diff (baseline) {baseline:8.4f} s   warm/baseline {warm / baseline:.1f}x")


if __name__ == "__main__":
    main()
