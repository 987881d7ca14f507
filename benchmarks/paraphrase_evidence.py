"""Paraphrase or same topic: matched sentences of independent reports, before and after issue 14.

BASIL (../shared/data/basil) holds events reported independently by Fox News, the New York
Times and HuffPost. Their sentences match on meaning, but an independent report is not a
paraphrase of another. Before issue 14 every same-language match under the copy level was
labelled "paraphrased"; now it is only with shared wording or a shared fact
(``storytrace.align.evidence``), and "same-topic" otherwise. Matching itself did not change,
so "before" is the paraphrased and same-topic matches of now together.

Prints, over the first N events (default 20, 60 pairs): the matches by kind, the pairs left
with no paraphrase, the pairs with the most same-topic matches; and the seed pair's kinds.

Measured: 20 events, 60 pairs: 632 matches; before 600 paraphrased and 32 copied; now 301
paraphrased, 299 same-topic, 32 copied. HuffPost and NYT on Sheriff Arpaio endorsing Rick
Perry: 8 paraphrased before, 0 now. NYT and HuffPost on the Wal-Mart hearing: 27 before, 6
now (a shared count "544 store managers", shared quoted wording). Seed pair: 7 paraphrased
before; now 6 and one same-topic (two different claims of one spokesman). About 100 s.

Usage: python benchmarks/paraphrase_evidence.py [--data DIR] [--events N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from storytrace import compare_articles, compare_paths
from storytrace.model import Article, MatchKind

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "../shared/data"
SEEDS = ROOT / "../shared/seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/data")
    parser.add_argument("--events", type=int, default=20, help="BASIL events to compare")
    args = parser.parse_args(argv)
    basil = args.data / "basil" / "docs.jsonl"
    if not basil.is_file():
        print(f"{basil} not found: the benchmark reads BASIL from ../shared/data")
        return 0
    totals: Counter[MatchKind] = Counter()
    per_pair = []
    for docs in events(basil)[: args.events]:
        articles = [
            Article(f"{doc['source']}-{doc['doc_id'][-6:]}", doc["doc_id"], doc["text"])
            for doc in docs
        ]
        for pair in compare_articles(articles).pairs:
            kinds = Counter(match.kind for match in pair.matches)
            totals.update(kinds)
            per_pair.append((pair.article_a, pair.article_b, kinds))
    now_para = totals[MatchKind.PARAPHRASED]
    same = totals[MatchKind.SAME_TOPIC]
    print(f"BASIL, {args.events} events, {len(per_pair)} pairs: {sum(totals.values())} matches")
    print(f"  before: paraphrased {now_para + same}, copied {totals[MatchKind.COPIED]}")
    print(f"  now:    paraphrased {now_para}, same-topic {same}, copied {totals[MatchKind.COPIED]}")
    none = [p for p in per_pair if p[2][MatchKind.PARAPHRASED] == 0]
    print(f"  pairs with no paraphrase now: {len(none)} (before: ", end="")
    print(f"{sum(1 for p in none if p[2][MatchKind.SAME_TOPIC] == 0)})")
    per_pair.sort(key=lambda p: -p[2][MatchKind.SAME_TOPIC])
    for a, b, kinds in per_pair[:5]:
        para, topic = kinds[MatchKind.PARAPHRASED], kinds[MatchKind.SAME_TOPIC]
        print(f"  {a} / {b}: paraphrased before {para + topic}, now {para}")
    if SEEDS.is_dir():
        seeds = compare_paths(sorted(SEEDS.glob("*.txt")))
        kinds = Counter(m.kind.value for p in seeds.pairs for m in p.matches)
        print(f"seed pair now: {dict(kinds)}")
    return 0


def events(path: Path) -> list[list[dict[str, str]]]:
    stories: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            stories.setdefault(doc["story"], []).append(doc)
    return list(stories.values())


if __name__ == "__main__":
    raise SystemExit(main())
