"""The parts of the derivation stage on hand-built records: evidence, direct sources, roles."""

from __future__ import annotations

from dataclasses import replace

from storytrace.model import (
    AnalysedArticle,
    Article,
    Dateline,
    Derivation,
    DerivationKind,
    MatchKind,
    OutletRole,
    PairAlignment,
    ReusedPassage,
    Sentence,
    SentenceMatch,
    SharedSpan,
)
from storytrace.provenance.evidence import covered, flip, pair_passages
from storytrace.provenance.graph import direct_sources
from storytrace.provenance.measure import measure
from storytrace.provenance.origins import passage_origins
from storytrace.provenance.outlets import outlet_name, outlet_names, outlet_profiles
from storytrace.quotes.marks import quoted_spans

TEXT = "One two three four five six. Seven eight nine ten eleven twelve."


def _analysed(article_id: str, text: str = TEXT) -> AnalysedArticle:
    first = text.index(".") + 1
    sentences = [Sentence(0, 0, first, text[:first]), Sentence(1, first + 1, len(text), "")]
    return AnalysedArticle(Article(article_id, f"{article_id}.txt", text), sentences, [])


def _passage(source: str, target: str, start: int, end: int) -> ReusedPassage:
    return ReusedPassage(source, start, end, target, start, end, MatchKind.COPIED, 3, 1.0)


def _edge(source: str, target: str, share: float, kind: DerivationKind) -> Derivation:
    return Derivation(source, target, kind, 0.5, (), (), None, shared_share=share)


def test_covered_counts_each_character_once() -> None:
    assert covered([(0, 10), (5, 15), (20, 25), (21, 22)]) == 20
    assert covered([]) == 0


def test_pair_passages_orients_by_story_order_and_skips_what_is_covered() -> None:
    a, b = _analysed("a"), _analysed("b")
    given = _passage("b", "a", 0, 28)  # undirected: the later article first
    span = SharedSpan("a", 0, 20, "b", 0, 20, TEXT[:20], TEXT[:20], 4)
    copied = SentenceMatch("a", 0, "b", 0, MatchKind.COPIED, 0.9, 0.9, 0.9)
    reworded = SentenceMatch("a", 1, "b", 1, MatchKind.PARAPHRASED, 0.5, 0.6, 0.4)
    found = pair_passages([a, b], [PairAlignment("a", "b", [span], [copied, reworded])], [given])
    passages = found[("a", "b")]
    # The span and the copied sentence lie inside the given passage; the paraphrase does not.
    assert [(p.source, p.source_start, p.kind) for p in passages] == [
        ("a", 0, MatchKind.COPIED),
        ("a", 29, MatchKind.PARAPHRASED),
    ]


def test_pair_passages_ignores_articles_outside_and_bad_offsets() -> None:
    a, b = _analysed("a"), _analysed("b")
    outside = _passage("a", "zz", 0, 10)
    too_long = _passage("a", "b", 0, len(TEXT) + 5)
    assert pair_passages([a, b], [], [outside, too_long]) == {}


def test_flip_swaps_the_sides_and_recounts_tokens() -> None:
    passage = ReusedPassage("a", 0, 8, "b", 0, 28, MatchKind.PARAPHRASED, 6, 0.5)
    flipped = flip(passage, {"a": TEXT, "b": TEXT})
    assert (flipped.source, flipped.source_end, flipped.target, flipped.target_end) == (
        "b",
        28,
        "a",
        8,
    )
    assert flipped.tokens == 2
    assert flip(flipped, {"a": TEXT, "b": TEXT}).source == "a"


def test_a_source_passed_on_through_an_intermediary_is_not_the_direct_one() -> None:
    edges = [
        _edge("a", "b", 0.8, DerivationKind.VERBATIM),
        _edge("b", "c", 0.7, DerivationKind.VERBATIM),
        _edge("a", "c", 0.72, DerivationKind.VERBATIM),
    ]
    assert direct_sources(edges) == {"b": "a", "c": "b"}
    # If c carries clearly more of a than b passes on, a is its direct source.
    edges[2] = _edge("a", "c", 0.9, DerivationKind.VERBATIM)
    assert direct_sources(edges)["c"] == "a"
    # A credited source comes first.
    edges[1] = _edge("b", "c", 0.95, DerivationKind.VERBATIM)
    edges[2] = _edge("a", "c", 0.5, DerivationKind.SYNDICATION)
    assert direct_sources(edges)["c"] == "a"


