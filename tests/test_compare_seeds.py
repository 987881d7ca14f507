"""The seed pair, end to end: what issue 2 says a new user must see."""

from __future__ import annotations

from storytrace.model import AnalysedArticle, Comparison


def unit_with(article: AnalysedArticle, phrase: str) -> int:
    hits = [s.index for s in article.sentences if phrase in s.text]
    assert hits, f"no unit of {article.article.id} contains {phrase!r}"
    return hits[0]


def matched_units(comparison: Comparison, article_id: str) -> set[int]:
    units = set()
    for pair in comparison.pairs:
        for match in pair.matches:
            if match.article_a == article_id:
                units.add(match.sentence_a)
            if match.article_b == article_id:
                units.add(match.sentence_b)
    return units


def test_000_metadata_and_cleaning(seed_comparison: Comparison) -> None:
    article = seed_comparison.articles[0].article
    assert article.dateline is not None
    assert article.dateline.place == "Moscow" and article.dateline.agency == "GPA"
    for junk in ("isis united states US daesh", "Wikimedia Commons", "Related:", "archive.is"):
        assert junk not in article.text


def test_001_metadata_and_cleaning(seed_comparison: Comparison) -> None:
    article = seed_comparison.articles[1].article
    assert (
        article.title
        == "Russia Accuses U.S. of Supporting and 'Flirting With' Daesh in Eastern Syria"
    )
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date, article.dateline.agency) == (
        "Moscow",
        "October 5",
        "RHC",
    )
    assert article.outlet == "Radio Habana Cuba"
    assert article.url is not None and article.url.startswith("https://www.radiohc.cu/")
    for junk in ("radiohc.cu", "Radio Habana Cuba", "---", "**", "# "):
        assert junk not in article.text


def test_spokesman_quotation_is_one_group_with_two_variants(seed_comparison: Comparison) -> None:
    groups = [
        g
        for g in seed_comparison.quote_groups
        if any("main obstacle" in v.quote.text for v in g.variants)
    ]
    assert len(groups) == 1
    variants = groups[0].variants
    assert {v.quote.article for v in variants} == {"a1", "a2"}
    assert len(variants) == 2
    for variant in variants:
        assert variant.quote.speaker is not None
        assert variant.quote.speaker.key == "konashenkov"
        assert "Igor Konashenkov" in variant.quote.speaker.name
    assert variants[1].changes, "two translations differ; the diff must show how"


def test_shared_passages(seed_comparison: Comparison) -> None:
    a, b = seed_comparison.articles
    matched_a, matched_b = (
        matched_units(seed_comparison, "a1"),
        matched_units(seed_comparison, "a2"),
    )
    # the attack came from near the Jordanian border, where the US military mission is
    assert unit_with(b, "near the border with Jordan where the US maintains") in matched_b
    # the intelligence could only come from aerial reconnaissance
    assert unit_with(b, "aerial reconnaissance") in matched_b
    assert unit_with(a, "aerial reconnaissance") in matched_a
    # the quotation
    assert unit_with(a, "The main obstacle") in matched_a
    assert unit_with(b, "the main obstacle") in matched_b


def test_only_here(seed_comparison: Comparison) -> None:
    a, b = seed_comparison.articles
    only_a = set(seed_comparison.only_here["a1"])
    only_b = set(seed_comparison.only_here["a2"])
    for phrase in ("Rubkan", "three-sided conflict", "compound", "more plausible"):
        assert unit_with(a, phrase) in only_a, phrase
    for phrase in ("coincidences", "September 2015", "broke last month"):
        assert unit_with(b, phrase) in only_b, phrase


def test_offsets_index_the_cleaned_text(seed_comparison: Comparison) -> None:
    for analysed in seed_comparison.articles:
        text = analysed.article.text
        for sentence in analysed.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
    for pair in seed_comparison.pairs:
        text_a = seed_comparison.article(pair.article_a).article.text
        text_b = seed_comparison.article(pair.article_b).article.text
        assert pair.spans, "the quotation shares verbatim runs"
        for span in pair.spans:
            assert text_a[span.start_a : span.end_a] == span.text_a
            assert text_b[span.start_b : span.end_b] == span.text_b
    for quote in seed_comparison.quotes:
        text = seed_comparison.article(quote.article).article.text
        assert text[quote.start : quote.end] == quote.text
