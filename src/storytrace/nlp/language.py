"""Which language a text is in, as an ISO 639-1 code (py3langid, offline).

``choose_language`` decides an article's language: the text decides, and what the page
declares (``<html lang>``, ``og:locale``, JSON-LD ``inLanguage``, a feed's or a JSONL
record's ``language``) only breaks ties, when the text is too short or the classifier is
unsure. CMS templates often declare a default (``<html lang="en">`` on German pages).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Fewer letters than this and the classifier guesses (a bare name or a number scores as
# Breton or Serbian); an article's text has hundreds.
LANGUAGE_MIN_LETTERS = 20

# Normalised probability under which the answer is "unknown". Whole articles score above
# 0.95; a single short sentence of Russian scored 0.58 and was right.
LANGUAGE_MIN_CONFIDENCE = 0.5

# The text overrules a declared language only when it has at least this many letters and
# the classifier gives its answer at least this probability; otherwise it is a tie and the
# declaration decides. Chosen on snippets of 107 real pages (benchmarks/language_choice.py):
# every answer from 0.95 was right at every length from 20 letters; the wrong ones were
# under 0.95 and under 60 letters.
LANGUAGE_OVERRULE_LETTERS = 60
LANGUAGE_OVERRULE_CONFIDENCE = 0.95

# Only the head of a text is classified: a thousand characters (some 150 words) decide the
# language as well as the whole article, and the classifier's cost grows with the sample.
LANGUAGE_SAMPLE_CHARS = 1000

# py3langid labels that are not ISO 639-1 but belong to a language that has a code.
_MACRO_LANGUAGES = {"ary": "ar", "arz": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn"}


@dataclass(frozen=True)
class LanguageGuess:
    """The classifier's answer for a text.

    ``code`` is ISO 639-1, or ``None`` where the classifier's label has no two-letter code;
    ``confidence`` is its normalised probability (labels of one macro-language summed);
    ``letters`` counts the letters of the classified sample.
    """

    code: str | None
    confidence: float
    letters: int


def guess_language(text: str) -> LanguageGuess | None:
    """The classifier's best language for ``text``; ``None`` under ``LANGUAGE_MIN_LETTERS``."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    letters = sum(char.isalpha() for char in sample)
    if letters < LANGUAGE_MIN_LETTERS:
        return None
    totals: defaultdict[str, float] = defaultdict(float)
    for label, probability in _identifier().rank(sample):
        totals[_MACRO_LANGUAGES.get(str(label), str(label))] += float(probability)
    label, confidence = max(totals.items(), key=lambda item: item[1])
    return LanguageGuess(label if len(label) == 2 else None, confidence, letters)


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language ``text`` is written in.

    Returns ``None`` when the text has too few letters, the classifier is unsure, or its
    answer has no two-letter code. Never raises.
    """
    guess = guess_language(text)
    if guess is None or guess.confidence < LANGUAGE_MIN_CONFIDENCE:
        return None
    return guess.code


def choose_language(text: str, declared: str | None) -> str | None:
    """The language of an article: from its text, the declaration only breaking ties.

    Args:
        text: the cleaned article text.
        declared: the language tag the page or record declares ("en-US", "de_DE", "es"),
            or ``None``.

    Returns:
        The detected code when the text has ``LANGUAGE_OVERRULE_LETTERS`` letters and the
        classifier is at least ``LANGUAGE_OVERRULE_CONFIDENCE`` sure; else the declared
        code (its primary subtag) if it is ISO 639-1; else ``detect_language``'s answer.
    """
    declared_code = language_tag_code(declared)
    guess = guess_language(text)
    if guess is not None and guess.code is not None and _overrules(guess):
        return guess.code
    if declared_code is not None:
        return declared_code
    if guess is None or guess.confidence < LANGUAGE_MIN_CONFIDENCE:
        return None
    return guess.code


def language_tag_code(tag: str | None) -> str | None:
    """The primary subtag of a language tag ("en-US", "de_DE" -> "en", "de") if ISO 639-1."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if len(primary) == 2 and primary.isalpha() and primary.isascii() else None


def _overrules(guess: LanguageGuess) -> bool:
    return (
        guess.letters >= LANGUAGE_OVERRULE_LETTERS
        and guess.confidence >= LANGUAGE_OVERRULE_CONFIDENCE
    )


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The model, loaded once (about 0.4 s)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
