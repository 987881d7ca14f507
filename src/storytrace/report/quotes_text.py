"""Quotations as plain text (``storytrace quotes``), and the labels every quote view shares.

A story's quotations print in two blocks:

1. the utterances carried by more than one article: the speaker (name, role), then each
   variant in publication order with its outlet, date, kind, cue and words, a "first"
   marker on the earliest article carrying that wording, and its word changes against the
   reference variant (``+`` added, ``-`` dropped, ``~`` changed);
2. the quotations only one article carries, grouped by speaker.

Notes recorded on a quotation (why its input was unusual) print under it. The labels
(``group_name``, ``quote_speaker``, ``cue_words``, ...) are used by the HTML, Markdown and
terminal views of ``compare`` too, so that every view names things alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.model import Article, Quote, QuoteGroup, QuoteVariant, Story, WordChange
from storytrace.report._common import group_speaker, plural, shorten

# Speakers named per story in the story list: enough to see who dominates a story.
TOP_SPEAKERS = 3
TITLE_WIDTH = 60
_UNATTRIBUTED = "unattributed"
_CHANGE_SIGN = {"added": "+", "dropped": "-", "changed": "~"}


@dataclass(frozen=True)
class QuoteTally:
    """One line of the story list of ``storytrace quotes``: what a story's quotations hold."""

    story: int
    title: str | None
    articles: int
    quotes: int  # quotations in the story
    shared: int  # utterances carried by more than one outlet
    speakers: tuple[tuple[str, int], ...]  # (name, quotations), most quoted first


def group_name(group: QuoteGroup) -> str:
    """Return who speaks in ``group``: the fullest name, a name as written, or a note."""
    return group.speaker_name or group_speaker(group)


def group_role(group: QuoteGroup) -> str | None:
    """Return the speaker's role in ``group``, as the first article giving one puts it."""
    if group.speaker_role:
        return group.speaker_role
    roles = (v.quote.speaker.role for v in group.variants if v.quote.speaker is not None)
    return next((role for role in roles if role), None)


def quote_speaker(quote: Quote) -> str:
    """Return the speaker of one quotation: name, the mention at the quote, role."""
    speaker = quote.speaker
    if speaker is None:
        return "no speaker found"
    words = speaker.name
    if speaker.mention and speaker.name not in speaker.mention:
        words += f" (as “{speaker.mention}”)"
    return words + (f", {speaker.role}" if speaker.role else "")


def cue_words(quote: Quote, text: str) -> str | None:
    """Return the cue of ``quote`` ("said"), from the record or its offsets in ``text``."""
    if quote.cue:
        return quote.cue
    if quote.cue_start is not None and quote.cue_end is not None:
        return text[quote.cue_start : quote.cue_end] or None
    return None


def publication_date(article: Article | None) -> str | None:
    """Return the day an article came out: its publication date, else its dateline's."""
    if article is None:
        return None
    if article.published:
        return article.published[:10]
    return article.dateline.date if article.dateline and article.dateline.date else None


def change_text(change: WordChange) -> str:
    """Return one word change as ``+added``, ``-dropped`` or ``~old → new``."""
    sign = _CHANGE_SIGN.get(change.op, f"{change.op}: ")
    if change.op == "changed":
        return f"{sign}{change.reference} → {change.variant}"
    return sign + (change.variant if change.op == "added" else change.reference)


def translation(reference: Article | None, article: Article | None) -> str | None:
    """Return ``"en → ru"`` when the two articles are in different known languages.

    A word diff across languages marks every word; views say "translation" instead.
    """
    before = reference.language if reference else None
    after = article.language if article else None
    return f"{before} → {after}" if before and after and before != after else None


def same_words_as(group: QuoteGroup, variant: QuoteVariant) -> Quote | None:
    """Return another quotation with the same wording as ``variant``, if it is not first:
    the first carrier of that wording, or, where which came first is unknown, the one
    listed first (which then claims no order either)."""
    if variant.first:
        return None
    same = [v for v in group.variants if v.wording == variant.wording and v is not variant]
    return next((v.quote for v in same if v.first), same[0].quote if same else None)


def split_groups(groups: Sequence[QuoteGroup]) -> tuple[list[QuoteGroup], list[QuoteGroup]]:
    """Split ``groups`` into those with variants in several articles and the rest."""
    several = [len({v.quote.article for v in group.variants}) > 1 for group in groups]
    shared = [group for group, many in zip(groups, several, strict=True) if many]
    return shared, [group for group, many in zip(groups, several, strict=True) if not many]


def loose_quotes(groups: Sequence[QuoteGroup], quotes: Sequence[Quote] = ()) -> list[Quote]:
    """Return the quotations of one-article groups, then those of ``quotes`` in no group."""
    loose = [v.quote for group in split_groups(groups)[1] for v in group.variants]
    grouped = {v.quote.id for group in groups for v in group.variants}
    return loose + [quote for quote in quotes if quote.id not in grouped]


def by_speaker(quotes: Sequence[Quote]) -> list[tuple[str, list[Quote]]]:
    """Group quotations by speaker key (else name), most quoted first; unattributed last."""
    grouped: dict[str, list[Quote]] = {}
    for quote in quotes:
        grouped.setdefault(_speaker_key(quote), []).append(quote)
    ordered = sorted(grouped.items(), key=lambda item: (item[0] == "", -len(item[1])))
    return [(_fullest_name(members), members) for _, members in ordered]


