"""``storytrace serve`` under load: read pages and the compare API, beside a warm compare.

The store: ``--db FILE`` if given, else one built here: ``--size`` articles (default
10,000) made by ``ingest_scale.build_corpus`` from the real text in ../shared/data/
(real paragraphs recombined, 5% exact and 5% near copies), ingested and grouped with
``storytrace stories --no-quotes`` (quotations are extracted by the pages that show
them, on first view).

The server runs as ``storytrace serve`` in its own process on a free loopback port. Then:

1. Reads: ``--clients`` concurrent clients (default 50) for ``--seconds`` (default 60),
   each looping over the story list (a random page, largest or newest first), a search
   (a word drawn from the stored titles), a story page and an article page, ids drawn at
   random. Printed per kind and in all: requests, errors, p50 / p95 / p99 latency.
   A story's first view analyses its articles and derives its graph (the models run,
   seconds for a large story); later views read what it kept. ``--story-pages`` draws
   stories from that many of the largest (default: all), and the figures of first and
   later views of a story are printed apart. ``--prepared N``: first let the idle server
   prepare the views of the N largest stories (``serve.preparing``; the time it took is
   printed), then draw story pages from those N and article pages from their articles:
   the store as a server that has been idle long enough serves it.
2. Compare: ``--compare-clients`` concurrent clients (default 2 x CPUs) for
   ``--compare-seconds`` (default 20), each posting the two seed articles to
   ``POST /api/v1/compare``. Printed: answered, 503 (busy, with Retry-After), other errors,
   throughput, its latency, and, measured in this run, the warm single-process
   ``compare`` time of the same pair and the ratio of the throughput to (CPUs / warm
   time); the warm time is measured first, before the server starts, on a quiet machine.
   Without ``--prepared`` the server runs with ``--no-prepare``. Goals of issue 17: 0
   errors, p99 under 300 ms for the read pages, compare throughput at least 80% of CPUs /
   warm time with the excess answered 503 at once.

Usage: python benchmarks/serve_load.py [--db FILE | --size 10000] [--clients 50]
       [--seconds 60] [--compare-clients N] [--compare-seconds 20] [--story-pages N]
       [--prepared N] [--processes N] [--server-log FILE]
"""

from __future__ import annotations

# ruff: noqa: E402 - the BLAS threads are set as the command sets them, before numpy loads
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from ingest_scale import build_corpus, load_texts

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples").glob("*.txt"))
START_S = 60  # the longest the server may take to answer


def build_store(folder: Path, size: int) -> Path:
    corpus = folder / "corpus"
    build_corpus(corpus, size, load_texts(), seed=2024)
    db = folder / "load.db"
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    files = sorted(str(p) for p in corpus.glob("*.jsonl"))
    run = [sys.executable, "-m", "storytrace"]
    started = time.perf_counter()
    subprocess.run([*run, "ingest", *files, "--db", str(db), "-q"], env=env, check=False)
    subprocess.run([*run, "stories", "--db", str(db), "--no-quotes", "-q"], env=env, check=True)
    print(
        f"store: {size:,} articles built, ingested and grouped in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return db


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(name: str, times: list[float], errors: int) -> None:
    if not times and not errors:
        return
    print(
        f"  {name:<22} {len(times) + errors:>6} requests  {errors:>4} errors  "
        f"p50 {percentile(times, 0.5) * 1000:7.1f} ms  p95 {percentile(times, 0.95) * 1000:7.1f} ms"
        f"  p99 {percentile(times, 0.99) * 1000:7.1f} ms"
    )


def largest_stories(db: Path) -> list[int]:
    with sqlite3.connect(db) as store:
        rows = store.execute(
            "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY COUNT(*) DESC, story_id"
        )
        return [int(row[0]) for row in rows]


def wait_until_prepared(db: Path, count: int, limit_s: float = 3600) -> None:
    """Wait (reading the store, not asking the server, which prepares only while idle)
    until the views of the ``count`` largest stories are kept."""
    from storytrace.store.reads import open_existing
    from storytrace.store.story_views import kept_views, view_keys

    wanted = largest_stories(db)[:count]
    started = time.monotonic()
    done = 0
    while time.monotonic() - started < limit_s:
        with open_existing(db) as store:
            keys = view_keys(store, wanted)
            done = len(kept_views(store, keys))
        if done >= len(wanted):
            break
        time.sleep(2)
    took = time.monotonic() - started
    print(f"prepared the views of {done} of the {len(wanted)} largest stories in {took:.0f} s")


async def read_load(
    url: str, db: Path, clients: int, seconds: float, story_pages: int, prepared: bool
) -> None:
    stories = largest_stories(db)
    with sqlite3.connect(db) as store:
        articles = [row[0] for row in store.execute("SELECT id FROM articles")]
        if prepared:  # the articles of the stories drawn from
            chosen = stories[:story_pages]
            marks = ",".join("?" * len(chosen))
            query = f"SELECT article_id FROM story_articles WHERE story_id IN ({marks})"
            articles = [row[0] for row in store.execute(query, chosen)]
        words = [
            w
            for (t,) in store.execute("SELECT title FROM articles LIMIT 2000")
            if t
            for w in t.split()
            if len(w) > 5 and w.isalpha()
        ]
    stories = stories[:story_pages] if story_pages else stories
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    reasons: Counter[str] = Counter()  # (kind: status or exception) of each error
    seen: set[int] = set()
    deadline = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient, rng: random.Random) -> None:
        while time.monotonic() < deadline:
            kind = rng.choice(("list", "search", "story", "article"))
            if kind == "list":
                path = f"/stories?page={rng.randint(1, 5)}&sort={rng.choice(['largest', 'newest'])}"
            elif kind == "search":
                path = f"/stories?q={rng.choice(words)}"
            elif kind == "story":
                story = rng.choice(stories)
                kind = "story (later view)" if story in seen else "story (first view)"
                seen.add(story)
                path = f"/stories/{story}"
            else:
                path = f"/articles/{rng.choice(articles)}"
            started = time.perf_counter()
            try:
                response = await client.get(url + path, headers={"accept": "text/html"})
                reason = "" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as error:
                reason = type(error).__name__
            if not reason:
                times[kind].append(time.perf_counter() - started)
            else:
                errors[kind] += 1
                reasons[f"{kind}: {reason}"] += 1

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        await asyncio.gather(*(one(client, random.Random(n)) for n in range(clients)))
    print(f"reads: {clients} clients for {seconds:.0f} s")
    for kind in sorted(set(times) | set(errors)):
        report(kind, times[kind], errors[kind])
    every = [t for values in times.values() for t in values]
    report("all reads", every, sum(errors.values()))
    print(f"  throughput {len(every) / seconds:.1f} requests/s")
    for reason, count in sorted(reasons.items()):
        print(f"  error {reason}: {count}")


