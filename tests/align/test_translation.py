"""A Russian rendering of an English report: translated passages found, the rest only here.

The fixture texts were written for this test (the English follows seed 001).
"""

from conftest import FIXTURES
from storytrace import compare_paths
from storytrace.model import MatchKind


def test_translated_units_match_one_to_one() -> None:
    folder = FIXTURES / "translation"
    comparison = compare_paths([folder / "en.txt", folder / "ru.txt"])
    english, russian = comparison.articles
    assert (english.article.language, russian.article.language) == ("en", "ru")
    matches = comparison.pairs[0].matches
    assert {m.kind for m in matches} == {MatchKind.TRANSLATED}
    pairs = {(m.sentence_a, m.sentence_b) for m in matches}
    accused = next(s.index for s in english.sentences if "accused" in s.text)
    border = next(s.index for s in english.sentences if "border with Jordan" in s.text)
    assert (accused, next(s.index for s in russian.sentences if "обвинила" in s.text)) in pairs
    assert (border, next(s.index for s in russian.sentences if "Иорданией" in s.text)) in pairs
    backer = next(s.index for s in english.sentences if "major backer" in s.text)
    assert backer in comparison.only_here[english.article.id]
    rain = next(s.index for s in russian.sentences if "дожди" in s.text)
    assert rain in comparison.only_here[russian.article.id]
