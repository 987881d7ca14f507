"""Who a cue's subject is: a named person, an organisation, or someone named before.

The mention next to a cue ("Igor Konashenkov, a spokesman for the ministry", "the Russian
general", "he") becomes a ``Speaker``: the named person with title and role, else an
organisation or country; a pronoun or a definite description resolves to a person named
earlier in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.model import Entity, Speaker
from storytrace.nlp.names import fold, name_key

_TITLE = (
    r"(?:(?:Major|Lieutenant|Brigadier)\s+General|General|Gen\.|Colonel|Col\.|Admiral|"
    r"President|Prime Minister|Minister|Secretary|Senator|Sen\.|Representative|Rep\.|"
    r"Governor|Gov\.|Mayor|Judge|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|Professor)"
)

_TITLES = re.compile(_TITLE + r"\s+$")

TITLED_NAME = re.compile(_TITLE + r"(?:\s+[A-Z][\w'’-]+){1,3}")

# Entity labels that can name a source other than a person.
SOURCE_LABELS = frozenset({"ORG", "GPE", "NORP"})

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


def with_title_and_role(text: str, start: int, end: int) -> Speaker:
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
        named = with_title_and_role(text, inside[0].start, inside[0].end)
        role = named.role or _inner_role(text, inside[0].end, end)
        return Speaker(named.name, named.key, role, start, end, mention)
    titled = TITLED_NAME.search(text, start, end)
    if titled is not None:
        named = with_title_and_role(text, titled.start(), titled.end())
        return Speaker(named.name, named.key, named.role, start, end, mention)
    unresolved = Speaker(mention, "", None, start, end)
    if described or fold(mention) in _PERSONAL_PRONOUNS:
        # "the Russian general", "the spokesman for the ministry", "he"
        head = next((fold(w) for w in words[:4] if fold(w) in _PERSON_NOUNS), "")
        return _resolve_description(unresolved, head, text, persons, subjects)
    sources = [e for e in entities if e.label in SOURCE_LABELS and start <= e.start < end]
    if sources and len(words) <= 6:
        return _organisation_speaker(_organisation_name(mention, sources), start, end, mention)
    if definite and 1 < len(words) <= 4:
        # "the authority", "the ministry": the organisation named before with that head word
        earlier = [e for e in entities if e.end <= start]
        organisation = _organisation_by_head(fold(words[-1]), earlier)
        if organisation is not None:
            return _organisation_speaker(organisation, start, end, mention)
    return unresolved


def _organisation_speaker(name: str, start: int, end: int, mention: str) -> Speaker:
    key = " ".join(fold(w) for w in name.split() if fold(w))
    return Speaker(name, key, None, start, end, mention)


def _organisation_by_head(head: str, earlier: Sequence[Entity]) -> str | None:
    """The last organisation in ``earlier`` whose head word (the last before "of") is
    ``head``: "the Port Authority" for "the authority", "the Ministry of Defence" for "the
    ministry"."""
    for entity in reversed(earlier):
        if entity.label != "ORG":
            continue
        folded = [fold(w) for w in entity.text.split()]
        before = folded[: folded.index("of")] if "of" in folded[1:] else folded
        if before and before[-1] == head:
            return entity.text
    return None


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
            named = with_title_and_role(text, person.start, person.end)
            if head in fold(named.role or "") or head in fold(named.name):
                chosen = person
                break
    named = with_title_and_role(text, chosen.start, chosen.end)
    return Speaker(named.name, named.key, named.role, speaker.start, speaker.end, speaker.name)


def _inner_role(text: str, name_end: int, mention_end: int) -> str | None:
    """An appositive inside the mention: "Konashenkov, a spokesman for the ministry"."""
    rest = text[name_end:mention_end]
    match = re.match(r",\s*(.{3,80}?),?$", rest)
    return match.group(1).strip() if match else None
