"""Story grouping on BASIL: one event as three outlets with different politics report it.

BASIL (Fan et al., EMNLP 2019) holds 210 articles: 70 events from 2010 to 2016, each reported
by Fox News, the New York Times and HuffPost, with its title and day. Its ``story`` label
groups the three reports of one event, so it scores grouping where outlets frame one event
differently, beside ECB+ (same outlet style, two events per topic). The articles are grouped
in publication order in one run and scored with B³ and pairwise F1 (``cluster_scores``).

One constant of the grouping was chosen on BASIL's early years (up to ``LAST_TUNING_YEAR``):
where the time ramp starts (``similarity.EVENT_WINDOW_DAYS``). The others
(``storytrace.stories.grouping``, ``similarity``, ``features``) were set on ECB+ and
SemEval-2022 Task 8 before BASIL was first scored. So the figures of all 210 articles are
tuning figures; those of the later years are untouched. The TF-IDF baseline
(``storytrace.evaluation.tfidf_grouping``) gets the same inputs as storytrace (title, text,
and the dates under storytrace's 30-day rule) and its cut chosen the way storytrace's
constants were, on ECB+ (``ecbplus.BASELINE_CUT_DATED``); it is also scored without dates
at its ECB+ cut without dates.

By year (``evaluate_basil_by_year``): the early years (up to ``LAST_TUNING_YEAR``) are the
part where a time constant of the grouping (``similarity.EVENT_WINDOW_DAYS``) may be chosen,
the later years the part it is reported on; each part is grouped in one run of its own.
Per year, the figures of the whole corpus's one run over that year's articles: B³ over its
articles (each judged against its whole story), pairwise over the pairs that hold one of
them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storytrace.evaluation import tfidf_grouping
from storytrace.evaluation.basis import Basis, figure_line, open_section
from storytrace.evaluation.clustering import (
    ClusterScores,
    PartScores,
    cluster_scores,
    scores_over,
)
from storytrace.evaluation.ecbplus import BASELINE_CUT, BASELINE_CUT_DATED
from storytrace.model import Article
from storytrace.stories import StoryFeatures, StoryGrouper, story_features
from storytrace.stories.grouping import GroupingSettings

# The years a time constant may be chosen on (2010-2013: 40 stories); the later years
# (2014-2016: 30 stories) are where it is reported.
LAST_TUNING_YEAR = 2013


@dataclass(frozen=True)
class BasilGrouping:
    storytrace: ClusterScores
    baseline_dated: ClusterScores  # TF-IDF with the date rule, at its ECB+ cut
    baseline: ClusterScores  # TF-IDF without dates, at its ECB+ cut
    documents: int


@dataclass(frozen=True)
class BasilByYear:
    tuning: PartScores  # the early years, grouped in one run of their own
    held_out: PartScores  # the later years, grouped in one run of their own
    held_out_baseline_dated: PartScores  # TF-IDF with the date rule, at its ECB+ cut
    years: list[PartScores]  # each year's articles, in the whole corpus's one run


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


def one_run(features: Sequence[StoryFeatures], settings: GroupingSettings) -> list[int]:
    grouper = StoryGrouper(settings=settings)
    grouper.add_batch(features)
    return list(grouper.story_of)


def evaluate_basil_by_year(path: Path, settings: GroupingSettings | None = None) -> BasilByYear:
    """The tuning years and the later years each grouped in one run of their own, and each
    year's figures in one run of the whole corpus, with ``settings`` (today's by default)."""
    settings = settings or GroupingSettings()
    labelled = sorted(load_basil_articles(path), key=lambda item: (item[0].published or "",))
    articles = [article for article, _ in labelled]
    gold = [story for _, story in labelled]
    features = story_features(articles)
    year = [int((article.published or "0")[:4]) for article in articles]
    early = [i for i, y in enumerate(year) if y <= LAST_TUNING_YEAR]
    late = [i for i, y in enumerate(year) if y > LAST_TUNING_YEAR]

    def part(items: list[int], name: str) -> PartScores:
        labels = one_run([features[i] for i in items], settings)
        return scores_over(labels, [gold[i] for i in items], range(len(items)), name)

    late_articles = [articles[i] for i in late]
    similarity = tfidf_grouping.article_similarities(late_articles, True)
    baseline = tfidf_grouping.cut_tree(
        tfidf_grouping.average_linkage(similarity), BASELINE_CUT_DATED
    )
    whole = one_run(features, settings)
    return BasilByYear(
        tuning=part(early, f"{min(year)}-{LAST_TUNING_YEAR}"),
        held_out=part(late, f"{LAST_TUNING_YEAR + 1}-{max(year)}"),
        held_out_baseline_dated=scores_over(
            baseline,
            [gold[i] for i in late],
            range(len(late)),
            f"{LAST_TUNING_YEAR + 1}-{max(year)}, TF-IDF with dates",
        ),
        years=[
            scores_over(whole, gold, [i for i, y in enumerate(year) if y == each], str(each))
            for each in sorted(set(year))
        ],
    )


def part_lines(scores: PartScores, basis: Basis, detail: str) -> list[str]:
    """B³ F1 and pairwise F1 of a part, with pairwise precision and recall beside."""
    pairwise = f"pairwise precision {scores.pair_precision:.4f}, recall {scores.pair_recall:.4f}"
    return [
        figure_line(f"{scores.name}: B³ F1", scores.b3_f1, basis, detail),
        figure_line(f"{scores.name}: pairwise F1", scores.pair_f1, basis, pairwise),
    ]


def report(data: Path) -> None:
    """Print the BASIL grouping figures, each labelled (``python -m storytrace.evaluation``)."""
    path = data / "basil" / "docs.jsonl"
    title = f"BASIL story grouping (one constant was chosen on the years to {LAST_TUNING_YEAR})"
    if not open_section(title, path):
        return
    quality = evaluate_basil_grouping(path)
    for name, scores, detail in [
        ("storytrace", quality.storytrace, f"{quality.documents} articles, one run"),
        ("TF-IDF baseline, with dates", quality.baseline_dated, f"cut {BASELINE_CUT_DATED}"),
        ("TF-IDF baseline, no dates", quality.baseline, f"cut {BASELINE_CUT}"),
    ]:
        print(figure_line(f"{name}: B³ F1", scores.b3_f1, Basis.TUNING, detail))
        print(figure_line(f"{name}: pairwise F1", scores.pair_f1, Basis.TUNING))
    by_year = evaluate_basil_by_year(path)
    print("  by year: each part grouped in one run of its own")
    for line in [
        *part_lines(by_year.tuning, Basis.TUNING, "where the time ramp's start was chosen"),
        *part_lines(by_year.held_out, Basis.UNTOUCHED, "no constant chosen on these years"),
        *part_lines(
            by_year.held_out_baseline_dated,
            Basis.UNTOUCHED,
            f"its ECB+ cut, {BASELINE_CUT_DATED}",
        ),
    ]:
        print(line)
    print("  each year, in the one run of all the articles")
    for year in by_year.years:
        basis = Basis.TUNING if int(year.name) <= LAST_TUNING_YEAR else Basis.UNTOUCHED
        for line in part_lines(year, basis, f"{year.articles} articles"):
            print(line)
