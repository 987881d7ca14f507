from storytrace.model import Article, QuoteKind
from storytrace.nlp.analyse import analyse
from storytrace.nlp.pipeline import CHUNK_CHARS, text_chunks
from storytrace.quotes import extract_quotes, group_quotes, word_changes
from storytrace.quotes.draft import NOTE_LONG, NOTE_UNBALANCED
from storytrace.quotes.extract import NOTE_NOT_ENGLISH
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


def test_indirect_quote_has_cue_speaker_and_content_offsets() -> None:
    text = "Senator Maria Lopez said on Monday that the strike would end by Friday."
    (quote,) = quotes_of(text)
    assert quote.kind == QuoteKind.INDIRECT
    assert quote.text == "that the strike would end by Friday"
    assert (quote.cue_start, quote.cue_end) == (text.index("said"), text.index("said") + 4)
    assert quote.speaker is not None and quote.speaker.key == "lopez"
    assert quote.speaker.start is not None and quote.speaker.end is not None
    assert text[quote.speaker.start : quote.speaker.end] == "Senator Maria Lopez"


def test_according_to_is_a_cue() -> None:
    text = "The port will reopen on Tuesday, according to the harbour master John Smith."
    (quote,) = quotes_of(text)
    assert quote.cue == "according to" and quote.kind == QuoteKind.INDIRECT
    assert quote.text == "The port will reopen on Tuesday"
    assert quote.speaker is not None and quote.speaker.key == "smith"


def test_mixed_quote_reaches_beyond_the_marks() -> None:
    text = 'Governor Tom Reed said the budget plan was "dead on arrival" in the state senate.'
    (quote,) = quotes_of(text)
    assert quote.kind == QuoteKind.MIXED
    assert "the budget plan was" in quote.text and "dead on arrival" in quote.text
    assert quote.speaker is not None and quote.speaker.key == "reed"


def test_nested_marks_make_one_quotation() -> None:
    text = "“They called it ‘a fraud’ and “a hoax” all week long,” Maria Lopez said."
    (quote,) = quotes_of(text)
    assert quote.text == "They called it ‘a fraud’ and “a hoax” all week long,"
    assert quote.speaker is not None and quote.speaker.key == "lopez"


def test_quotation_reopened_in_the_next_paragraph_is_one_quote() -> None:
    text = (
        "“We will not leave the city before the vote is counted,” Maria Lopez said. “We owe "
        "it to the workers.\n\n“And we owe it to their families, who waited for two weeks.”"
    )
    (quote,) = quotes_of(text)
    assert len(quote.parts) == 3
    assert quote.text.endswith("who waited for two weeks.")
    assert quote.notes == (NOTE_UNBALANCED,)


def test_unbalanced_mark_gives_a_quote_with_a_note() -> None:
    text = "“The strike goes on until the port authority listens to us, Maria Lopez said."
    (quote,) = quotes_of(text)
    assert NOTE_UNBALANCED in quote.notes
    assert quote.text.startswith("The strike goes on")


def test_quotes_in_another_language_are_kept_with_a_reason() -> None:
    text = "Maria Lopez zei: „We verlaten de stad niet voordat de stemmen geteld zijn”."
    (analysed,) = analyse([Article("n1", "test", text, language="nl")])
    (quote,) = extract_quotes(analysed)
    assert quote.text == "We verlaten de stad niet voordat de stemmen geteld zijn"
    assert quote.speaker is None and NOTE_NOT_ENGLISH in quote.notes


def test_very_long_quotation_is_kept_and_noted() -> None:
    sentence = "We will keep the port closed until every worker is paid what is owed. "
    text = "Maria Lopez said: “" + sentence * 40 + "”"
    (quote,) = [q for q in quotes_of(text) if q.kind == QuoteKind.DIRECT]
    assert NOTE_LONG in quote.notes and len(quote.text) > 2000
    assert quote.speaker is not None and quote.speaker.key == "lopez"


def test_pronoun_prefers_the_recent_subject_over_the_last_name() -> None:
    text = (
        "Maria Lopez is not worried that John Smith will win the vote. “Democracy cannot pick "
        "people who do not know what they are doing,” she said."
    )
    (quote,) = [q for q in quotes_of(text) if q.kind == QuoteKind.DIRECT]
    assert quote.speaker is not None and quote.speaker.key == "lopez"
    assert quote.speaker.mention == "she"


def test_reporting_noun_with_its_that_clause() -> None:
    text = "Maria Lopez's claim that the vote was rigged drew criticism from both parties."
    (quote,) = quotes_of(text)
    assert quote.cue == "claim" and quote.kind == QuoteKind.INDIRECT
    assert quote.text == "that the vote was rigged"
    assert quote.speaker is not None and quote.speaker.key == "lopez"


def test_linking_words_are_the_writers_not_the_sources() -> None:
    text = "Meanwhile, her ratings have been falling for weeks, according to a Gallup poll."
    (quote,) = quotes_of(text)
    assert quote.text == "her ratings have been falling for weeks"


def test_the_dateline_is_no_speaker() -> None:
    text = (
        "Moscow, October 5 (RHC)-- Russia has accused the U.S. forces of providing "
        "intelligence to the terrorists in eastern Syria."
    )
    (quote,) = quotes_of(text)
    assert quote.cue == "accused"
    assert quote.speaker is not None and quote.speaker.name == "Russia"


