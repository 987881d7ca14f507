"""Attributions found in the dependency parse: a cue, its source and its content.

English only. A cue is a reporting verb ("said", "warned", "believes") whose clausal
complement is the content and whose subject is the source ("Trump said that ..."), the
subject climbing to the governing verb for participles and coordinated verbs ("..., saying
that ...", "... and added that ..."), or the agent of a passive ("... was said by X"). "According
to X" is a cue too: its object is the source and the rest of the sentence the content.

Offsets are characters of the parsed text; a content span covers its clause's words from
the first to the last, with "that" included, as PolNeAR annotates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storytrace.model import Speaker
from storytrace.nlp.pipeline import lemma

# Verbs that report what someone said, wrote, thought or wants. Speech verbs first, then
# cognition and stance verbs, which news uses to attribute positions ("Clinton believes").
_SPEECH = (
    "say tell add state claim accuse warn note explain insist argue declare write ask reply "
    "announce stress continue conclude remark recall acknowledge admit suggest tweet post "
    "report respond deny confirm predict promise vow pledge testify concede contend "
    "maintain assert allege emphasize emphasise point complain caution boast charge "
    "estimate reveal indicate observe joke quip counter retort answer urge agree disclose "
    "signal hint mention repeat reiterate describe call cite criticize criticise blame "
    "thank praise acknowledge recount recommend propose threaten demand order advise "
    "announce inform assure remind tout dismiss question wonder speculate proclaim imply "
    "read learn"
)
_COGNITION = (
    "think believe feel know hope expect fear worry suspect doubt "
    "understand realize realise recognize recognise guess imagine figure reckon "
    "show find suggest indicate conclude decide"
)
COGNITION_LEMMAS = frozenset(_COGNITION.split())
# Cues whose content may be an object rather than a clause ("called him a liar", "urged
# Congress to act", "described the plan as dead").
_OBJECT_CUES = frozenset(
    [
        "call",
        "describe",
        "support",
        "endorse",
        "oppose",
        "reject",
        "urge",
        "criticize",
        "criticise",
        "slam",
        "accuse",
        "blame",
        "praise",
        "announce",
        "deny",
        "propose",
        "demand",
        "question",
        "dismiss",
        "defend",
        "condemn",
        "ask",
        "promise",
        "threaten",
    ]
)
# Stance verbs: an outlet reports a position through them ("Cruz opposed the deal"). Verbs
# of intent ("seek", "want", "plan", "offer") are left out: on PolNeAR's training part
# fewer than a quarter of them gave a right content, and in a report they read as noise
# ("seeking to clarify his remarks" is no quotation). "discuss" and "express" gave a right
# content 13 times in 19 on 150 training articles (PolNeAR dev overlap F1 0.830 -> 0.832,
# as overlap was counted before issue 13: every (prediction, gold) pair, words counted again);
# "seem", "offer" and "share" about half the time, with the wrong extent nearly always.
_STANCE = (
    "support endorse oppose reject slam blast attack defend pledge vow "
    "talk refer mention cite highlight tout decline refuse back condemn "
    "applaud hail mock ridicule dispute challenge discuss express"
)
_STANCE_LEMMAS = frozenset(_STANCE.split())
# Nouns that report what someone said or holds, when a "that" clause follows.
_NOUNS = (
    "claim statement assertion warning belief view argument suggestion promise allegation "
    "accusation announcement insistence contention charge hope fear concern admission "
    "prediction complaint notion idea assurance pledge"
)
NOUN_CUES = frozenset(_NOUNS.split())
CUE_LEMMAS = frozenset(_SPEECH.split()) | COGNITION_LEMMAS | _OBJECT_CUES | _STANCE_LEMMAS
_OBJECT_DEPS = ("dobj", "oprd", "xcomp", "dative")
_OBJECT_PREPS = ("as", "for", "on", "upon", "of", "about")
# Entity types of a preposition's object that say when, not what ("on Monday").
_WHEN = frozenset({"DATE", "TIME"})
# Speech verbs that may stand inside or after what they report.
_PARENTHETICAL_CUES = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "note",
        "argue",
        "explain",
        "insist",
        "claim",
        "warn",
        "continue",
        "recall",
        "acknowledge",
        "admit",
        "state",
        "declare",
        "report",
        "predict",
        "contend",
        "concede",
        "stress",
        "tweet",
        "post",
    ]
)
_LINKING = re.compile(
    r"(?:[A-Z][A-Z .,'-]{2,40}\s[—–-]+\s+)?"
    r"(?:(?:But|And|Or|So|Yet|Still|However|Meanwhile|Now|Instead|Indeed|Also|Moreover)"
    r"\b,?\s+)*"
)
# Dependants of a root cue that hold what it reports when the parser found no complement.
_LOOSE = ("parataxis", "dep", "advcl", "ccomp", "xcomp", "npadvmod", "intj")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp",)
# Dependencies through which a cue without a subject takes the subject of the verb above
# ("..., saying that ...", "He sent an e-mail saying ...", "... and added that ...").
_SOURCE_CLIMB = ("conj", "advcl", "xcomp", "acl", "dobj", "pobj", "prep", "pcomp", "dative")


@dataclass(frozen=True)
class Found:
    """One attribution in the parse."""

    cue: tuple[int, int]
    cue_text: str
    source: tuple[int, int] | None
    content: tuple[int, int]  # from the first content word to the last
    lemma: str = ""
    parts: tuple[tuple[int, int], ...] = ()  # the content's pieces, when the cue splits it
    speaker: Speaker | None = None  # already resolved (by the word patterns of ``foreign``)


def shifted(item: Found, offset: int) -> Found:
    """``item`` with its offsets moved by ``offset`` (a piece of a longer text was parsed)."""

    def move(span: tuple[int, int]) -> tuple[int, int]:
        return span[0] + offset, span[1] + offset

    return Found(
        move(item.cue),
        item.cue_text,
        move(item.source) if item.source is not None else None,
        move(item.content),
        item.lemma,
        tuple(move(part) for part in item.parts),
        item.speaker,
    )


def attributions(doc: Any) -> list[Found]:
    """Every cue in ``doc`` (a parsed spaCy Doc) that has a content, in text order."""
    found: list[Found] = []
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc):
            item = _according(doc, token)
        elif token.lower_ == "in" and token.dep_ == "prep":
            item = _in_words(doc, token)
        elif token.pos_ in ("VERB", "AUX") and lemma(token).lower() in CUE_LEMMAS:
            item = _verb(token)
        elif token.pos_ == "NOUN" and lemma(token).lower() in NOUN_CUES:
            item = _noun(token)
        else:
            item = None
        if item is not None:
            found.append(item)
    return found


def speech_cues(doc: Any) -> list[Found]:
    """Speech verbs with a subject, whatever they govern: the cues a quotation without a
    parsed content can hang from ('"...," Trump, the front-runner, said as he left.').
    ``content`` is the cue itself here."""
    cues = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        cue_lemma = lemma(token).lower()
        if cue_lemma in _PARENTHETICAL_CUES:
            source = _source(token)
            if source is not None:
                cue = (token.idx, token.idx + len(token.text))
                cues.append(Found(cue, token.text, source, cue, cue_lemma))
    return cues


def _verb(verb: Any) -> Found | None:
    verb_lemma = lemma(verb).lower()
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return None  # "a company called Sansun", "the plan announced last week"
    contents = [child for child in verb.children if child.dep_ in _CONTENT_DEPS]
    if contents:
        content = _extent([_span(child) for child in contents])
    elif verb_lemma in _OBJECT_CUES or verb_lemma in _STANCE_LEMMAS:
        objects = _objects(verb)
        if not objects:
            return _parenthetical(verb, verb_lemma)
        content = _extent(objects)
    else:
        return _parenthetical(verb, verb_lemma)
    source = _source(verb)
    return Found((verb.idx, verb.idx + len(verb.text)), verb.text, source, content, verb_lemma)


def _noun(noun: Any) -> Found | None:
    """A reporting noun with its "that" clause: "Trump's claim that the vote was rigged",
    "the warning that prices will rise". The source is the noun's possessor, where given."""
    clauses = [
        child
        for child in noun.children
        if child.dep_ in ("acl", "ccomp")
        and any(t.lower_ == "that" and t.dep_ == "mark" for t in child.children)
    ]
    if not clauses:
        return None
    owners = [child for child in noun.children if child.dep_ == "poss"]
    source = _span(owners[0]) if owners else None
    cue = (noun.idx, noun.idx + len(noun.text))
    return Found(cue, noun.text, source, _span(clauses[0]), lemma(noun).lower())


