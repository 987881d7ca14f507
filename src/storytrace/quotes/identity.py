"""One identity per speaker across the articles of a story.

Extraction keys a speaker by the folded surname one article gives ("Major General Igor
Konashenkov" -> "konashenkov"). Across a story the same person is named in many ways, and
two people may share a surname. ``unify_speakers`` decides for all quotations at once:

1. Each named speaker is read as a head and details: a person's surname and first given
   name or initial (titles such as "Mr." or "Major General" dropped); an organisation's
   head word ("Ministry", "Pentagon") and its other words, aliases applied ("Russia's
   Defense Ministry" = "the Russian Ministry of Defence").
2. Heads that are spellings of one name meet: equal once folded or, for names of
   ``TRANSLIT_MIN_LETTERS`` letters or more, one transliteration of the other (Zelensky,
   Zelenskyy, Zelenskiy, Selenskyj).
3. Under one head the most specific mentions found identities first: given names that
   agree, then initials ("I." fits "Igor", never "Anton"), then bare surnames. A mention
   joins the one identity it fits; when it fits several ("Clinton" beside Hillary and Bill
   Clinton) it joins the one its own article quotes most, else it keeps its own key.
4. Keys: the surname where one person carries it in the story, "given surname" where
   several do; an organisation's folded words.

Names and roles are left as each article wrote them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from storytrace.model import Quote
from storytrace.nlp.names import fold, is_stopword, skeleton, spelling_form, tagged_key, tokenize


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Shorter names are too often different names one letter apart (Lee, Li; Kim, Kimm).
TRANSLIT_MIN_LETTERS = 6
# Shorter names may still be one name when they differ only by letters that transliteration
# swaps (z/s, w/v): Lopez and Lopes (from Лопес).
TRANSLIT_EXACT_LETTERS = 4
# Letter edits allowed between two transliterations with the same consonant skeleton: one
# below this length, two from it on. Morales/Mireles (7 letters, 2 edits) stay apart.
TRANSLIT_LONG_LETTERS = 9

_TITLES = _word_set(
    "mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister "
    "secretary senator sen rep representative congressman congresswoman governor gov mayor "
    "judge justice chief chairman chairwoman chair speaker leader majority minority general "
    "gen major maj lieutenant lt colonel col captain capt admiral adm brigadier sergeant sgt "
    "commander cmdr spokesman spokeswoman spokesperson ambassador chancellor king queen "
    "prince princess pope father rev reverend rabbi imam sheikh ayatollah attorney deputy "
    "former candidate nominee director commissioner state defense defence foreign interior "
    "homeland security health treasury labor commerce energy education staff of the for and "
    # honorifics and compound titles: "The Honourable Natalio Wheatley", "Frau Merkel",
    # "Solicitor General Elizabeth Prelogar" name the person the bare name does
    "honourable honorable hon rt right premier solicitor surgeon inspector acting madam "
    "frau herr monsieur mme"
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset({"de", "da", "del", "della", "di", "dos", "du", "la", "le", "van", "von"})
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "az", "ez", "es", "ed", "ul"})
_ORG_HEADS = _word_set(
    "ministry department pentagon kremlin house office committee council party agency "
    "government administration army military police campaign commission union court bureau "
    "service embassy foundation institute university company corporation group association "
    "organization organisation federation league network coalition alliance forces command "
    "navy senate congress parliament cabinet board bank"
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]")


@dataclass(frozen=True)
class _Mention:
    index: int  # position in the quotations given
    article: str
    person: bool
    head: str  # folded surname, or an organisation's head token
    given: str  # folded first given name or initial; "" for a bare surname
    initial: bool
    words: frozenset[str]  # an organisation's other tokens
    surname: str  # folded surname as written (persons); folded words (organisations)

    @property
    def level(self) -> int:
        if not self.person:
            return len(self.words)
        return 0 if not self.given else 1 if self.initial else 2

    def fits(self, other: _Mention) -> bool:
        """True when ``other`` (as specific or more) can be the one this mention names."""
        if not self.person:
            return self.words <= other.words
        if not self.given:
            return True
        if self.initial:
            return other.given.startswith(self.given)
        return not other.initial and same_spelling(self.given, other.given)


def unify_speakers(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotations with one ``Speaker.key`` per person or organisation across them all.

    Give all quotations of one story (every article); unnamed speakers (key "") and
    quotations without a speaker come back unchanged, as does the order.
    """
    mentions = [m for m in (_mention(i, q) for i, q in enumerate(quotes)) if m is not None]
    heads = _head_classes(mentions)
    clusters: list[list[_Mention]] = []
    cluster_of: dict[int, int] = {}
    for mention in sorted(mentions, key=lambda m: (-m.level, m.index)):
        fitting = [
            n
            for n, cluster in enumerate(clusters)
            if heads[cluster[0].head, cluster[0].person] == heads[mention.head, mention.person]
            and mention.fits(cluster[0])
        ]
        chosen = fitting[0] if len(fitting) == 1 else _most_quoted(mention, fitting, clusters)
        if chosen is None and not fitting:
            chosen = len(clusters)
            clusters.append([])
        if chosen is not None:
            clusters[chosen].append(mention)
            cluster_of[mention.index] = chosen
    keys = _keys(clusters, heads)
    unified = list(quotes)
    for index, n in cluster_of.items():
        speaker = quotes[index].speaker
        if speaker is not None and speaker.key != keys[n]:
            unified[index] = replace(quotes[index], speaker=replace(speaker, key=keys[n]))
    return unified


