"""Story grouping on BASIL: one event as three outlets with different politics report it.

BASIL (Fan et al., EMNLP 2019) holds 210 articles: 70 events from 2010 to 2016, each reported
by Fox News, the New York Times and HuffPost, with its title and day. Its ``story`` label
groups the three reports of one event, so it scores grouping where outlets frame one event
differently, beside ECB+ (same outlet style, two events per topic). The articles are grouped
in publication order in one run and scored with B³ and pairwise F1 (``cluster_scores``).

No constant of the grouping (``storytrace.stories.grouping``, ``similarity``, ``features``)
was chosen on BASIL: they were set on ECB+ and SemEval-2022 Task 8 before BASIL was first
scored, so these figures are untouched. The TF-IDF baseline
(``storytrace.evaluation.tfidf_grouping``) gets the same inputs as storytrace (title, text,
and the dates under storytrace's 30-day rule) and its cut chosen the way storytrace's
constants were, on ECB+ (``ecbplus.BASELINE_CUT_DATED``); it is also scored without dates
at its ECB+ cut without dates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storytrace.evaluation import tfidf_grouping
from storytrace.evaluation.basis import Basis, figure_line, open_section
from storytrace.evaluation.clustering import ClusterScores, cluster_scores
from storytrace.evaluation.ecbplus import BASELINE_CUT, BASELINE_CUT_DATED
from storytrace.model import Article
from storytrace.stories import StoryGrouper, story_features


@dataclass(frozen=True)
class BasilGrouping:
    storytrace: ClusterScores
    baseline_dated: ClusterScores  # TF-IDF with the date rule, at its ECB+ cut
    baseline: ClusterScores  # TF-IDF without dates, at its ECB+ cut
    documents: int


def load_basil_articles(path: Path) -> list[tuple[Article, str]]:
    """(article, gold story) of each document of BASIL's ``docs.jsonl``, in file order."""
    found = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            article = Article(
                id=row["doc_id"],
                source=f"{path}:{row['doc_id']}",
                text=row["text"],
                title=row.get("title") or None,
                published=row.get("date") or None,
                language="en",
            )
            found.append((article, str(row["story"])))
    return found


def evaluate_basil_grouping(path: Path) -> BasilGrouping:
    """Group BASIL's articles in publication order, in one run, and score the stories."""
    labelled = sorted(load_basil_articles(path), key=lambda item: (item[0].published or "",))
    articles = [article for article, _ in labelled]
    gold = [story for _, story in labelled]
    grouper = StoryGrouper()
    grouper.add_batch(story_features(articles))

    def baseline(dated: bool, cut: float) -> ClusterScores:
        similarity = tfidf_grouping.article_similarities(articles, dated)
        labels = tfidf_grouping.cut_tree(tfidf_grouping.average_linkage(similarity), cut)
        return cluster_scores(labels, gold)

    return BasilGrouping(
        storytrace=cluster_scores(grouper.story_of, gold),
        baseline_dated=baseline(True, BASELINE_CUT_DATED),
        baseline=baseline(False, BASELINE_CUT),
        documents=len(articles),
    )


def report(data: Path) -> None:
    """Print the BASIL grouping figures, each labelled (``python -m storytrace.evaluation``)."""
    path = data / "basil" / "docs.jsonl"
    if not open_section("BASIL story grouping (no grouping constant was chosen on BASIL)", path):
        return
    quality = evaluate_basil_grouping(path)
    for name, scores, detail in [
        ("storytrace", quality.storytrace, f"{quality.documents} articles, one run"),
        ("TF-IDF baseline, with dates", quality.baseline_dated, f"cut {BASELINE_CUT_DATED}"),
        ("TF-IDF baseline, no dates", quality.baseline, f"cut {BASELINE_CUT}"),
    ]:
        print(figure_line(f"{name}: B³ F1", scores.b3_f1, Basis.UNTOUCHED, detail))
        print(figure_line(f"{name}: pairwise F1", scores.pair_f1, Basis.UNTOUCHED))
