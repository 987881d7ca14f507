"""Credits in an article's text, and whether a credit names a given outlet.

A credit is how a text names the source it carries. ``find_credits`` looks, in this order:

1. the dateline's agency: "PARIS, Oct 19 (AFP) -" (``Article.dateline.agency``);
2. a known agency in parentheses anywhere: "... the ministry said. (Reuters)";
3. a cue before the name: "according to X", "via X", "(as) reported by X", "citing X",
   "courtesy of X", "This article originally appeared in/on X", "first published by X",
   "republished from X", "Source: X";
4. a cue after the name: "X reported", "X reports", "X has reported", "X said in a report".

The same cues in German, French, Spanish, Italian and Russian ("laut dpa", "selon l'AFP",
"según EFE", "secondo l'ANSA", "по данным ТАСС", "сообщает РИА Новости", "Interfax
berichtete", "ТАСС сообщает"). An article or agency word before the name is skipped
("rapporte l'agence Reuters", "по данным агентства Интерфакс"), and a known agency counts
as a name when written in lower case ("laut dpa").

A name is a run of capitalised words (with "of", "de", "&" ... inside), or a web domain
("via sputniknews.com"). Names of people and ministries are found too ("according to the
Defense Ministry"); they do no harm, since a credit only counts when it matches the outlet
of another article.

``outlet_key`` folds a name for comparison: case, accents and punctuation, a leading
"the", a trailing "news agency", a domain's ``www.`` and top-level labels, and the agency
aliases of ``storytrace.provenance.agencies`` ("Agence France-Presse" -> "afp").
``credit_matches`` also accepts an acronym of the outlet's words ("RHC" for "Radio Habana
Cuba").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from storytrace.model import Article, Dateline
from storytrace.nlp.names import fold
from storytrace.provenance.agencies import AGENCIES

# A credited name is at most this many words ("Islamic Republic News Agency of Iran").
MAX_NAME_WORDS = 6
# Acronyms of this many letters are compared with the initials of an outlet's words; a
# single letter is no name and longer strings are words, not acronyms.
ACRONYM_LENGTHS = range(2, 7)

# Words that may sit inside a name without a capital.
# ("and" is not one: "Reuters and AFP" are two credits.)
_CONNECTORS = frozenset({"of", "de", "du", "del", "la", "for", "el", "al"})
# Trailing words that do not change which organisation is meant.
_GENERIC_TAILS = (("news", "agency"), ("agency",), ("newswire",), ("wire", "service"))
# Words between a name and its cue: "Reuters has reported", "TASS also reported".
_AUXILIARIES = frozenset({"has", "had", "have", "also", "earlier", "first", "later"})
# Second-level labels of country domains: "bbc.co.uk" is "bbc", not "co".
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})

_DOMAIN = re.compile(
    r"(?:https?://)?(?P<host>(?:[a-z0-9-]+\.)+[a-z]{2,})(?:/\S*)?", re.IGNORECASE | re.UNICODE
)
_WORD_CHARS = r"[^\s,;:!?()\"“”]+"
_NAME_WORDS = rf"(?P<words>{_WORD_CHARS}(?:[ \t]+{_WORD_CHARS}){{0,{MAX_NAME_WORDS - 1}}})"
# Cues before the credited name, English first, then German, French, Spanish, Italian and
# Russian.
_BEFORE = (
    "according to|via|as reported by|reported by|citing|courtesy of|quoted by"
    "|originally (?:appeared|published) (?:in|on|by|at)|first (?:appeared|published)"
    " (?:in|on|by|at)|republished (?:from|with permission (?:of|from))|source:",
    "laut|nach Angaben (?:von|der|des)|unter Berufung auf|berichtete[nt]?|meldete[nt]?"
    "|zitiert von|Quelle:",
    "selon|d['’]après|rapporte|a rapporté|cité par|citant|source ?:",
    "según|de acuerdo con|informó|informa|citado por|citando a|fuente:",
    "secondo|riporta|ha riferito|citando|fonte:",
    "по данным|по сообщению|со ссылкой на|как сообщает|как сообщил[аои]?|сообщает"
    "|сообщил[аои]?|передает|передаёт|источник:",
)
_AFTER = (
    "reported|reports|said in a report|wrote in a report",
    "berichtete[nt]?|berichtet|meldete[nt]?",
    "rapporte|a rapporté",
    "informó|reportó|informa",
    "riporta|ha riferito",
    "сообщает|сообщил[аои]?|передает|передаёт",
)
_CUES_BEFORE = re.compile(
    rf"(?<!\w)(?P<cue>{'|'.join(_BEFORE)})[ \t]+"
    # The name is looked ahead, not consumed: a cue inside it starts the next credit.
    + f"(?={_NAME_WORDS})",
    re.IGNORECASE,
)
_CUES_AFTER = re.compile(
    rf"(?P<words>(?:{_WORD_CHARS}[ \t]+){{1,{MAX_NAME_WORDS}}})"
    rf"(?P<cue>{'|'.join(_AFTER)})(?!\w)",
    re.IGNORECASE,
)
# Where a match of ``_CUES_AFTER`` can end: a cue after a space or tab. Its words run back
# over name characters, spaces and tabs only, never across one of these.
_CUE_AFTER_WORDS = re.compile(rf"[ \t](?:{'|'.join(_AFTER)})(?!\w)", re.IGNORECASE)
_WORDS_BREAK = frozenset(',;:!?()"“”')
# Articles, and agency words in lower case, that may open a credited name without being
# part of it ("l'agence Reuters", "по данным агентства Интерфакс"); a German noun is
# capitalised, so "die Nachrichtenagentur dpa" loses its "Nachrichtenagentur" too.
_ARTICLES = frozenset(
    {"the", "die", "der", "das", "den", "dem", "des", "le", "la", "les", "el", "los", "las"}
    | {"il", "lo"}
)
_AGENCY_WORDS = frozenset(
    fold(word)  # folded, as they are compared: Cyrillic is transliterated
    for word in (
        *("agency", "news", "agence", "agencia", "agenzia", "агентство", "агентства"),
        *("агентству", "информагентство", "информагентства"),
    )
)
_GERMAN_AGENCY_WORDS = frozenset({"nachrichtenagentur", "agentur"})
_ELISION = re.compile(r"^(?:l|d)['’](?=\w)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\((?P<words>[^()\n]{1,40})\)")


@dataclass(frozen=True)
class Credit:
    """One credit in an article: the name it gives and the phrase as written."""

    name: str  # "Agence France-Presse", "Reuters", "sputniknews.com"
    phrase: str  # "(AFP)", "according to Reuters", "Reuters reported"
    start: int  # offset of the phrase in the article's text
    in_dateline: bool = False
    name_first: bool = False  # the name came before its cue ("X reported")


def find_credits(article: Article) -> list[Credit]:
    """Every credit in ``article`` (see the module docstring), in the order of the cascade.

    Returns an empty list for a text that credits nobody; raises nothing.
    """
    return list(_credits_in(article.text, article.dateline))


# A story's derivation asks for the credits of each article once per pair it is in (the
# cue patterns take milliseconds on a long text): each text is read once.
@lru_cache(maxsize=1024)
def _credits_in(text: str, dateline: Dateline | None) -> tuple[Credit, ...]:
    credits: list[Credit] = []
    if dateline is not None and dateline.agency:
        credits.append(Credit(dateline.agency, f"({dateline.agency})", dateline.start, True))
    for match in _PARENTHESES.finditer(text):
        if dateline is not None and dateline.start <= match.start() < dateline.end:
            continue  # the dateline's agency, already taken
        words = match.group("words").strip()
        if outlet_key(words) in _agency_keys():
            credits.append(Credit(words, match.group(), match.start()))
    for match in _CUES_BEFORE.finditer(text):
        # "according to Reuters and AFP" credits both.
        for words in re.split(r"\s+(?:and|&)\s+", match.group("words")):
            name = _leading_name(words)
            if name:
                phrase = f"{match.group('cue')} {name}"
                credits.append(Credit(name, phrase, match.start()))
    for match in _cues_after(text):
        name = _trailing_name(match.group("words"))
        if name:
            phrase = f"{name} {match.group('cue')}"
            start = text.rfind(name, match.start(), match.start("cue"))
            credits.append(Credit(name, phrase, max(start, match.start()), False, True))
    return tuple(credits)


def _cues_after(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_CUES_AFTER.finditer(text)``, trying the pattern only on the words
    before each cue: the whole text tried at every offset takes milliseconds.

    A match ends in a cue after a space or tab, and nothing in it breaks words
    (``_breaks_words``): the next match starts in the run of words just before the next
    such cue, or after that cue. Each offset is tried once at most, as by ``finditer``.
    """
    pos = 0
    while (cue := _CUE_AFTER_WORDS.search(text, pos)) is not None:
        end = cue.start() + 1
        start = end
        while start > pos and not _breaks_words(text[start - 1]):
            start -= 1
        for offset in range(start, end):
            match = _CUES_AFTER.match(text, offset)
            if match is not None:
                yield match
                pos = match.end()
                break
        else:
            pos = end