def test_outlet_roles_from_shares_and_edges() -> None:
    texts = {name: "x" * 100 for name in ("orig", "mixed", "amp", "solo")}
    articles = [Article(name, name, text, outlet=name.title()) for name, text in texts.items()]

    def edge(source: str, target: str, end: int) -> Derivation:
        passage = _passage(source, target, 0, end)
        return Derivation(
            source, target, DerivationKind.VERBATIM, 0.9, (passage,), (), 600.0, None, end / 100
        )

    derivations = [edge("orig", "mixed", 30), edge("mixed", "amp", 70)]
    profiles = {p.outlet: p for p in outlet_profiles(articles, derivations, {"amp": "mixed"})}
    assert profiles["Orig"].role == OutletRole.ORIGINATOR
    assert profiles["Mixed"].role == OutletRole.MIXED
    assert profiles["Mixed"].derived_share == 0.3
    assert profiles["Mixed"].median_lag_seconds is None  # its edge is not marked direct
    assert profiles["Amp"].role == OutletRole.AMPLIFIER
    assert profiles["Amp"].median_lag_seconds == 600.0
    assert profiles["Solo"].role == OutletRole.INDEPENDENT


def test_an_outlet_copying_itself_is_not_deriving() -> None:
    articles = [Article("a", "a", "x" * 100, outlet="Same"), Article("b", "b", "x" * 100)]
    articles.append(Article("c", "c", "x" * 100, outlet="Same"))
    update = Derivation(
        "a", "c", DerivationKind.VERBATIM, 0.9, (_passage("a", "c", 0, 90),), (), None
    )
    (same, unknown) = outlet_profiles(articles, [update], {"c": "a"})
    assert (same.outlet, same.derived_share, same.role) == ("Same", 0.0, OutletRole.INDEPENDENT)
    assert unknown.outlet == outlet_name(articles[1]) == "unknown outlet (article b)"


def test_origins_follow_a_chain_to_its_first_carrier() -> None:
    text = "x" * 100
    derivations = [
        Derivation("b", "c", DerivationKind.VERBATIM, 0.9, (_passage("b", "c", 10, 50),), (), 1),
        Derivation("a", "b", DerivationKind.VERBATIM, 0.9, (_passage("a", "b", 12, 48),), (), 1),
    ]
    rank = {"a": 2, "b": 1, "c": 0}  # the timeline does not know; the edges do
    (origin,) = passage_origins(derivations, dict.fromkeys("abc", text), rank, {})
    assert (origin.article, origin.start, origin.end) == ("a", 12, 48)
    assert [(c.article, c.start, c.end) for c in origin.copies] == [("c", 10, 50), ("b", 10, 50)]
    assert origin.first_published is None


def _sentences_of(article_id: str, parts: list[str]) -> AnalysedArticle:
    text = " ".join(parts)
    sentences, start = [], 0
    for index, part in enumerate(parts):
        sentences.append(Sentence(index, start, start + len(part), part))
        start += len(part) + 1
    return AnalysedArticle(Article(article_id, article_id, text), sentences, [])


def _sentence_passages(
    source: AnalysedArticle, target: AnalysedArticle, links: list[tuple[int, int]], kind: MatchKind
) -> list[ReusedPassage]:
    passages = []
    for i, j in links:
        s, t = source.sentences[i], target.sentences[j]
        passages.append(
            ReusedPassage(
                source.article.id, s.start, s.end, target.article.id, t.start, t.end, kind, 5, 0.6
            )
        )
    return passages


def test_shared_quotations_are_no_evidence_of_reuse() -> None:
    quoted = ["“We will rebuild every bridge before winter.”", "“Nobody will be left out.”"]
    plain = [part.strip("“”") for part in quoted]
    for parts, expected in ((quoted, False), (plain, True)):
        a, b = _sentences_of("a", parts), _sentences_of("b", parts)
        passages = _sentence_passages(a, b, [(0, 0), (1, 1)], MatchKind.COPIED)
        quotes_a, quotes_b = quoted_spans(a.article.text), quoted_spans(b.article.text)
        evidence = measure(a, b, passages, quotes_a, quotes_b)
        assert evidence.enough() is expected, parts