async def compare_load(url: str, clients: int, seconds: float) -> float:
    files = [("files", (path.name, path.read_bytes(), "text/plain")) for path in SEEDS]
    answered: list[float] = []
    busy: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = await client.post(url + "/api/v1/compare", files=files)
            except httpx.HTTPError:
                errors += 1
                continue
            took = time.perf_counter() - started
            if response.status_code == 200:
                answered.append(took)
            elif response.status_code == 503 and "retry-after" in response.headers:
                busy.append(took)
                await asyncio.sleep(float(response.headers["retry-after"]) / 10)
            else:
                errors += 1

    async with httpx.AsyncClient(timeout=120) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    print(f"compare: {clients} clients for {seconds:.0f} s")
    report("answered", answered, errors)
    report("busy (503)", busy, 0)
    return len(answered) / seconds


def warm_compare_seconds(runs: int = 7) -> float:
    from storytrace import compare_paths

    compare_paths(SEEDS)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        compare_paths(SEEDS)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing store (else one is built)")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--compare-clients", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--compare-seconds", type=float, default=20)
    parser.add_argument("--story-pages", type=int, default=0)
    parser.add_argument("--prepared", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1, help="serve --processes N")
    parser.add_argument("--server-log", type=Path, help="write the server's stderr here")
    args = parser.parse_args()
    if args.prepared:
        args.story_pages = args.prepared
    with tempfile.TemporaryDirectory(prefix="storytrace-load-") as folder:
        db = args.db or build_store(Path(folder), args.size)
        with sqlite3.connect(db) as store:
            count = store.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            grouped = store.execute("SELECT COUNT(DISTINCT story_id) FROM story_articles")
            print(f"store {db}: {count:,} articles in {grouped.fetchone()[0]:,} stories")
        warm = warm_compare_seconds()  # first, on a quiet machine: no server, no worker
        port = free_port()
        serve = [sys.executable, "-m", "storytrace", "serve", "--db", str(db), "--port", str(port)]
        preparing = [] if args.prepared else ["--no-prepare"]
        server = subprocess.Popen(
            [*serve, "--processes", str(args.processes), *preparing],
            env=dict(os.environ, HF_HUB_OFFLINE="1"),
            stderr=args.server_log.open("wb") if args.server_log else subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url)
            if args.prepared:
                wait_until_prepared(db, args.prepared)
            reads = read_load(
                url, db, args.clients, args.seconds, args.story_pages, bool(args.prepared)
            )
            asyncio.run(reads)
            throughput = asyncio.run(compare_load(url, args.compare_clients, args.compare_seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
        cpus = os.cpu_count() or 1
        ideal = cpus / warm
        print(f"warm single-process compare of the pair: {warm:.3f} s (this run, first)")
        print(
            f"compare throughput {throughput:.2f}/s = {throughput / ideal:.2f} of "
            f"CPUs / warm time ({cpus} / {warm:.3f} s = {ideal:.2f}/s; goal 0.80)"
        )
    return 0


def free_port() -> int:
    """A free loopback port (closed again before the server binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/v1/stories", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not answer within {START_S} s")


if __name__ == "__main__":
    raise SystemExit(main())
