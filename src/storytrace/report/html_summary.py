"""The comparison report's summary: what a reader checks first, before the texts.

1. Who published first and how that is known (the article's declared time, or a
   dateline), or that it is not known: where no time orders two articles, it says so.
2. Per article: how many of its sentences another article carries (copied, paraphrased,
   translated), as a count and a share of its sentences, and how many only it carries,
   with the first few of those, each linked to its place in the texts.
3. Quotations: how many there are, how many utterances several articles carry, and which
   of those they word differently: the speaker, the carriers, and the word changes the
   quote stage recorded against the reference variant (dropped words struck through,
   added ones underlined, as in the quotations section).

It restates the comparison, nothing more; every piece of article text is escaped.
"""

from __future__ import annotations

from storytrace.model import (
    AnalysedArticle,
    Article,
    Comparison,
    MatchKind,
    QuoteGroup,
    QuoteVariant,
    WordChange,
)
from storytrace.report._common import (
    KIND_ORDER,
    Counterpart,
    plural,
    sentence_id,
    sentences_by_index,
)
from storytrace.report._markup import element, esc
from storytrace.report.quotes_text import group_name, split_groups, translation
from storytrace.report.story_text import format_time

# How the score of a matched sentence is read; shown by the score columns and the legend.
SCORE_EXPLAINED = (
    "score (0 to 1): how alike the two sentences are, from their meaning (multilingual "
    "sentence embeddings) and the words they share; copied sentences score highest"
)
# Only-here sentences quoted per article, and the characters shown of each.
ONLY_HERE_SHOWN = 3
SENTENCE_WIDTH = 200
# Characters shown of a quotation, and word changes listed per differing wording.
QUOTE_WIDTH = 100
CHANGES_SHOWN = 3
# Kinds that make a sentence carried by another article; a sentence only on the same topic
# as another is not reuse, and counts as only here.
_REUSE_KINDS = tuple(kind for kind in KIND_ORDER if kind is not MatchKind.SAME_TOPIC)
_HOW_TO_READ_CHANGES = "Struck through: words it drops; underlined: words it adds."


def summary_section(
    comparison: Comparison,
    matches: dict[tuple[str, int], list[Counterpart]],
    names: dict[str, str],
) -> str:
    """Return the summary ``<section id="summary">``: a definition list of key facts."""
    facts = [
        ("Published first", esc(_first_line(comparison, names))),
        ("Per article", _per_article(comparison, matches, names)),
        ("Quotations", _quotations(comparison, names)),
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
        element(
            "li",
            _article_line(analysed, comparison, matches, names)
            + _only_here_sentences(analysed, comparison, names),
        )
        for analysed in comparison.articles
    ]
    return element("ul", "".join(items))


def _article_line(
    analysed: AnalysedArticle,
    comparison: Comparison,
    matches: dict[tuple[str, int], list[Counterpart]],
    names: dict[str, str],
) -> str:
    """``GPA (a1): 5 of 17 sentences (29%) in another article: 3 copied, ...; only here: 12``."""
    article_id = analysed.article.id
    counts = _strongest_kind_counts(analysed, matches)
    carried = sum(counts[kind] for kind in _REUSE_KINDS)
    total = len(analysed.sentences)
    only = len(comparison.only_here.get(article_id, []))
    link = element("a", esc(names.get(article_id, article_id)), {"href": f"#{article_id}-title"})
    if not total:
        return link + esc(f" ({article_id}): no sentences.")
    by_kind = ", ".join(f"{counts[kind]} {kind.value}" for kind in _REUSE_KINDS)
    text = (
        f" ({article_id}): {carried} of {plural(total, 'sentence')} "
        f"({_percent(carried, total)}%) in another article: {by_kind}; only here: {only}"
    )
    same_topic = counts[MatchKind.SAME_TOPIC]
    if same_topic:
        text += f" ({same_topic} of them on the same topic as a sentence elsewhere)"
    return link + esc(text + ".")


def _strongest_kind_counts(
    analysed: AnalysedArticle, matches: dict[tuple[str, int], list[Counterpart]]
) -> dict[MatchKind, int]:
    """Count the article's sentences by the strongest kind of their counterparts."""
    counts: dict[MatchKind, int] = dict.fromkeys(KIND_ORDER, 0)
    for sentence in analysed.sentences:
        found = matches.get((analysed.article.id, sentence.index), [])
        strongest = next((kind for kind in KIND_ORDER if any(m.kind == kind for m in found)), None)
        if strongest is not None:
            counts[strongest] += 1
    return counts


