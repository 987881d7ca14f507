"""A quotation while it is being put together, and the ``Quote`` it becomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from storytrace.model import Quote, QuoteKind, Speaker
from storytrace.quotes.marks import LONG_QUOTE
from storytrace.quotes.speakers import Cue

NOTE_UNBALANCED = "unbalanced quotation mark: quoted to the end of the paragraph"
NOTE_LONG = f"very long quotation (over {LONG_QUOTE} characters)"


@dataclass
class Draft:
    parts: list[tuple[int, int]]
    kind: QuoteKind
    speaker: Speaker | None
    cue: Cue | None
    notes: list[str] = field(default_factory=list)
    open_at_end: bool = False  # the last part's mark was open at the end of its paragraph


def to_quote(article_id: str, number: int, text: str, draft: Draft, notes: list[str]) -> Quote:
    parts = tuple(draft.parts)
    start, end = parts[0][0], parts[-1][1]
    all_notes = [*notes, *draft.notes]
    if end - start > LONG_QUOTE:
        all_notes.append(NOTE_LONG)
    cue_text, cue_start, cue_end = draft.cue if draft.cue else (None, None, None)
    return Quote(
        id=f"{article_id}-q{number}",
        article=article_id,
        start=start,
        end=end,
        text=" ".join(text[s:e].strip() for s, e in parts),
        speaker=draft.speaker,
        cue=cue_text,
        kind=draft.kind,
        cue_start=cue_start,
        cue_end=cue_end,
        parts=parts,
        notes=tuple(all_notes),
    )