def test_a_quoted_title_is_no_quotation() -> None:
    text = "Trump writes in his book “Crippled America: How to Make America Great Again” often."
    assert [q for q in quotes_of(text) if q.kind == QuoteKind.DIRECT] == []
    slogan = "His new book, “Make America Great Again!”, sold well in Ohio last year."
    assert quotes_of(slogan) == []
    # an exclamation is still a quotation
    (shout,) = quotes_of("“Get out of here now!” the officer shouted at the crowd.")
    assert shout.text == "Get out of here now!"


def test_text_chunks_cut_at_paragraphs_and_keep_offsets() -> None:
    text = "".join(f"Paragraph {n} has some words in it.\n\n" for n in range(100))
    chunks = text_chunks(text, size=300)
    assert "".join(chunk for _, chunk in chunks) == text
    assert all(text[offset : offset + len(chunk)] == chunk for offset, chunk in chunks)
    assert all(len(chunk) <= 300 and chunk.endswith("\n") for _, chunk in chunks[:-1])


def test_an_article_longer_than_one_parse_keeps_its_offsets() -> None:
    paragraph = "Maria Lopez said: “We will keep the port closed until every worker is paid.”\n\n"
    text = paragraph * (CHUNK_CHARS // len(paragraph) + 40)
    quotes = quotes_of(text)
    assert len(quotes) == text.count("Maria Lopez")
    last = quotes[-1]
    assert text[last.start : last.end] == "We will keep the port closed until every worker is paid."
    assert last.speaker is not None and last.speaker.key == "lopez"


def test_a_name_and_a_colon_open_a_transcript_line() -> None:
    text = (
        "Trump: Clinton should have congratulated me for making history\n\n"
        "Related: more stories\n\n"
        "JOEL BENENSON: This is a man who said he would never run a negative ad."
    )
    headline, transcript = [q for q in quotes_of(text) if q.cue == ":"]
    assert headline.cue == ":" and headline.kind == QuoteKind.DIRECT
    assert headline.text == "Clinton should have congratulated me for making history"
    assert headline.speaker is not None and headline.speaker.key == "trump"
    assert transcript.text.startswith("This is a man")


def test_a_cue_embedded_without_a_break_does_not_report_its_sentence() -> None:
    # "what they claim" sits inside the sentence: the writer's words around it are no
    # quotation of "they". Set off by commas, the same cue does report them.
    embedded = (
        "The ministry published photos earlier this month showing what they claim to be "
        "foreign forces operating inside the territory."
    )
    assert [q for q in quotes_of(embedded) if q.cue == "claim"] == []
    aside = "The plan, she claimed, would cut the deficit by half within four years."
    (quote,) = [q for q in quotes_of(aside) if q.cue == "claimed"]
    assert quote.parts == ((0, 8), (quote.parts[1][0], len(aside) - 1))


def test_in_someones_own_words_names_the_speaker() -> None:
    text = (
        "Maria Lopez spoke to reporters on Monday. In her own words, the plan is "
        "“dead on arrival in the Senate.” In the words of Tom Reed, the vote was close."
    )
    quotes = quotes_of(text)
    lopez = [q for q in quotes if "dead on arrival" in q.text]
    assert len(lopez) == 1 and lopez[0].cue == "In her own words"
    assert lopez[0].speaker is not None and lopez[0].speaker.key == "lopez"
    (reed,) = [q for q in quotes if q.cue == "In the words of Tom Reed"]
    assert reed.text == "the vote was close"
    assert reed.speaker is not None and reed.speaker.key == "reed"


def test_a_definite_description_names_the_organisation_with_its_head_word() -> None:
    text = (
        "The Port Authority said on Monday that the terminal would reopen next week. "
        "“We expect traffic to return to normal,” the authority said. "
        "The port authority added that repairs would cost $3 million. "
        "“Nothing was lost,” the company said."
    )
    first, second, third, fourth = quotes_of(text)
    keys = [q.speaker.key if q.speaker else None for q in (first, second, third)]
    assert keys == ["the port authority"] * 3
    assert second.speaker is not None and second.speaker.mention == "the authority"
    # no organisation named before has "company" for its head: left as written
    assert fourth.speaker is not None and fourth.speaker.key == ""


def test_discussed_and_expressed_report_a_position() -> None:
    text = (
        "Senator Maria Lopez discussed the new tariffs on Monday. "
        "Governor John Smith expressed concern about the cost of the bridge."
    )
    discussed, expressed = quotes_of(text)
    # "on Monday" says when, not what: the content stops at the object
    assert (discussed.cue, discussed.text) == ("discussed", "the new tariffs")
    assert discussed.speaker is not None and discussed.speaker.key == "lopez"
    assert expressed.cue == "expressed"
    assert expressed.text.startswith("concern about the cost")
    assert expressed.speaker is not None and expressed.speaker.key == "smith"


def test_a_content_does_not_end_in_a_dangling_conjunction() -> None:
    text = (
        "Clinton touted new support from African American mothers who have lost children "
        "to gun violence and, later, she met them."
    )
    (quote,) = [q for q in quotes_of(text) if q.cue == "touted"]
    assert quote.text.endswith("to gun violence")