def _percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole percent; never 0 or 100 unless it is none or all."""
    share = round(100 * part / whole)
    if 0 < part < whole:
        return min(max(share, 1), 99)
    return share


def _only_here_sentences(
    analysed: AnalysedArticle, comparison: Comparison, names: dict[str, str]
) -> str:
    """The first only-here sentences of the article, each linked to its place in the texts,
    then how many more there are; ``""`` when the article has none."""
    article_id = analysed.article.id
    by_index = sentences_by_index(analysed)
    indexes = [i for i in comparison.only_here.get(article_id, []) if i in by_index]
    if not indexes:
        return ""
    items = [
        element(
            "li",
            element(
                "a",
                esc(f"“{_excerpt(by_index[index].text, SENTENCE_WIDTH)}”"),
                {"href": "#" + sentence_id(article_id, index)},
            ),
        )
        for index in indexes[:ONLY_HERE_SHOWN]
    ]
    more = len(indexes) - ONLY_HERE_SHOWN
    if more > 0:
        listed = element("a", "listed under Only here", {"href": "#only-here"})
        items.append(element("li", esc(f"and {more} more, ") + listed))
    label = f"What only {_article_names([article_id], names)} says"
    return element("ul", "".join(items), {"class": "only-here-first", "aria-label": label})


def _excerpt(text: str, width: int) -> str:
    """``text`` on one line, cut to about ``width`` characters at a word edge, with ``…``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width]
    word_edge = cut.rfind(" ")
    if word_edge > width // 2:  # else one long word fills the width: cut inside it
        cut = cut[:word_edge]
    return cut.rstrip(" ,;:") + "…"


def _quotations(comparison: Comparison, names: dict[str, str]) -> str:
    """The count of quotations, then the utterances several articles word differently."""
    shared = split_groups(comparison.quote_groups)[0]
    differing = [group for group in shared if _differing_variants(group)]
    line = esc(_quotes_line(comparison, len(shared), len(differing)))
    if not differing:
        return line
    items = "".join(element("li", _differing_group(comparison, g, names)) for g in differing)
    explain = element("p", esc(_HOW_TO_READ_CHANGES), {"class": "explain"})
    return line + element("ul", items, {"class": "quote-differences"}) + explain


def _quotes_line(comparison: Comparison, shared: int, differing: int) -> str:
    line = plural(len(comparison.quotes), "quotation")
    if not comparison.quotes:
        return line + "."
    line += f"; {plural(shared, 'utterance')} carried by more than one article"
    if not shared:
        return line + "."
    if not differing:
        return line + (", worded the same." if shared == 1 else ", all worded the same.")
    if differing == shared:
        return line + (", worded differently:" if shared == 1 else ", all worded differently:")
    return line + f", {differing} of them worded differently:"


def _differing_variants(group: QuoteGroup) -> list[QuoteVariant]:
    """The variants whose words differ from the group's reference variant."""
    reference = group.variants[0]
    return [
        variant
        for variant in group.variants[1:]
        if variant.wording != reference.wording or variant.changes
    ]


def _differing_group(comparison: Comparison, group: QuoteGroup, names: dict[str, str]) -> str:
    """Who said it, the reference words (linked to the group's block), who carries it, then
    one line per other wording with its changes."""
    reference = group.variants[0].quote
    words = element(
        "a", esc(f"“{_excerpt(reference.text, QUOTE_WIDTH)}”"), {"href": f"#group-{group.id}"}
    )
    carriers = _article_names([v.quote.article for v in group.variants], names)
    head = element("strong", esc(group_name(group))) + esc(": ") + words
    head += esc(f", in {carriers}.")
    lines = "".join(
        element("li", _wording_changes(comparison, same, reference.article, names))
        for same in _by_wording(_differing_variants(group))
    )
    return head + element("ul", lines)


def _by_wording(variants: list[QuoteVariant]) -> list[list[QuoteVariant]]:
    """``variants`` grouped by wording (and recorded changes), in their order."""
    groups: dict[tuple[int, tuple[WordChange, ...]], list[QuoteVariant]] = {}
    for variant in variants:
        groups.setdefault((variant.wording, tuple(variant.changes)), []).append(variant)
    return list(groups.values())


def _wording_changes(
    comparison: Comparison, same: list[QuoteVariant], reference: str, names: dict[str, str]
) -> str:
    """``Radio Habana Cuba (a2), compared with GPA (a1): changes``, or that it is a
    translation (a word diff across languages would mark every word)."""
    who = _article_names([variant.quote.article for variant in same], names)
    against = _article_names([reference], names)
    translated = translation(
        _article(comparison, reference), _article(comparison, same[0].quote.article)
    )
    if translated:
        return esc(f"{who}: a translation ({translated}) of the words in {against}.")
    changes = same[0].changes
    if not changes:
        return esc(f"{who}: other words than {against}.")
    shown = "; ".join(_change_markup(change) for change in changes[:CHANGES_SHOWN])
    more = len(changes) - CHANGES_SHOWN
    tail = esc(f"; and {plural(more, 'more change')}.") if more > 0 else esc(".")
    return esc(f"{who}, compared with {against}: ") + shown + tail


def _change_markup(change: WordChange) -> str:
    """One recorded word change: the dropped words struck through, the added underlined."""
    dropped = element("del", esc(change.reference)) if change.reference else ""
    added = element("ins", esc(change.variant)) if change.variant else ""
    return " ".join(part for part in (dropped, added) if part)


def _article_names(article_ids: list[str], names: dict[str, str]) -> str:
    """``GPA (a1) and Radio Habana Cuba (a2)``, each article once, in the order given."""
    labels = [f"{names.get(i, i)} ({i})" for i in dict.fromkeys(article_ids)]
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _article(comparison: Comparison, article_id: str) -> Article | None:
    try:
        return comparison.article(article_id).article
    except KeyError:
        return None
