"""Who is quoted: the speaker of a quotation, from the words around it.

A cascade, first hit wins:

1. A cue verb right after the quotation, with the speaker after it or before it
   ("..., said Konashenkov." / "..., Konashenkov said.").
2. A cue verb in the same sentence before the quotation ("X, a spokesman for Y, said on
   Wednesday that ..."), the speaker being the person named before the cue.
3. "according to X" anywhere in the sentence.

The speaker is a PERSON entity when the entity recogniser found one in that place,
otherwise a capitalised name, otherwise a pronoun or a description ("he", "the spokesman"),
which is resolved to the last person named before it in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from storytrace.model import Entity, Speaker
from storytrace.nlp.names import fold, is_stopword, name_key

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
_TITLE = (
    r"(?:(?:Major|Lieutenant|Brigadier)\s+General|General|Gen\.|Colonel|Col\.|Admiral|"
    r"President|Prime Minister|Minister|Secretary|Senator|Sen\.|Representative|Rep\.|"
    r"Governor|Gov\.|Mayor|Judge|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|Professor)"
)
_TITLES = re.compile(_TITLE + r"\s+$")
_TITLED_NAME = re.compile(_TITLE + r"(?:\s+[A-Z][\w'’-]+){1,3}")
# Candidates from this priority on (plain capitalised names, organisations, places) are
# ranked by distance alone: a sentence-initial word ("Trying to quell the furor, Steele
# said") is no better a name than an entity the model mislabelled.
_OTHER_NAME = 2
_LEADING_PRONOUN = re.compile(r"^(?:he|she|they)\s", re.IGNORECASE)
# Entity labels that can name a source other than a person.
_SOURCE_LABELS = frozenset({"ORG", "GPE", "NORP"})


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
    after = text[quote_end + 1 : min(sentence[1], quote_end + 1 + AFTER_WINDOW)]
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
        elif entity.label in _SOURCE_LABELS and entity.start >= start and entity.end <= end:
            # organisations and countries speak too ("the Pentagon said", "Russia said"),
            # and a small model labels some surnames ORG ("DeMint")
            candidates.append((3, entity.start, entity.end))
    for match in _TITLED_NAME.finditer(text, start, end):
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
        return _with_title_and_role(text, name_start, name_end)
    if _PRONOUN.match(clause) or _DESCRIPTION.match(clause):
        offset = text.find(clause, start, end + 1)
        return Speaker(clause, "", None, offset if offset >= 0 else None, None)
    return None


def _with_title_and_role(text: str, start: int, end: int) -> Speaker:
    title = _TITLES.search(text, max(0, start - 40), start)
    if title is not None and title.end() == start:
        start = title.start()
    name = text[start:end]
    return Speaker(name, name_key(name), _role(text, start, end), start, end)


def _role(text: str, start: int, end: int) -> str | None:
    """An appositive next to the name: "X, a spokesman for Y," or "Y spokesman, X,"."""
    after = re.match(r",\s*((?:the|a|an)\s[^,]{3,80}),", text[end : end + 90])
    if after is not None:
        return after.group(1).strip()
    before = re.search(
        r"(?:^|[.!?]\s+|\n)([A-Z][^,.\n]{3,80}),\s*$", text[max(0, start - 90) : start]
    )
    if before is not None:
        return before.group(1).strip()
    return None


def resolve(
    speaker: Speaker, text: str, persons: Sequence[Entity], subjects: frozenset[int] = frozenset()
) -> Speaker:
    """Turn a pronoun or a description into the person it most likely refers to."""
    if speaker.key:
        return speaker
    return _resolve_description(speaker, "", text, persons, subjects)


def _antecedent(earlier: Sequence[Entity], subjects: frozenset[int]) -> Entity:
    """The person a pronoun most likely refers to: the last one who was the subject of a
    recent sentence ("Fox, however, isn't worried that Trump will win. 'Democracy cannot
    pick crazy people,' he said": Fox, not Trump), else the last one named."""
    last = earlier[-1]
    for person in reversed(earlier):
        if last.start - person.end > SALIENCE_WINDOW:
            break
        if any(person.start <= offset < person.end for offset in subjects):
            return person
    return last


# Words that make a description a person's ("the spokesman", "the Russian general").
_PERSON_NOUNS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "general",
        "president",
        "official",
        "senator",
        "candidate",
        "governor",
        "mayor",
        "secretary",
        "chairman",
        "chairwoman",
        "chief",
        "director",
        "leader",
        "prosecutor",
        "judge",
        "lawyer",
        "attorney",
        "ambassador",
        "commander",
        "officer",
        "representative",
        "congressman",
        "congresswoman",
        "nominee",
        "billionaire",
        "businessman",
        "actor",
        "actress",
        "singer",
        "manager",
        "adviser",
        "advisor",
        "aide",
        "host",
        "founder",
        "analyst",
        "professor",
        "author",
    ]
)
_DATELINE_DASH = re.compile(r"[^\n]{0,60}?(?:--|–|—)\s*")
# How far back (characters) a sentence subject stays the likely referent of a pronoun.
SALIENCE_WINDOW = 400
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three"})
_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})


