"""passim (``../shared/peers/passim``), the reference text-reuse tool, as a method of the reuse
benchmarks (``reuse_corpus.py``, ``reuse_wire.py``).

Every article is written as its own series (passim compares only articles of different
series), so all pairs are compared, as for the other methods. ``run_passim`` runs
``run_passim.sh`` (spark-submit in local mode, with the venv's pyspark) and then
``passim_extract.py``, and reads the aligned passages back as ``[a, b, a_start, a_end,
b_start, b_end]`` (article positions and character spans, either order). Costs: wall seconds
of the whole spark-submit run (JVM start included); CPU seconds of the processes reaped or,
where more, the summed last samples of its process tree (Spark's Python workers are not all
reaped); peak RSS as the sum over its process tree, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PASSIM = Path(__file__).resolve().parents[2] / "shared" / "peers" / "passim"
SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class PassimSettings:
    """How to run passim: the venv with pyspark, Spark's cores, extra passim options."""

    venv: Path
    cores: int = 2
    extra: tuple[str, ...] = ()


def write_corpus(texts: Sequence[str], path: Path) -> None:
    """passim's input: one JSON object a line, ``id`` and ``series`` both ``d`` and the
    article's position in six digits (the ids the other methods read too)."""
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            name = f"d{number:06d}"
            handle.write(json.dumps({"id": name, "series": name, "text": text}) + "\n")


def default_venv() -> Path:
    return Path(os.environ.get("PASSIM_VENV", PASSIM / "venv-passim"))


def add_passim_options(parser: argparse.ArgumentParser) -> None:
    """``--no-passim``, ``--passim-venv``, ``--passim-cores`` and ``--passim-args``."""
    parser.add_argument("--no-passim", action="store_true", help="skip passim")
    parser.add_argument(
        "--passim-venv",
        type=Path,
        help="venv with pyspark for passim (default $PASSIM_VENV, else "
        "../shared/peers/passim/venv-passim); passim is skipped with one line when it or "
        "Java is missing",
    )
    parser.add_argument(
        "--passim-cores", type=int, default=2, help="CORES for passim's Spark (default 2)"
    )
    parser.add_argument(
        "--passim-args",
        default="",
        help='extra passim options, quoted, e.g. "-n 20 -m 3" (default: passim\'s own: '
        "25-character n-grams, 5 matching n-grams a pair)",
    )


def passim_settings(args: argparse.Namespace) -> PassimSettings | None:
    """How to run passim (``add_passim_options``), or None, with a line saying why, where it
    is off or cannot run."""
    if args.no_passim:
        return None
    venv = args.passim_venv or default_venv()
    why = passim_missing(venv)
    if why:
        print(f"passim skipped: {why}")
        return None
    return PassimSettings(venv, args.passim_cores, tuple(shlex.split(args.passim_args)))


def passim_missing(venv: Path) -> str | None:
    """Why passim cannot run here, or None."""
    if shutil.which("java") is None:
        return "java not found on PATH (passim needs Java 17)"
    if not (venv / "bin" / "spark-submit").exists():
        return f"{venv}/bin/spark-submit not found (make the venv: see {PASSIM}/README.md)"
    if not (PASSIM / "run_passim.sh").exists():
        return f"{PASSIM}/run_passim.sh not found"
    return None


def _tree_sample(group: int, cpu_ticks: dict[int, int]) -> int:
    """The summed RSS (KB) of the processes of one process group; each one's CPU ticks so far
    (user and system) are recorded in ``cpu_ticks``."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
                cpu_ticks[int(status.parent.name)] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total


def read_passages(out: Path, python: Path) -> list[list[int]]:
    """passim's aligned passages in ``out`` (its ``align.json`` parts), through
    ``passim_extract.py`` run with ``python``: ``[a, b, a_start, a_end, b_start, b_end]``."""
    subprocess.run([str(python), str(PASSIM / "passim_extract.py"), str(out)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    passages = []
    with (out / "spans.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            passages.append(
                [int(r["a"][1:]), int(r["b"][1:]), r["a_begin"], r["a_end"], r["b_begin"],
                 r["b_end"]]
            )  # fmt: skip
    return passages


def run_passim(
    corpus_path: Path, out: Path, venv: Path, cores: int, extra: list[str]
) -> dict[str, Any]:
    """passim on the corpus (run_passim.sh with ``extra`` arguments, then
    passim_extract.py): passages and costs."""
    environment = {**os.environ, "VENV": str(venv), "CORES": str(cores)}
    log = out.with_suffix(".log")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [str(PASSIM / "run_passim.sh"), str(corpus_path), str(out), *extra],
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        peak = [0]
        cpu_ticks: dict[int, int] = {}

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_sample(process.pid, cpu_ticks))
                time.sleep(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        sampler.join()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code:
        raise RuntimeError(f"passim failed (exit {code}); its log: {log}")
    passages = read_passages(out, venv / "bin" / "python")
    # CPU: of the processes reaped (the JVM and what it waited for) or, where more, the sum of
    # the last sample of every process of the tree (Spark's Python workers are not all reaped).
    reaped = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    sampled = sum(cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")
    return {
        "seconds": elapsed,
        "cpu_seconds": max(reaped, sampled),
        "cpu_seconds_reaped": reaped,
        "cpu_seconds_sampled": sampled,
        "peak_rss_kb": peak[0],
        "passages": passages,
    }


def earlier_first(passages: list[list[int]]) -> list[list[int]]:
    """passim's passages in the order of the other methods' output in ``reuse_corpus``:
    ``[earlier, later, earlier_start, earlier_end, later_start, later_end, 0, 0]`` (passim
    orders a pair by the hash of its series, not by position; words and score unused)."""
    out = []
    for a, b, a_start, a_end, b_start, b_end in (p[:6] for p in passages):
        if a == b:
            continue
        if a < b:
            out.append([a, b, a_start, a_end, b_start, b_end, 0, 0])
        else:
            out.append([b, a, b_start, b_end, a_start, a_end, 0, 0])
    return out
