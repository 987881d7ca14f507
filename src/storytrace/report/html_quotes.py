"""The HTML report's quotations section: who said what, and how each outlet put it.

1. Each utterance carried by more than one article gets a block headed by its speaker
   (name, role), with one column per variant in publication order: the outlet and date,
   the kind of quotation and its cue, a "first" marker on the earliest article carrying
   that wording, and the words. The first variant is the reference; every other variant
   shows its words diffed against it (dropped words in ``del``, added in ``ins``, a change
   as both), then the word changes the quote stage recorded. A variant in another
   language is marked as a translation instead of diffed.
2. Quotations only one article carries follow, grouped by speaker.

Notes recorded on a quotation (why its input was unusual) are listed with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from storytrace.model import Article, Comparison, Quote, QuoteGroup, QuoteVariant, WordChange
from storytrace.report._common import sentence_id, valid_range
from storytrace.report._markup import element, esc
from storytrace.report.quotes_text import (
    by_speaker,
    cue_words,
    group_name,
    group_role,
    loose_quotes,
    publication_date,
    quote_speaker,
    same_words_as,
    split_groups,
    translation,
)

_NOT_WORD = re.compile(r"[^\w]+")
_SIMILARITY_TITLE = "how close this variant's meaning is to the reference variant (0 to 1)"
_HOW_TO_READ = (
    "Each block is one utterance that several articles carry, headed by its speaker. The "
    "first variant is the reference; the others show the words they drop (struck through) "
    "and add (underlined) against it. Similarity (0 to 1): how close a variant's meaning is "
    "to the reference. FIRST: the earliest article carrying that wording, where the order "
    "is known. “in the text” goes to the quotation in its article."
)
# Where "in the text" leads for a quotation (None: nowhere); by default, its place in the
# report's own texts.
PlaceOf = Callable[[Quote], str | None]
_FIRST_TITLE = (
    "the earliest article carrying these words (by publication time; not marked where "
    "the order is unknown)"
)


def quotes_section(
    comparison: Comparison, names: dict[str, str], place: PlaceOf | None = None
) -> str:
    """Return the quotations section: shared utterances, then quotations of one article.
    ``place``: where each quotation's "in the text" link leads (the web workspace's
    article pages); by default, its place in the report's texts."""
    place = place or (lambda quote: _place_in_report(comparison, quote))
    shared = split_groups(comparison.quote_groups)[0]
    blocks = [_group(comparison, group, names, place) for group in shared]
    loose = loose_quotes(comparison.quote_groups, comparison.quotes)
    if loose:
        blocks.append(_loose_quotes(comparison, loose, names, place))
    body = "".join(blocks) or "<p>No quotations found.</p>"
    if shared:
        body = element("p", esc(_HOW_TO_READ), {"class": "explain"}) + body
    heading = element("h2", "Quotations", {"id": "quotes-title"})
    return element("section", heading + body, {"id": "quotes", "aria-labelledby": "quotes-title"})


def word_diff(reference: str, variant: str) -> str:
    """Return ``variant`` as markup, with the words it drops or adds against ``reference``.

    Words are compared case-folded and without punctuation, so that typographic quotes or
    a capital at the start of a quotation do not count as changes.
    """
    ref_words, var_words = reference.split(), variant.split()
    matcher = SequenceMatcher(
        None, [_word_key(w) for w in ref_words], [_word_key(w) for w in var_words], autojunk=False
    )
    parts = []
    for op, ref_lo, ref_hi, var_lo, var_hi in matcher.get_opcodes():
        if op == "equal":
            parts.append(esc(" ".join(var_words[var_lo:var_hi])))
        if op in ("delete", "replace"):
            parts.append(element("del", esc(" ".join(ref_words[ref_lo:ref_hi]))))
        if op in ("insert", "replace"):
            parts.append(element("ins", esc(" ".join(var_words[var_lo:var_hi]))))
    return " ".join(parts)


def _word_key(word: str) -> str:
    return _NOT_WORD.sub("", word.casefold()) or word


def _group(comparison: Comparison, group: QuoteGroup, names: dict[str, str], place: PlaceOf) -> str:
    role = group_role(group)
    outlets = {names.get(v.quote.article, v.quote.article) for v in group.variants}
    heading = esc(group_name(group))
    if role:
        heading += element("span", esc(f", {role}"), {"class": "role"})
    heading += " " + element("small", esc(f"({group.id}, {len(outlets)} outlets)"))
    columns = "".join(
        _variant(comparison, group, variant, position == 0, names, place)
        for position, variant in enumerate(group.variants)
    )
    attrs = {"class": "quote-group", "id": f"group-{group.id}"}
    return element(
        "div", element("h3", heading) + element("div", columns, {"class": "variants"}), attrs
    )