def same_spelling(a: str, b: str) -> bool:
    """True when two folded names are one name, allowing for transliteration."""
    if a == b:
        return True
    a, b = spelling_form(a), spelling_form(b)
    if a == b and min(len(a), len(b)) >= TRANSLIT_EXACT_LETTERS:
        return True  # one name, two transliterations: Lopez / Lopes (Лопес)
    if min(len(a), len(b)) < TRANSLIT_MIN_LETTERS:
        return False
    allowed = 1 if max(len(a), len(b)) < TRANSLIT_LONG_LETTERS else 2
    return (
        skeleton(a) == skeleton(b) and Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed
    )


def _mention(index: int, quote: Quote) -> _Mention | None:
    speaker = quote.speaker
    if speaker is None or not speaker.key:
        return None
    words = speaker.name.split()
    if not words:
        return None
    if _is_organisation(words):
        return _organisation(index, quote.article, speaker.name)
    folded = [fold(w) for w in words]
    while len(folded) > 1 and folded[-1] in _SUFFIXES:
        words, folded = words[:-1], folded[:-1]
    titles = [i for i, w in enumerate(folded[:-1]) if w in _TITLES or not w]
    words = words[titles[-1] + 1 :] if titles else words
    surname = _surname(words[-1])
    givens = [w for w in words[:-1] if fold(w) not in _PARTICLES and fold(w)]
    if not surname:
        return None
    surname = tagged_key(speaker.name, surname)
    given, initial = "", False
    if givens:
        initial = _INITIALS.fullmatch(givens[0]) is not None
        given = fold(givens[0])[:1] if initial else fold(givens[0])
    return _Mention(index, quote.article, True, surname, given, initial, frozenset(), surname)


def _surname(word: str) -> str:
    # "乔纳森·莫伊兰": a foreign name in Chinese, given name and surname joined by a dot
    parts = [fold(p) for p in word.rpartition("·")[2].split("-")]
    while len(parts) > 1 and parts[0] in _ARABIC_ARTICLES:
        parts = parts[1:]
    return "".join(parts)


def _is_organisation(words: Sequence[str]) -> bool:
    folded = [fold(w) for w in words]
    head = folded[: folded.index("of")] if "of" in folded else folded
    if head and head[-1] in _ORG_HEADS:
        return True
    if len(words) == 1 and len(words[0]) > 1 and words[0].isupper():
        return True  # an acronym: NAACP, RNC
    if folded[0] == "the" and len(words) > 1 and words[1][:1].isupper():
        return folded[1] not in _TITLES  # "the Pentagon", not "the Rev. Al Sharpton"
    tokens = tokenize(" ".join(words))
    return bool(tokens) and all(t.key.startswith("=") for t in tokens)  # Russia, NATO


def _organisation(index: int, article: str, name: str) -> _Mention | None:
    keys = [t.key for t in tokenize(name)]
    # the head stands before "of": "Ministry of Foreign Affairs", "Department of Defense"
    before = keys[: keys.index("of")] if "of" in keys else keys
    content = [k for k in keys if not is_stopword(k)]
    heads = [k for k in before if not is_stopword(k)] or content
    if not heads:
        return None
    words = " ".join(f for f in (fold(w) for w in name.split()) if f and not is_stopword(f))
    rest = frozenset(content) - {heads[-1]}
    return _Mention(index, article, False, heads[-1], "", False, rest, words)


def _head_classes(mentions: Sequence[_Mention]) -> dict[tuple[str, bool], int]:
    """Heads that are one name, numbered: (head, is person) -> class."""
    heads = list(dict.fromkeys((m.head, m.person) for m in mentions))
    classes = {head: n for n, head in enumerate(heads)}
    for n, (head, person) in enumerate(heads):
        for other, other_person in heads[:n]:
            if person and other_person and same_spelling(head, other):
                old, new = classes[head, person], classes[other, True]
                classes = {h: new if c == old else c for h, c in classes.items()}
    return classes


def _most_quoted(
    mention: _Mention, fitting: Sequence[int], clusters: Sequence[Sequence[_Mention]]
) -> int | None:
    """The identity that ``mention``'s own article quotes most; None on a tie or none."""
    counts = Counter(
        {n: sum(m.article == mention.article for m in clusters[n]) for n in fitting}
    ).most_common()
    if not counts or counts[0][1] == 0 or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _keys(clusters: Sequence[Sequence[_Mention]], heads: dict[tuple[str, bool], int]) -> list[str]:
    crowded = Counter(heads[c[0].head, c[0].person] for c in clusters if c[0].person)
    keys = []
    for cluster in clusters:
        if not cluster[0].person:
            fullest = max(cluster, key=lambda m: (len(m.surname.split()), len(m.surname), -m.index))
            keys.append(fullest.surname)
            continue
        spellings = Counter(m.surname for m in sorted(cluster, key=lambda m: m.index))
        surname = spellings.most_common(1)[0][0]
        shared = crowded[heads[cluster[0].head, True]] > 1
        keys.append(f"{cluster[0].given} {surname}" if shared and cluster[0].given else surname)
    return keys
