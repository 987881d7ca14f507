"""The English stop words are spaCy's, read without importing spaCy."""

from __future__ import annotations

import subprocess
import sys

from storytrace.nlp.names import english_stop_words, is_stopword


def test_the_stop_words_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    assert english_stop_words() == frozenset(STOP_WORDS)
    assert is_stopword("the") and is_stopword("n't") and not is_stopword("konashenkov")


def test_reading_them_does_not_import_spacy() -> None:
    check = (
        "import sys\nfrom storytrace.nlp.names import is_stopword, tokenize\n"
        "assert is_stopword('which') and tokenize('The Kremlin said')\n"
        "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
