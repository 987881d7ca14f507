"""Alignment units: sentences, with fragments merged and long sentences cut at clauses.

A statistical sentence splitter breaks at brackets and inside quotations ("the support of
[our] colleagues" became two sentences), so a piece that does not end a sentence is joined
to the next one. News sentences often join two facts ("X happened near the border, and Y
left the city"); one outlet may carry only one of them, so long sentences are cut where a
new clause begins, and each clause is aligned on its own.

A day or a rank written as a number with a period ("am 31. Oktober", "den 3. März 2024",
"der 2. Platz") and an abbreviation ("ca. zehn", "bzw. die") are not the end of a sentence:
a piece that ends in a period is joined to the next when that goes on in lower case, with a
month name after a number (German months are capitalised), or when the number follows an
article or preposition ("im 19. Jahrhundert").
"""

from __future__ import annotations

import itertools
import re

# Closing punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$|[\"”»]$")
# A piece that ends with a number and a period: a day or a rank ("31.", "(3.").
_NUMBER_PERIOD_END = re.compile(r"(?:^|[\s(\[/–-])\d{1,3}\.$")
# An article or preposition before that number makes it an ordinal inside the sentence
# ("der 2. | Platz", "im 19. | Jahrhundert", "am 31. | Oktober"): no sentence ends so.
_ORDINAL_AFTER_WORD = re.compile(
    r"(?:^|\s)(?:der|die|das|den|dem|des|am|im|vom|zum|zur|beim|ab|bis|seit|ein|eine|"
    r"einem|einen|einer|eines|jeder|jede|jedes|jeden|jedem)\s+\d{1,3}\.$",
    re.IGNORECASE,
)
# Languages whose sentences do not end in a period (Thai ends them with a space, Burmese
# and Khmer with their own marks): a period there closes an abbreviation ("ม.", "ตร.").
_NO_FULL_STOP = frozenset({"th", "my", "km"})
# German month names, or their abbreviations with a period, at the start of the next piece
# ("Jan" alone is a first name).
_MONTH_START = re.compile(
    r"(?:Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember)\b|(?:Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\."
)
# Where a new clause begins: a comma, semicolon or dash before a conjunction or relative word.
_CLAUSE_START = re.compile(
    r"(?:,|;|\s[–—]|\s--)\s+(?=(?:and|but|while|whereas|where|which|who|after|before|"
    r"although|though|because|as well as|saying|adding)\b)"
    # subordinators open a clause even without a comma ("... Jordan after its siege broke")
    r"|\s(?=(?:after|because|although|whereas)\s)",
)
# Both sides of a cut need this many words, or the cut leaves a fragment with no content.
MIN_CLAUSE_WORDS = 7


def ends_sentence(text: str) -> bool:
    """True when ``text`` closes with sentence-final punctuation (quotes may follow)."""
    return _SENTENCE_END.search(text.rstrip()) is not None


def continues_sentence(piece: str, following: str, language: str | None = None) -> bool:
    """True when ``piece`` stops at a period that is not a sentence end: ``following`` goes
    on in lower case ("ca. zehn", "am 3. und 4."), or is a month after a number ("31. Oktober"),
    or the number follows an article or preposition ("der 2. Platz"). The last two are
    German rules, applied where ``language`` is "de". In Thai, Burmese and Khmer a period
    never ends a sentence."""
    piece = piece.rstrip()
    if not piece.endswith("."):
        return False
    head = following.lstrip("\"'„“‚‘«»([ ")
    if head[:1].islower() or language in _NO_FULL_STOP:
        return True
    if language != "de":
        return False
    if _ORDINAL_AFTER_WORD.search(piece):
        return True
    return _NUMBER_PERIOD_END.search(piece) is not None and _MONTH_START.match(head) is not None


def merge_fragments(
    text: str, spans: list[tuple[int, int]], language: str | None = None
) -> list[tuple[int, int]]:
    """Join a span to the next when no blank line separates them and it does not end a
    sentence: no closing punctuation, or a period that the next span continues
    (``continues_sentence``, with the rules of ``language``)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            between = text[prev_end:start]
            piece = text[prev_start:prev_end]
            if "\n\n" not in between and (
                not ends_sentence(piece) or continues_sentence(piece, text[start:end], language)
            ):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` where a new clause begins, outside quotations."""
    quoted = _quoted_ranges(text, start, end)
    cuts = [start]
    for match in _CLAUSE_START.finditer(text, start, end):
        cut = match.end()
        if any(q_start < cut < q_end for q_start, q_end in quoted):
            continue
        if (
            _words(text, cuts[-1], cut) >= MIN_CLAUSE_WORDS
            and _words(text, cut, end) >= MIN_CLAUSE_WORDS
        ):
            cuts.append(cut)
    bounds = [*cuts, end]
    pieces = []
    for piece_start, piece_end in itertools.pairwise(bounds):
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((piece_start, piece_end))
    return pieces


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    ranges = []
    for match in re.finditer(r"“[^”]*”|\"[^\"]*\"|«[^»]*»", text[start:end]):
        ranges.append((start + match.start(), start + match.end()))
    return ranges
