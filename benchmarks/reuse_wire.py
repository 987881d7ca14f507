"""Reuse on wire stories: storytrace beside MinHash LSH and passim, on a second generator.

``reuse_corpus.py`` measures reuse on one construction (whole passages injected into real
text). This benchmark builds differently designed corpora (``reuse_wire_build``: stories
whose articles of ordinary length each carry 1-4 scattered, edited sentences of a wire
text, with MSRP near misses, sign-offs and same-story SemEval articles as hard negatives)
and runs every method on the same corpus file, each in a fresh process, one after the
other: storytrace's ``ReuseIndex``, datasketch MinHash LSH over whole articles
(``minhash-doc``) and over sentence windows (``minhash-sentences``; both from
``reuse_methods``, thresholds of ``reuse_corpus``), and passim (``reuse_passim``,
every article its own series so all pairs are compared, as for the other methods).

Printed per method (``reuse_wire_scores`` defines them): reused-sentence recall overall, by
kind and by edit; passage precision and passages off gold; article-pair precision, recall
and F1; wrong pairs by hard negative; wall and CPU seconds of the method (storytrace and
MinHash: the method alone, imports and reading excluded; passim: the whole spark-submit run,
JVM start included; its CPU: of the processes reaped or, where more, the summed last samples
of its process tree), peak RSS (passim: the sum over its process tree, sampled every 0.2 s);
and each method's ratios to storytrace's in the same run. A fresh seed is drawn from the OS
each run and printed. Nothing here was tuned on these corpora.

Usage: python benchmarks/reuse_wire.py [options]
  --size N            articles (repeatable; default 2000; 20000 is built in renamed blocks)
  --seed N            seed (default: a fresh one from the OS)
  --no-passim, --passim-venv PATH, --passim-cores N, --passim-args ARGS
                      how passim runs, or not (``reuse_passim.add_passim_options``; --help)
  --json FILE         write every figure to FILE
  --keep DIR          keep the corpus and the methods' outputs in DIR
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reuse_corpus import BASELINE_THRESHOLDS
from reuse_methods import run_child, run_method, write_result
from reuse_passim import (
    PassimSettings,
    add_passim_options,
    passim_settings,
    run_passim,
    write_corpus,
)
from reuse_pool import DATA
from reuse_wire_build import WireCorpus, build_wire_corpus, capacity, gold_pairs
from reuse_wire_pool import load_wire_pool
from reuse_wire_scores import score

METHODS = ("storytrace", "minhash-doc", "minhash-sentences")


def measure(
    corpus: WireCorpus,
    workdir: Path,
    passim: PassimSettings | None,
) -> dict[str, Any]:
    gold = gold_pairs(corpus)
    corpus_path = workdir / f"wire-{len(corpus.texts)}.jsonl"
    write_corpus(corpus.texts, corpus_path)
    results: dict[str, Any] = {}
    for method in METHODS:
        out = workdir / f"{method}-{len(corpus.texts)}.json"
        threshold = BASELINE_THRESHOLDS.get(method, 0.0)
        raw = run_child(Path(__file__), method, corpus_path, out, 1, threshold)
        if "passages" in raw:
            scores = score(corpus, gold, raw["passages"])
        else:
            scores = score(corpus, gold, None, {(a, b) for a, b in raw["pairs"]})
        results[method] = {**_costs(raw), "threshold": threshold or None, **scores}
    if passim is not None:
        out = workdir / f"passim-{len(corpus.texts)}"
        raw = run_passim(corpus_path, out, passim.venv, passim.cores, list(passim.extra))
        results["passim"] = {
            **_costs(raw),
            "cpu_seconds_reaped": raw["cpu_seconds_reaped"],
            "cpu_seconds_sampled": raw["cpu_seconds_sampled"],
            "threshold": None,
            **score(corpus, gold, raw["passages"]),
        }
    base = results["storytrace"]
    for result in results.values():
        result["ratios_to_storytrace"] = {
            key: result[key] / base[key] if base[key] else None
            for key in ("seconds", "cpu_seconds", "peak_rss_mb", "pair_f1")
        }
    words = [len(t.split()) for t in corpus.texts]
    return {
        "size": len(corpus.texts),
        "blocks": corpus.blocks,
        "words_mean": sum(words) / len(words),
        "stories": len(corpus.wires),
        "articles_in_stories": sum(s >= 0 for s in corpus.story_of),
        "gold_sentence_pairs": len(gold),
        "gold_article_pairs": len({(p.a, p.b) for p in gold}),
        "load": os.getloadavg(),
        "methods": results,
    }


def _costs(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "seconds": raw["seconds"],
        "cpu_seconds": raw["cpu_seconds"],
        "peak_rss_mb": raw["peak_rss_kb"] / 1024,
    }


def print_figures(figures: dict[str, Any], seed: int) -> None:
    first = next(iter(figures["methods"].values()))
    planted = ", ".join(f"{k} {v}" for k, v in first["negatives_planted"].items())
    renamed = (
        f" ({figures['blocks']} blocks, all but the first renamed)" if figures["blocks"] > 1 else ""
    )
    print(
        f"\n== {figures['size']:,} articles{renamed}, seed {seed}: mean "
        f"{figures['words_mean']:.0f} words; {figures['stories']} stories over "
        f"{figures['articles_in_stories']} articles; gold "
        f"{figures['gold_sentence_pairs']} sentence pairs in {figures['gold_article_pairs']} "
        f"article pairs; hard negatives planted: {planted}; load average "
        + " ".join(f"{x:.2f}" for x in figures["load"])
    )
    print(
        f"{'method':<18} {'time s':>7} {'cpu s':>7} {'peak MB':>8} {'sent R':>7} {'pass P':>7} "
        f"{'off':>5} {'pair P':>7} {'pair R':>7} {'pair F1':>7} {'x time':>7} {'x cpu':>7} "
        f"{'x mem':>7}"
    )
    for name, m in figures["methods"].items():
        recall = f"{m['sentence_recall']:.3f}" if "sentence_recall" in m else "-"
        precision = f"{m['passage_precision']:.3f}" if "passage_precision" in m else "-"
        off = str(m["passages_off_gold"]) if "passages_off_gold" in m else "-"
        ratio = m["ratios_to_storytrace"]
        print(
            f"{name:<18} {m['seconds']:>7.1f} {m['cpu_seconds']:>7.1f} {m['peak_rss_mb']:>8.0f} "
            f"{recall:>7} {precision:>7} {off:>5} {m['pair_precision']:>7.3f} "
            f"{m['pair_recall']:>7.3f} {m['pair_f1']:>7.3f} {ratio['seconds']:>7.2f} "
            f"{ratio['cpu_seconds']:>7.2f} {ratio['peak_rss_mb']:>7.2f}"
        )
    for name, m in figures["methods"].items():
        if "recall_by_kind" in m:
            for key in ("recall_by_kind", "recall_by_edit"):
                parts = ", ".join(
                    f"{k} {v['recall']:.3f} ({v['pairs']})" for k, v in m[key].items()
                )
                print(f"  {name}: sentence recall {key[10:].replace('_', ' ')}: {parts}")
        wrong = ", ".join(f"{k} {v}" for k, v in m["wrong_pairs_by_negative"].items())
        print(f"  {name}: wrong pairs by where they lie: {wrong}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )  # fmt: skip
    parser.add_argument("--size", type=int, action="append", help="articles (repeatable)")
    parser.add_argument("--seed", type=int, help="seed (default: fresh from the OS)")
    add_passim_options(parser)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, corpus_path, out, threshold = args.child
        write_result(run_method(method, Path(corpus_path), float(threshold)), Path(out))
        return 0
    if not DATA.exists():
        print(
            f"{DATA} not found: the labelled corpora of ../shared/data are needed", file=sys.stderr
        )
        return 2
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    print(f"seed: {seed} (--seed {seed} to rerun it)")
    passim = passim_settings(args)
    started = time.perf_counter()
    pool = load_wire_pool()
    print(
        f"pool: {len(pool.articles)} real articles, {pool.words():,} words after deduplication "
        f"(one block fills {capacity(pool):,} articles); {len(pool.paraphrases)} MSRP paraphrase "
        f"pairs, {len(pool.near_misses)} MSRP near misses, {len(pool.same_topic)} same-story "
        f"SemEval pairs ({time.perf_counter() - started:.1f} s)"
    )
    document: dict[str, Any] = {
        "seed": seed,
        "thresholds": BASELINE_THRESHOLDS,
        "passim_args": args.passim_args,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.size or [2000]:
            corpus = build_wire_corpus(seed, size, pool)
            figures = measure(corpus, workdir, passim)
            print_figures(figures, seed)
            document["sizes"][size] = figures
    if args.json:
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
