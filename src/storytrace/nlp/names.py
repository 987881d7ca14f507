"""Folding words and names so that spelling differences across outlets do not hide a match.

Three layers, applied in this order:

1. Text folding: Unicode to ASCII (``anyascii``), lower case, apostrophes and possessive
   endings dropped ("Konashenkov's", "Конашенков" -> "konashenkov").
2. Aliases: multi-word and single-word spellings of one entity map to one key, from
   ``data/aliases.tsv`` ("Islamic State", "Daesh", "ISIS" -> ``isis``).
3. Transliteration: capitalised words are compared by their spelling form
   (``spelling_form``): letters that transliterations of one name swap are made one
   (c/k/q, x/ks, z/s, w/v, j/y, sch/sh, ph/f, a final -y/-iy/-yy/-yj), so that
   Konashenkov / Konaschenkow and Zelensky / Zelenskyy / Selenskyj fold to one key.
   Vowels and doubled letters are kept: a key of consonants alone merged unrelated names
   (Iran and Ryan, China and Cohen, Paris and Press; ``benchmarks/rule_firings.py`` counts
   them), so spellings that differ in their vowels ("Deir Ezzor", "Dayr al-Zawr") stay
   apart.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from anyascii import anyascii

_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
# Arabic definite articles as transliterated in English news ("al-Zawr", "ez-Zor").
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "az", "ez", "es", "ed", "ul", "an"})
_SKELETON_DROP = str.maketrans("", "", "aeiouyw")
# Capitalised words shorter than this keep their plain fold ("Mr", "St" are no names).
MIN_NAME_LENGTH = 2
# Spellings that transliterations of one name alternate between, replaced in this order
# ("tsch" before "sch", both before "c").
_TRANSLIT = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("ii", "i"),  # Mariia / Maria
    ("iy", "i"),  # Mariya / Maria (anyascii writes Мария "Mariya")
    ("ey", "ei"),  # Sergey / Sergei
)
_TRANSLIT_LETTERS = str.maketrans({"w": "v", "j": "y", "z": "s"})
# Russian -ий and -ый endings: Dmitry, Dmitrii, Zelenskiy, Zelenskyy, Selenskyj
_ENDING = re.compile(r"(?<=...)[iy]+$")


@dataclass(frozen=True)
class Token:
    """A word of a text with its offsets and its folded comparison key."""

    start: int
    end: int
    text: str
    key: str


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Fold one word: ASCII, lower case, no possessive, no inner apostrophes or dots."""
    word = _POSSESSIVE.sub("", word)
    folded = anyascii(word).lower()
    return re.sub(r"[^a-z0-9]", "", folded)


@lru_cache(maxsize=65536)
def spelling_form(folded: str) -> str:
    """One form for the transliterations of a folded name: letters they swap made one
    ("konaschenkow", "konashenkov" -> "konashenkov"; "zelenskyy", "selenskyj" ->
    "selenski"). Vowels and doubled letters are kept."""
    for spelling, common in _TRANSLIT:
        folded = folded.replace(spelling, common)
    return _ENDING.sub("i", folded.translate(_TRANSLIT_LETTERS))


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded word: vowels, y, w and repeated letters removed.

    Not a key on its own (Iran and Ryan share one): ``quotes.identity`` asks it of two
    surnames already within one or two letter edits of each other."""
    if folded.isdigit():
        return folded
    consonants = folded[:1] + folded[1:].translate(_SKELETON_DROP)
    consonants = consonants.translate(_SKELETON_DROP) if consonants[:1] in "aeiouyw" else consonants
    return re.sub(r"(.)\1+", r"\1", consonants)


@lru_cache(maxsize=1)
def alias_table() -> dict[tuple[str, ...], str]:
    """Spelling (as a tuple of folded words) -> entity key, from the bundled alias file."""
    table: dict[tuple[str, ...], str] = {}
    text = resources.files("storytrace").joinpath("data/aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, *spellings = line.split("\t")
        for spelling in spellings:
            # as in ``tokenize``, Arabic articles are no words: "al-qaeda" is ("qaeda",)
            folded = (fold(w) for w in re.split(r"[\s-]+", spelling.strip()))
            words = tuple(w for w in folded if w and w not in _ARTICLES)
            if words:
                table[words] = key
    return table


@lru_cache(maxsize=1)
def _alias_lengths() -> dict[str, int]:
    """First word of an alias -> the most words an alias starting with it has."""
    lengths: dict[str, int] = {}
    for words in alias_table():
        lengths[words[0]] = max(lengths.get(words[0], 0), len(words))
    return lengths


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with offsets and comparison keys (aliases and spelling forms applied).

    A multi-word alias ("Islamic State") becomes one token spanning both words.
    """
    raw = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    words = [(start, end, word.rstrip("."), fold(word)) for start, end, word in raw]
    words = [w for w in words if w[3] and w[3] not in _ARTICLES]
    table = alias_table()
    lengths = _alias_lengths()
    tokens: list[Token] = []
    i = 0
    while i < len(words):
        for size in range(min(lengths.get(words[i][3], 0), len(words) - i), 0, -1):
            key = table.get(tuple(w[3] for w in words[i : i + size]))
            if key is not None and _alias_applies(words[i][2], size):
                start, end = words[i][0], words[i + size - 1][1]
                tokens.append(Token(start, end, text[start:end], "=" + key))
                i += size
                break
        else:
            start, end, word, folded = words[i]
            tokens.append(Token(start, start + len(word), word, _word_key(word, folded)))
            i += 1
    return tokens


