"""Which language a text is in, as an ISO 639-1 code (py3langid, offline)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Fewer letters than this and the classifier guesses (a bare name or a number scores as
# Breton or Serbian); an article's text has hundreds.
LANGUAGE_MIN_LETTERS = 20

# Normalised probability under which the answer is "unknown". Whole articles score above
# 0.95; a single short sentence of Russian scored 0.58 and was right.
LANGUAGE_MIN_CONFIDENCE = 0.5

# Only the head of a text is classified: a thousand characters (some 150 words) decide the
# language as well as the whole article, and the classifier's cost grows with the sample.
LANGUAGE_SAMPLE_CHARS = 1000
# Most texts show enough letters in their first few hundred characters to skip counting all.
_QUICK_LETTER_CHECK_CHARS = 400

# py3langid labels that are not ISO 639-1 but belong to a language that has a code.
_MACRO_LANGUAGES = {"ary": "ar", "arz": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn"}


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language ``text`` is written in.

    Returns ``None`` when the text has too few letters, the classifier is unsure, or its
    answer has no two-letter code. Never raises.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not _has_letters(sample[:_QUICK_LETTER_CHECK_CHARS]) and not _has_letters(sample):
        return None
    label, confidence = _identifier().classify(sample)
    if float(confidence) < LANGUAGE_MIN_CONFIDENCE:
        return None
    code = _MACRO_LANGUAGES.get(str(label), str(label))
    return code if len(code) == 2 else None


def _has_letters(sample: str) -> bool:
    return sum(char.isalpha() for char in sample) >= LANGUAGE_MIN_LETTERS


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The model, loaded once (about 0.4 s)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
