"""Speech set after a name and a colon: headlines and interview transcripts.

"Trump: Clinton should have congratulated me" (a headline), "JOEL BENENSON: This is a man
who said ..." or "Q: What did you find?" (a transcript) report what the named person said,
word for word, with the colon as the only cue. The speech runs to the end of its line.
"""

from __future__ import annotations

import re

from storytrace.model import Speaker
from storytrace.nlp.names import name_key
from storytrace.quotes.syntax import Found

# A line that opens with one to four capitalised words (or Q / A) and a colon.
_SPEAKER_LINE = re.compile(
    r"^(?P<who>(?:[A-Z][\w.'’-]*)(?:[^\S\n][A-Z][\w.'’-]*){0,3})[^\S\n]*(?P<cue>:)[^\S\n]+"
    r"(?P<content>\S[^\n]*\S)",
    re.MULTILINE,
)
# Labels that take a colon but name no speaker ("Related: ...", "Photo: ...").
_LABEL_WORDS = (
    "related photo photos video watch read update updated correction note editor source "
    "sources image caption credit warning breaking exclusive opinion analysis transcript "
    "disclosure advertisement subscribe share follow tags topics poll polls survey"
)
_LABELS = frozenset(_LABEL_WORDS.split())
_INTERVIEW = frozenset({"Q", "A"})
# Words of speech a line needs after the colon: fewer is a label or a list item.
MIN_WORDS = 3


def colon_attributions(text: str) -> list[Found]:
    """The "Name: speech" lines of ``text``."""
    found = []
    for match in _SPEAKER_LINE.finditer(text):
        who = match.group("who")
        if who.split()[0].lower().strip(".'’") in _LABELS:
            continue
        if len(match.group("content").split()) < MIN_WORDS:
            continue
        start, end = match.span("who")
        # the capitalised words are a name by construction; "Q" and "A" name nobody
        key = "" if who in _INTERVIEW else name_key(who)
        speaker = Speaker(who, key, None, start, end)
        found.append(
            Found(match.span("cue"), ":", (start, end), match.span("content"), ":", (), speaker)
        )
    return found
