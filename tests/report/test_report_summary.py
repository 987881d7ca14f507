"""The comparison report opens with a summary, and explains its scores where they are shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import unescape

from storytrace.model import Comparison
from storytrace.report import to_html


def _summary(page: str) -> str:
    """The summary section's text, tags removed."""
    section = page.split('id="summary"')[1].split("</section>")[0]
    return unescape(re.sub(r"<[^>]+>", " ", section.split(">", 1)[1]).replace("  ", " "))


def test_the_summary_comes_before_the_texts_and_counts_each_article(
    comparison: Comparison,
) -> None:
    page = to_html(comparison)
    assert page.index('id="summary"') < page.index('id="texts"')
    summary = _summary(page)
    # a1: sentence 1 copied, sentence 0 paraphrased; a2 the same, and sentence 2 only here
    assert "GPA (a1): 2 sentences; in another article: 1 copied, 1 paraphrased" in summary
    assert "Radio Habana Cuba (a2): 3 sentences" in summary and "only here: 1." in summary
    assert "3 quotations; 1 utterance carried by more than one article." in summary
    assert "unknown: no article carries a publication time" in summary


def test_the_summary_names_who_published_first_only_when_times_tell(
    make_comparison: Callable[..., Comparison],
) -> None:
    comparison = make_comparison()
    gpa, rhc = comparison.articles
    dated = replace(
        comparison,
        articles=[
            replace(gpa, article=replace(gpa.article, published="2017-10-05T08:00:00+00:00")),
            replace(rhc, article=replace(rhc.article, published="2017-10-05T11:30:00+00:00")),
        ],
    )
    assert "Published first" in _summary(to_html(dated))
    assert "GPA, 2017-10-05 08:00 UTC" in _summary(to_html(dated))
    same_day = replace(
        dated,
        articles=[
            dated.articles[0],
            replace(rhc, article=replace(rhc.article, published="2017-10-05")),
        ],
    )
    first = _summary(to_html(same_day)).split("Per article")[0]
    assert "unknown: " in first and "came out on 2017-10-05" in first
    assert "GPA" in first and "Radio Habana Cuba" in first


def test_the_score_column_and_the_legend_explain_the_score(comparison: Comparison) -> None:
    page = to_html(comparison)
    assert re.search(r'<th scope="col" title="score \(0 to 1\): [^"]+">Score</th>', page)
    legend = unescape(page.split('aria-labelledby="legend-title"')[1].split("</section>")[0])
    assert "Score (0 to 1): how alike the two sentences are" in legend