def tally(story: Story, groups: Sequence[QuoteGroup], outlets: dict[str, str]) -> QuoteTally:
    """Count a story's quotations, its utterances carried by several outlets, its speakers.

    ``outlets`` maps article id to outlet (an article without one counts as its own).
    """
    quotes = [v.quote for g in groups for v in g.variants]
    carriers = ({outlets.get(v.quote.article, v.quote.article) for v in g.variants} for g in groups)
    shared = sum(1 for names in carriers if len(names) > 1)
    # speakers with an identity: an unresolved "they" or "critics" is nobody to list
    named = [
        (name, len(members))
        for name, members in by_speaker(quotes)
        if members[0].speaker and members[0].speaker.key
    ]
    top = tuple(named[:TOP_SPEAKERS])
    return QuoteTally(story.id, story.title, len(story.article_ids), len(quotes), shared, top)


def story_quotes_to_text(
    story: Story, articles: Sequence[Article], groups: Sequence[QuoteGroup]
) -> str:
    """Render a story's quotations as plain text (no trailing newline, for echo)."""
    by_id = {article.id: article for article in articles}
    shared, loose = split_groups(groups)[0], loose_quotes(groups)
    count = sum(len(g.variants) for g in groups)
    lines = [
        f"story {story.id}: {story.title or '(untitled)'}",
        f"{plural(len(articles), 'article')}, {plural(count, 'quotation')}, "
        f"{plural(len(shared), 'utterance')} carried by more than one article",
    ]
    for group in shared:
        lines += ["", _group_heading(group, by_id)]
        for variant in group.variants:
            lines += _variant_lines(group, variant, by_id)
    if loose:
        lines += ["", "Quoted in one article only:"]
        for name, quotes in by_speaker(loose):
            lines.append(f"  {name}")
            for quote in quotes:
                lines += _loose_lines(quote, by_id)
    if not groups:
        lines += ["", "No quotations found."]
    return "\n".join(lines)


def tallies_to_text(tallies: Sequence[QuoteTally]) -> str:
    """Render the story list: one line per story (no trailing newline, for echo)."""
    if not tallies:
        return "no quotations in any story"
    lines = []
    for row in tallies:
        title = shorten(row.title or "(untitled)", TITLE_WIDTH)
        speakers = ", ".join(f"{name} ({count})" for name, count in row.speakers)
        lines.append(
            f"{row.story:>6}  {plural(row.quotes, 'quotation'):>14}  {row.shared:>3} shared  "
            f"{title}  [{speakers}]"
        )
    return "\n".join(lines)


def _group_heading(group: QuoteGroup, by_id: dict[str, Article]) -> str:
    role = group_role(group)
    outlets = {_outlet(by_id, v.quote.article) for v in group.variants}
    who = group_name(group) + (f", {role}" if role else "")
    counts = f"{plural(len(group.variants), 'variant')}, {plural(len(outlets), 'outlet')}"
    return f"{who}: {counts} ({group.id})"


def _variant_lines(
    group: QuoteGroup, variant: QuoteVariant, by_id: dict[str, Article]
) -> list[str]:
    quote = variant.quote
    facts = _facts(quote, by_id)
    if variant.first:
        facts.append("first")
    earlier = same_words_as(group, variant)
    if earlier is not None:
        facts.append(f"same words as {_outlet(by_id, earlier.article)}")
    lines = [f"  * {', '.join(facts)}", f"      “{quote.text}”"]
    if quote.speaker is not None and quote.speaker.name != group_name(group):
        lines.append(f"      speaker: {quote_speaker(quote)}")
    translated = translation(by_id.get(group.variants[0].quote.article), by_id.get(quote.article))
    if translated:
        lines.append(f"      translation ({translated})")
    elif variant.changes:
        lines.append("      " + "; ".join(change_text(change) for change in variant.changes))
    return lines + [f"      note: {note}" for note in quote.notes]


def _loose_lines(quote: Quote, by_id: dict[str, Article]) -> list[str]:
    lines = [f"    * {', '.join(_facts(quote, by_id))}", f"        “{quote.text}”"]
    return lines + [f"        note: {note}" for note in quote.notes]


def _facts(quote: Quote, by_id: dict[str, Article]) -> list[str]:
    article = by_id.get(quote.article)
    facts = [
        _outlet(by_id, quote.article),
        publication_date(article) or "undated",
        quote.kind.value,
    ]
    cue = cue_words(quote, article.text if article else "")
    if cue:
        facts.append(f"cue “{cue}”")
    return facts


def _outlet(by_id: dict[str, Article], article_id: str) -> str:
    article = by_id.get(article_id)
    return (article.outlet if article else None) or f"article {article_id}"


def _speaker_key(quote: Quote) -> str:
    speaker = quote.speaker
    if speaker is None:
        return ""
    return speaker.key or speaker.name.casefold()


def _fullest_name(quotes: Sequence[Quote]) -> str:
    names = [q.speaker.name for q in quotes if q.speaker is not None]
    return max(names, key=len) if names else _UNATTRIBUTED
