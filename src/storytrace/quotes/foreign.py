"""Cues and speakers in Russian, French, German, Spanish, Italian and Polish text, without
a parser (Turkish, Arabic and Chinese: ``verb_final_first``).

The parse-based extraction is English only. In these six languages news reports speech in
a few fixed frames, which word patterns find well enough to name the speaker and so let a
translated quotation meet its original across outlets:

- after a quotation: «...», — заявил Конашенков. / "...", a déclaré Macron. / "...", sagte
  Scholz. / "...", dijo Sánchez. / "...", ha detto Meloni. / "...", powiedział Tusk.
- before a quotation: Конашенков заявил: «...» / Macron a déclaré : « ... »
- reported speech: Конашенков заявил, что ... / Macron a déclaré que ... / Scholz sagte,
  dass ... / Sánchez dijo que ... / Meloni ha detto che ... / Tusk powiedział, że ...
- "according to": По словам Конашенкова, ... / Selon Macron, ... / Laut Scholz ... / Según
  Sánchez, ... / Secondo Meloni, ... / Według Kowalskiego, ...
- German puts "laut X" and "X zufolge" before the verb, with no comma: "Laut Scholz ist die
  Lage ernst." / "Dem Bericht zufolge wurden 30 Menschen verletzt." German capitalises
  nouns, so the source runs over the capitalised words up to the first lower-case word,
  which is the verb. Inside a sentence, "laut X" leaves the content in two pieces around
  it: "Drei Drohnen wurden laut Pistorius abgeschossen."
- German reports speech in the subjunctive too, with no "dass" ("Es sei ein «grossartiger
  Deal», sagte Trump."): ``german`` reads those frames.

The speaker is the capitalised name next to the cue (its last run of capitalised words, so
"официальный представитель генерал Игорь Конашенков" gives "Игорь Конашенков"); its key is
the transliterated, folded surname, the same as the English spelling's where transliteration
agrees ("Конашенков" -> "konashenkov"). A description with no name ("российский генерал")
is kept as written, with no key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from storytrace.model import Speaker
from storytrace.nlp.names import fold, name_key
from storytrace.quotes import german, verb_final_first
from storytrace.quotes.syntax import Found


@dataclass(frozen=True)
class Frame:
    """One language's cue words, complementiser and "according to" phrases."""

    cues: str  # a regex alternation of cue verb forms
    that: str  # the complementiser of reported speech
    according: str  # phrases that put the source before a comma


