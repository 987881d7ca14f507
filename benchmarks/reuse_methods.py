"""The methods the reuse benchmark compares, each run in a fresh process on a corpus file.

- ``storytrace``: ``ReuseIndex(articles).passages()``.
- ``minhash-doc``: datasketch MinHash LSH over whole articles (128 permutations, word
  5-gram shingles hashed the way storytrace's ingest does: CRC-32 word hashes combined with
  numpy, permutations drawn once), every article inserted then queried. It cannot find a
  copied paragraph in a long article by construction: the Jaccard similarity of two
  articles sharing one paragraph is far below any useful threshold.
- ``minhash-sentences``: the passage-level baseline: datasketch MinHash LSH over sentence
  windows (from each sentence, it and the sentences after it up to ``WINDOW_WORDS`` words;
  word 3-gram shingles; 128 permutations); a candidate pair of windows of two articles counts
  when its estimated Jaccard similarity reaches the threshold, unless either window matches
  windows of more than ``MAX_WINDOW_DF`` articles (boilerplate, as storytrace's frequency
  cap); matched windows of one pair that overlap or touch in the later article are merged
  into one passage.

Each child reports the wall and CPU time of the method alone (imports and reading the corpus
excluded), the peak resident set size of its process (``VmHWM``) and the RSS after loading.
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PERMUTATIONS = 128
# Words a sentence window reaches (the index's ``MIN_PASSAGE_TOKENS``) and words per shingle.
WINDOW_WORDS = 10
WINDOW_SHINGLE_WORDS = 3
# A window matching windows of more than this many other articles is boilerplate and ignored:
# the cap storytrace's index puts on its seeds (``MAX_SEED_DF``), so both get the same rule.
MAX_WINDOW_DF = 20
# A sentence: up to the first end mark followed by a space, a line's end or the text's end.
_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"'”’»)]*(?=\s|$)|(?=\n)|$)")
_WORD = re.compile(r"\w+")


def read_corpus(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def rss_now_kb() -> int:
    return _status_kb("VmRSS")


def peak_rss_kb() -> int:
    """The process's peak RSS since it started its program. ``ru_maxrss`` would not do: on
    Linux it keeps the peak of the forked parent across ``exec``, so a child of this (large)
    benchmark process would report the parent's size."""
    return _status_kb("VmHWM")


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_storytrace(corpus_path: Path) -> dict[str, Any]:
    from storytrace.model import Article
    from storytrace.reuse import ReuseIndex

    articles = [
        Article(id=r["id"], source=r["id"], text=r["text"]) for r in read_corpus(corpus_path)
    ]
    loaded = rss_now_kb()
    started, cpu = time.perf_counter(), time.process_time()
    passages = ReuseIndex(articles).passages()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    position = {a.id: i for i, a in enumerate(articles)}
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rss_loaded_kb": loaded,
        "peak_rss_kb": peak_rss_kb(),
        "passages": [
            [position[p.source], position[p.target], p.source_start, p.source_end,
             p.target_start, p.target_end, p.tokens, p.score]
            for p in passages
        ],
    }  # fmt: skip


def child_minhash_doc(corpus_path: Path, threshold: float) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    from storytrace.ingest.dedupe import shingle_hashes

    records = read_corpus(corpus_path)
    loaded = rss_now_kb()
    started, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    signatures = []
    permutations = MinHash(num_perm=PERMUTATIONS, scheme="affine32").permutations
    for number, record in enumerate(records):
        minhash = MinHash(
            num_perm=PERMUTATIONS, hashfunc=int, permutations=permutations, scheme="affine32"
        )
        minhash.update_batch(shingle_hashes(record["text"]))
        lsh.insert(number, minhash, check_duplication=False)
        signatures.append(minhash)
    pairs = sorted(
        {
            (min(number, other), max(number, other))
            for number, minhash in enumerate(signatures)
            for other in lsh.query(minhash)
            if other != number and minhash.jaccard(signatures[other]) >= threshold
        }
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rss_loaded_kb": loaded,
        "peak_rss_kb": peak_rss_kb(),
        "pairs": pairs,
    }


