"""Stories on the real pages: how many, how large, how cohesive, and which hold several.

An untouched check of the story grouping: no constant was chosen on these pages. Every page
of ../shared/data/realpages/ (``--data``) and the demo's sample data (``examples/*.txt``,
``examples/corpus/``) are ingested into a fresh store with ``storytrace ingest``, as a user
would, and grouped with ``storytrace stories``. Printed: the number of stories, how many
hold one, two, ... articles, and for every story of two or more its cohesion (mean fit),
its lowest fit and each member's fit, outlet, date and title, for a person to judge
whether its articles report one event.

``--sweep`` prints, for each fit floor tried (``GroupingSettings.fit_floor``: a new
article whose fit is under it opens its own story; None: no floor, today's default), the
figures it was weighed on with the labelled corpora of ../shared/data: same-event B³ F1 on
ECB+ in one run and in four shuffled runs, B³ / pairwise F1 on BASIL, and the shares of
SemEval-2022's pairs rated one story (in two languages, in one) that end in one story
and of those rated different that end apart (``storytrace.evaluation.semeval``).

Usage: python benchmarks/realpages_stories.py [--data DIR] [--keep STORE] [--sweep]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SAMPLES = [
    *sorted((ROOT / "examples").glob("*.txt")),
    *sorted((ROOT / "examples" / "corpus").glob("*.txt")),
    *sorted((ROOT / "examples" / "corpus").glob("*.jsonl")),
]
SWEEP_FLOORS: tuple[float | None, ...] = (None, 0.30, 0.32, 0.34, 0.36, 0.38)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--keep", type=Path, help="write the store here (default: a temp file)")
    parser.add_argument("--sweep", action="store_true", help="print the fit floor's sweep")
    args = parser.parse_args(argv)
    if args.sweep:
        sweep(args.data)
        return 0
    pages = args.data / "realpages"
    if not pages.is_dir():
        print(f"{pages} not found: the real pages are absent", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        db = args.keep or Path(folder) / "realpages.db"
        _cli("ingest", pages, *SAMPLES, "--db", db, "--quiet")
        _cli("stories", "--db", db, "--no-reuse", "--no-quotes", "--quiet", "--limit", "1")
        report(db)
    return 0


def _cli(*args: object) -> None:
    command = [sys.executable, "-m", "storytrace", *map(str, args)]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 1: some inputs quarantined, which is expected
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")


def report(db: Path) -> None:
    """Print the story count, sizes and, per story of two or more, cohesion and members."""
    from storytrace.store import Store
    from storytrace.store.stories import story_summaries

    with Store(db) as store:
        summaries = story_summaries(store)
        members = store.db.execute(
            "SELECT s.story_id, s.fit, a.outlet, a.published, "
            "COALESCE(a.title, substr(a.text, 1, 70)) FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id ORDER BY s.story_id, s.position"
        ).fetchall()
    sizes = Counter(summary.articles for summary in summaries)
    print(f"stories: {len(summaries)}")
    print("sizes: " + ", ".join(f"{n} of {size}" for size, n in sorted(sizes.items())))
    for summary in summaries:
        if summary.articles < 2:
            continue
        lowest = "-" if summary.lowest_fit is None else f"{summary.lowest_fit:.2f}"
        cohesion = "-" if summary.cohesion is None else f"{summary.cohesion:.2f}"
        print(
            f"story {summary.id}: {summary.articles} articles, cohesion {cohesion}, "
            f"lowest fit {lowest}"
        )
        for story_id, fit, outlet, published, title in members:
            if story_id == summary.id:
                shown = "-" if fit is None else f"{fit:.2f}"
                line = " ".join(str(title).split())[:70]
                print(f"  fit {shown}  {outlet or '?'} | {(published or 'undated')[:10]} | {line}")


def sweep(data: Path) -> None:
    """ECB+ (one run; four shuffled runs), BASIL and SemEval grouping figures per fit floor."""
    from storytrace.evaluation import basil_stories, ecbplus, semeval
    from storytrace.evaluation.clustering import cluster_scores
    from storytrace.stories import StoryGrouper, story_features
    from storytrace.stories.grouping import GroupingSettings
    from storytrace.stories.similarity import same_language

    corpus = ecbplus.load_corpus(data / "ecbplus" / "docs.jsonl")
    labelled = sorted(
        basil_stories.load_basil_articles(data / "basil" / "docs.jsonl"),
        key=lambda item: item[0].published or "",
    )
    basil_features = story_features([article for article, _ in labelled])
    basil_gold = [story for _, story in labelled]
    pairs = semeval.load_pairs(data / semeval.SEMEVAL_FILE)
    pair_features = story_features([a for pair in pairs for a in (pair.first, pair.second)])
    first: dict[str, int] = {}
    for k, pair in enumerate(pairs):
        for offset, article in enumerate((pair.first, pair.second)):
            first.setdefault(article.id.rsplit(":", 1)[1], 2 * k + offset)
    names = list(first)
    cross = [
        not same_language(pair_features[2 * k], pair_features[2 * k + 1]) for k in range(len(pairs))
    ]
    count = len(corpus.documents)
    for floor in SWEEP_FLOORS:
        settings = GroupingSettings(fit_floor=floor)
        one = ecbplus.grouped(corpus, ecbplus.publication_order(corpus.documents), 1, settings)
        runs = [
            ecbplus.grouped(corpus, ecbplus.shuffled_order(count, seed), 4, settings).b3_f1
            for seed in ecbplus.SHUFFLE_SEEDS
        ]
        grouper = StoryGrouper(settings=settings)
        grouper.add_batch(basil_features)
        basil = cluster_scores(grouper.story_of, basil_gold)
        pair_grouper = StoryGrouper(settings=settings)
        pair_grouper.add_batch([pair_features[first[name]] for name in names])
        story = dict(zip(names, pair_grouper.story_of, strict=True))
        together = [
            story[p.first.id.rsplit(":", 1)[1]] == story[p.second.id.rsplit(":", 1)[1]]
            for p in pairs
        ]

        def share(picked: list[bool], together: list[bool] = together) -> float:
            chosen = [t for t, p in zip(together, picked, strict=True) if p]
            return sum(chosen) / max(len(chosen), 1)

        same = [p.overall <= semeval.SAME_STORY for p in pairs]
        two = share([s and c for s, c in zip(same, cross, strict=True)])
        one_language = share([s and not c for s, c in zip(same, cross, strict=True)])
        shown = "none" if floor is None else f"{floor:.2f}"
        print(
            f"floor {shown}: ECB+ one run B³ {one.b3_f1:.3f} pair {one.pair_f1:.3f}; "
            f"four shuffled runs mean {statistics.mean(runs):.3f} worst {min(runs):.3f}; "
            f"BASIL B³ {basil.b3_f1:.3f} pair {basil.pair_f1:.3f}; SemEval one story "
            f"grouped: two languages {two:.3f}, one {one_language:.3f}; different kept "
            f"apart {1 - share([p.overall >= semeval.DIFFERENT for p in pairs]):.3f}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
