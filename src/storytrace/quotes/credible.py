"""Who may stand as a speaker: a person, or an organisation recognised as such.

Extraction names whoever stands next to a cue. Some of these are no one: a pronoun left
unresolved that names no person ("It said ..."), a time ("Today"), or a page's label
("Header Image", "Fazit"). ``credible_speaker`` keeps the quotation and drops such a
speaker, so that listings never show "It" or "Today" among the people quoted.
"""

from __future__ import annotations

from collections.abc import Sequence

from storytrace.model import Entity, Speaker
from storytrace.nlp.names import fold

# Words that stand for no one when a speaker is nothing else (folded).
NO_ONE = frozenset(
    {
        *("it", "its", "this", "that", "these", "those", "which", "what", "there", "here"),
        *("today", "tonight", "yesterday", "tomorrow", "now"),
        *("es", "das", "dies", "heute", "gestern", "morgen"),
        *("header", "image", "photo", "video", "caption", "summary", "conclusion"),
        *("fazit", "foto", "bild", "quelle"),
    }
)
# Entity labels that are never a speaker.
_NOT_SPEAKER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"})


def credible_speaker(speaker: Speaker | None, entities: Sequence[Entity]) -> Speaker | None:
    """``speaker``, or None when it names no one (see the module's docstring)."""
    if speaker is None:
        return None
    words = [fold(w) for w in speaker.name.split()]
    words = [w for w in words if w]
    if not words or all(w in NO_ONE for w in words):
        return None
    if any(
        e.label in _NOT_SPEAKER_LABELS and e.start == speaker.start and e.text == speaker.name
        for e in entities
    ):
        return None  # the whole speaker is a date or a number the recogniser found
    return speaker