# Single-word aliases this short are also common words ("us", "un") unless written in capitals
# (or with a capital inside: "MoD", "DoD").
_SHORT_ALIAS = 3


def _alias_applies(word: str, size: int) -> bool:
    if size > 1 or len(word) > _SHORT_ALIAS or word.isupper():
        return True
    return word[:1].isupper() and any(letter.isupper() for letter in word[1:])


def is_stopword(folded: str) -> bool:
    """True for English function words, which carry no content for matching."""
    return folded in english_stop_words()


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its ``lang/en/stop_words.py`` alone: importing
    ``spacy.lang.en`` would import spaCy itself (seconds), which commands that only read the
    store must not wait for."""
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
        if path.is_file() and module_spec is not None and module_spec.loader is not None:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return frozenset(module.STOP_WORDS)
    from spacy.lang.en.stop_words import STOP_WORDS  # another layout: import spaCy whole

    return frozenset(STOP_WORDS)


def _word_key(word: str, folded: str) -> str:
    # Sentence-initial function words ("The") must keep the key of their lower-case form.
    capitalised = word[:1].isupper() and not word.isupper()
    if capitalised and len(folded) >= MIN_NAME_LENGTH and not is_stopword(folded):
        return "~" + spelling_form(folded)
    return folded


def name_key(name: str) -> str:
    """Identity key of a person's name: the folded surname ("Igor Konashenkov" -> "konashenkov")."""
    words = [fold(w) for w in name.split() if fold(w)]
    return words[-1] if words else ""


# Scripts whose transliteration (``fold``) does not meet the Latin spelling of a name:
# Arabic writes no short vowels ("بيسكوف" folds to "byskwf", not "peskov"), and Chinese
# characters fold to pinyin in the Chinese order ("赵立坚", "zhaolijian"; "Zhao Lijian").
# Keys from these scripts carry the script as a prefix, "ar:byskwf", so that they are
# compared only with keys of the same script (``key_script``).
_UNMATCHED_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")),
)


def script_tag(name: str) -> str:
    """ "ar" or "zh" for a name written in Arabic or Chinese script, else ""."""
    for tag, pattern in _UNMATCHED_SCRIPTS:
        if pattern.search(name):
            return tag
    return ""


def tagged_key(name: str, key: str) -> str:
    """``key`` with the script prefix of ``name`` where it has one ("ar:byskwf")."""
    tag = script_tag(name)
    return f"{tag}:{key}" if tag and key else key


def key_script(key: str) -> str:
    """The script prefix a key carries ("ar", "zh"), or "" for Latin and Cyrillic names."""
    for tag, _ in _UNMATCHED_SCRIPTS:
        if f"{tag}:" in key:
            return tag
    return ""
