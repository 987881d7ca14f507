"""Short edited sentences reused inside ordinary articles: one dropped word, one changed number
or one swapped word leaves too few seed n-grams for a passage, but the whole sentence is still
a copy; a sentence with many of the same words that says something else, and a sign-off that
many articles carry around varying names, are not."""

from __future__ import annotations

import re

import pytest

from conftest import invented_text as filler
from storytrace.model import Article
from storytrace.reuse import MIN_PASSAGE_TOKENS, NGRAM_WORDS, find_reuse
from storytrace.reuse.tokens import SENTENCE_END, Vocabulary

SENTENCE = "Rescue teams pulled 42 survivors from the old market hall."
EDITS = {
    "word dropped": SENTENCE.replace("old ", ""),
    "number changed": SENTENCE.replace("42", "47"),
    "word swapped": SENTENCE.replace("pulled", "dragged"),
}


def article(ident: str, *paragraphs: str) -> Article:
    return Article(id=ident, source=f"{ident}.txt", text="\n\n".join(paragraphs))


def shared_words(a: str, b: str) -> int:
    """The longest run of words two sentences share."""
    words_a, words_b = a.rstrip(".").split(), b.rstrip(".").split()
    return max(
        (
            size
            for size in range(len(words_a), 0, -1)
            for i in range(len(words_a) - size + 1)
            for j in range(len(words_b) - size + 1)
            if words_a[i : i + size] == words_b[j : j + size]
        ),
        default=0,
    )


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_short_edited_sentence_inside_ordinary_articles_is_found(edit: str) -> None:
    edited = EDITS[edit]
    # Fewer than MIN_PASSAGE_TOKENS words survive in seed n-grams: no passage finds it.
    assert shared_words(SENTENCE, edited) < MIN_PASSAGE_TOKENS
    a = article("a", f"{filler(1)} {SENTENCE} {filler(2)}", filler(5))
    b = article("b", filler(3), f"{filler(4)} {edited} {filler(6)}")
    [passage] = find_reuse([a, b])
    assert a.text[passage.source_start : passage.source_end] == SENTENCE
    assert b.text[passage.target_start : passage.target_end] == edited
    assert 0.8 <= passage.score < 1.0


def test_same_words_with_another_claim_are_not_a_copy() -> None:
    # An MSRP near miss: the first eight words agree, the rest says something else.
    first = "Shares of Norvex fell 12 cents to $6.88 as of 3:59 p.m. on Friday."
    second = "Shares of Norvex fell 12 cents to $6.88 on the Nasdaq stock market."
    assert shared_words(first, second) >= NGRAM_WORDS + 1
    a = article("a", f"{filler(1)} {first} {filler(2)}")
    b = article("b", f"{filler(3)} {second} {filler(4)}")
    assert find_reuse([a, b]) == []


def test_sign_off_carried_by_many_articles_around_varying_names_is_not_reuse() -> None:
    editors = ["Angus MacSwan", "Daniel Wallis", "Howard Goller", "Nick Macfie"]
    articles = [
        article(f"s{i}", filler(i, 80), f"Reporting by Natalia Zinets; Editing by {editors[i % 4]}")
        for i in range(12)
    ]
    # Articles 0, 4 and 8 end in the very same line, as do 1, 5 and 9, and so on.
    assert find_reuse(articles) == []


def test_sentence_ends_are_read_with_the_words() -> None:
    text = "Mr. Smith paid $3.5 million.\nThe U.S. envoy left… Did he? Yes!  Fine"
    vocabulary = Vocabulary()
    tokens = vocabulary.tokens(text).tolist()
    words = [t for t in tokens if t != SENTENCE_END]
    assert words == vocabulary.word_ids(text).tolist()
    # The word after which each sentence end comes, as written.
    written = re.findall(r"[^\W_]+(?:['’.][^\W_]+)*", text)
    closing = [written[i] for i in words_before_ends(tokens)]
    assert closing == ["Mr", "million", "U.S", "left", "he", "Yes"]


def words_before_ends(tokens: list[int]) -> list[int]:
    """Positions (among the words) of the words a sentence end follows, once each."""
    before: list[int] = []
    count = 0
    for token in tokens:
        if token == SENTENCE_END:
            if count and (not before or before[-1] != count - 1):
                before.append(count - 1)
        else:
            count += 1
    return before
