"""Speech set after a name and a colon: headlines and interview transcripts.

"Trump: Clinton should have congratulated me" (a headline), "JOEL BENENSON: This is a man
who said ..." or "Q: What did you find?" (a transcript) report what the named person said,
word for word, with the colon as the only cue. The speech runs to the end of its line.

A headline's label takes a colon too ("Coronavirus: Schools will stay closed", "Brexit:
Johnson says ..."), as do a page's section labels ("Header Image: ...", "Fazit: ..."). So
the words before the colon name a speaker only when they are "Q" or "A", a transcript's
capitalised name, a person the entity recogniser found (there or elsewhere in the
article), or when the words after the colon speak in the first or second person ("Trump:
Clinton should have congratulated me"); and never when those words report someone else's
speech ("Johnson says ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.model import Entity, Speaker
from storytrace.nlp.names import fold, name_key
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
    "disclosure advertisement subscribe share follow tags topics poll polls survey header "
    "summary conclusion live comment comments "
    # German section labels
    "fazit foto fotos bild bilder quelle anzeige hinweis tipp info update mehr lesen auch "
    "kommentar zusammenfassung"
)
_LABELS = frozenset(_LABEL_WORDS.split())
_INTERVIEW = frozenset({"Q", "A"})
# Words of speech a line needs after the colon: fewer is a label or a list item.
MIN_WORDS = 3


# Words after the colon that show speech: the speaker's own first or second person.
_OWN_VOICE = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.IGNORECASE)
# A headline that reports another's speech: "Brexit: Johnson says deal is close".
_REPORTED = re.compile(r"^(?:\S+\s+){1,4}(?:says|said|warns|tells|claims|admits)\b")


def colon_attributions(text: str, entities: Sequence[Entity] = ()) -> list[Found]:
    """The "Name: speech" lines of ``text`` (``entities``: the article's, to know its
    persons)."""
    persons = {fold(e.text.split()[-1]) for e in entities if e.label == "PERSON" and e.text}
    found = []
    for match in _SPEAKER_LINE.finditer(text):
        who = match.group("who")
        content = match.group("content")
        if any(word.lower().strip(".'’") in _LABELS for word in who.split()):
            continue
        if len(content.split()) < MIN_WORDS:
            continue
        if who not in _INTERVIEW and not _speaks(who, content, persons):
            continue
        start, end = match.span("who")
        # the capitalised words are a name by construction; "Q" and "A" name nobody
        key = "" if who in _INTERVIEW else name_key(who)
        speaker = Speaker(who, key, None, start, end)
        found.append(
            Found(match.span("cue"), ":", (start, end), match.span("content"), ":", (), speaker)
        )
    return found


def _speaks(who: str, content: str, persons: set[str]) -> bool:
    """True when ``who`` (before a colon) is the speaker of ``content``, not a label."""
    transcript = len(who) > 1 and who.isupper()  # "TRUMP:", "JOEL BENENSON:"
    if not transcript and _REPORTED.match(content):
        return False
    known = fold(who.split()[-1]) in persons
    return transcript or known or _OWN_VOICE.search(content) is not None
