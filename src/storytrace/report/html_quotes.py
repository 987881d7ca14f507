"""The HTML report's quotations section: one block per quote group, one column per variant.

The first variant of a group is its reference; every other variant is shown with a word
diff against it (dropped words in ``del``, added in ``ins``, a change as both), followed by
the word changes the quote stage recorded.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from storytrace.model import Comparison, Quote, QuoteGroup, QuoteVariant, WordChange
from storytrace.report._common import group_speaker, sentence_id, valid_range
from storytrace.report._markup import element, esc

_NOT_WORD = re.compile(r"[^\w]+")


def quotes_section(comparison: Comparison, names: dict[str, str]) -> str:
    """Return the quotations section: quote groups, then quotes that belong to no group."""
    blocks = [_group(comparison, group, names) for group in comparison.quote_groups]
    grouped = {variant.quote.id for group in comparison.quote_groups for variant in group.variants}
    loose = [quote for quote in comparison.quotes if quote.id not in grouped]
    if loose:
        items = "".join(element("li", _loose_quote(comparison, q, names)) for q in loose)
        blocks.append(element("h3", "Other quotations") + element("ul", items))
    body = "".join(blocks) or "<p>No quotations found.</p>"
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


def _group(comparison: Comparison, group: QuoteGroup, names: dict[str, str]) -> str:
    heading = element(
        "h3", esc(group_speaker(group)) + " " + element("small", esc(f"({group.id})"))
    )
    reference = group.variants[0].quote.text if group.variants else ""
    columns = "".join(
        _variant(comparison, variant, position == 0, reference, names)
        for position, variant in enumerate(group.variants)
    )
    attrs = {"class": "quote-group", "id": f"group-{group.id}"}
    return element("div", heading + element("div", columns, {"class": "variants"}), attrs)


def _variant(
    comparison: Comparison,
    variant: QuoteVariant,
    is_reference: bool,
    reference: str,
    names: dict[str, str],
) -> str:
    quote = variant.quote
    status = "reference" if is_reference else f"similarity {variant.similarity:.2f}"
    caption = (
        element("strong", esc(names.get(quote.article, quote.article)))
        + esc(f" ({quote.article}) · {status}")
        + _place_link(comparison, quote)
    )
    text = esc(quote.text) if is_reference else word_diff(reference, quote.text)
    parts = [element("figcaption", caption), element("blockquote", element("p", text))]
    parts.append(_attribution(quote))
    if variant.changes:
        items = "".join(element("li", _change(change)) for change in variant.changes)
        parts.append(element("ul", items, {"class": "changes", "aria-label": "word changes"}))
    return element("figure", "".join(parts), {"class": "variant"})


def _attribution(quote: Quote, tag: str = "p") -> str:
    speaker = quote.speaker
    if speaker is None:
        return element(tag, "No speaker found.", {"class": "speaker"})
    words = speaker.name + (f", {speaker.role}" if speaker.role else "")
    if quote.cue:
        words += f" ({quote.cue})"
    return element(tag, esc(words), {"class": "speaker"})


def _change(change: WordChange) -> str:
    dropped = element("del", esc(change.reference)) if change.reference else ""
    added = element("ins", esc(change.variant)) if change.variant else ""
    return esc(f"{change.op}: ") + " ".join(part for part in (dropped, added) if part)


def _place_link(comparison: Comparison, quote: Quote) -> str:
    """Link to the quote in its article's text, or to its sentence if its offsets are off."""
    try:
        analysed = comparison.article(quote.article)
    except KeyError:
        return ""
    if valid_range(quote.start, quote.end, len(analysed.article.text)):
        target = quote.id
    else:
        around = [s for s in analysed.sentences if s.start <= quote.start < s.end]
        if not around:
            return ""
        target = sentence_id(quote.article, around[0].index)
    return " · " + element("a", "in the text", {"href": f"#{target}"})


def _loose_quote(comparison: Comparison, quote: Quote, names: dict[str, str]) -> str:
    outlet = element("strong", esc(names.get(quote.article, quote.article)))
    speaker = _attribution(quote, "span")
    return f"{outlet}: “{esc(quote.text)}” ({speaker}){_place_link(comparison, quote)}"
