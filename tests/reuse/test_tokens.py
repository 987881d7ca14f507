"""Word ids and word offsets must describe the same words, whatever the text."""

from __future__ import annotations

import random
import re

from storytrace.reuse.tokens import Vocabulary

# The word pattern the ids are read with (offsets are computed without it).
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
ALPHABET = "ab'’._ é\u0301ß𝔘😀Ж1-\n\u00b2\u2160\u0660اـ\ud800"


def test_offsets_are_the_words_the_ids_are_read_from() -> None:
    rng = random.Random(7)
    texts = [
        "Russia's U.S. envoy said 3.5% of 'quoted' words—and ‘others’ too.",
        "Министерство обороны России сообщило, что...",
        "a''b a'b'c .a. 'x' ﬁne ＡＢＣ",
    ]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    vocabulary = Vocabulary()
    for text in texts:
        ids = vocabulary.word_ids(text)
        starts, ends = vocabulary.word_offsets(text)
        expected = [m.span() for m in WORD.finditer(text)]
        assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected, repr(text)
        assert len(ids) == len(expected)


def test_folding_joins_case_diacritics_and_width() -> None:
    vocabulary = Vocabulary()
    ids = vocabulary.word_ids("Café CAFE cafe ｃａｆｅ Russia's russia")
    assert len(set(ids[:4].tolist())) == 1
    assert ids[4] == ids[5]


def test_words_that_fold_to_nothing_keep_an_id_of_their_own() -> None:
    vocabulary = Vocabulary()
    ids = vocabulary.word_ids("ا ا ب")
    assert len(ids) == 3 and ids[0] == ids[1]
