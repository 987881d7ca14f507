"""Short reused sentences: whole sentences beside a longer copy are reuse, and so is a short
sentence shared alone (``storytrace.reuse.sentences``) unless common n-grams cover part of it
(a templated line); a shared formula inside longer sentences is not."""

from __future__ import annotations

from conftest import invented_text as filler
from storytrace.model import Article
from storytrace.reuse import MIN_PASSAGE_TOKENS, find_reuse

# Eight words: fewer seeded words than MIN_PASSAGE_TOKENS, so only the sentence rule finds it.
SHORT_SENTENCE = "Rescue teams pulled nine survivors from the rubble."
LONG_SENTENCE = (
    "The regional council voted on Tuesday to close the old bridge for repairs until the end "
    "of March, officials said."
)


def article(ident: str, *paragraphs: str) -> Article:
    return Article(id=ident, source=f"{ident}.txt", text="\n\n".join(paragraphs))


def test_short_sentence_beside_a_longer_copy_is_found() -> None:
    assert len(SHORT_SENTENCE.split()) < MIN_PASSAGE_TOKENS
    a = article("a", f"{filler(1)} {SHORT_SENTENCE} {filler(2)}", LONG_SENTENCE)
    b = article("b", LONG_SENTENCE, filler(3), f"{SHORT_SENTENCE} {filler(4)}")
    found = sorted(
        (a.text[p.source_start : p.source_end], b.text[p.target_start : p.target_end])
        for p in find_reuse([a, b])
    )
    assert found == sorted([(SHORT_SENTENCE, SHORT_SENTENCE), (LONG_SENTENCE, LONG_SENTENCE)])


def test_short_sentence_shared_alone_is_a_sentence_copy() -> None:
    a = article("a", f"{filler(1)} {SHORT_SENTENCE} {filler(2)}")
    b = article("b", filler(3), f"{SHORT_SENTENCE} {filler(4)}")
    [passage] = find_reuse([a, b])
    assert a.text[passage.source_start : passage.source_end] == SHORT_SENTENCE
    assert b.text[passage.target_start : passage.target_end] == SHORT_SENTENCE


def test_short_line_of_common_words_around_a_rare_name_is_not_reuse() -> None:
    # Thirty articles end in the line with other outlets: its fixed words are common n-grams,
    # so two articles of one outlet share a rare line whose other words are everywhere.
    outlets = [f"{filler(50 + i, 1).rstrip('.').title()} News" for i in range(15)]
    articles = [
        article(
            f"s{i}",
            filler(i, 80),
            f"Follow {outlets[i % 15]} on Twitter and Facebook for the latest news and updates.",
        )
        for i in range(30)
    ]
    assert find_reuse(articles) == []


def test_same_words_inside_longer_sentences_are_not_reuse() -> None:
    words = SHORT_SENTENCE.rstrip(".")
    a = article("a", f"{filler(1)} Lokadu tresa {words} kavelo mipi. {filler(2)}", LONG_SENTENCE)
    b = article("b", f"{filler(3)} Sarenu vekdor {words} dortre nalus. {filler(4)}", LONG_SENTENCE)
    [passage] = find_reuse([a, b])
    assert a.text[passage.source_start : passage.source_end] == LONG_SENTENCE
