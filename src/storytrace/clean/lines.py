"""Paragraphs of lines: the working form of a text while it is cleaned.

Each line remembers what it looked like (``raw``, for the audit trail) and what is left of
it for the article (``text``). Paragraphs are runs of non-blank lines; a blank line (or
several) separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every horizontal space, non-breaking and typographic ones included, becomes one plain
# space: copy-paste from web pages is full of NBSP and thin spaces.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Invisible characters with no meaning in running text (zero-width space, word joiner,
# stray BOM, soft hyphen) and C0 controls; ZWJ/ZWNJ stay, some scripts need them.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")

# Carriage returns, vertical tabs and form feeds break lines in old exports.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028]")

# Words (runs of letters or digits) for counting; punctuation does not count.
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")

# What ends a sentence, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)$")


@dataclass
class Line:
    """One line of the input and what cleaning has left of it."""

    index: int  # position in the input, to keep the audit trail in reading order
    raw: str  # as written, spaces tidied: what ``Article.removed`` shows
    text: str  # what goes into the article
    heading: bool = False  # a Markdown heading (its marks are already gone from text)


Paragraph = list[Line]


def tidy_spaces(text: str) -> str:
    """Drop invisible characters, make every space run one plain space, strip the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs of tidied lines (blank lines separate paragraphs)."""
    paragraphs: list[Paragraph] = []
    current: Paragraph = []
    for index, raw in enumerate(_LINE_BREAKS.sub("\n", text).split("\n")):
        tidy = tidy_spaces(raw)
        if tidy:
            current.append(Line(index, tidy, tidy))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def join_paragraphs(paragraphs: list[Paragraph]) -> str:
    """Lines of a paragraph joined by ``\\n``, paragraphs by one blank line."""
    blocks = ("\n".join(line.text for line in paragraph if line.text) for paragraph in paragraphs)
    return "\n\n".join(block for block in blocks if block)


def words(text: str) -> list[str]:
    """The words of ``text`` (letters/digits, with inner apostrophes, dots and hyphens)."""
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (``. ! ? …``, maybe then quotes/brackets)."""
    return _SENTENCE_END.search(text) is not None
