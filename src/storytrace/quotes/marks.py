"""Finding the spans inside quotation marks.

Typographic pairs (“ ”, « », „ “) are matched as pairs; straight double quotes are paired in
order of appearance within a paragraph, so one unbalanced mark cannot swallow the rest of the
article. Single quotes are left alone: they are mostly apostrophes or scare quotes nested in
a quotation ("unforeseen 'coincidences'").
"""

from __future__ import annotations

import re

_PAIRS = {"“": "”", "«": "»", "„": "“"}
_STRAIGHT = '"'


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the content of each quotation (marks excluded), in text order.

    Quotations are not allowed to cross a blank line: a quotation that goes on into the next
    paragraph reopens its mark there, as news style requires, and is found as two spans; a
    mark still open at the end of a paragraph quotes to the end of that paragraph.
    """
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text):
        spans.extend(_spans_in(text, para_start, para_end))
    return sorted(spans)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for match in re.finditer(r"\n\s*\n", text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _spans_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for position in range(start, end):
        char = text[position]
        if open_at is None:
            if char in _PAIRS:
                open_at, closer = position, _PAIRS[char]
            elif char == _STRAIGHT:
                open_at, closer = position, _STRAIGHT
        elif char == closer:
            spans.append((open_at + 1, position))
            open_at = None
    if open_at is not None:
        # News style leaves a quotation open at the end of a paragraph when it goes on in the
        # next one; the quoted text runs to the end of the paragraph.
        close = end
        while close > open_at + 1 and text[close - 1].isspace():
            close -= 1
        if close > open_at + 1:
            spans.append((open_at + 1, close))
    return spans