def _variant(
    comparison: Comparison,
    group: QuoteGroup,
    variant: QuoteVariant,
    is_reference: bool,
    names: dict[str, str],
    place: PlaceOf,
) -> str:
    quote = variant.quote
    reference = group.variants[0].quote
    status = (
        esc("reference")
        if is_reference
        else element(
            "span", esc(f"similarity {variant.similarity:.2f}"), {"title": _SIMILARITY_TITLE}
        )
    )
    caption = _outlet_and_date(comparison, quote, names) + esc(" · ") + status
    if variant.first:
        caption += " " + element("span", "first", {"class": "first-mark", "title": _FIRST_TITLE})
    caption += _place_link(place(quote))
    article = _article(comparison, quote.article)
    translated = translation(_article(comparison, reference.article), article)
    words = esc(quote.text) if is_reference or translated else word_diff(reference.text, quote.text)
    meta = _kind_and_cue(quote, article)
    earlier = same_words_as(group, variant)
    if earlier is not None:
        meta += esc(f" · same words as {names.get(earlier.article, earlier.article)}")
    if translated:
        meta += esc(f" · translation ({translated})")
    parts = [
        element("figcaption", caption),
        element("p", meta, {"class": "quote-meta"}),
        element("blockquote", element("p", words)),
        element("p", esc(quote_speaker(quote)), {"class": "speaker"}),
    ]
    if variant.changes and not translated:
        items = "".join(element("li", _change(change)) for change in variant.changes)
        parts.append(element("ul", items, {"class": "changes", "aria-label": "word changes"}))
    parts.append(_notes(quote))
    css = "variant first" if variant.first else "variant"
    return element("figure", "".join(parts), {"class": css, "data-wording": str(variant.wording)})


def _loose_quotes(
    comparison: Comparison, quotes: list[Quote], names: dict[str, str], place: PlaceOf
) -> str:
    blocks = [element("h3", "Other quotations: carried by one article")]
    for name, members in by_speaker(quotes):
        items = "".join(element("li", _loose_quote(comparison, q, names, place)) for q in members)
        blocks.append(element("h4", esc(name)) + element("ul", items, {"class": "loose-quotes"}))
    return element("div", "".join(blocks), {"class": "loose"})


def _loose_quote(
    comparison: Comparison, quote: Quote, names: dict[str, str], place: PlaceOf
) -> str:
    article = _article(comparison, quote.article)
    outlet = _outlet_and_date(comparison, quote, names)
    meta = element("span", _kind_and_cue(quote, article), {"class": "quote-meta"})
    speaker = element("span", esc(quote_speaker(quote)), {"class": "speaker"})
    link = _place_link(place(quote))
    return f"{outlet}: “{esc(quote.text)}” ({speaker}; {meta}){link}{_notes(quote)}"


def _outlet_and_date(comparison: Comparison, quote: Quote, names: dict[str, str]) -> str:
    name = names.get(quote.article, quote.article)
    outlet = element("strong", esc(name))
    date = publication_date(_article(comparison, quote.article))
    # the id only where the label does not already carry it ("GPA [article 12]")
    own_id = "" if quote.article in name else esc(f" ({quote.article})")
    return outlet + own_id + (esc(f" · {date}") if date else "")


def _kind_and_cue(quote: Quote, article: Article | None) -> str:
    words = f"{quote.kind.value} quotation"
    cue = cue_words(quote, article.text if article else "")
    return esc(words + (f" · cue “{cue}”" if cue else ""))


def _notes(quote: Quote) -> str:
    if not quote.notes:
        return ""
    items = "".join(element("li", esc(note)) for note in quote.notes)
    return element("ul", items, {"class": "notes", "aria-label": "notes"})


def _change(change: WordChange) -> str:
    dropped = element("del", esc(change.reference)) if change.reference else ""
    added = element("ins", esc(change.variant)) if change.variant else ""
    return esc(f"{change.op}: ") + " ".join(part for part in (dropped, added) if part)


def _article(comparison: Comparison, article_id: str) -> Article | None:
    try:
        return comparison.article(article_id).article
    except KeyError:
        return None


def _place_link(href: str | None) -> str:
    return "" if href is None else " · " + element("a", "in the text", {"href": href})


def _place_in_report(comparison: Comparison, quote: Quote) -> str | None:
    """The quote in its article's text in the report, or its sentence if its offsets are
    off; None where neither is there."""
    try:
        analysed = comparison.article(quote.article)
    except KeyError:
        return None
    if valid_range(quote.start, quote.end, len(analysed.article.text)):
        return f"#{quote.id}"
    around = [s for s in analysed.sentences if s.start <= quote.start < s.end]
    return f"#{sentence_id(quote.article, around[0].index)}" if around else None
