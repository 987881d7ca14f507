"""Ingest throughput at 10,000 and 100,000 articles, beside MinHash LSH alone.

Builds two corpora from the real text in ../shared/data/ (PolNeAR, BASIL, ECB+, the
Propaganda Techniques Corpus and the SemEval-2022 Task 8 pairs): each article is a real
text varied so that it is unique (paragraphs reordered, a paragraph of another text
spliced in, a headline and sign-off line added), with exact duplicates (5%) and near
duplicates (5%: new headline and footer, a few words changed) mixed in. The corpus is
written as JSONL files, and `storytrace ingest` runs on it in a fresh process, with a
fresh store and without sentence embeddings (the default).

In the same run, datasketch MinHash LSH alone (MinHash of the same texts, then query and
insert into an LSH index) is timed on the same corpus, as the floor any deduplicating
ingest pays.

Prints, per size: articles/s, seconds, peak RSS of the ingest process and of its largest
worker, and the stored / duplicate / near-duplicate counts against the injected ones;
then time(100k)/time(10k). Goals (issue 3, 2-core machine): at least 500 articles/s,
peak RSS under 2 GB at 100k, time(100k)/time(10k) at most 12.

With --analyse N it also times the analysis stage (sentences, entities, embeddings) on N
stored articles and says where the time goes.

Usage: python benchmarks/ingest_scale.py [--sizes 10000 100000] [--analyse 200]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ARTICLES_PER_FILE = 5000
EXACT_SHARE = 0.05
NEAR_SHARE = 0.05


def load_texts() -> list[str]:
    """Real article texts from the labelled corpora (several thousand)."""
    texts: list[str] = []
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "polnear/text").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((DATA / "ptc/train-articles").glob("*.txt"))
    ]
    for name in ("basil/docs.jsonl", "ecbplus/docs.jsonl"):
        with (DATA / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    csv.field_size_limit(10_000_000)
    with (DATA / "semeval2022_task8/training_set.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts += [row["text1"], row["text2"]]
    return [t for t in texts if len(t.split()) >= 80]


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return parts if len(parts) > 1 else [s.strip() for s in re.split(r"(?<=[.!?])\s+", text)]


def varied(rng: random.Random, texts: list[str], number: int) -> dict[str, str]:
    """A unique article: part of one real text's paragraphs, reordered, with paragraphs of
    two others spliced in (so that two articles built on one text are not near copies)."""
    base = paragraphs(rng.choice(texts))
    base = rng.sample(base, min(len(base), max(2, (len(base) + 1) // 2)))
    for _ in range(2):
        base.insert(rng.randrange(len(base) + 1), rng.choice(paragraphs(rng.choice(texts))))
    headline = " ".join(rng.choice(base).split()[:8]).rstrip(".,;")
    body = "\n\n".join([*base, f"Report {number} filed by the desk."])
    return {"title": headline, "text": body, "outlet": f"outlet{number % 97}"}


def near_copy(rng: random.Random, record: dict[str, str]) -> dict[str, str]:
    """The same article republished: new headline and footer, a few words changed."""
    words = record["text"].split(" ")
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(["also", "reportedly", "now", "then"])
    text = " ".join(words) + "\n\nRepublished with permission. All rights reserved."
    return {"title": "UPDATE: " + record["title"], "text": text, "outlet": "aggregator"}


@dataclass
class Truth:
    """What was injected: each record's family (the record it was copied from, transitively)."""

    family: list[int] = field(default_factory=list)
    near: set[int] = field(default_factory=set)  # indexes of near copies
    exact: int = 0


def build_corpus(folder: Path, size: int, texts: list[str], seed: int) -> Truth:
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    truth = Truth()
    while len(records) < size:
        roll = rng.random()
        if records and roll < EXACT_SHARE + NEAR_SHARE:
            copied = rng.randrange(len(records))
            truth.family.append(truth.family[copied])
            if roll < EXACT_SHARE:
                records.append(dict(records[copied]))
                truth.exact += 1
            else:
                truth.near.add(len(records))
                records.append(near_copy(rng, records[copied]))
        else:
            truth.family.append(len(records))
            records.append(varied(rng, texts, len(records)))
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, size, ARTICLES_PER_FILE):
        with (folder / f"part{start // ARTICLES_PER_FILE:04d}.jsonl").open(
            "w", encoding="utf-8"
        ) as out:
            for record in records[start : start + ARTICLES_PER_FILE]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return truth


