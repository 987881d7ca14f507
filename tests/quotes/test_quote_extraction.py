from storytrace.model import Article, QuoteKind
from storytrace.nlp.analyse import analyse
from storytrace.quotes import extract_quotes, group_quotes, word_changes
from storytrace.quotes.marks import quoted_spans


def quotes_of(text: str, article_id: str = "a1"):  # type: ignore[no-untyped-def]
    (analysed,) = analyse([Article(article_id, "test", text, language="en")])
    return extract_quotes(analysed)


def test_speaker_before_the_cue_with_title_and_role() -> None:
    text = (
        "Major General Igor Konashenkov, a spokesman for Russia's Defense Ministry, said on "
        'Wednesday that "the main obstacle is not the military capability of the terrorists."'
    )
    (quote,) = quotes_of(text)
    assert quote.text.startswith("the main obstacle")
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker is not None
    assert quote.speaker.name == "Major General Igor Konashenkov"
    assert quote.speaker.key == "konashenkov"
    assert quote.speaker.role == "a spokesman for Russia's Defense Ministry"
    assert quote.cue == "said"


def test_speaker_after_the_quotation() -> None:
    text = "“We will not leave the city before the vote is counted,” Maria Lopez said on Monday."
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.key == "lopez"


def test_pronoun_resolves_to_the_last_named_person() -> None:
    text = (
        "Jack Ketsoyan said Friday that the actress went to the treatment center. "
        "“We appreciate your respect to her and her family's privacy,” he said in a statement."
    )
    reported, quote = quotes_of(text)
    assert reported.kind == QuoteKind.INDIRECT and reported.speaker is not None
    assert reported.speaker.key == "ketsoyan"
    assert quote.speaker is not None and quote.speaker.mention == "he"
    assert quote.speaker is not None and quote.speaker.key == "ketsoyan"


def test_scare_quotes_and_unbalanced_marks() -> None:
    assert quotes_of('Washington is clearly "flirting" with the group.') == []
    text = 'He said "this never closes. And the paragraph ends.\n\nA new one "starts here'
    assert quoted_spans(text) == [(9, text.index("\n")), (text.index("starts"), len(text))]


def test_translations_of_one_statement_form_one_group() -> None:
    a = quotes_of(
        "Konashenkov said: “The main obstacle to the complete elimination of Daesh in Syria is "
        "not the military capabilities of terrorists, but the support of American colleagues.”",
        "a1",
    )
    b = quotes_of(
        "Konashenkov said that “the main obstacle to completing the defeat of Islamic State in "
        "Syria is not the military capability of the terrorists but the support by the United "
        "States.”",
        "a2",
    )
    c = quotes_of("“The weather in Moscow will be cold all week long,” Konashenkov said.", "a3")
    groups = group_quotes([*a, *b, *c], ["a1", "a2", "a3"])
    assert [len(g.variants) for g in groups] == [2, 1]
    assert groups[0].speaker_key == "konashenkov"
    assert groups[0].variants[0].quote.article == "a1"


def test_word_changes() -> None:
    changes = word_changes("the support of American colleagues", "the support of the United States")
    assert [c.op for c in changes] == ["changed"]
    assert changes[0].reference == "American colleagues"
    assert changes[0].variant == "the United States"
    assert [c.op for c in word_changes("a b c", "a c")] == ["dropped"]
    assert [c.op for c in word_changes("a c", "a b c")] == ["added"]


def test_punctuation_alone_is_not_a_change() -> None:
    assert (
        word_changes(
            "the support of [our] colleagues, he said", "the support of our colleagues he said"
        )
        == []
    )


def test_speaker_in_an_earlier_clause_of_the_sentence() -> None:
    text = (
        "Mr. Steele, seeking to clarify his remarks, issued a statement on Friday afternoon, "
        "saying, “There is no question that America must win the war on terror.”"
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.key == "steele"


def test_quotation_that_continues_keeps_its_speaker() -> None:
    text = (
        "Senator Lindsey Graham said more was needed. “Chairman Steele needs to apologize to "
        "our military,” Graham said. “This is America's war. It's not Obama's war.”"
    )
    said, quoted = quotes_of(text)
    assert said.kind == QuoteKind.INDIRECT and said.text == "more was needed"
    assert quoted.kind == QuoteKind.DIRECT
    assert quoted.speaker is not None and quoted.speaker.key == "graham"
    # the second quotation has no cue of its own: it is the second part of the first
    assert [text[s:e] for s, e in quoted.parts] == [
        "Chairman Steele needs to apologize to our military,",
        "This is America's war. It's not Obama's war.",
    ]


def test_pronoun_subject_beats_an_organisation_nearer_the_cue() -> None:
    text = (
        "Michael Steele apologized on Sunday. He sent an e-mail to RNC members saying he hoped "
        "his statement would “clear up any confusion about my remarks” in the party."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.key == "steele"


def test_variants_never_hold_two_quotations_of_one_article() -> None:
    a = quotes_of(
        "“This is America's war and we must win it,” Graham said. "
        "“This is not Obama's war, it is America's war,” Graham added.",
        "a1",
    )
    b = quotes_of("“This is America's war, not Obama's war,” Graham said.", "a2")
    groups = group_quotes([*a, *b], ["a1", "a2"])
    for group in groups:
        articles = [v.quote.article for v in group.variants]
        assert len(articles) == len(set(articles))
    assert sum(len(g.variants) for g in groups) == 3