def speaker_from_mention(
    text: str,
    start: int,
    end: int,
    entities: Sequence[Entity],
    subjects: frozenset[int] = frozenset(),
) -> Speaker:
    """The speaker that ``text[start:end]`` (a cue's subject) names or refers to.

    A person named inside the mention wins (with the title before it and an appositive role:
    "Igor Konashenkov, a spokesman for the ministry,"); then a name led by a title; then an
    organisation or place ("the Pentagon", "Russia"); a personal pronoun or a description of
    a person ("he", "the spokesman") is resolved to a person named earlier in the article.
    Anything else ("critics", "a new poll") stays as written, with no identity key.
    """
    dash = _DATELINE_DASH.match(text, start, end)
    if dash is not None:
        start = dash.end()  # "MOSCOW (RHC) -- Russia": the dateline is not the speaker
    mention = text[start:end]
    persons = [e for e in entities if e.label == "PERSON"]
    words = mention.split()
    # a definite description refers back ("the spokesman"); an indefinite one introduces
    # somebody new ("a spokesman for the fire brigade")
    definite = bool(words) and fold(words[0]) not in _INDEFINITE
    described = definite and len(words) <= 8 and any(fold(w) in _PERSON_NOUNS for w in words[:4])
    inside = [e for e in persons if e.start >= start and e.end <= end]
    if inside:
        named = _with_title_and_role(text, inside[0].start, inside[0].end)
        role = named.role or _inner_role(text, inside[0].end, end)
        return Speaker(named.name, named.key, role, start, end, mention)
    titled = _TITLED_NAME.search(text, start, end)
    if titled is not None:
        named = _with_title_and_role(text, titled.start(), titled.end())
        return Speaker(named.name, named.key, named.role, start, end, mention)
    unresolved = Speaker(mention, "", None, start, end)
    if described or fold(mention) in _PERSONAL_PRONOUNS:
        # "the Russian general", "the spokesman for the ministry", "he"
        head = next((fold(w) for w in words[:4] if fold(w) in _PERSON_NOUNS), "")
        return _resolve_description(unresolved, head, text, persons, subjects)
    sources = [e for e in entities if e.label in _SOURCE_LABELS and start <= e.start < end]
    if sources and len(words) <= 6:
        name = _organisation_name(mention, sources)
        key = " ".join(fold(w) for w in name.split() if fold(w))
        return Speaker(name, key, None, start, end, mention)
    return unresolved


def _organisation_name(mention: str, sources: Sequence[Entity]) -> str:
    """The name of a speaking organisation or country: an ORG entity first; a nationality or
    place that only qualifies a capitalised name ("The Russian MoD") gives the whole name."""
    organisations = [e for e in sources if e.label == "ORG"]
    if organisations:
        return organisations[-1].text
    words = mention.split()
    if words and fold(words[0]) == "the":
        words = words[1:]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(words)
    return sources[-1].text


def _resolve_description(
    speaker: Speaker,
    head: str,
    text: str,
    persons: Sequence[Entity],
    subjects: frozenset[int] = frozenset(),
) -> Speaker:
    """A pronoun or description, resolved to a person named before it (see ``_antecedent``);
    for a description, a person whose role carries its head noun comes first."""
    at = speaker.start if speaker.start is not None else len(text)
    earlier = [p for p in persons if p.end <= at]
    if not earlier:
        return speaker
    chosen = _antecedent(earlier, subjects)
    if head in _PERSON_NOUNS:
        for person in reversed(earlier):
            named = _with_title_and_role(text, person.start, person.end)
            if head in fold(named.role or "") or head in fold(named.name):
                chosen = person
                break
    named = _with_title_and_role(text, chosen.start, chosen.end)
    return Speaker(named.name, named.key, named.role, speaker.start, speaker.end, speaker.name)


def _inner_role(text: str, name_end: int, mention_end: int) -> str | None:
    """An appositive inside the mention: "Konashenkov, a spokesman for the ministry"."""
    rest = text[name_end:mention_end]
    match = re.match(r",\s*(.{3,80}?),?$", rest)
    return match.group(1).strip() if match else None