def _breaks_words(char: str) -> bool:
    """Whether ``char`` can be in none of ``_CUES_AFTER``'s words nor between them."""
    return char in _WORDS_BREAK or (char.isspace() and char not in " \t")


def credit_for(article: Article, outlet: str | None) -> Credit | None:
    """The first credit in ``article`` that names ``outlet``, or ``None``.

    An article crediting its own outlet ("Moscow (GPA) –" in a GPA text) credits nobody:
    ``None`` is returned when ``outlet`` is the article's own outlet, or unknown.
    """
    if not outlet or not outlet_key(outlet):
        return None
    if article.outlet and same_outlet(article.outlet, outlet):
        return None
    for credit in find_credits(article):
        if credit_matches(credit, outlet):
            return credit
    return None


def credit_matches(credit: Credit, outlet: str) -> bool:
    """Tell whether ``credit`` names ``outlet`` (after folding, aliases and acronyms).

    A name found before its cue may open with a word that is not part of it ("Yesterday
    Reuters reported"), so its word suffixes are tried too. A name after its cue is taken
    whole: its prefixes would turn "according to Ria Smith" into a credit to RIA Novosti.
    """
    words = credit.name.split()
    if not credit.name_first:
        return same_outlet(credit.name, outlet)
    return any(same_outlet(" ".join(words[i:]), outlet) for i in range(len(words)))


