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

Each tree is timed in new processes (``--ref COMMIT`` adds the source tree of an earlier
commit, unpacked with ``git archive``, timed in turn with this one under the same load).

Usage: python benchmarks/compare_latency.py [--runs N] [--ref COMMIT] [FILES...]
"""

from __future__ import annotations

# ruff: noqa: E402 - the BLAS threads are set as the command sets them, before numpy loads
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

from cli_startup import source_at

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = sorted((ROOT / "examples").glob("*.txt"))
WARM_GOAL_S = 0.2
COLD_GOAL_S = 3.0


def child_env(source: Path | None) -> dict[str, str]:
    """The environment of a timed process: offline, ``source`` (an ``src`` folder) first on
    the path when given."""
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return env


def cold_seconds(files: list[Path], source: Path | None = None) -> float:
    code = (
        "import sys; import storytrace.cli; from pathlib import Path; "
        "from storytrace import compare_paths; "
        "compare_paths([Path(p) for p in sys.argv[1:]])"
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], check=True, env=child_env(source)
    )
    return time.perf_counter() - start


def warm_seconds(files: list[Path], runs: int, source: Path | None = None) -> list[float]:
    """``runs`` warm comparisons in one new process (models loaded first, untimed)."""
    code = (
        "import sys, time, json; from pathlib import Path; "
        "from storytrace.threads import limit_blas_threads; limit_blas_threads(); "
        "from storytrace import compare_paths; "
        "files = [Path(p) for p in sys.argv[2:]]; compare_paths(files); times = []\n"
        "for _ in range(int(sys.argv[1])):\n"
        "    start = time.perf_counter(); compare_paths(files); "
        "times.append(time.perf_counter() - start)\n"
        "print(json.dumps(times))"
    )
    argv = [sys.executable, "-c", code, str(runs), *map(str, files)]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, env=child_env(source))
    return [float(t) for t in json.loads(done.stdout.splitlines()[-1])]


def difflib_seconds(files: list[Path]) -> float:
    words = [path.read_text(encoding="utf-8").split() for path in files]
    start = time.perf_counter()
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            SequenceMatcher(a=words[i], b=words[j], autojunk=False).get_matching_blocks()
    return time.perf_counter() - start


def measure(files: list[Path], runs: int, trees: dict[str, Path | None]) -> dict[str, list[float]]:
    """Median cold and warm seconds per tree, the trees' runs taken in turn so that each
    sees the same load."""
    cold: dict[str, list[float]] = {label: [] for label in trees}
    warm: dict[str, list[float]] = {label: [] for label in trees}
    for _ in range(runs):
        for label, source in trees.items():
            cold[label].append(cold_seconds(files, source))
    for label, source in trees.items():
        warm[label] = warm_seconds(files, runs, source)
    return {
        label: [statistics.median(cold[label]), statistics.median(warm[label])] for label in trees
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--ref", help="also time the source tree of this commit (before)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    files: list[Path] = args.files
    with tempfile.TemporaryDirectory() as folder:
        trees: dict[str, Path | None] = {"this tree": None}
        if args.ref:
            trees[args.ref[:10]] = source_at(args.ref, Path(folder))
        times = measure(files, args.runs, trees)
    baseline = statistics.median(difflib_seconds(files) for _ in range(args.runs))
    print(f"files: {', '.join(path.name for path in files)}; median of {args.runs} runs")
    print(f"BLAS threads (OPENBLAS_NUM_THREADS): {os.environ['OPENBLAS_NUM_THREADS']}")
    for label, (cold, warm) in times.items():
        print(label)
        print(f"  cold {cold:8.3f} s  goal {COLD_GOAL_S:.1f} s  to goal {cold / COLD_GOAL_S:.2f}")
        print(f"  warm {warm:8.3f} s  goal {WARM_GOAL_S:.1f} s  to goal {warm / WARM_GOAL_S:.2f}")
        print(f"  difflib word diff (baseline) {baseline:8.4f} s  warm / it {warm / baseline:.1f}x")
    if args.ref:
        (cold, warm), (old_cold, old_warm) = times["this tree"], times[args.ref[:10]]
        print(
            f"this tree / {args.ref[:10]}: cold {cold / old_cold:.2f}x, warm {warm / old_warm:.2f}x"
        )


if __name__ == "__main__":
    main()
