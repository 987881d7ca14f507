"""The corpus reuse index on small hand-built corpora: what it must find and what it must not."""

from __future__ import annotations

import re

import pytest

from conftest import invented_text as filler
from storytrace.model import Article, MatchKind, ReusedPassage
from storytrace.nlp.names import fold
from storytrace.reuse import MIN_PASSAGE_TOKENS, ReuseIndex, find_reuse

PARAGRAPHS = [
    "The ministry published photos of a compound inside the disputed territory last week, "
    "and officials in the capital confirmed on Monday that the images were genuine.",
    "Officials said the border crossing near the river would open again on Thursday after "
    "three weeks of heavy fighting had cut the town off from its suppliers.",
    "Farmers in the valley have lost most of their harvest to the floods, according to a "
    "survey that the regional agriculture office released late on Friday evening.",
    "A spokeswoman for the railway company declined to say when the damaged bridge would be "
    "repaired, citing an ongoing inquiry into the cause of the collapse.",
]
SIGN_OFF = (
    "Follow us on Twitter and Facebook for the latest news, photos and videos from the region."
)


def article(ident: str, *parts: str) -> Article:
    return Article(id=ident, source=f"{ident}.txt", text="\n\n".join(parts))


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+", text) if fold(w)]


def test_copied_paragraph_is_found_with_offsets_in_both_texts() -> None:
    a = article("a", filler(1), PARAGRAPHS[0], filler(2))
    b = article("b", filler(3), filler(4), PARAGRAPHS[0])
    [passage] = find_reuse([a, b])
    start_a = a.text.index(PARAGRAPHS[0])
    start_b = b.text.index(PARAGRAPHS[0])
    assert (passage.source, passage.target) == ("a", "b")
    assert (passage.source_start, passage.source_end) == (start_a, start_a + len(PARAGRAPHS[0]))
    assert (passage.target_start, passage.target_end) == (start_b, start_b + len(PARAGRAPHS[0]))
    assert passage.kind is MatchKind.COPIED
    assert passage.score == 1.0
    assert passage.tokens == len(folded_words(PARAGRAPHS[0]))


def test_copy_with_one_word_changed_stays_one_passage() -> None:
    edited = PARAGRAPHS[1].replace("heavy fighting", "fierce fighting")
    a = article("a", filler(1), PARAGRAPHS[1])
    b = article("b", edited, filler(2))
    [passage] = find_reuse([a, b])
    assert b.text[passage.target_start : passage.target_end] == edited
    assert a.text[passage.source_start : passage.source_end] == PARAGRAPHS[1]
    assert 0.9 < passage.score < 1.0


def test_dropped_and_inserted_words_do_not_split_a_passage() -> None:
    edited = (
        PARAGRAPHS[2]
        .replace("most of their", "most of this year's")
        .replace(" late on Friday evening", " on Friday evening")
    )
    a = article("a", PARAGRAPHS[2], filler(1))
    b = article("b", filler(2), edited)
    [passage] = find_reuse([a, b])
    assert b.text[passage.target_start : passage.target_end] == edited


def test_reordered_paragraphs_are_all_found() -> None:
    a = article("a", *PARAGRAPHS)
    b = article("b", PARAGRAPHS[3], filler(1), PARAGRAPHS[1], PARAGRAPHS[0], PARAGRAPHS[2])
    passages = find_reuse([a, b])
    found = {
        (a.text[p.source_start : p.source_end], b.text[p.target_start : p.target_end])
        for p in passages
    }
    assert found == {(paragraph, paragraph) for paragraph in PARAGRAPHS}


def test_sign_off_shared_by_many_articles_is_not_reuse() -> None:
    articles = [article(f"s{i}", filler(i, 80), SIGN_OFF) for i in range(30)]
    articles.append(article("copy", filler(100), PARAGRAPHS[0], SIGN_OFF))
    articles.append(article("original", PARAGRAPHS[0], filler(101)))
    index = ReuseIndex(articles)
    assert list(index.pairs()) == [("copy", "original")]
    [passage] = index.passages()
    assert "Follow us" not in articles[-2].text[passage.source_start : passage.source_end]


def test_templated_sign_off_with_varying_words_is_not_reuse() -> None:
    # Outlet and year vary, so the n-grams around them are rare enough to be seeds (over ten
    # words of them); the rest of the line is in all 40 articles.
    outlets = [
        "Radio Habana Cuba International Service",
        "Prensa Latina Latin American News Agency",
        "Agencia Cubana de Noticias Havana Bureau",
        "Cubadebate Digital Edition of the Day",
    ]
    articles = [
        article(
            f"s{i}",
            filler(i, 80),
            f"Copyright {2015 + i // 4 % 2} {outlets[i % 4]}. All rights reserved. This "
            "material may not be published, broadcast, rewritten or redistributed.",
        )
        for i in range(40)
    ]
    assert find_reuse(articles) == []


