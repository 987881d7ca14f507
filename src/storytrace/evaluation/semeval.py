"""Story similarity on SemEval-2022 Task 8: multilingual news article pairs.

Each pair carries human scores from 1 (very similar) to 4 (very dissimilar); the ``Overall``
score says how likely the two articles report the same story. The same-story score
(``same_story_score``) is correlated (Pearson) with ``-Overall``, so a higher score should go
with a more similar pair; so are the grouping's link score (``story_similarity``) and a plain
TF-IDF cosine of the two texts, in the same run. The texts are truncated and open with their
title, which the file does not mark: the first line (or the text up to a run of spaces) is
taken as the headline. Their languages are given (``lang1``, ``lang2``).

The articles are also grouped into stories, all in one run (each article once, as its first
pair gives it): of the pairs rated one story (Overall ``SAME_STORY`` or less), the share
that end in one story, across languages and within one; of the pairs rated different
(``DIFFERENT`` or more), the share kept apart; and, over the pairs rated either way,
pairwise precision (of those put in one story, the share rated one story) and recall, with
today's link weights (tuning figures) and cross-validated over folds of pairs
(``storytrace.evaluation.semeval_grouping``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storytrace.evaluation.basis import Basis, figure_line, open_section
from storytrace.evaluation.same_story_fit import (
    FOLDS,
    CrossValidation,
    PairInputs,
    SplitCheck,
    calibrated_scores,
    cross_validate,
    pearson,
    split_check,
)
from storytrace.evaluation.semeval_grouping import (
    DIFFERENT,
    SAME_STORY,
    GroupingCrossValidation,
    cross_validate_grouping,
    grouped_together,
    pairwise_scores,
)
from storytrace.model import Article
from storytrace.stories import DocumentFrequencies, StoryFeatures, story_features
from storytrace.stories.openings import openings_of
from storytrace.stories.same_story import CALIBRATION, TitleVector, headline_vectors
from storytrace.stories.similarity import Weighed, same_language, weighed_similarity

SEMEVAL_FILE = Path("semeval2022_task8") / "training_set.csv"
_TOKEN = re.compile(r"\w{3,}", re.UNICODE)
# Where the headline of a text ends: a line break or a run of two spaces or more.
_HEADLINE_END = re.compile(r"\n|\s{2,}")


@dataclass(frozen=True)
class ArticlePair:
    pair_id: str
    first: Article
    second: Article
    overall: float  # gold: 1 = very similar .. 4 = very dissimilar


@dataclass(frozen=True)
class SimilarityQuality:
    """Pearson correlations with ``-Overall`` (so higher is better for all), and how the
    grouping treats the pairs rated one story or different."""

    storytrace_pearson: float  # the same-story score with its shipped constants, all pairs
    cross_validated: CrossValidation  # the same score, constants refitted on four folds
    split: SplitCheck  # the same score, constants fitted on one part, scored on the other
    link_pearson: float  # the grouping's link score
    baseline_pearson: float  # TF-IDF cosine of the two texts
    pairs: int
    cross_language_pairs: int
    same_story_grouped_cross_language: float  # share of such pairs in one story
    same_story_grouped_one_language: float
    different_kept_apart: float  # share of the pairs rated different in two stories
    grouped_precision: float  # of the pairs rated one story or different put in one story,
    # the share rated one story (pairwise precision over the rated pairs)
    grouped_recall: float  # of all pairs rated one story, the share put in one story
    grouping_cv: GroupingCrossValidation  # the same two, link weights chosen on other folds


def load_pairs(path: Path) -> list[ArticlePair]:
    """Read the pairs in file order; rows without a numeric ``Overall`` are dropped."""
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                overall = float(row["Overall"])
            except (KeyError, ValueError):
                continue
            pair_id = row["pair_id"]
            first, second = pair_id.split("_", 1) if "_" in pair_id else (pair_id, pair_id)
            pairs.append(
                ArticlePair(
                    pair_id,
                    _article(f"{pair_id}:1:{first}", path, row["text1"], row["lang1"]),
                    _article(f"{pair_id}:2:{second}", path, row["text2"], row["lang2"]),
                    overall,
                )
            )
    return pairs


def _article(article_id: str, path: Path, text: str, language: str) -> Article:
    text = text.strip()
    return Article(
        id=article_id,
        source=f"{path}:{article_id}",
        text=text,
        language=language,
        title=_HEADLINE_END.split(text, maxsplit=1)[0].strip() or None,
    )


def evaluate_story_similarity(csv_path: Path) -> SimilarityQuality:
    """Pearson of the same-story score, the link score and a TF-IDF cosine with ``-Overall``.

    The same-story score is measured three ways: with its shipped constants on all pairs
    (the pairs they were fitted on), in cross-validation and on the reporting part of a
    fixed split (``storytrace.evaluation.same_story_fit``). The document frequencies are
    those of all texts in the file. Raises ``ValueError`` if the file holds fewer than
    ``FOLDS`` * 2 scored pairs.
    """
    pairs = load_pairs(csv_path)
    if len(pairs) < 2 * FOLDS:
        raise ValueError(f"{csv_path} holds {len(pairs)} scored pairs; {2 * FOLDS} are needed")
    articles = [article for pair in pairs for article in (pair.first, pair.second)]
    features = story_features(articles)
    inputs = pair_inputs(pairs, features, headline_vectors(articles))
    names = [(_name(p.first), _name(p.second)) for p in pairs]
    openings = openings_of(articles)
    grouped = grouped_together(names, features, openings=openings)
    overall = np.array([pair.overall for pair in pairs], dtype=np.float64)
    scores = pairwise_scores(grouped, overall)
    together: list[bool] = grouped.tolist()
    cross = inputs.cross_language.tolist()

    def share(picked: list[bool]) -> float:
        return sum(t for t, p in zip(together, picked, strict=True) if p) / max(sum(picked), 1)

    same = [pair.overall <= SAME_STORY for pair in pairs]
    return SimilarityQuality(
        storytrace_pearson=pearson(calibrated_scores(inputs, CALIBRATION), inputs.gold),
        cross_validated=cross_validate(inputs),
        split=split_check(inputs, [pair.pair_id for pair in pairs]),
        link_pearson=pearson(inputs.link, inputs.gold),
        baseline_pearson=pearson(np.asarray(tfidf_cosines(pairs)), inputs.gold),
        pairs=len(pairs),
        cross_language_pairs=sum(cross),
        same_story_grouped_cross_language=share(
            [s and c for s, c in zip(same, cross, strict=True)]
        ),
        same_story_grouped_one_language=share(
            [s and not c for s, c in zip(same, cross, strict=True)]
        ),
        different_kept_apart=1.0 - share([pair.overall >= DIFFERENT for pair in pairs]),
        grouped_precision=scores.precision,
        grouped_recall=scores.recall,
        grouping_cv=cross_validate_grouping(
            names, features, overall, shipped=grouped, openings=openings
        ),
    )


def pair_inputs(
    pairs: Sequence[ArticlePair],
    features: Sequence[StoryFeatures],
    headlines: Sequence[TitleVector | None],
) -> PairInputs:
    """Each pair's link score, headline cosine and languages, from its articles' features and
    headline vectors (two per pair, in pair order); document frequencies of all the texts."""
    frequencies = DocumentFrequencies()
    for item in features:
        frequencies.add(item)
    weighed = [Weighed.of(item, frequencies) for item in features]
    halves = range(len(pairs))
    cosines = [
        float(np.dot(a, b))
        if (a := headlines[2 * k]) is not None and (b := headlines[2 * k + 1]) is not None
        else np.nan
        for k in halves
    ]
    return PairInputs(
        link=np.array([weighed_similarity(weighed[2 * k], weighed[2 * k + 1]) for k in halves]),
        headline_cosine=np.array(cosines, dtype=np.float64),
        cross_language=np.array(
            [not same_language(features[2 * k], features[2 * k + 1]) for k in halves]
        ),
        gold=np.array([-pair.overall for pair in pairs], dtype=np.float64),
    )


def report(data: Path) -> None:
    """Print the SemEval-2022 Task 8 figures, each labelled with how it was obtained."""
    title = "SemEval-2022 Task 8 article pairs: Pearson with the gold similarity; grouping"
    path = data / SEMEVAL_FILE
    if not open_section(title, path):
        return
    quality = evaluate_story_similarity(path)
    cv = quality.cross_validated
    print(
        figure_line(
            "same-story score",
            cv.mean,
            Basis.CROSS_VALIDATED,
            f"mean of {FOLDS} folds, worst {cv.worst:.4f}; {quality.pairs:,} pairs",
        )
    )
    split = quality.split
    print(
        figure_line(
            "same-story score, reporting part",
            split.pearson,
            Basis.UNTOUCHED,
            f"{split.reporting_pairs} pairs; constants fitted on the other {split.fitting_pairs}"
            " (the link score's weights were chosen on all pairs)",
        )
    )
    print(
        figure_line(
            "same-story score, shipped constants",
            quality.storytrace_pearson,
            Basis.TUNING,
            "all pairs, which the constants were fitted on",
        )
    )
    print(
        figure_line(
            "link score",
            quality.link_pearson,
            Basis.TUNING,
            "its weights and cross-language offset were chosen on these pairs",
        )
    )
    print(
        figure_line(
            "TF-IDF cosine (baseline)",
            quality.baseline_pearson,
            Basis.UNTOUCHED,
            "no constant chosen",
        )
    )
    grouping = "grouped by the link score, whose weights were chosen on these pairs"
    for name, value in (
        (
            "rated one story, 2 languages: grouped",
            quality.same_story_grouped_cross_language,
        ),
        (
            "rated one story, 1 language: grouped",
            quality.same_story_grouped_one_language,
        ),
        ("rated different: kept apart", quality.different_kept_apart),
        ("grouping: pairwise precision", quality.grouped_precision),
        ("grouping: pairwise recall", quality.grouped_recall),
    ):
        print(figure_line(name, value, Basis.TUNING, grouping))
    held_out = quality.grouping_cv
    print(
        figure_line(
            "grouping, held-out folds: pairwise precision",
            held_out.precision,
            Basis.CROSS_VALIDATED,
            f"mean of {FOLDS} folds, worst {held_out.worst_precision:.4f}; link weights chosen "
            f"on the other folds by Pearson; {held_out.describe()}",
        )
    )
    print(
        figure_line(
            "grouping, held-out folds: pairwise recall",
            held_out.recall,
            Basis.CROSS_VALIDATED,
            f"mean of {FOLDS} folds, worst {held_out.worst_recall:.4f}",
        )
    )


def _name(article: Article) -> str:
    """The SemEval article id (the article's own half of its pair id)."""
    return article.id.rsplit(":", 1)[1]


def tfidf_cosines(pairs: list[ArticlePair]) -> list[float]:
    """The baseline: cosine of sublinear TF-IDF vectors of lower-cased words (3+ letters)."""
    counts = [
        Counter(_TOKEN.findall(article.text.lower()))
        for pair in pairs
        for article in (pair.first, pair.second)
    ]
    frequency: Counter[str] = Counter()
    for words in counts:
        frequency.update(words.keys())
    total = len(counts)

    def vector(words: Counter[str]) -> dict[str, float]:
        weights = {
            word: (1.0 + np.log(count)) * np.log(total / frequency[word])
            for word, count in words.items()
        }
        norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
        return {word: w / norm for word, w in weights.items()}

    vectors = [vector(words) for words in counts]
    return [
        sum(w * vectors[2 * i + 1].get(word, 0.0) for word, w in vectors[2 * i].items())
        for i in range(len(pairs))
    ]
