from storytrace import compare_articles
from storytrace.model import Article, MatchKind


def compare_texts(*texts: str):  # type: ignore[no-untyped-def]
    articles = [Article(f"a{i + 1}", f"t{i + 1}", t, language="en") for i, t in enumerate(texts)]
    return compare_articles(articles)


def test_paraphrase_matches_and_topic_alone_does_not() -> None:
    a = (
        "The spokesman said the militants must have had aerial reconnaissance data to avoid "
        "the army outposts.\n\nThe weather in the capital stayed warm all week."
    )
    b = (
        "Such information could only have come from aerial reconnaissance, the spokesman "
        "said.\n\nA senior official criticised the government's policy on the war."
    )
    comparison = compare_texts(a, b)
    (pair,) = comparison.pairs
    assert [(m.sentence_a, m.sentence_b) for m in pair.matches] == [(0, 0)]
    assert pair.matches[0].kind is MatchKind.PARAPHRASED
    assert comparison.only_here == {"a1": [1], "a2": [1]}


def test_the_same_sentence_is_a_copy() -> None:
    sentence = "Russia has been a major backer of Syria's fight against terrorists since 2015."
    comparison = compare_texts(sentence + "\n\nOne more line here.", "Intro text.\n\n" + sentence)
    kinds = {m.kind for m in comparison.pairs[0].matches}
    assert MatchKind.COPIED in kinds