def outlet_key(name: str) -> str:
    """Fold an outlet or agency name for comparison ("The Associated Press" -> "ap")."""
    key = _folded(name)
    return _alias_keys().get(key, key)


def _folded(name: str) -> str:
    text = name.strip()
    domain = _DOMAIN.fullmatch(text)
    if domain is not None:
        text = _domain_label(domain.group("host").lower())
    words = [fold(word) for word in re.split(r"[\s\-–—_/.]+", text)]
    words = [word for word in words if word]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    for tail in _GENERIC_TAILS:
        if len(words) > len(tail) and tuple(words[-len(tail) :]) == tail:
            words = words[: -len(tail)]
            break
    return " ".join(words)


def same_outlet(name: str, outlet: str) -> bool:
    """Tell whether two names name one outlet (folded keys, aliases, or an acronym)."""
    key, outlet_folded = outlet_key(name), outlet_key(outlet)
    if not key or not outlet_folded:
        return False
    if key == outlet_folded:
        return True
    return _is_acronym_of(name, outlet) or _is_acronym_of(outlet, name)


def _is_acronym_of(acronym: str, name: str) -> bool:
    letters = acronym.strip()
    if not (letters.isalpha() and letters.isupper() and len(letters) in ACRONYM_LENGTHS):
        return False
    words = [w for w in re.split(r"[\s\-–—]+", name) if w and w[0].isupper()]
    return len(words) > 1 and "".join(w[0] for w in words) == letters


def _domain_label(host: str) -> str:
    labels = [label for label in host.split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else host


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _leading_name(words: str) -> str | None:
    """The capitalised run that opens ``words`` (after an optional "the"), or a domain."""
    parts = words.split()
    first = parts[0].rstrip(".") if parts else ""
    if first and _DOMAIN.fullmatch(first):
        return first
    while parts:
        parts[0] = _ELISION.sub("", parts[0])  # "l'AFP", "l'agence"
        if len(parts) == 1 or not _leading_word(parts[0]):
            break
        parts = parts[1:]
    run: list[str] = []
    for part in parts:
        word = part if _is_abbreviation(part) else part.rstrip(".'’")
        if not word:
            break
        if _is_name_word(word) or (not run and _is_agency(word)) or (run and word in _CONNECTORS):
            run.append(word)
            if part != word and not _is_abbreviation(part):
                break  # the sentence ends after this word
        else:
            break
    while run and run[-1] in _CONNECTORS:
        run.pop()
    return " ".join(run) or None


def _trailing_name(words: str) -> str | None:
    """The capitalised run that closes ``words``, or ``None``."""
    run: list[str] = []
    parts = words.split()
    while parts and parts[-1].casefold() in _AUXILIARIES:
        parts.pop()
    for part in reversed(parts):
        word = _ELISION.sub("", part.strip(".'’"))
        if part.endswith(".") and not _is_abbreviation(part):
            break  # the previous sentence's last word
        if word and (_is_name_word(word) or _is_agency(word) or (run and word in _CONNECTORS)):
            run.insert(0, word)
        else:
            break
    while run and run[0] in _CONNECTORS:
        run.pop(0)
    if run and run[0].casefold() == "the" and len(run) > 1:
        run.pop(0)
    return " ".join(run) or None


def _leading_word(word: str) -> bool:
    folded = fold(word)
    if folded in _ARTICLES or folded in _GERMAN_AGENCY_WORDS:
        return True
    return folded in _AGENCY_WORDS and word[:1].islower()


def _is_agency(word: str) -> bool:
    """A known agency written in lower case ("dpa")."""
    return outlet_key(word) in _agency_keys()


def _is_abbreviation(part: str) -> bool:
    # "U.S." and "Jr." end in a dot without ending the sentence.
    return bool(re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.", part))


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, str]:
    table: dict[str, str] = {}
    for display, spellings in AGENCIES:
        canonical = _folded(display)
        for spelling in (display, *spellings):
            table[_folded(spelling)] = canonical
    return table


@lru_cache(maxsize=1)
def _agency_keys() -> frozenset[str]:
    return frozenset(_alias_keys().values())
