"""Who is quoted: the speaker of a quotation, from the words around it.

A cascade, first hit wins:

0. A dash and a name that close the quotation's line ('"..." ― Martha Aguilar'), the way
   vox pops and readers' letters are credited.
1. A cue verb right after the quotation, with the speaker after it or before it
   ("..., said Konashenkov." / "..., Konashenkov said.").
2. A cue verb in the same sentence before the quotation ("X, a spokesman for Y, said on
   Wednesday that ..."), the speaker being the person named before the cue.
3. "according to X" anywhere in the sentence.

The speaker is a PERSON entity when the entity recogniser found one in that place,
otherwise a capitalised name, otherwise a pronoun or a description ("he", "the spokesman"),
which is resolved to the last person named before it in the article. The cue and its
speaker stand in the quotation's own paragraph: a parsed sentence that runs on from a
headline with no full stop lends it no cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from storytrace.model import Entity, Speaker
from storytrace.nlp.names import fold, is_stopword
from storytrace.quotes.mentions import (
    SOURCE_LABELS,
    TITLED_NAME,
    resolve,
    with_title_and_role,
)

CUES = (
    "said|says|say|added|adds|told|tells|stated|states|claimed|claims|accused|accuses|"
    "warned|warns|noted|notes|explained|explains|insisted|insists|argued|argues|declared|"
    "declares|wrote|writes|asked|asks|replied|replies|announced|announces|stressed|"
    "stresses|continued|concluded|remarked|recalled|acknowledged|admitted|suggested|"
    "saying|stating|adding|tweeted|posted"
)
_CUE = re.compile(rf"\b(?:{CUES})\b")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;]+)")
_PRONOUN = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)
_DESCRIPTION = re.compile(r"^(?:the|a|an)\s+[\w'’ -]{2,60}$", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+")
# Candidates from this priority on (plain capitalised names, organisations, places) are
# ranked by distance alone: a sentence-initial word ("Trying to quell the furor, Steele
# said") is no better a name than an entity the model mislabelled.
_OTHER_NAME = 2
_LEADING_PRONOUN = re.compile(r"^(?:he|she|they)\s", re.IGNORECASE)


# A quotation credited by a dash and a name that close its line: '"..." ― Martha Aguilar'.
_DASH_CREDIT = re.compile(
    r"[^\S\n]*(?P<dash>[―—–])[^\S\n]*(?P<who>[A-Z][\w'’.-]*(?:[^\S\n]+[A-Z][\w'’.-]*){0,3})"
    r"[^\S\n]*(?=\n|$)"
)


class Cue(NamedTuple):
    text: str
    start: int
    end: int


# How far after a quotation its cue may stand ('"...," Konashenkov told reporters on Monday').
AFTER_WINDOW = 60


def find_speaker(
    text: str,
    quote_start: int,
    quote_end: int,
    sentence: tuple[int, int],
    entities: Sequence[Entity],
    subjects: frozenset[int] = frozenset(),
) -> tuple[Speaker | None, Cue | None]:
    """The speaker and cue of the quotation at ``text[quote_start:quote_end]``.

    ``sentence`` bounds the text searched for a cue (the quotation's own sentence, widened
    by the caller when the quotation spans several). Returns (None, None) when nothing names
    a speaker.
    """
    persons = [e for e in entities if e.label == "PERSON"]
    # a parsed sentence may run over a blank line (a headline with no full stop): the cue
    # and its speaker stand in the quotation's own paragraph
    paragraph = text.rfind("\n\n", sentence[0], quote_start)
    sentence = (max(sentence[0], paragraph + 2 if paragraph != -1 else 0), sentence[1])
    after = text[quote_end + 1 : min(sentence[1], quote_end + 1 + AFTER_WINDOW)]
    credit = _DASH_CREDIT.match(text, quote_end + 1)
    if credit is not None:
        # '"..." ― Martha Aguilar': a reader's or a vox pop's words, credited by a dash
        who_start, who_end = credit.span("who")
        who_end -= credit.group("who").endswith(".")
        credited = with_title_and_role(text, who_start, who_end)
        return credited, Cue(credit.group("dash"), *credit.span("dash"))
    cue = _CUE.search(after)
    if cue is not None:
        base = quote_end + 1
        if after[: cue.start()].strip(" ,\"”'’"):
            who = _speaker_at(text, base, base + cue.start(), entities, near_end=True)
        else:
            who = _speaker_at(text, base + cue.end(), base + len(after), entities, near_end=False)
        if who is not None:
            return resolve(who, text, persons, subjects), Cue(
                cue.group(), base + cue.start(), base + cue.end()
            )
    before = text[sentence[0] : quote_start]
    cues = list(_CUE.finditer(before))
    if cues:
        last = cues[-1]
        who = _speaker_at(text, sentence[0], sentence[0] + last.start(), entities, near_end=True)
        if who is not None:
            at = sentence[0] + last.start()
            return resolve(who, text, persons, subjects), Cue(
                last.group(), at, at + len(last.group())
            )
    according = _ACCORDING.search(text, sentence[0], sentence[1])
    if according is not None:
        start = according.start("who")
        who = _speaker_at(text, start, according.end("who"), entities, near_end=False)
        if who is not None:
            cue_at = according.start()
            return resolve(who, text, persons, subjects), Cue("according to", cue_at, cue_at + 12)
    return None, None


def _speaker_at(
    text: str, start: int, end: int, entities: Sequence[Entity], near_end: bool
) -> Speaker | None:
    """The speaker named in ``text[start:end]``, nearest the cue.

    Candidates, best first: a PERSON entity, a name led by a title ("Major General Igor
    Konashenkov", which a small model may mislabel), a capitalised name that is no other
    kind of entity or an organisation or place entity (these two by distance alone).
    ``near_end`` says on which side of the region the cue stands. A pronoun or a
    description ("he", "the spokesman") is returned unresolved when no name is there.
    """
    candidates: list[tuple[int, int, int]] = []  # (priority, start, end)
    others = [e for e in entities if e.label != "PERSON" and start <= e.start < end]
    for entity in entities:
        if entity.label == "PERSON" and entity.start >= start and entity.end <= end:
            candidates.append((0, entity.start, entity.end))
        elif entity.label in SOURCE_LABELS and entity.start >= start and entity.end <= end:
            # organisations and countries speak too ("the Pentagon said", "Russia said"),
            # and a small model labels some surnames ORG ("DeMint")
            candidates.append((3, entity.start, entity.end))
    for match in TITLED_NAME.finditer(text, start, end):
        candidates.append((1, match.start(), match.end()))
    for match in _NAME.finditer(text, start, end):
        first_word = fold(match.group().split()[0])
        if is_stopword(first_word) or any(e.start <= match.start() < e.end for e in others):
            continue
        candidates.append((2, match.start(), match.end()))
    clause = text[start:end].strip(" ,\"”'’")
    named = [c for c in candidates if c[0] < _OTHER_NAME]
    if not named and _LEADING_PRONOUN.match(clause):
        # "He sent an e-mail to RNC members saying ...": the subject is the pronoun
        offset = text.find(clause, start, end + 1)
        pronoun = clause.split()[0]
        return Speaker(pronoun, "", None, offset if offset >= 0 else None, None)
    if candidates:

        def rank(candidate: tuple[int, int, int]) -> tuple[int, int]:
            distance = end - candidate[2] if near_end else candidate[1] - start
            return min(candidate[0], _OTHER_NAME), distance

        _, name_start, name_end = min(candidates, key=rank)
        return with_title_and_role(text, name_start, name_end)
    if _PRONOUN.match(clause) or _DESCRIPTION.match(clause):
        offset = text.find(clause, start, end + 1)
        return Speaker(clause, "", None, offset if offset >= 0 else None, None)
    return None