FRAMES = {
    "ru": Frame(
        cues=r"(?:заявил|сказал|сообщил|отметил|добавил|подчеркнул|пояснил|признал|указал|"
        r"написал|считает|говорит|утверждает|заявляет|сообщает)(?:а|и|о)?",
        that=r"что",
        according=r"по словам|по мнению|как сообщил[аи]?|как заявил[аи]?",
    ),
    "fr": Frame(
        cues=r"(?:a|ont)\s+(?:déclaré|dit|affirmé|ajouté|souligné|expliqué|estimé|indiqué|"
        r"assuré)|déclare|affirme|ajoute|souligne|explique|estime|indique|assure",
        that=r"que|qu['’]",
        according=r"selon|d['’]après",
    ),
    "de": Frame(
        cues=rf"{german.CUES}|teilte mit",
        that=r"dass",
        according=r"laut|nach Angaben von",
    ),
    "es": Frame(
        cues=r"dijo|afirmó|declaró|aseguró|señaló|añadió|explicó|indicó|advirtió|"
        r"escribió|dice|afirma|asegura",
        that=r"que",
        according=r"según|de acuerdo con",
    ),
    "it": Frame(
        cues=r"ha\s+(?:detto|dichiarato|affermato|aggiunto|spiegato|sottolineato|"
        r"precisato|scritto|assicurato)|dice|afferma|dichiara|spiega|sottolinea|aggiunge",
        that=r"che",
        according=r"secondo|stando a",
    ),
    "pl": Frame(
        cues=r"(?:powiedzia|stwierdzi|doda|oświadczy|zaznaczy|podkreśli|napisa|poinformowa|"
        r"zapewni|ostrzeg)(?:ła|ło|li|ły|ł)|mówi|twierdzi|uważa|dodaje|podkreśla",
        that=r"że",
        according=r"według|zdaniem",
    ),
}
# Languages read by word patterns: those with a frame here, and Turkish, Arabic and Chinese
# (``verb_final_first``).
PATTERN_LANGUAGES = frozenset(FRAMES) | verb_final_first.LANGUAGES
# A capitalised word in any of these scripts, hyphenated parts allowed ("Жан-Ив"): Latin
# with the capitals of Latin-1 and of Central European and Turkish names ("Łukasz",
# "Świątek", "Şimşek", "İnönü"), and Cyrillic.
_CAPITAL = r"[A-ZÀ-ÖØ-ÞĄĆČĎĘĚĞİŁŃŇŐŘŚŞŠŤŰŹŻŽА-ЯЁ][\w’'-]*"
_NAME = rf"{_CAPITAL}(?:\s+{_CAPITAL}){{0,3}}"
_WORDS = r"[^\s.,;:!?«»“”\"]+"
# Personal pronouns (folded) that stand where a name would: unresolved speakers.
PRONOUNS = frozenset(
    {"on", "ona", "oni", "il", "elle", "ils", "elles", "er", "sie", "el", "ella", "lui", "lei"}
    # Turkish "o", Chinese 他/她 and 他们, Arabic هو and هي, as ``fold`` spells them
    | {"o", "ta", "tamen", "hw", "hy"}
)
# Genitive surname endings and their nominatives, men's then women's.
_GENITIVE_ENDINGS = (
    ("skiego", "ski"),
    ("ckiego", "cki"),
    ("dzkiego", "dzki"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ёва", "ёв"),
    ("ина", "ин"),
    ("ына", "ын"),
    ("ского", "ский"),
    ("цкого", "цкий"),
)
_FEMININE_GENITIVE_ENDINGS = (
    ("skiej", "ska"),
    ("ckiej", "cka"),
    ("dzkiej", "dzka"),
    ("ой", "а"),
)
# Given names and patronymics before such a surname, by the surname's gender: the first
# ending that fits is replaced ("" drops the rest of the word: Adama -> Adam, Владимира ->
# Владимир, Jacka -> Jacek). Irregular names (Павла -> Павел) keep the genitive.
_GIVEN_GENITIVE_ENDINGS = (
    ("rzego", "rzy"),
    ("iego", "i"),
    ("cka", "cek"),
    ("rka", "rek"),
    ("wła", "weł"),
    ("ея", "ей"),
    ("ия", "ий"),
    ("ря", "рь"),
    ("a", ""),
    ("а", ""),
)
_FEMININE_GIVEN_GENITIVE_ENDINGS = (
    ("ii", "ia"),
    ("ki", "ka"),
    ("gi", "ga"),
    ("y", "a"),
    ("ии", "ия"),
    ("ки", "ка"),
    ("ги", "га"),
    ("ы", "а"),
)
# German "laut X ..." and "X zufolge ...": the source's capitalised words (with the articles
# and "von" that join them: "der Sprecher des Ministeriums"), then the verb in lower case.
_GERMAN_NOUNS = (
    r"(?:(?:dem|der|den|des|einem|einer|eines|Dem|Der|Den|Einem|Einer)\s+)?"
    r"[A-ZÄÖÜ][\w.’'-]*(?:\s+(?:(?:des|der|von|vom)\s+)?[A-ZÄÖÜ][\w.’'-]*){0,4}"
)
_SENTENCE_START = r"(?:^|(?<=[.!?]\s)|(?<=\n))"
_GERMAN_ACCORDING = (
    re.compile(
        rf"{_SENTENCE_START}(?P<cue>Laut|Nach Angaben (?:von|des|der))\s+"
        rf"(?P<who>{_GERMAN_NOUNS})\s+(?P<content>[a-zäöüß][^.!?\n]+)",
        re.MULTILINE,
    ),
    re.compile(
        rf"{_SENTENCE_START}(?P<who>{_GERMAN_NOUNS})\s+(?P<cue>zufolge)\s+"
        rf"(?P<content>[a-zäöüß][^.!?\n]+)",
        re.MULTILINE,
    ),
)
# "laut X" inside a sentence ("Die Lage ist laut Scholz ernst."): the sentence around it is
# the content, in two pieces.
_GERMAN_INNER_ACCORDING = re.compile(
    rf"{_SENTENCE_START}(?P<before>[A-ZÄÖÜ][^.!?\n]*?)\s+(?P<cue>laut)\s+"
    rf"(?P<who>{_GERMAN_NOUNS})\s+(?P<after>[a-zäöüß][^.!?\n]*)",
    re.MULTILINE,
)
# Russian and Polish have no articles, so an institution or a role named by a common noun
# opens the sentence with a capital ("Министерство сообщило, что ...", "Ministerstwo
# poinformowało, że ..."): alone, these words are descriptions, not names.
_COMMON_NOUNS = frozenset(
    fold(word)
    for word in (
        *("министерство", "ведомство", "правительство", "представитель", "министр"),
        *("генерал", "президент", "премьер", "посол", "источник", "эксперт", "полиция"),
        *("армия", "штаб", "командование", "администрация", "агентство", "пресс-служба"),
        *("ministerstwo", "rząd", "resort", "rzecznik", "minister", "prezydent", "premier"),
        *("policja", "ambasador", "źródło", "ekspert", "armia", "agencja"),
    )
)
# Adverbs that sit between a speaker and the verb ("Министерство также сообщило", "El
# ministerio también dijo"): they belong to neither the speaker nor the cue.
_ADVERBS = frozenset(
    fold(word)
    for word in (
        *("также", "тоже", "ещё", "еще", "уже", "однако", "затем", "позже", "ранее"),
        *("вчера", "сегодня", "впервые", "официально", "неоднократно", "вновь", "снова"),
        *("także", "również", "też", "jednak", "wcześniej", "następnie", "później"),
        *("wczoraj", "dziś", "dzisiaj", "ponownie", "oficjalnie"),
        *("también", "además", "luego", "ayer", "hoy", "anche", "inoltre", "ieri", "oggi"),
        *("également", "aussi", "hier", "auch", "bereits", "gestern", "heute"),
    )
)
# Sentence-initial determiners, which are capitalised but name nobody ("Le ministre").
_DETERMINERS = frozenset(
    {
        *("le", "la", "les", "un", "une", "el", "los", "las"),
        *("der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einer", "eines"),
        *("il", "lo", "gli", "i"),
    }
)


def speaker_around(text: str, language: str, quote_start: int, quote_end: int) -> Found | None:
    """The cue and speaker framing the quotation ``text[quote_start:quote_end]``."""
    if language in verb_final_first.LANGUAGES:
        return verb_final_first.speaker_around(text, language, quote_start, quote_end)
    frame = FRAMES.get(language)
    if frame is None:
        return None
    after = re.compile(
        rf"[\s,»”“\"'›]*[—–-]?\s*(?P<cue>{frame.cues})\s+(?P<who>(?:{_WORDS}\s+){{0,5}}?{_NAME})"
    )
    match = after.match(text, quote_end, min(len(text), quote_end + 160))
    if match is not None and _capitalised(match.group("who")):
        return _found(
            text, match.span("cue"), match.span("who"), (quote_start, quote_end), language
        )
    window_start = max(0, quote_start - 160)
    line_start = text.rfind("\n", window_start, quote_start) + 1
    for gap in ("", rf"(?:\s+{_WORDS}){{1,3}}?"):
        before = re.compile(rf"(?P<who>{_NAME}){gap}\s+(?P<cue>{frame.cues})\s*[:,]?\s*[«„“\"‹]?$")
        match = before.search(text, max(window_start, line_start), quote_start)
        if match is not None:
            break
    if match is not None:
        return _found(
            text, match.span("cue"), match.span("who"), (quote_start, quote_end), language
        )
    return None


def reported_speech(text: str, language: str) -> list[Found]:
    """'X said that ...' and 'according to X, ...' sentences of ``text``."""
    if language in verb_final_first.LANGUAGES:
        return verb_final_first.reported_speech(text, language)
    frame = FRAMES.get(language)
    if frame is None:
        return []
    found = []
    said_that = re.compile(
        rf"(?P<who>{_NAME}(?:\s+{_WORDS}){{0,3}}?)\s+(?P<cue>{frame.cues}),?\s+"
        rf"(?P<content>(?:{frame.that})\s*[^.!?\n]+)",
    )
    for match in said_that.finditer(text):
        found.append(
            _found(text, match.span("cue"), match.span("who"), match.span("content"), language)
        )
    according = re.compile(
        rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<cue>{frame.according})\s+(?P<who>[^,.\n]{{2,80}}),\s*"
        rf"(?P<content>[^.!?\n]+)",
        re.IGNORECASE | re.MULTILINE,
    )
    matches = list(according.finditer(text))
    if language == "de":
        matches += [m for pattern in _GERMAN_ACCORDING for m in pattern.finditer(text)]
    for match in matches:
        report = _found(text, match.span("cue"), match.span("who"), match.span("content"), language)
        if language in ("ru", "pl") and report.speaker is not None and report.speaker.key:
            # "по словам" and "według" take the genitive: "по словам Конашенкова" is
            # Конашенков's, "według Kowalskiego" Kowalski's
            name = _nominative(report.speaker.name)
            speaker = Speaker(name, name_key(name), None, *match.span("who"), report.speaker.name)
            report = replace(report, speaker=speaker)
        found.append(report)
    if language == "de":
        found += _inner_according(text)
        cues = {report.cue for report in found}
        subjunctive = [_found(text, *spans, "de") for spans in german.german_reports(text)]
        found += [report for report in subjunctive if report.cue not in cues]
        found += german.continued_reports(text, found)
    return sorted(found, key=lambda report: report.content[0])


