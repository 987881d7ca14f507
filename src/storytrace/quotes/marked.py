"""Quotations found by their marks: the cue that frames them, or the quotation they continue.

A quotation no parsed content claims hangs from a speech cue right after it in the same
sentence ('"...," Trump, the party's front-runner, said') or right before it ('Trump said:
"...'); failing that, it continues the quotation before it ('"...," he said. "..."', or a
quotation reopened in the next paragraph) and becomes one of its parts; failing that, the
words around it name the speaker (``speakers.find_speaker``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.model import AnalysedArticle, Entity, QuoteKind, Speaker
from storytrace.nlp.segment import ends_sentence
from storytrace.quotes.draft import NOTE_UNBALANCED, Draft
from storytrace.quotes.marks import Quoted
from storytrace.quotes.mentions import speaker_from_mention
from storytrace.quotes.speakers import Cue, find_speaker
from storytrace.quotes.syntax import Found

# A quotation that opens this close after an attributed one, in the same paragraph, continues
# it (room for '," Mrs. Clinton said in an interview at a factory in Ohio on Monday. "').
CONTINUATION_GAP = 200
# How far a parsed speech cue may stand after a quotation ('"...," Trump, the party's
# front-runner in South Carolina, said') or before it ('Trump said on Monday: "...').
AFTER_GAP = 250
BEFORE_GAP = 4
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


def nearby_cue(text: str, quoted: Quoted, cues: list[Found]) -> Found | None:
    """A speech cue in the parse that frames ``quoted``: right after it in the same sentence
    ('"...," Trump, the party's front-runner, said') or right before it ('Trump said: "...').
    """
    after = [
        cue
        for cue in cues
        if quoted.end < cue.cue[0] <= quoted.end + AFTER_GAP
        and _frames(text[quoted.end + 1 : min(cue.cue[0], (cue.source or cue.cue)[0])])
    ]
    if after:
        return min(after, key=lambda cue: cue.cue[0])
    before = [
        cue
        for cue in cues
        if 0 <= quoted.start - cue.cue[1] <= BEFORE_GAP
        and not text[cue.cue[1] : quoted.start - 1].strip(" ,:\t")
    ]
    return max(before, key=lambda cue: cue.cue[0]) if before else None


def _frames(gap: str) -> bool:
    """True when ``gap`` (between a quotation and its cue) stays inside one sentence."""
    return "\n" not in gap and not _SENTENCE_END.search(gap) and not any(m in gap for m in "“«")


def with_cue(
    text: str,
    quoted: Quoted,
    cue: Found,
    entities: Sequence[Entity],
    subjects: frozenset[int],
) -> Draft:
    speaker = cue.speaker
    if speaker is None and cue.source is not None:
        speaker = speaker_from_mention(text, *cue.source, entities, subjects)
    notes = [] if quoted.closed else [NOTE_UNBALANCED]
    return Draft(
        [(quoted.start, quoted.end)],
        QuoteKind.DIRECT,
        speaker,
        Cue(cue.cue_text, cue.cue[0], cue.cue[1]),
        notes,
        not quoted.closed,
    )


def add_marked(
    analysed: AnalysedArticle,
    quoted: Quoted,
    drafts: list[Draft],
    entities: Sequence[Entity],
    subjects: frozenset[int],
    english: bool,
) -> None:
    """A quotation no parsed cue claimed: a continuation of the one before, or a new one."""
    text = analysed.article.text
    notes = [] if quoted.closed else [NOTE_UNBALANCED]
    previous = max(
        (d for d in drafts if d.parts[-1][1] <= quoted.start and d.kind != QuoteKind.INDIRECT),
        key=lambda d: d.parts[-1][1],
        default=None,
    )
    if previous is not None and _continues(text, previous, quoted.start):
        _append(previous, quoted, notes)
        return
    speaker: Speaker | None = None
    cue: Cue | None = None
    if english:
        context = _context(analysed, quoted.start, quoted.end)
        speaker, cue = find_speaker(text, quoted.start, quoted.end, context, entities, subjects)
    if speaker is None and previous is not None and _opens_next_paragraph(text, previous, quoted):
        _append(previous, quoted, notes)
        return
    drafts.append(
        Draft(
            [(quoted.start, quoted.end)], QuoteKind.DIRECT, speaker, cue, notes, not quoted.closed
        )
    )


def _append(previous: Draft, quoted: Quoted, notes: list[str]) -> None:
    previous.parts.append((quoted.start, quoted.end))
    previous.notes.extend(n for n in notes if n not in previous.notes)
    previous.open_at_end = not quoted.closed


def _opens_next_paragraph(text: str, previous: Draft, quoted: Quoted) -> bool:
    """A paragraph that opens with a quotation and names no speaker goes on quoting the
    speaker of the paragraph before (news style gives each new speaker a new cue)."""
    if previous.speaker is None:
        return False
    gap = text[previous.parts[-1][1] : quoted.start]
    breaks = gap.count("\n\n")
    if breaks != 1:
        return False
    paragraph_start = gap.rindex("\n\n") + 2
    return not gap[paragraph_start:].strip(" \t\"“”«»„'")


def _continues(text: str, previous: Draft, start: int) -> bool:
    """True when a quotation goes on right after the previous one.

    '"We must apologise," he said. "This is America's war."' -- the second part has no cue
    of its own; it is the same speaker's. So is a quotation reopened at the start of the
    paragraph after one that ended with its mark still open.
    """
    gap = text[previous.parts[-1][1] : start]
    if previous.speaker is None:
        return False
    if previous.open_at_end:
        return not gap.strip(' \n\t\r"“”«»„')
    return "\n" not in gap and len(gap) <= CONTINUATION_GAP


def _context(analysed: AnalysedArticle, start: int, end: int) -> tuple[int, int]:
    """The sentence or sentences that the quotation touches.

    Units are clauses of long sentences; the speaker usually stands in an earlier clause
    ("Mr. Steele, seeking to clarify his remarks, issued a statement, saying, "..."), so the
    context reaches back over units that do not end a sentence.
    """
    units = analysed.sentences
    touching = [u.index for u in units if u.end > start - 1 and u.start < end + 1]
    if not touching:
        return start - 1, end + 1
    first = touching[0]
    while first > 0 and not ends_sentence(units[first - 1].text):
        first -= 1
    return units[first].start, units[touching[-1]].end