def _objects(verb: Any) -> list[tuple[int, int]]:
    """What a stance or naming cue takes after it: "called [Carson a special person]",
    "accused [Trump of lying]", "called on [Congress to act]" (a preposition right after the
    verb belongs to the cue: "call for", "ask for")."""
    spans = []
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in _OBJECT_DEPS:
            spans.append(_span(child))
        elif child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].ent_type_ in _WHEN:
                continue  # "on Monday", "for two years": when, not what
            if child.i == verb.i + 1 and objects:
                spans.append(_span(objects[0]))
            else:
                spans.append(_span(child))
    return spans


def _extent(spans: list[tuple[int, int]]) -> tuple[int, int]:
    return min(start for start, _ in spans), max(end for _, end in spans)


def _parenthetical(verb: Any, cue_lemma: str) -> Found | None:
    """A speech cue set inside or after what it reports: "The plan, she said, is dead." or
    '"...," Trump, the front-runner, said as he left.' The content is the rest of the
    sentence, in up to two pieces around the cue's clause."""
    if cue_lemma not in _PARENTHETICAL_CUES:
        return None
    source = _source(verb)
    if source is None:
        return None
    sentence = verb.sent
    if verb.dep_ == "ROOT":
        # The reported words hang from the cue as loose dependants before it.
        loose = [c for c in verb.children if c.dep_ in _LOOSE and c.i < verb.i]
        if not loose:
            return None
        first, last = _span(loose[0]), _span(loose[-1])
        parts: list[tuple[int, int]] = [(first[0], last[1])]
    else:
        clause = _span(verb)
        doc = verb.doc
        if not _set_off(doc.text, sentence.start_char, clause[0]):
            return None  # "photos showing what they claim to be ...": embedded, not aside
        parts = [
            piece
            for piece in (
                _trimmed(doc, _opening(doc.text, sentence.start_char, clause[0]), clause[0]),
                _trimmed(doc, clause[1], sentence.end_char),
            )
            if len(doc.text[piece[0] : piece[1]].split()) >= 2
        ]
    if not parts:
        return None
    cue = (verb.idx, verb.idx + len(verb.text))
    content = (parts[0][0], parts[-1][1])
    return Found(cue, verb.text, source, content, cue_lemma, tuple(parts))


