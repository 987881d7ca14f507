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
from storytrace.nlp.names import fold, is_stopword, name_key

# A title before a name, taken whole from the text: the words that qualify it come with it
# ("Vice-President Mike Pence" is not "President Mike Pence", "Solicitor General Elizabeth
# Prelogar" no general), and an honorific may lead ("The Honourable Natalio Wheatley").
_TITLE_WORD = (
    r"(?:General|Gen\.|Colonel|Col\.|Admiral|President|Premier|Prime Minister|Minister|"
    r"Secretary|Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|Mayor|Judge|Justice|"
    r"Chancellor|Ambassador|Commissioner|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.|Professor)"
)
_TITLE_QUALIFIER = (
    r"(?:Vice|Deputy|Acting|Solicitor|Attorney|Surgeon|Inspector|Lieutenant|Major|Brigadier|"
    r"Chief|First|Foreign|Defen[cs]e|Finance|Health|Interior|Home|Former|Honou?rable|Hon\.|"
    r"Right Honou?rable|Rt\.? Hon\.?)"
)
_TITLE = rf"(?:(?:{_TITLE_QUALIFIER}[\s-]+){{0,2}}{_TITLE_WORD}|Honou?rable|Hon\.)"

_TITLES = re.compile(rf"(?<![\w-])(?:{_TITLE_QUALIFIER}[\s-]+){{0,2}}{_TITLE}\s+$")

TITLED_NAME = re.compile(rf"(?<![\w-]){_TITLE}(?:\s+[A-Z][\w'’-]+){{1,3}}")

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
    words = [fold(w) for w in speaker.name.split()[:4]]
    head = next((w for w in words if w in _PERSON_NOUNS), "")
    return _resolve_description(speaker, head, text, persons, subjects)


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
    name = _closing_name(text, start, end, entities)
    if name is not None:
        # "Natalio Wheatley", "Today show host Savannah Guthrie": a name the small entity
        # recogniser missed, closing the mention
        named = with_title_and_role(text, *name)
        role = named.role or _inner_role(text, name[1], end)
        return Speaker(named.name, named.key, role, start, end, mention)
    unresolved = Speaker(mention, "", None, start, end)
    if fold(mention) in _RELATIVE_PRONOUNS:
        # "a report that said", "Smith, who said": the words the pronoun stands for
        antecedent = _relative_antecedent(text, start)
        if antecedent is not None:
            named = speaker_from_mention(text, *antecedent, entities, subjects)
            if fold(named.name) not in _RELATIVE_PRONOUNS:
                return Speaker(named.name, named.key, named.role, start, end, mention)
        return unresolved
    if fold(mention) == "it":
        # "It said ...": the organisation named just before, else no speaker
        return _organisation_before(unresolved, entities) or unresolved
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


