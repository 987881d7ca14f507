"""Alignment units: sentences, with fragments merged and long sentences cut at clauses.

A statistical sentence splitter breaks at brackets and inside quotations ("the support of
[our] colleagues" became two sentences), so a piece that does not end a sentence is joined
to the next one. News sentences often join two facts ("X happened near the border, and Y
left the city"); one outlet may carry only one of them, so long sentences are cut where a
new clause begins, and each clause is aligned on its own.
"""

from __future__ import annotations

import itertools
import re

# Closing punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$|[\"”»]$")
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


def merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a span to the next when it does not end a sentence and no blank line separates them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            between = text[prev_end:start]
            if "\n\n" not in between and not ends_sentence(text[prev_start:prev_end]):
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