def _set_off(text: str, sentence_start: int, clause_start: int) -> bool:
    """Whether a cue's clause stands apart from the words before it: at the sentence's
    start, or after a comma, dash, colon, parenthesis or quotation mark."""
    before = text[sentence_start:clause_start].rstrip()
    return not before or before[-1] in ",;:—–-(\"'“”‘’«»"


def _source(verb: Any) -> tuple[int, int] | None:
    """The subject of ``verb``, or of the verb it hangs from ("..., saying ...")."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in _SUBJECTS:
                return _span(child)
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return _span(objects[0])
        if current.dep_ not in _SOURCE_CLIMB or current.head is current:
            return None
        current = current.head
    return None


def _according(doc: Any, according: Any) -> Found | None:
    to = doc[according.i + 1]
    if to.lower_ != "to":
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in according.children if c.dep_ == "pobj"
    ]
    if not objects:
        return None
    source = _span(objects[0])
    cue = (according.idx, to.idx + len(to.text))
    phrase = (according.idx, max(source[1], cue[1]))
    return _rest_of_sentence(doc, according, phrase, cue, source, "according to")


def _in_words(doc: Any, preposition: Any) -> Found | None:
    """ "In X's own words, ..." and "in the words of X, ...": X is the source, the rest of
    the sentence what X said."""
    words = [c for c in preposition.children if c.dep_ == "pobj" and c.lower_ == "words"]
    if not words:
        return None
    owners = [c for c in words[0].children if c.dep_ == "poss"]
    if owners:
        named = [t for t in owners[0].subtree if t.dep_ != "case"]
        source = (named[0].idx, named[-1].idx + len(named[-1].text))
    else:
        of = [c for c in words[0].children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if not objects:
            return None
        source = _span(objects[0])
    phrase = _span(preposition)
    return _rest_of_sentence(doc, preposition, phrase, phrase, source, "in the words of")


def _rest_of_sentence(
    doc: Any,
    token: Any,
    phrase: tuple[int, int],
    cue: tuple[int, int],
    source: tuple[int, int],
    cue_lemma: str,
) -> Found | None:
    """A cue phrase (``phrase``: "according to X", "in X's words") that attributes the rest
    of its sentence: the longer of the words before and after it."""
    sentence = token.sent
    before = _trimmed(doc, _opening(doc.text, sentence.start_char, phrase[0]), phrase[0])
    after = _trimmed(doc, phrase[1], sentence.end_char)
    content = after if (after[1] - after[0]) > (before[1] - before[0]) else before
    if content[1] <= content[0]:
        return None
    return Found(cue, doc.text[cue[0] : cue[1]], source, content, cue_lemma)


def _opening(text: str, start: int, end: int) -> int:
    """Where a sentence's own words begin: after a dateline ("TALLAHASSEE — ") and the
    linking words that tie it to the one before ("But", "Meanwhile,"), which are the
    writer's."""
    match = _LINKING.match(text, start, end)
    return match.end() if match else start


def _span(token: Any) -> tuple[int, int]:
    """Characters of ``token``'s subtree, punctuation at either edge and a conjunction left
    dangling at its end ("... to gun violence and") left out."""
    words = [t for t in token.subtree]
    while len(words) > 1 and words[0].is_punct:
        words.pop(0)
    while len(words) > 1 and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _trimmed(doc: Any, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?—–-"):
        end -= 1
    return start, end
