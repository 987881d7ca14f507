"""The same-story fit of ``storytrace show``: what headlines and fits cost on real articles.

The articles are the real news articles of ../shared/data/ (``--data``) that
``story_grouping.py`` reads and that carry a title (PolNeAR's and BASIL's, from their
metadata: about 1,130), shuffled (``--seed``), the first ``--size`` kept. Measured in one
run, models loaded before the clock starts:

1. Headlines: ``headline_vectors`` (multilingual-e5-small, 4-bit) on every title, against
   ``story_features`` (the sentence encoder on each lead, words and names) on the same
   articles, the baseline every article pays when it is grouped. Printed: milliseconds per
   article for each and their ratio. Headlines are embedded once per article and kept in
   the store; a story shown again reads them back.
2. Fits: ``member_fits`` with all the articles taken as one story, which compares each with
   its ``FIT_NEIGHBOURS`` nearest by lead and by headline (stories over
   ``ALL_PAIRS_UP_TO`` articles), against every pair scored, on the same inputs. Printed:
   seconds for each, their ratio, and the share of articles whose fit is the same both
   ways (the largest difference where it is not).

Usage: python benchmarks/story_fit.py [--size 1000] [--data DIR] [--seed 2024]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from story_grouping import DATA, SEED, load_pool
from storytrace.nlp.embeddings import embed
from storytrace.nlp.title_embeddings import embed_titles
from storytrace.stories import DocumentFrequencies, same_story, story_features
from storytrace.stories.same_story import headline_vectors, member_fits

DEFAULT_SIZE = 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="articles measured")
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/data")
    parser.add_argument("--seed", type=int, default=SEED, help="shuffles the articles")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data} not found: the benchmark reads its articles from ../shared/data")
        return 0
    titled = [a for a in load_pool(args.data).articles if (a.title or "").strip()]
    random.Random(args.seed).shuffle(titled)
    articles = titled[: args.size]
    if len(articles) < 2:
        print(f"fewer than two titled articles under {args.data}")
        return 0
    embed(["warm up"])
    embed_titles(["warm up"])
    count = len(articles)
    print(f"{count} titled articles (of {len(titled)}) from {args.data}")

    started = time.perf_counter()
    features = story_features(articles)
    features_s = time.perf_counter() - started
    started = time.perf_counter()
    vectors = headline_vectors(articles)
    headlines_s = time.perf_counter() - started
    print(
        f"story features: {1000 * features_s / count:.1f} ms an article; "
        f"headlines: {1000 * headlines_s / count:.1f} ms an article "
        f"({headlines_s / features_s:.2f}x the features)"
    )

    by_id = {item.article_id: item for item in features}
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    headlines = {a.id: v for a, v in zip(articles, vectors, strict=True)}
    started = time.perf_counter()
    nearest = member_fits(articles, by_id, frequencies, headlines)
    nearest_s = time.perf_counter() - started
    limit = same_story.ALL_PAIRS_UP_TO
    same_story.ALL_PAIRS_UP_TO = count
    try:
        started = time.perf_counter()
        every = member_fits(articles, by_id, frequencies, headlines)
        every_s = time.perf_counter() - started
    finally:
        same_story.ALL_PAIRS_UP_TO = limit
    same = sum(nearest[k] == every[k] for k in every)
    largest = max(every[k] - nearest[k] for k in every)
    print(
        f"fits of {count} articles as one story: nearest neighbours {nearest_s:.2f} s, "
        f"every pair {every_s:.2f} s ({every_s / nearest_s:.1f}x); same fit for "
        f"{same / count:.3f} of the articles (largest difference {largest:.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
