"""The TF-IDF grouping baseline: the date rule, the cut, and the choice of its best cut."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from storytrace.evaluation.tfidf_grouping import (
    CUTS,
    average_linkage,
    baseline_text,
    best_cut,
    cut_tree,
    tfidf_cosines,
    with_date_rule,
)
from storytrace.model import Article
from storytrace.stories.similarity import DATE_PENALTY


def test_the_date_rule_is_storytraces_penalty_beyond_thirty_days() -> None:
    similarity = np.full((3, 3), 0.6)
    days = [date(2020, 1, 1), date(2020, 1, 31), date(2020, 3, 1)]
    penalised = with_date_rule(similarity, days)
    assert penalised[0, 1] == pytest.approx(0.6)  # 30 days apart: kept
    assert penalised[0, 2] == pytest.approx(0.6 - DATE_PENALTY)
    undated = with_date_rule(similarity, [date(2020, 1, 1), None, date(2020, 3, 1)])
    assert undated[0, 1] == pytest.approx(0.6)  # an undated article is never penalised
    assert undated[1, 2] == pytest.approx(0.6)


def test_texts_sharing_their_words_group_and_the_best_cut_is_found() -> None:
    texts = [
        "volcano erupts ash cloud flights grounded iceland",
        "iceland volcano ash cloud grounds flights",
        "senate passes budget bill after long debate",
        "budget bill passes senate debate ends",
    ]
    cosines = tfidf_cosines(texts)
    assert cosines[0, 1] > 0.3 > cosines[0, 2]
    tree = average_linkage(cosines)
    labels = cut_tree(tree, 0.2)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    cut, f1 = best_cut(tree, ["v", "v", "b", "b"])
    assert f1 == pytest.approx(1.0)
    assert cut == CUTS[0]  # ties: the lowest cut


def test_the_baseline_reads_the_title_as_storytrace_does() -> None:
    titled = Article(id="a", source="s", text="Body text.", title="Headline")
    assert baseline_text(titled) == "Headline. Body text."
    opening = Article(id="b", source="s", text="Headline\nBody text.", title="Headline")
    assert baseline_text(opening) == "Headline\nBody text."
