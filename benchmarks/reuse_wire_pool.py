"""The real text of the wire-story corpus (``reuse_wire_build``): English articles of
PolNeAR, PTC, BASIL, ECB+ and SemEval-2022 Task 8, the SemEval pairs rated one story, and
MSRP pairs of both labels, deduplicated together (``reuse_pool.Deduper``)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass

from reuse_pool import DATA, Deduper, PoolArticle, detokenise, load_msrp, split_article

SAME_TOPIC_OVERALL = 1.5


@dataclass
class WirePool:
    articles: list[PoolArticle]  # background and wire candidates, deduplicated
    same_topic: list[tuple[PoolArticle, PoolArticle]]
    paraphrases: list[tuple[str, str]]
    near_misses: list[tuple[str, str]]

    def words(self) -> int:
        return sum(len(s.split()) for a in self.articles for p in a.paragraphs for s in p)


def load_wire_pool(limit: int | None = None) -> WirePool:
    """The deduplicated English pool; ``limit`` keeps the first so many articles of each
    source and MSRP pairs of each label (for tests)."""
    sources: list[list[PoolArticle]] = [[], [], [], [], []]
    for path in sorted((DATA / "polnear/text").glob("*.txt"))[:limit]:
        sources[0].append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
    for path in sorted((DATA / "ptc/train-articles").glob("*.txt"))[:limit]:
        sources[1].append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
    with (DATA / "basil/docs.jsonl").open(encoding="utf-8") as handle:
        for line in list(handle)[:limit]:
            doc = json.loads(line)
            sources[2].append(PoolArticle(doc["doc_id"], "en", split_article(doc["text"])))
    with (DATA / "ecbplus/docs.jsonl").open(encoding="utf-8") as handle:
        for line in list(handle)[:limit]:
            doc = json.loads(line)
            lines = [detokenise(s) for s in doc["text"].splitlines() if s.strip()]
            paragraphs = [lines[i : i + 3] for i in range(0, len(lines), 3)]
            sources[4].append(PoolArticle(doc["doc_id"], "en", paragraphs))
    csv.field_size_limit(10_000_000)
    pairs: list[tuple[PoolArticle, PoolArticle]] = []
    with (DATA / "semeval2022_task8/training_set.csv").open(encoding="utf-8") as handle:
        for row in list(csv.DictReader(handle)):
            if row["lang1"] != "en" or row["lang2"] != "en":
                continue
            one, two = (
                PoolArticle(f"semeval-{row['pair_id']}-{s}", "en", split_article(row[f"text{s}"]))
                for s in "12"
            )
            if float(row["Overall"]) <= SAME_TOPIC_OVERALL:
                pairs.append((one, two))
            else:
                sources[3] += [one, two]
    sources[3] = sources[3][:limit]
    pairs = pairs[:limit]
    deduper = Deduper()
    paraphrases = [p for p in load_msrp()[:limit] if deduper.fresh(*p)]
    near_misses = [p for p in load_msrp(paraphrase=False)[:limit] if deduper.fresh(*p)]
    same_topic = [(_fresh(deduper, a), _fresh(deduper, b)) for a, b in pairs]
    articles = [_fresh(deduper, a) for group in sources for a in group]
    return WirePool(
        [a for a in articles if a.paragraphs],
        [(a, b) for a, b in same_topic if a.paragraphs and b.paragraphs],
        paraphrases,
        near_misses,
    )


def _fresh(deduper: Deduper, article: PoolArticle) -> PoolArticle:
    paragraphs = [[s for s in p if deduper.fresh(s)] for p in article.paragraphs]
    return PoolArticle(article.name, article.language, [p for p in paragraphs if p])
