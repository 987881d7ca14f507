"""Templates around varying names are not reuse; copies whose figures or one word change are."""

from __future__ import annotations

from conftest import invented_text as filler
from storytrace.model import Article
from storytrace.reuse import find_reuse

REPORTERS = ["Andrew Osborn", "Polina Devitt", "Ellen Francis", "Tom Balmforth", "Maria Tsvetkova"]
EDITORS = ["Mark Heinrich", "Alex Richardson", "Peter Graff", "Angus MacSwan", "Jon Boyle"]
SENTENCE = (
    "The regional council voted on Tuesday to close the {word} bridge for repairs until "
    "the end of {figure}, officials said."
)


def article(number: int, *paragraphs: str) -> Article:
    return Article(id=f"a{number}", source=f"a{number}.txt", text="\n\n".join(paragraphs))


def test_sign_off_around_varying_names_is_not_reuse() -> None:
    # One writer, another co-reporter and editor in every article: any two share the line
    # but the name between "Reporting by Gleb Stolyarov and" and "; Writing by" varies.
    articles = [
        article(
            i,
            filler(i),
            f"Reporting by Gleb Stolyarov and {REPORTERS[i]}; Writing by Gleb Stolyarov; "
            f"Editing by {EDITORS[i]}",
        )
        for i in range(len(REPORTERS))
    ]
    assert find_reuse(articles) == []


def test_copies_with_changed_figures_are_found() -> None:
    figures = ["March", "2024", "2025", "2026"]
    articles = [
        article(i, filler(10 + i), SENTENCE.format(word="old", figure=figures[i]), filler(20 + i))
        for i in range(len(figures))
    ]
    pairs = {(p.source, p.target) for p in find_reuse(articles)}
    assert len(pairs) == 6


def test_copies_with_one_word_swapped_the_same_way_are_found() -> None:
    words = ["old", "ancient", "ancient"]
    articles = [
        article(i, filler(30 + i), SENTENCE.format(word=words[i], figure="March"), filler(40 + i))
        for i in range(len(words))
    ]
    pairs = {(p.source, p.target) for p in find_reuse(articles)}
    assert pairs == {("a0", "a1"), ("a0", "a2"), ("a1", "a2")}