def near_duplicate_quality(db: Path, truth: Truth) -> tuple[float, float]:
    """Precision and recall of the stored near-duplicate links against the injected copies.

    A link is right when both articles come from one family; recall counts the injected
    near copies that were linked (a near copy whose original was refused is not counted).
    """
    with sqlite3.connect(db) as connection:
        record_of = {
            article_id: _record_index(source)
            for article_id, source in connection.execute(
                "SELECT article_id, source FROM provenance"
            )
        }
        links = connection.execute(
            "SELECT article_id, of_article_id FROM near_duplicates"
        ).fetchall()
    right = {
        record_of[a] for a, b in links if truth.family[record_of[a]] == truth.family[record_of[b]]
    }
    precision = len(right) / len(links) if links else 1.0
    recall = len(right & truth.near) / len(truth.near) if truth.near else 1.0
    return precision, recall


def _record_index(source: str) -> int:
    path, line = source.rsplit(":", 1)
    part = int(Path(path).stem.removeprefix("part"))
    return part * ARTICLES_PER_FILE + int(line) - 1


_INGEST = """
import json, resource, sys, time
from pathlib import Path
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.store import Store
start = time.perf_counter()
with Store(Path(sys.argv[2])) as store:
    summary = ingest(store, iter_inputs([sys.argv[1]]), command="benchmark")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "summary": summary.as_dict(),
    "rss_main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rss_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def run_ingest(folder: Path, db: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _INGEST, str(folder), str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def minhash_lsh_alone(folder: Path) -> float:
    """datasketch MinHash + LSH query/insert over the same texts, timed end to end."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    key = 0
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                words = json.loads(line)["text"].lower().split()
                shingles = [
                    " ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))
                ]
                minhash = MinHash(num_perm=128)
                minhash.update_batch(shingles)
                lsh.query(minhash)
                lsh.insert(key, minhash)
                key += 1
    return time.perf_counter() - start


def time_analysis(db: Path, count: int) -> None:
    from storytrace.nlp.analyse import analyse
    from storytrace.nlp.embeddings import embed
    from storytrace.nlp.pipeline import analyse_text
    from storytrace.store import Store
    from storytrace.store.analyses import articles_without_analysis

    with Store(db) as store:
        articles = [a for batch in articles_without_analysis(store, count) for a in batch][:count]
    analyse(articles[:2])  # load the models
    start = time.perf_counter()
    units = [analyse_text(a.text, a.language) for a in articles]
    spacy_s = time.perf_counter() - start
    texts = [s.text for sentences, _ in units for s in sentences]
    start = time.perf_counter()
    embed(texts)
    embed_s = time.perf_counter() - start
    total = spacy_s + embed_s
    print(
        f"analysis of {len(articles)} articles ({len(texts)} sentences): "
        f"{len(articles) / total:.1f} articles/s; sentences+entities {spacy_s:.1f} s "
        f"({spacy_s / total:.0%}), embeddings {embed_s:.1f} s ({embed_s / total:.0%})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--analyse", type=int, default=0, metavar="N")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} not found: the benchmark builds its corpus from ../shared/data")
        return 0
    texts = load_texts()
    print(f"{len(texts)} real texts to build from")
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus{size}"
            truth = build_corpus(folder, size, texts, args.seed)
            db = Path(tmp) / f"store{size}.db"
            result = run_ingest(folder, db)
            lsh = minhash_lsh_alone(folder)
            took = float(result["seconds"])  # type: ignore[arg-type]
            seconds[size] = took
            summary = result["summary"]
            rss_main = int(str(result["rss_main_kb"])) / 1024
            rss_worker = int(str(result["rss_worker_kb"])) / 1024
            print(
                f"{size:>7} articles: {size / took:8.1f} articles/s  {took:7.1f} s  "
                f"peak RSS main {rss_main:.0f} MB, largest worker {rss_worker:.0f} MB"
            )
            precision, recall = near_duplicate_quality(db, truth)
            print(f"         injected exact {truth.exact}, near {len(truth.near)}; found {summary}")
            print(f"         near duplicates: precision {precision:.3f}, recall {recall:.3f}")
            print(f"         MinHash LSH alone {lsh:7.1f} s; ingest / LSH alone {took / lsh:.2f}")
            if args.analyse and size == args.sizes[0]:
                time_analysis(db, args.analyse)
    if len(seconds) >= 2:
        small, large = sorted(seconds)[:1][0], sorted(seconds)[-1]
        print(f"time({large})/time({small}) = {seconds[large] / seconds[small]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
