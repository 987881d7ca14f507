"""Finding the spans inside quotation marks.

Typographic pairs (“ ”, « », „ “, ‹ ›, 「 」) are matched as pairs, and a pair may nest inside
another («... „...“ ...»): only the outermost pair makes a quotation. Straight double quotes
(and two apostrophes standing for one, as some newspapers write them) are paired in order
of appearance within a paragraph, so one unbalanced mark cannot swallow
the rest of the article. Single quotes are left alone: they are mostly apostrophes, or scare
quotes nested in a quotation ("unforeseen 'coincidences'").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›", "「": "」", "『": "』"}
_STRAIGHT = '"'
# Two apostrophes stand for a double quotation mark in some newspapers' text.
_DOUBLED = "''"
_STRAIGHT_MARKS = (_STRAIGHT, _DOUBLED)
_CLOSERS = frozenset(_PAIRS.values())
_DOUBLE_CLOSERS = frozenset({"”", _STRAIGHT, _DOUBLED})
# Where a mark may start: any mark's character (an apostrophe only as the first of two).
_MARK_CHARACTERS = re.compile(
    "[" + re.escape("".join({*_PAIRS, *_CLOSERS, _STRAIGHT})) + "]|" + re.escape(_DOUBLED)
)
# A quotation longer than this many characters inside one paragraph is kept, but noted.
LONG_QUOTE = 2000


@dataclass(frozen=True)
class Quoted:
    """The content between one pair of marks (marks excluded)."""

    start: int
    end: int
    closed: bool  # False: the mark was still open at the end of its paragraph


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the content of each quotation (marks excluded), in text order."""
    return [(item.start, item.end) for item in quotations(text)]


def quotations(text: str) -> list[Quoted]:
    """Each outermost quotation, in text order.

    Quotations are not allowed to cross a paragraph break: a quotation that goes on into the next
    paragraph reopens its mark there, as news style requires, and is found as two spans; a
    mark still open at the end of a paragraph quotes to the end of that paragraph.
    """
    found: list[Quoted] = []
    for para_start, para_end in _paragraphs(text):
        found.extend(_quotations_in(text, para_start, para_end))
    return sorted(found, key=lambda item: item.start)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs end at a blank line; in a text with no blank line at all, at a line end."""
    breaks = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    bounds = []
    start = 0
    for match in re.finditer(breaks, text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _quotations_in(text: str, start: int, end: int) -> list[Quoted]:
    found: list[Quoted] = []
    stack: list[tuple[int, str]] = []  # (end of the opening mark, its closer)
    for match in _MARK_CHARACTERS.finditer(text, start, end):
        position, mark = match.start(), match.group()
        width = len(mark)
        if stack and _closes(mark, stack[-1][1]):
            opened, _ = stack.pop()
            if not stack:
                found.append(Quoted(opened, position, True))
        elif mark in _PAIRS and not (stack and stack[-1][1] in _STRAIGHT_MARKS):
            stack.append((position + width, _PAIRS[mark]))
        elif mark in _STRAIGHT_MARKS and not stack:
            stack.append((position + width, mark))
    if stack:
        # News style leaves a quotation open at the end of a paragraph when it goes on in the
        # next one; the quoted text runs to the end of the paragraph.
        opened = stack[0][0]
        close = end
        while close > opened and text[close - 1].isspace():
            close -= 1
        if close > opened:
            found.append(Quoted(opened, close, False))
    return found


def _closes(mark: str, closer: str) -> bool:
    """A double mark closes a double quotation, straight or curly alike: typed text mixes
    them ('“It was the president," he said')."""
    if mark == closer:
        return True
    if closer == "“" and mark == "”":
        return True  # „...” (Dutch, Polish) as well as „...“ (German)
    return mark in _DOUBLE_CLOSERS and closer in _DOUBLE_CLOSERS