# A run of capitalised words (a hyphen or an apostrophe inside a word allowed).
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:de|van|von|da|al|bin)\s+)?[A-Z][\w'’-]*)*")
# Entity labels a missed name may wear in a small model ("Natalio Wheatley" as WORK_OF_ART).
_NAME_LIKE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})
# Words that open a sentence or stand for no one, though capitalised.
_NOT_NAMES = frozenset(
    {
        *("it", "this", "that", "these", "those", "there", "here"),
        *("today", "tonight", "yesterday", "tomorrow", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday"),
    }
)


def _closing_name(
    text: str, start: int, end: int, entities: Sequence[Entity]
) -> tuple[int, int] | None:
    """The span of a capitalised name that closes ``text[start:end]`` (before a comma, if
    any), when no organisation, place or date is there: a person the recogniser missed."""
    comma = text.find(",", start, end)
    stop = comma if comma != -1 else end
    head = text[start:stop].rstrip(" '’\"")
    runs = list(_CAPITALISED_RUN.finditer(head))
    if not runs or start + runs[-1].end() != start + len(head):
        return None
    run_start, run_end = start + runs[-1].start(), start + runs[-1].end()
    words = text[run_start:run_end].split()
    while words and (is_stopword(fold(words[0])) or fold(words[0]) in _NOT_NAMES):
        run_start = text.index(words[1], run_start) if len(words) > 1 else run_end
        words = words[1:]
    if not words or any(fold(w) in _NOT_NAMES for w in words):
        return None
    before = text[start:run_start].split()
    if before and fold(before[-1]) in _PERSON_NOUNS:
        return run_start, run_end  # "host Savannah Guthrie", whatever the recogniser says
    if any(
        e.label not in _NAME_LIKE_LABELS and e.start < run_end and e.end > run_start
        for e in entities
    ):
        return None
    return run_start, run_end


_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# Words of the phrase before a relative pronoun taken for its antecedent, at most.
ANTECEDENT_WORDS = 6


def _relative_antecedent(text: str, at: int) -> tuple[int, int] | None:
    """The phrase a relative pronoun at ``at`` follows ("Smith, who": "Smith"), back to
    the last comma or sentence mark, of at most ``ANTECEDENT_WORDS`` words."""
    window = max(0, at - 120)
    before = text[window:at].rstrip(" ,")
    boundary = max(before.rfind(mark) for mark in ',.;:!?\n("“”') + 1
    words = list(re.finditer(r"\S+", before[boundary:]))[-ANTECEDENT_WORDS:]
    if not words:
        return None
    return window + boundary + words[0].start(), window + boundary + words[-1].end()


def _organisation_before(speaker: Speaker, entities: Sequence[Entity]) -> Speaker | None:
    """The organisation named last before ``speaker`` ("it"), within the salience window
    (the paragraph before counts: on PolNeAR's dev part, keeping to the pronoun's own
    paragraph lost more right speakers than it saved)."""
    at = speaker.start if speaker.start is not None else 0
    earlier = [e for e in entities if e.label == "ORG" and e.end <= at]
    if not earlier or at - earlier[-1].end > SALIENCE_WINDOW:
        return None
    name = earlier[-1].text
    key = " ".join(fold(w) for w in name.split() if fold(w))
    return Speaker(name, key, None, speaker.start, speaker.end, speaker.name)


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
    earlier = _with_titled_names(text, [p for p in persons if p.end <= at], at)
    if not earlier:
        return speaker
    chosen = _antecedent(earlier, subjects)
    if head in _PERSON_NOUNS:
        # the nearest person whose title or role is the description's: "the Republican
        # governor" is "Gov. Ron DeSantis" named just before, not the last man named
        for person in reversed(earlier):
            named = with_title_and_role(text, person.start, person.end)
            if head in _spelled_out(named.role or "") or head in _spelled_out(named.name):
                chosen = person
                break
    named = with_title_and_role(text, chosen.start, chosen.end)
    return Speaker(named.name, named.key, named.role, speaker.start, speaker.end, speaker.name)


# Abbreviated titles, spelled out to meet a description's head noun ("Gov." is a governor).
_TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "col": "colonel",
    "adm": "admiral",
    "prof": "professor",
}


def _spelled_out(words: str) -> str:
    folded = (fold(w) for w in words.split())
    return " ".join(_TITLE_ABBREVIATIONS.get(w, w) for w in folded if w)


def _with_titled_names(text: str, persons: list[Entity], at: int) -> list[Entity]:
    """``persons`` with the names led by a title before ``at`` that the entity recogniser
    missed ("Florida Gov. Ron DeSantis"), in text order."""
    titled = [
        Entity(m.group(), "PERSON", m.start(), m.end())
        for m in TITLED_NAME.finditer(text, 0, at)
        if not any(p.start < m.end() and p.end > m.start() for p in persons)
    ]
    return sorted([*persons, *titled], key=lambda e: e.start)


def _inner_role(text: str, name_end: int, mention_end: int) -> str | None:
    """An appositive inside the mention: "Konashenkov, a spokesman for the ministry"."""
    rest = text[name_end:mention_end]
    match = re.match(r",\s*(.{3,80}?),?$", rest)
    return match.group(1).strip() if match else None