def test_a_retelling_must_follow_its_source_in_order() -> None:
    a = _sentences_of("a", [f"Source sentence {n} tells one more fact." for n in range(5)])
    b = _sentences_of("b", [f"Target sentence {n} retells that same fact." for n in range(5)])
    in_order = measure(
        a, b, _sentence_passages(a, b, [(0, 0), (1, 1), (2, 2)], MatchKind.PARAPHRASED), [], []
    )
    assert (in_order.retold, in_order.enough()) == (3, True)
    shuffled = measure(
        a, b, _sentence_passages(a, b, [(0, 3), (1, 0), (2, 4)], MatchKind.PARAPHRASED), [], []
    )
    assert (shuffled.retold, shuffled.enough()) == (2, False)  # 2 of 5 in order: not half
    loose = [
        replace(p, score=0.35)
        for p in _sentence_passages(a, b, [(0, 0), (1, 1), (2, 2)], MatchKind.PARAPHRASED)
    ]
    assert measure(a, b, loose, [], []).enough() is False  # the same facts told twice


def test_a_few_words_inside_a_sentence_link_no_sentences_of_a_retelling() -> None:
    parts = [f"Sentence {n} of the report carries its own fact." for n in range(4)]
    a, b = _sentences_of("a", parts), _sentences_of("b", parts)
    whole = _sentence_passages(a, b, [(0, 0), (1, 1), (2, 2)], MatchKind.PARAPHRASED)
    assert measure(a, b, whole, [], []).retold == 3
    # "of the report" in each sentence: a run in the same order, but no sentence retold
    runs = [
        replace(p, source_start=p.source_start + 11, source_end=p.source_start + 24) for p in whole
    ]
    runs = [replace(p, target_start=p.source_start, target_end=p.source_end) for p in runs]
    assert {a.article.text[p.target_start : p.target_end] for p in runs} == {"of the report"}
    evidence = measure(a, b, runs, [], [])
    assert (evidence.retold, evidence.enough()) == (0, False)


def test_the_shortest_sentences_shared_are_not_carried() -> None:
    # Two reports of one death share "He was 77." and "No one else was hurt." word for word,
    # and nothing else: sentences that short are written alike by chance.
    short = ["He was 77.", "No one else was hurt."]
    a = _sentences_of("a", ["The singer died at home on Sunday evening.", *short])
    b = _sentences_of("b", ["A long career ended in a hospital in Paris.", *short])
    passages = _sentence_passages(a, b, [(1, 1), (2, 2)], MatchKind.COPIED)
    evidence = measure(a, b, passages, [], [])
    assert (evidence.copied_sentences, evidence.enough()) == (0, False)
    # the same two passages over sentences of six words or more carry them
    longer = ["He was 77 years old then.", "No one else in the house was hurt."]
    c = _sentences_of("c", ["The singer died at home on Sunday evening.", *longer])
    d = _sentences_of("d", ["A long career ended in a hospital in Paris.", *longer])
    copied = measure(c, d, _sentence_passages(c, d, [(1, 1), (2, 2)], MatchKind.COPIED), [], [])
    assert (copied.copied_sentences, copied.enough()) == (2, True)


def test_spellings_of_one_outlet_are_made_one_within_a_story() -> None:
    dateline = Dateline("Moscow", "October 5", "RHC")
    articles = [
        Article("a", "a", "x", dateline=dateline),
        Article("b", "b", "x", outlet="Radio Habana Cuba"),
        Article("c", "c", "x", outlet="AFP"),
        Article("d", "d", "x", outlet="Agence France-Presse"),
        Article("e", "e", "x", outlet="Daily Ledger"),
        Article("f", "f", "x"),
        Article("g", "g", "x"),
    ]
    assert outlet_names(articles) == {
        "a": "Radio Habana Cuba",
        "b": "Radio Habana Cuba",
        "c": "Agence France-Presse",
        "d": "Agence France-Presse",
        "e": "Daily Ledger",
        "f": "unknown outlet (article f)",  # each unknown is its own, never merged
        "g": "unknown outlet (article g)",
    }