def _inner_according(text: str) -> list[Found]:
    """German "laut X" inside a sentence: the content is the sentence around the cue."""
    found = []
    for match in _GERMAN_INNER_ACCORDING.finditer(text):
        content = (match.start("before"), match.end("after"))
        report = _found(text, match.span("cue"), match.span("who"), content, "de")
        found.append(replace(report, parts=(match.span("before"), match.span("after"))))
    return found


def _found(
    text: str,
    cue: tuple[int, int],
    who: tuple[int, int],
    content: tuple[int, int],
    language: str,
) -> Found:
    speaker = _speaker(text, who, language)
    return Found(cue, text[cue[0] : cue[1]], who, content, "", (), speaker)


def _speaker(text: str, span: tuple[int, int], language: str) -> Speaker:
    """The speaker named in ``text[span]``: its last run of capitalised words, else the
    words themselves (a description, with no key). German capitalises every noun, so there a
    single capitalised word after an article ("dem Ministerium", "der Sprecher") is a
    description too."""
    start, end = _without_trailing_adverbs(text, span)
    mention = text[start:end]
    runs = [run.group() for run in re.finditer(_NAME, mention)]
    runs = [" ".join(w for w in run.split() if fold(w) not in _DETERMINERS) for run in runs]
    runs = [run for run in runs if run]
    if not runs:
        return Speaker(mention, "", None, start, end)
    name = runs[-1]
    words = mention.split()
    if language == "de" and fold(words[0]) in _DETERMINERS and len(name.split()) == 1:
        return Speaker(mention, "", None, start, end)
    if fold(name) in _COMMON_NOUNS:
        return Speaker(mention, "", None, start, end)
    if fold(name) in PRONOUNS:
        return Speaker(name, "", None, start, end)
    return Speaker(name, name_key(name), None, start, end, mention if mention != name else "")


