"""A short plain-text summary of a comparison, printed by the CLI after it runs."""

from __future__ import annotations

from storytrace.model import Comparison
from storytrace.report._common import (
    format_dateline,
    kind_counts,
    labels,
    plural,
    sentence_text,
    shorten,
)
from storytrace.report.quotes_text import by_speaker, group_name, loose_quotes, split_groups

# Enough to recognise the sentences without flooding a terminal; the full list is in the
# Markdown, HTML and JSON reports.
ONLY_HERE_SHOWN = 3
SENTENCE_WIDTH = 72
TITLE_WIDTH = 60


def to_summary(comparison: Comparison) -> str:
    """Summarise ``comparison`` in a few lines of plain text (no trailing newline, for echo).

    Lists the articles, per pair the matched sentences by kind and the shared spans, the
    "only here" sentences (first few, shortened), quote groups and rejected inputs.
    """
    lines = [f"storytrace: {len(comparison.articles)} articles compared"]
    lines += _articles(comparison)
    lines += _pairs(comparison)
    lines += _only_here(comparison)
    lines += _quote_groups(comparison)
    if comparison.rejected:
        lines.append(f"Rejected inputs: {len(comparison.rejected)}")
        lines += [f"  {source}: {reason}" for source, reason in comparison.rejected]
    return "\n".join(lines)


def _articles(comparison: Comparison) -> list[str]:
    lines = []
    for analysed in comparison.articles:
        article = analysed.article
        parts = [article.id, article.outlet or "(unknown outlet)"]
        dateline = format_dateline(article.dateline)
        if dateline:
            parts.append(dateline)
        if article.title:
            parts.append(f'"{shorten(article.title, TITLE_WIDTH)}"')
        parts.append(plural(len(analysed.sentences), "sentence"))
        lines.append("  " + " | ".join(parts))
    return lines


def _pairs(comparison: Comparison) -> list[str]:
    names = labels(comparison)
    lines = ["Pairs:" if comparison.pairs else "Pairs: none aligned"]
    for pair in comparison.pairs:
        counts = kind_counts(pair.matches)
        by_kind = ", ".join(f"{kind.value} {count}" for kind, count in counts.items())
        a, b = pair.article_a, pair.article_b
        lines.append(
            f"  {a} ({names.get(a, a)}) <-> {b} ({names.get(b, b)}): "
            f"{plural(len(pair.matches), 'matched sentence')} ({by_kind}), "
            f"{plural(len(pair.spans), 'shared span')}"
        )
    return lines


def _only_here(comparison: Comparison) -> list[str]:
    lines = ["Only here:"]
    for analysed in comparison.articles:
        article = analysed.article
        indexes = comparison.only_here.get(article.id, [])
        label = f"{article.id} ({article.outlet or article.id})"
        lines.append(f"  {label}: {plural(len(indexes), 'sentence')}")
        for index in indexes[:ONLY_HERE_SHOWN]:
            text = sentence_text(comparison, article.id, index)
            lines.append(f"    s{index}: {shorten(text, SENTENCE_WIDTH)}")
        if len(indexes) > ONLY_HERE_SHOWN:
            lines.append(f"    ... and {len(indexes) - ONLY_HERE_SHOWN} more")
    return lines


def _quote_groups(comparison: Comparison) -> list[str]:
    names = labels(comparison)
    shared = split_groups(comparison.quote_groups)[0]
    lines = [
        f"Quote groups: {len(comparison.quote_groups)} "
        f"({len(shared)} carried by more than one article)"
    ]
    for group in shared:
        outlets = ", ".join(names.get(v.quote.article, v.quote.article) for v in group.variants)
        first = [names.get(v.quote.article, v.quote.article) for v in group.variants if v.first]
        lines.append(
            f"  {group.id}: {group_name(group)}, {plural(len(group.variants), 'variant')} "
            f"({outlets}); first: {', '.join(first) or 'unknown'}"
        )
    loose = loose_quotes(comparison.quote_groups, comparison.quotes)
    if loose:
        speakers = ", ".join(f"{name} ({len(quotes)})" for name, quotes in by_speaker(loose))
        lines.append(f"  in one article only: {plural(len(loose), 'quotation')}: {speakers}")
    return lines
