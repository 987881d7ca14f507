"""Story grouping on BASIL: one event as three outlets with different politics report it.

BASIL (Fan et al., EMNLP 2019) holds 210 articles: 70 events from 2010 to 2016, each reported
by Fox News, the New York Times and HuffPost, with its title and day. Its ``story`` label
groups the three reports of one event, so it scores grouping where outlets frame one event
differently, beside ECB+ (same outlet style, two events per topic). The articles are grouped
in publication order in one run and scored with B³ and pairwise F1 (``cluster_scores``),
beside the TF-IDF average-linkage baseline of ``storytrace.evaluation.ecbplus`` (its cut
chosen on ECB+) on the same texts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storytrace.evaluation.clustering import ClusterScores, cluster_scores
from storytrace.evaluation.ecbplus import group_with_tfidf
from storytrace.model import Article
from storytrace.stories import StoryGrouper, story_features


@dataclass(frozen=True)
class BasilGrouping:
    storytrace: ClusterScores
    baseline: ClusterScores  # TF-IDF average linkage
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
    return BasilGrouping(
        storytrace=cluster_scores(grouper.story_of, gold),
        baseline=cluster_scores(group_with_tfidf([a.text for a in articles]), gold),
        documents=len(articles),
    )