def _without_trailing_adverbs(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` with adverbs at its end left out ("Министерство также" -> "Министерство")."""
    start, end = span
    while True:
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) < 2 or fold(words[-1].group()) not in _ADVERBS:
            return start, end
        end = start + words[-2].end()


def _nominative(name: str) -> str:
    """A Russian or Polish name in the genitive, back in the nominative (Конашенкова ->
    Конашенков, Игоря Конашенкова -> Игорь Конашенков, Марии Захаровой -> Мария Захарова,
    Adama Kowalskiego -> Adam Kowalski, Anny Kowalskiej -> Anna Kowalska); a surname with
    none of these endings, and the words before it, stay as they are."""
    *given, surname = name.split()
    for endings, given_endings in (
        (_GENITIVE_ENDINGS, _GIVEN_GENITIVE_ENDINGS),
        (_FEMININE_GENITIVE_ENDINGS, _FEMININE_GIVEN_GENITIVE_ENDINGS),
    ):
        nominative = _replace_ending(surname, endings)
        if nominative is not None:
            given = [_replace_ending(word, given_endings, stem=2) or word for word in given]
            return " ".join([*given, nominative])
    return name


def _replace_ending(word: str, endings: tuple[tuple[str, str], ...], stem: int = 3) -> str | None:
    """``word`` with the first of ``endings`` it ends with replaced, keeping a stem of
    ``stem`` letters or more; None when none fits."""
    for genitive, nominative in endings:
        if word.endswith(genitive) and len(word) >= len(genitive) + stem:
            return word[: -len(genitive)] + nominative
    return None


def _capitalised(words: str) -> bool:
    return bool(re.search(_CAPITAL, words))
