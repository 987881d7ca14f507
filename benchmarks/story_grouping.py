"""Story grouping at scale: ``StoryGrouper.add_batch`` on 1,000 and 4,000 real articles.

The corpus is real news text from ../shared/data/ (``--data``), one article per distinct
text: the SemEval-2022 Task 8 articles (ten languages; an article is named by its half of
the pair id and appears in several pairs, truncated differently, so its longest text is
kept), PolNeAR (title and date from ``metadata.tsv``), the Propaganda Techniques Corpus,
BASIL (title and date) and ECB+ (as ``storytrace.evaluation.ecbplus.load_ecbplus`` reads
it: detokenised, dated by its date line). Texts under ``MIN_CHARS`` characters are dropped
(SemEval rows cut to a line, one-line ECB+ documents), then repeated texts (whitespace
folded). EUvsDisinfo and CheckThat! hold claims, not articles, and are left out. The
articles are shuffled (``--seed``) and each size takes the first N, so the smaller corpora
lie inside the larger; each corpus is grouped in publication order (undated first).

Measured, in one run:

1. Features: ``story_features`` (the sentence encoder on each lead, words and names) on the
   largest corpus, in pieces (the first size, then the articles each larger size adds), so
   that each size's cost is the sum of its pieces: a feature depends on its article alone.
   The encoder's model is loaded before the clock starts (its load time is printed). The
   features are computed once and reused by everything below; they are not grouping.
2. Scaling: ``StoryGrouper().add_batch(features)`` on each size, in a fresh process per
   size (the features are handed over in a pickle, read before the clock starts),
   ``--repeat`` times with a new grouper each time, the median kept. Printed: seconds (and
   CPU seconds: the machine may be shared), articles per second, the time per article
   against the smallest size's (near 1.0 when the grouping grows linearly with the
   corpus), the peak resident set size of that process (``VmHWM``, not ``ru_maxrss``,
   which a child inherits from its parent on Linux) beside its resident set just before
   grouping (interpreter, imports and the features), and the stories made.
3. Batch against one at a time, on the smallest size's features: ``StoryGrouper().add(f)``
   for each article in turn (what feeding a corpus one article per run costs), in a fresh
   process, once; its time per article against ``add_batch``'s, the time per article of
   its first and last quarter (``add`` does more work as the stories it joins grow), and
   the stories each made.
4. A later run, on the largest size's features: its first three quarters grouped in one
   run (untimed), then its last quarter added as a second run (timed, once, in a fresh
   process). Each new article's stored neighbours are profiled again, so a run into a
   grouped corpus costs more per article than the same articles grouped in one run; the
   ratio is printed.
5. Quality, on ECB+ (772 documents, each topic two events of one kind; gold: the
   ``subtopic``): same-event B³ and pairwise F1 (``cluster_scores``) of the documents
   grouped in one batch, in ``RUNS`` consecutive batches and one at a time, each in the
   orders shuffled with ``storytrace.evaluation.ecbplus.SHUFFLE_SEEDS`` (every seed for
   ``RUNS`` runs, the first for one at a time) and in publication order (undated first),
   which follows the labels in ECB+ (a date line marks the ``ecbplus`` half of each topic)
   and is printed under its own name. Features of ECB+ documents in the corpus are reused;
   the others are computed (that time is printed on its own). Skipped, with a message,
   when ``ecbplus/`` is missing.

No goal is set here. The grouping constants were chosen on ECB+, so its figures are tuning
figures; ``python -m storytrace.evaluation`` prints them labelled, with the cross-validated
one, and ``benchmarks/grouping_constants.py`` sweeps each constant.

Usage: python benchmarks/story_grouping.py [--sizes 1000,4000] [--sizes 1000,4000,all]
       [--data DIR] [--repeat 3] [--seed 2024]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytrace.evaluation.clustering import ClusterScores, cluster_scores
from storytrace.evaluation.ecbplus import (
    SHUFFLE_SEEDS,
    group_in_runs,
    load_ecbplus,
    publication_order,
    shuffled_order,
)
from storytrace.model import Article
from storytrace.nlp.embeddings import embed
from storytrace.stories import StoryFeatures, StoryGrouper, grouping, similarity, story_features

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEFAULT_SIZES = "1000,4000"
SEED = 2024
# Shorter texts are SemEval rows cut to a line and one-line ECB+ documents, not articles.
MIN_CHARS = 200
# Batches the ECB+ documents are split into for the "several runs" grouping.
RUNS = 4


# ---------------------------------------------------------------------------------------
# The corpus


@dataclass(frozen=True)
class Pool:
    articles: list[Article]
    sources: Counter[str]  # articles kept per corpus
    languages: Counter[str]
    short: int  # texts dropped as shorter than MIN_CHARS
    repeated: int  # texts dropped as repeats of a kept one
    missing: list[str]  # corpora not found under the data folder


def load_polnear(data: Path) -> list[Article]:
    with (data / "polnear/metadata.tsv").open(encoding="utf-8") as handle:
        metadata = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    articles = []
    for path in sorted((data / "polnear/text").glob("*.txt")):
        row = metadata.get(path.stem, {})
        articles.append(
            Article(
                id=f"polnear:{path.stem}",
                source=str(path),
                text=path.read_text(encoding="utf-8"),
                title=row.get("title"),
                published=row.get("publication_date"),
                language="en",
            )
        )
    return articles


def load_ptc(data: Path) -> list[Article]:
    return [
        Article(
            id=f"ptc:{path.stem}",
            source=str(path),
            text=path.read_text(encoding="utf-8"),
            language="en",
        )
        for path in sorted((data / "ptc/train-articles").glob("*.txt"))
    ]


def load_basil(data: Path) -> list[Article]:
    articles = []
    path = data / "basil/docs.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            articles.append(
                Article(
                    id=f"basil:{doc['doc_id']}",
                    source=f"{path}:{doc['doc_id']}",
                    text=doc["text"],
                    title=doc["title"],
                    published=doc["date"],
                    language="en",
                )
            )
    return articles


def load_semeval(data: Path) -> list[Article]:
    """One article per half of a pair id, with the longest of its (truncated) texts."""
    path = data / "semeval2022_task8/training_set.csv"
    longest: dict[str, tuple[str, str]] = {}  # article -> (language, text)
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side, name in zip(("1", "2"), row["pair_id"].split("_"), strict=True):
                text = row[f"text{side}"]
                if name not in longest or len(text) > len(longest[name][1]):
                    longest[name] = (row[f"lang{side}"], text)
    return [
        Article(id=f"semeval:{name}", source=f"{path}:{name}", text=text, language=language)
        for name, (language, text) in sorted(longest.items())
    ]


def load_ecb(data: Path) -> list[Article]:
    return [document.article for document in load_ecbplus(data / "ecbplus/docs.jsonl")]


LOADERS: dict[str, Callable[[Path], list[Article]]] = {
    "semeval2022_task8": load_semeval,
    "polnear": load_polnear,
    "ptc": load_ptc,
    "basil": load_basil,
    "ecbplus": load_ecb,
}


def load_pool(data: Path) -> Pool:
    """The distinct real articles of every corpus found, in a fixed order."""
    articles: list[Article] = []
    sources: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    seen: set[str] = set()
    short = repeated = 0
    missing = []
    for name, loader in LOADERS.items():
        if not (data / name).is_dir():
            missing.append(name)
            continue
        for article in loader(data):
            folded = " ".join(article.text.split())
            if len(folded) < MIN_CHARS:
                short += 1
            elif folded in seen:
                repeated += 1
            else:
                seen.add(folded)
                articles.append(article)
                sources[name] += 1
                languages[article.language or "?"] += 1
    return Pool(articles, sources, languages, short, repeated, missing)


def parse_sizes(text: str, available: int) -> list[int]:
    """Sorted distinct sizes from "1000,4000,all"; raises ValueError naming the valid range."""
    sizes = set()
    for part in (p.strip() for p in text.split(",")):
        size = available if part == "all" else int(part) if part.isdigit() else 0
        if not 1 <= size <= available:
            raise ValueError(
                f"--sizes: {part!r} is not 'all' or an article count from 1 to {available} "
                "(the distinct articles the data holds)"
            )
        sizes.add(size)
    return sorted(sizes)


def in_publication_order(features: Sequence[StoryFeatures]) -> list[StoryFeatures]:
    """Sorted by day (undated first), ties in their given order, as ECB+ is grouped."""
    return sorted(features, key=lambda f: f.day.isoformat() if f.day else "")


# ---------------------------------------------------------------------------------------
# Timed grouping, each in a fresh process


def memory_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process, in MB.

    Not ``getrusage``'s ``ru_maxrss``: Linux carries it across ``exec``, so a child process
    would report the parent's resident set (encoder and all features) as its own peak.
    Where /proc is missing, ``ru_maxrss`` is the fallback (kB on Linux, bytes on macOS).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    maximum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maximum / (1024 * 1024 if sys.platform == "darwin" else 1024)


def child(mode: str, features_path: Path, size: int, repeat: int) -> dict[str, Any]:
    """Group the first ``size`` features of the pickle: one batch, one at a time, or (mode
    "grown") the last quarter as one run into the first three quarters grouped before, which
    is untimed."""
    with features_path.open("rb") as handle:
        features: list[StoryFeatures] = pickle.load(handle)[:size]
    rss_before = memory_mb("VmRSS")
    seconds, cpu_seconds, quarters = [], [], []
    stories = 0
    for _ in range(repeat):
        grouper = StoryGrouper()
        stored = size - size // 4
        if mode == "grown":
            grouper.add_batch(features[:stored])
        start, cpu_start = time.perf_counter(), time.process_time()
        if mode == "batch":
            grouper.add_batch(features)
        elif mode == "grown":
            grouper.add_batch(features[stored:])
        else:
            marks = [start]
            for i, item in enumerate(features, 1):
                grouper.add(item)
                if i in (size // 4, size - size // 4):
                    marks.append(time.perf_counter())
            quarters = [
                (marks[1] - marks[0]) / max(size // 4, 1),
                (time.perf_counter() - marks[-1]) / max(size // 4, 1),
            ]
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
        stories = len(grouper.stories)
    return {
        "seconds": statistics.median(seconds),
        "cpu_seconds": statistics.median(cpu_seconds),
        "quarters": quarters,
        "stories": stories,
        "rss_before_mb": rss_before,
        "rss_peak_mb": memory_mb("VmHWM"),
    }


def run_child(mode: str, features_path: Path, size: int, repeat: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(features_path), str(size), str(repeat)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the {mode} run on {size} articles failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------------------------------
# The parts of the run


def timed_features(articles: Sequence[Article]) -> tuple[list[StoryFeatures], float, float]:
    """Features of ``articles``, with the wall and CPU seconds they took."""
    start, cpu_start = time.perf_counter(), time.process_time()
    features = story_features(articles)
    return features, time.perf_counter() - start, time.process_time() - cpu_start


def measure_features(
    articles: list[Article], sizes: list[int]
) -> tuple[list[StoryFeatures], dict[int, float]]:
    """Features of the first ``max(sizes)`` articles, and the seconds each size cost."""
    start = time.perf_counter()
    embed(["warm up the encoder"])
    print(f"encoder model loaded in {time.perf_counter() - start:.1f} s (not counted below)")
    print("features (story_features, encoder included; computed once, not grouping):")
    features: list[StoryFeatures] = []
    cumulative: dict[int, float] = {}
    total = 0.0
    for low, high in zip([0, *sizes], sizes, strict=False):
        piece, seconds, cpu_seconds = timed_features(articles[low:high])
        features += piece
        total += seconds
        cumulative[high] = total
        print(
            f"  articles {low + 1:>5}-{high:<5} {seconds:7.1f} s (CPU {cpu_seconds:6.1f} s) "
            f"{(high - low) / seconds:7.1f} articles/s; first {high}: {total:.1f} s"
        )
    return features, cumulative


def print_scaling(results: dict[int, dict[str, Any]], features_s: dict[int, float]) -> None:
    smallest, largest = min(results), max(results)
    print(
        "\nadd_batch on the first N articles (fresh process per size, median of the repeats);\n"
        f"  per article: time per article / that of {smallest} articles, wall and CPU:"
    )
    print(
        f"  {'articles':>8} {'seconds':>8} {'CPU s':>7} {'art/s':>6} {'per article':>12} "
        f"{'peak RSS MB':>11} {'(before)':>8} {'stories':>7} {'features s':>10}"
    )
    wall = results[smallest]["seconds"] / smallest
    cpu = results[smallest]["cpu_seconds"] / smallest
    for size, result in sorted(results.items()):
        seconds, cpu_seconds = result["seconds"], result["cpu_seconds"]
        print(
            f"  {size:>8} {seconds:>8.2f} {cpu_seconds:>7.2f} {size / seconds:>6.0f} "
            f"{seconds / size / wall:>5.2f} {cpu_seconds / size / cpu:>5.2f}  "
            f"{result['rss_peak_mb']:>11.0f} {result['rss_before_mb']:>8.0f} "
            f"{result['stories']:>7} {features_s[size]:>10.1f}"
        )
    if largest != smallest:
        print(
            f"  time({largest})/time({smallest}) = "
            f"{results[largest]['seconds'] / results[smallest]['seconds']:.2f} for "
            f"{largest / smallest:.2f}x the articles"
        )


def print_one_at_a_time(size: int, batch: dict[str, Any], single: dict[str, Any]) -> None:
    per_batch = batch["seconds"] / size
    per_single = single["seconds"] / size
    first, last = single["quarters"]
    print(f"\none at a time against one batch, the first {size} articles (same features):")
    print(
        f"  add_batch once     {batch['seconds']:7.2f} s  {per_batch * 1000:6.2f} ms/article  "
        f"{batch['stories']} stories"
    )
    print(
        f"  add x {size:<5}      {single['seconds']:7.2f} s  {per_single * 1000:6.2f} ms/article  "
        f"{single['stories']} stories (CPU {single['cpu_seconds']:.1f} s, peak RSS "
        f"{single['rss_peak_mb']:.0f} MB)"
    )
    print(
        f"  add / add_batch, time per article: {per_single / per_batch:.1f}; add's first "
        f"quarter {first * 1000:.1f} ms/article, last quarter {last * 1000:.1f} ms/article"
    )


def print_grown(size: int, batch: dict[str, Any], grown: dict[str, Any]) -> None:
    """A later run into a grouped corpus: each new article's stored neighbours are profiled
    again, so its time per article is set beside that of grouping everything in one run."""
    new = size // 4
    per_grown, per_batch = grown["seconds"] / new, batch["seconds"] / size
    print(
        f"\na later run: {new} new articles into {size - new} grouped before (in publication "
        f"order):\n  add_batch {grown['seconds']:7.2f} s  {per_grown * 1000:6.2f} ms/article  "
        f"(CPU {grown['cpu_seconds']:.1f} s); one batch of all {size}: "
        f"{per_batch * 1000:.2f} ms/article, ratio {per_grown / per_batch:.2f}"
    )


def ecb_quality(data: Path, known: dict[str, StoryFeatures]) -> None:
    path = data / "ecbplus/docs.jsonl"
    if not path.exists():
        print(f"\nECB+ quality skipped: {path} not found")
        return
    documents = load_ecbplus(path)
    articles = [document.article for document in documents]
    missing = [a for a in articles if a.id not in known]
    computed, seconds, _ = timed_features(missing)
    found = {f.article_id: f for f in computed}
    features = [known.get(a.id) or found[a.id] for a in articles]
    gold = [d.event for d in documents]
    print(
        f"\nECB+ same-event grouping: {len(documents)} documents, {len(set(gold))} gold events "
        f"({len(articles) - len(missing)} features reused, {len(missing)} computed in "
        f"{seconds:.1f} s):"
    )
    print(f"  {'fed as':<34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} {'stories':>7}")
    published = publication_order(documents)
    shuffled = {seed: shuffled_order(len(documents), seed) for seed in SHUFFLE_SEEDS}
    first = SHUFFLE_SEEDS[0]
    batches: list[tuple[str, list[int], int]] = [("one batch", published, 1)]
    batches += [(f"{RUNS} runs, shuffled (seed {seed})", shuffled[seed], RUNS) for seed in shuffled]
    batches += [
        (f"{RUNS} runs, publication order", published, RUNS),
        (f"one at a time, shuffled (seed {first})", shuffled[first], len(documents)),
        ("one at a time, publication order", published, len(documents)),
    ]
    baseline: ClusterScores | None = None
    for label, order, runs in batches:
        start = time.perf_counter()
        ordered = [(i, features[i]) for i in order]
        scores = cluster_scores(group_in_runs(ordered, runs), gold)
        seconds = time.perf_counter() - start
        baseline = baseline or scores
        print(
            f"  {label:<34} {scores.b3_precision:6.3f} {scores.b3_recall:6.3f} "
            f"{scores.b3_f1:6.3f} {scores.pair_f1:7.3f} {scores.clusters:>7}  "
            f"F1 / one batch {scores.b3_f1 / baseline.b3_f1:.3f}, {seconds:.1f} s"
        )


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated article counts, 'all' for the whole pool (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="the labelled corpora (default ../shared/data)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="add_batch runs per size (median)")
    parser.add_argument("--seed", type=int, default=SEED, help="shuffles the corpus")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, features_path, size, repeat = args.child
        print(json.dumps(child(mode, Path(features_path), int(size), int(repeat))))
        return 0
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, not {args.repeat}")
    if not args.data.is_dir():
        print(f"{args.data} not found: the benchmark builds its corpus from ../shared/data")
        return 0
    started = time.perf_counter()
    pool = load_pool(args.data)
    if not pool.articles:
        print(f"no corpus found under {args.data} (looked for {', '.join(LOADERS)})")
        return 0
    try:
        sizes = parse_sizes(args.sizes, len(pool.articles))
    except ValueError as error:
        parser.error(str(error))
    print(
        f"pool: {len(pool.articles)} distinct articles: "
        + ", ".join(f"{name} {count}" for name, count in pool.sources.items())
        + (f" ({', '.join(pool.missing)} not found)" if pool.missing else "")
    )
    print(
        "  languages: "
        + ", ".join(f"{language} {count}" for language, count in pool.languages.most_common())
        + f"; dropped {pool.short} texts under {MIN_CHARS} characters, "
        f"{pool.repeated} repeated texts"
    )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"CPUs available: {cpus}; sizes {sizes}; seed {args.seed}")
    print(
        f"grouping code: {Path(grouping.__file__).parent}; PROFILE_SIZE {grouping.PROFILE_SIZE}, "
        f"LINK_THRESHOLD {grouping.LINK_THRESHOLD}, "
        f"STORED_JOIN_THRESHOLD {grouping.STORED_JOIN_THRESHOLD}, "
        f"WEIGHTS {similarity.WEIGHTS}, CROSS_LANGUAGE_OFFSET {similarity.CROSS_LANGUAGE_OFFSET}"
    )
    articles = list(pool.articles)
    random.Random(args.seed).shuffle(articles)
    features, features_s = measure_features(articles, sizes)
    with tempfile.TemporaryDirectory() as temporary:
        results: dict[int, dict[str, Any]] = {}
        for size in sizes:
            path = Path(temporary) / f"features-{size}.pickle"
            with path.open("wb") as handle:
                pickle.dump(in_publication_order(features[:size]), handle)
            results[size] = run_child("batch", path, size, args.repeat)
        print_scaling(results, features_s)
        smallest = sizes[0]
        single = run_child("single", Path(temporary) / f"features-{smallest}.pickle", smallest, 1)
        print_one_at_a_time(smallest, results[smallest], single)
        largest = sizes[-1]
        grown = run_child("grown", Path(temporary) / f"features-{largest}.pickle", largest, 1)
        print_grown(largest, results[largest], grown)
    ecb_quality(args.data, {f.article_id: f for f in features})
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
