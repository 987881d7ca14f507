"""The comparison report's summary: what a reader checks first, before the texts.

Per article: how many of its sentences another article carries (copied, paraphrased,
translated) and how many only it carries; who published first and how that is known
(the article's declared time, or a dateline), or that it is not known; and how many
quotations are carried by more than one article. It restates the comparison, nothing
more: where no time orders two articles, it says so.
"""

from __future__ import annotations

from storytrace.model import AnalysedArticle, Comparison, MatchKind
from storytrace.report._common import KIND_ORDER, Counterpart, plural
from storytrace.report._markup import element, esc
from storytrace.report.quotes_text import split_groups
from storytrace.report.story_text import format_time

# How the score of a matched sentence is read; shown by the score columns and the legend.
SCORE_EXPLAINED = (
    "score (0 to 1): how alike the two sentences are, from their meaning (multilingual "
    "sentence embeddings) and the words they share; copied sentences score highest"
)


def summary_section(
    comparison: Comparison,
    matches: dict[tuple[str, int], list[Counterpart]],
    names: dict[str, str],
) -> str:
    """Return the summary ``<section id="summary">``: a definition list of key facts."""
    facts = [
        ("Published first", esc(_first_line(comparison, names))),
        ("Per article", _per_article(comparison, matches, names)),
        ("Quotations", esc(_quotes_line(comparison))),
    ]
    rows = "".join(element("dt", esc(term)) + element("dd", value) for term, value in facts)
    heading = element("h2", "Summary", {"id": "summary-title"})
    return element(
        "section",
        heading + element("dl", rows, {"class": "facts"}),
        {"id": "summary", "aria-labelledby": "summary-title"},
    )


def _first_line(comparison: Comparison, names: dict[str, str]) -> str:
    dated = sorted(
        (a.article.published, a.article.id)
        for a in comparison.articles
        if a.article.published is not None
    )
    undated = len(comparison.articles) - len(dated)
    if not dated:
        return "unknown: no article carries a publication time, so their order is not known."
    first_time, first_id = dated[0]
    # a day alone cannot be ordered against another time on that day
    tied = [
        i
        for t, i in dated[1:]
        if t[:10] == first_time[:10] and ("T" not in t or "T" not in first_time)
    ]
    if tied:
        who = ", ".join(names.get(i, i) for i in [first_id, *tied])
        line = f"unknown: {who} came out on {first_time[:10]}, and their times do not order them."
    else:
        when = format_time(first_time)
        line = f"{names.get(first_id, first_id)}, {when} ({_how_known(comparison, first_id)})."
    if undated:
        line += f" {plural(undated, 'article')} without a publication time: order unknown."
    return line


def _how_known(comparison: Comparison, article_id: str) -> str:
    kind = comparison.article(article_id).article.published_kind
    return f"{kind} time declared by the page" if kind else "declared by the input"


def _per_article(
    comparison: Comparison,
    matches: dict[tuple[str, int], list[Counterpart]],
    names: dict[str, str],
) -> str:
    items = [
        element("li", _article_line(analysed, comparison, matches, names))
        for analysed in comparison.articles
    ]
    return element("ul", "".join(items))


def _article_line(
    analysed: AnalysedArticle,
    comparison: Comparison,
    matches: dict[tuple[str, int], list[Counterpart]],
    names: dict[str, str],
) -> str:
    article_id = analysed.article.id
    counts: dict[MatchKind, int] = dict.fromkeys(KIND_ORDER, 0)
    for sentence in analysed.sentences:
        found = matches.get((article_id, sentence.index), [])
        strongest = next((kind for kind in KIND_ORDER if any(m.kind == kind for m in found)), None)
        if strongest is not None:
            counts[strongest] += 1
    only = len(comparison.only_here.get(article_id, []))
    shared = ", ".join(f"{count} {kind.value}" for kind, count in counts.items())
    link = element("a", esc(names.get(article_id, article_id)), {"href": f"#{article_id}-title"})
    text = (
        f" ({article_id}): {plural(len(analysed.sentences), 'sentence')}; "
        f"in another article: {shared}; only here: {only}."
    )
    return link + esc(text)


def _quotes_line(comparison: Comparison) -> str:
    shared = split_groups(comparison.quote_groups)[0]
    line = f"{plural(len(comparison.quotes), 'quotation')}"
    if not comparison.quotes:
        return line + "."
    return line + f"; {plural(len(shared), 'utterance')} carried by more than one article."