def test_sign_off_pieced_from_recurring_names_is_not_reuse() -> None:
    # 49 sign-offs whose four names are the four "directions" of a point (a, b) of the
    # affine plane mod 7: two of them share at most one name. A 50th repeats the first word
    # for word, so that pair shares a whole line of rare n-grams; but its reporter part and
    # its writer part each recur in other articles with other names around them: a
    # template, not a copy.
    names = ["Ellen Francis", "Tom Balmforth", "Phil Stewart", "Mark Heinrich", "Peter Graff"]
    names += ["Angus MacSwan", "Jeff Mason"]
    cities = ["Beirut", "Ankara", "Moscow", "Kyiv", "Paris", "Havana", "Damascus"]

    def line(a: int, b: int) -> str:
        return (
            f"Additional reporting by {names[a]} in {cities[b]}; Writing by "
            f"{names[(a + b) % 7]}; Editing by {names[(a + 2 * b) % 7]}"
        )

    articles = [
        article(f"s{a}-{b}", filler(7 * a + b, 80), line(a, b)) for a in range(7) for b in range(7)
    ]
    articles.append(article("twin", filler(99, 80), line(0, 0)))
    articles.append(article("copy", filler(100), PARAGRAPHS[3]))
    articles.append(article("original", PARAGRAPHS[3], filler(101)))
    assert list(ReuseIndex(articles).pairs()) == [("copy", "original")]


def test_a_phrase_repeated_in_one_article_is_not_counted_twice() -> None:
    a = article("a", filler(1), "It's going to be a real deal. It's going to be a", filler(2))
    b = article("b", filler(3), "\"It's going to be a", filler(4))
    assert find_reuse([a, b]) == []


def test_unrelated_articles_give_nothing() -> None:
    articles = [article(str(i), filler(i, 200)) for i in range(10)]
    articles += [article("p0", PARAGRAPHS[0]), article("p1", PARAGRAPHS[1])]
    assert find_reuse(articles) == []


def test_short_common_phrases_are_not_reuse() -> None:
    phrase = "at the end of the day"  # six words: shorter than a passage
    assert len(phrase.split()) < MIN_PASSAGE_TOKENS
    a = article("a", f"{filler(1, 30)} {phrase} {filler(2, 30)}")
    b = article("b", f"{filler(3, 30)} {phrase} {filler(4, 30)}")
    assert find_reuse([a, b]) == []


def test_cyrillic_text_is_found_across_case_and_punctuation() -> None:
    russian = (
        "Министерство обороны России сообщило во вторник, что его войска отразили атаку "
        "на военный аэродром в Хмеймиме и уничтожили шесть беспилотников противника."
    )
    a = article("a", filler(1), russian)
    b = article("b", russian.upper().replace(",", ""), filler(2))
    [passage] = find_reuse([a, b])
    assert a.text[passage.source_start : passage.source_end] == russian
    assert b.text[passage.target_start : passage.target_end] == russian.upper().replace(",", "")


def test_offsets_are_valid_slices_whose_folded_words_match() -> None:
    articles = [
        article("a", PARAGRAPHS[0], filler(1), PARAGRAPHS[1]),
        article("b", filler(2), PARAGRAPHS[1].upper(), filler(3), PARAGRAPHS[0]),
        article("c", PARAGRAPHS[2], PARAGRAPHS[0].replace(", and", " and")),
        article("d", filler(4), "«" + PARAGRAPHS[3] + "»", PARAGRAPHS[2]),
    ]
    texts = {a.id: a.text for a in articles}
    passages = find_reuse(articles)
    assert len(passages) == 5  # a-b twice, a-c, b-c, c-d
    for passage in passages:
        source = texts[passage.source][passage.source_start : passage.source_end]
        target = texts[passage.target][passage.target_start : passage.target_end]
        assert 0 <= passage.source_start < passage.source_end <= len(texts[passage.source])
        assert 0 <= passage.target_start < passage.target_end <= len(texts[passage.target])
        assert folded_words(source) == folded_words(target)
        assert passage.tokens == len(folded_words(target))


def test_pairs_group_by_earlier_article_first() -> None:
    articles = [
        article("late", filler(1), PARAGRAPHS[0], PARAGRAPHS[1]),
        article("early", PARAGRAPHS[1], filler(2), PARAGRAPHS[0]),
    ]
    pairs = ReuseIndex(articles).pairs()
    assert list(pairs) == [("late", "early")]
    assert len(pairs[("late", "early")]) == 2


def test_rare_ngrams_are_shared_and_rarest_first() -> None:
    common = PARAGRAPHS[0]
    rare = PARAGRAPHS[1]
    articles = [
        article("a", common, rare),
        article("b", filler(1), common, rare),
        article("c", common, filler(2)),  # makes the first paragraph's n-grams less rare
    ]
    index = ReuseIndex(articles)
    [passage] = index.pairs()[("a", "b")]
    evidence = index.rare_ngrams(passage, limit=3)
    assert len(evidence) == 3
    for ngram in evidence:  # in two articles only: not inside the paragraph all three carry
        assert ngram not in common
        assert ngram in articles[0].text and ngram in articles[1].text


def test_bad_arguments_are_refused_with_the_valid_range() -> None:
    with pytest.raises(ValueError, match="unique"):
        ReuseIndex([article("a", "x"), article("a", "y")])
    index = ReuseIndex([article("a", PARAGRAPHS[0]), article("b", PARAGRAPHS[0])])
    [passage] = index.passages()
    with pytest.raises(ValueError, match="at least 1"):
        index.rare_ngrams(passage, limit=0)
    stranger = ReusedPassage("a", 0, 5, "zz", 0, 5, MatchKind.COPIED, 1, 1.0)
    with pytest.raises(ValueError, match="not in this index"):
        index.rare_ngrams(stranger)


def test_progress_reports_the_articles_indexed() -> None:
    seen: list[int] = []
    ReuseIndex([article(str(i), filler(i)) for i in range(3)], progress=seen.append)
    assert seen == [3]


def test_empty_and_tiny_corpora() -> None:
    assert find_reuse([]) == []
    assert find_reuse([article("a", "")]) == []
    assert find_reuse([article("a", "Short."), article("b", "Short.")]) == []