def sentence_windows(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, folded words) of each window: a sentence and the ones after it until
    ``WINDOW_WORDS`` words; windows that cannot reach that many words are left out."""
    sentences = [
        (m.start(), m.end(), _WORD.findall(m.group().casefold())) for m in _SENTENCE.finditer(text)
    ]
    windows = []
    for first, (start, _, _) in enumerate(sentences):
        words: list[str] = []
        for _, end, more in sentences[first:]:
            words += more
            if len(words) >= WINDOW_WORDS:
                windows.append((start, end, words))
                break
    return windows


def window_shingles(words: list[str]) -> list[int]:
    """32-bit hashes of the word 3-grams (CRC-32 per word, combined with numpy)."""
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), np.uint64, len(words))
    count = len(words) - WINDOW_SHINGLE_WORDS + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(WINDOW_SHINGLE_WORDS):
        combined = combined * np.uint64(1_000_003) + hashes[offset : offset + count]
    folded: list[int] = ((combined >> np.uint64(32)) ^ (combined & np.uint64(0xFFFFFFFF))).tolist()
    return folded


def child_minhash_sentences(corpus_path: Path, threshold: float) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    records = read_corpus(corpus_path)
    loaded = rss_now_kb()
    started, cpu = time.perf_counter(), time.process_time()
    permutations = MinHash(num_perm=PERMUTATIONS, scheme="affine32").permutations
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    owners: list[int] = []
    spans: list[tuple[int, int]] = []
    minhashes: list[Any] = []
    for number, record in enumerate(records):
        for start, end, words in sentence_windows(record["text"]):
            minhash = MinHash(
                num_perm=PERMUTATIONS, hashfunc=int, permutations=permutations, scheme="affine32"
            )
            minhash.update_batch(window_shingles(words))
            lsh.insert(len(owners), minhash, check_duplication=False)
            owners.append(number)
            spans.append((start, end))
            minhashes.append(minhash)
    matches: dict[int, list[int]] = defaultdict(list)
    for window, owner in enumerate(owners):
        for other in lsh.query(minhashes[window]):
            if owners[other] != owner and minhashes[window].jaccard(minhashes[other]) >= threshold:
                matches[window].append(other)
    # (earlier article, later article) -> {(later start, later end, earlier start, earlier end)}
    matched: dict[tuple[int, int], set[tuple[int, int, int, int]]] = defaultdict(set)
    for window, others in matches.items():
        if len({owners[o] for o in others}) > MAX_WINDOW_DF:
            continue  # boilerplate: the same window in too many articles
        for other in others:
            if owners[window] < owners[other] and len({owners[o] for o in matches[other]}) <= (
                MAX_WINDOW_DF
            ):
                matched[(owners[window], owners[other])].add((*spans[other], *spans[window]))
    passages = [
        [source, target, *passage]
        for (source, target), windows in sorted(matched.items())
        for passage in merged(sorted(windows), records[target]["text"])
    ]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rss_loaded_kb": loaded,
        "peak_rss_kb": peak_rss_kb(),
        "passages": passages,
    }


def merged(windows: list[tuple[int, int, int, int]], later: str) -> list[list[int]]:
    """Matched windows (sorted by their start in the later article) that overlap or touch
    there (only white space between) as passages: [earlier start, earlier end, later start,
    later end, 0, 0] (words and score unused)."""
    passages: list[list[int]] = []
    for t_start, t_end, s_start, s_end in windows:
        if passages and not later[passages[-1][3] : t_start].strip():
            last = passages[-1]
            last[0], last[1] = min(last[0], s_start), max(last[1], s_end)
            last[3] = max(last[3], t_end)
        else:
            passages.append([s_start, s_end, t_start, t_end, 0, 0])
    return passages


def run_child(
    script: Path, method: str, corpus_path: Path, out: Path, repeat: int, threshold: float
) -> dict[str, Any]:
    """The method's result from ``repeat`` fresh processes of ``script --child``: the median
    time, the largest peak RSS."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, str(script), "--child", method, str(corpus_path), str(out)]
        subprocess.run([*command, str(threshold)], check=True, cwd=script.parents[1])
        runs.append(json.loads(out.read_text(encoding="utf-8")))
    result: dict[str, Any] = dict(runs[-1])
    result["seconds"] = statistics.median(r["seconds"] for r in runs)
    result["seconds_all"] = [r["seconds"] for r in runs]
    result["cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in runs)
    result["peak_rss_kb"] = max(r["peak_rss_kb"] for r in runs)
    return result


def run_method(method: str, corpus_path: Path, threshold: float) -> dict[str, Any]:
    """One method in this process (the child's side of ``run_child``)."""
    if method == "storytrace":
        return child_storytrace(corpus_path)
    if method == "minhash-doc":
        return child_minhash_doc(corpus_path, threshold)
    if method == "minhash-sentences":
        return child_minhash_sentences(corpus_path, threshold)
    raise ValueError(f"unknown method {method!r}")


def write_result(result: dict[str, Any], out: Path) -> None:
    out.write_text(json.dumps(result), encoding="utf-8")
