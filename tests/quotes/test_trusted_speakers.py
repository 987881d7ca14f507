"""Speakers a fact-checker can trust (issue 14, point 6): whole titles, no non-people, one
person one speaker, the nearest fitting antecedent, and German reported speech."""

from conftest import shared_data
from storytrace.ingest.html import read_html
from storytrace.model import Article, Entity, Quote, QuoteKind, Speaker
from storytrace.nlp.names import name_key
from storytrace.quotes import quotes_in_article, unify_speakers
from storytrace.quotes.credible import credible_speaker


def english_quotes(text: str) -> list[Quote]:
    return quotes_in_article(Article("a1", "test", text, language="en"))


def german_quotes(text: str) -> list[Quote]:
    return quotes_in_article(Article("a1", "test", text, language="de"))


def speakers(quotes: list[Quote]) -> list[tuple[str, str] | None]:
    return [(q.speaker.name, q.speaker.key) if q.speaker else None for q in quotes]


def test_titles_come_whole_from_the_text() -> None:
    text = (
        "Vice-President Mike Pence said on Tuesday that “the administration will not back "
        "down on trade.”\n\n"
        "Solicitor General Elizabeth Prelogar told the justices that “the statute plainly "
        "covers this conduct.”"
    )
    assert speakers(english_quotes(text)) == [
        ("Vice-President Mike Pence", "pence"),
        ("Solicitor General Elizabeth Prelogar", "prelogar"),
    ]


def test_headline_and_section_labels_and_it_are_no_speakers() -> None:
    text = (
        "Coronavirus: Schools will stay closed until the end of the month in three states\n\n"
        "Header Image: A view of the harbour at dusk with boats moored along the pier\n\n"
        "Trump: Clinton should have congratulated me for making history\n\n"
        "The agency published the figures on Monday. It said the company would “review "
        "every contract we have with the agency.”\n\n"
        "Fazit: Das Gerät ist schnell, leise und für den Preis eine gute Wahl."
    )
    quotes = english_quotes(text)
    by_text = {q.text[:20]: q.speaker for q in quotes}
    assert "Schools will stay cl" not in by_text  # a headline's topic is no speaker
    assert "A view of the harbou" not in by_text
    assert "Das Gerät ist schnel" not in by_text  # a German page's section label
    trump = by_text["Clinton should have "]
    assert trump is not None and trump.key == "trump"  # a person's headline still is
    (review,) = [q for q in quotes if "review every contract" in q.text]
    assert review.speaker is None


def test_a_date_or_a_bare_pronoun_is_no_speaker() -> None:
    today = Speaker("Today", "today", None, 10, 15)
    assert credible_speaker(today, []) is None
    assert credible_speaker(Speaker("It", "", None, 0, 2), []) is None
    named = Speaker("Today", "today", None, 10, 15)
    date = Entity("Today", "DATE", 10, 15)
    assert credible_speaker(named, [date]) is None
    guthrie = Speaker("Savannah Guthrie", "guthrie", None, 20, 36)
    assert credible_speaker(guthrie, [date]) == guthrie


def test_a_name_the_recogniser_misses_still_names_its_person() -> None:
    # the small English model tags "Natalio Wheatley" a work of art and "Wheatley" nothing
    text = (
        "The Honourable Natalio Wheatley said the territory “will not accept direct rule "
        "from London.”\n\n"
        "“We have made real progress on governance reform,” Natalio Wheatley said.\n\n"
        "“The commission's findings have been addressed,” Wheatley told reporters."
    )
    quotes = unify_speakers(english_quotes(text))
    assert speakers(quotes) == [
        ("Honourable Natalio Wheatley", "wheatley"),
        ("Natalio Wheatley", "wheatley"),
        ("Wheatley", "wheatley"),
    ]


def test_honorifics_are_no_part_of_a_persons_identity() -> None:
    names = ["Honourable Natalio Wheatley", "Natalio Wheatley", "Wheatley", "Frau Angela Merkel"]
    names += ["Angela Merkel", "Merkel", "Hon. Natalio Wheatley"]
    quotes = [
        Quote(f"a{n}-q0", f"a{n}", 0, 10, "we will win", Speaker(name, name_key(name)), "said")
        for n, name in enumerate(names)
    ]
    keys = [q.speaker.key for q in unify_speakers(quotes) if q.speaker]
    assert keys == ["wheatley"] * 3 + ["merkel"] * 3 + ["wheatley"]


def test_a_description_goes_to_the_nearest_person_it_fits() -> None:
    text = (
        "Georgia's governor, Brian Kemp, signed the order on Friday.\n\n"
        "Florida Gov. Ron DeSantis met Mike Pence in Tampa. Pence praised the state's "
        "response. “We are not going to close the beaches,” the Republican governor said."
    )
    (beaches,) = [q for q in english_quotes(text) if "beaches" in q.text]
    assert beaches.speaker is not None
    assert (beaches.speaker.name, beaches.speaker.key) == ("Gov. Ron DeSantis", "desantis")
    assert beaches.speaker.mention == "the Republican governor"


def test_german_subjunctive_and_dass_reports() -> None:
    text = (
        "Es sei ein «grossartiger Deal», sagte Trump am Sonntag vor Journalisten.\n\n"
        "Der Minister bekräftigte, dass die Regierung an dem Abkommen festhalten werde. "
        "Scholz betonte, dass niemand die Lage unterschätze.\n\n"
        "Scholz sagte, die Lage sei ernst. Man habe alle Optionen geprüft.\n\n"
        "Am Montag erklärte der Kanzler, dass die Gespräche weitergehen."
    )
    reports = [
        (q.kind, q.text, q.cue, q.speaker.key if q.speaker else None) for q in german_quotes(text)
    ]
    assert reports == [
        (QuoteKind.MIXED, "Es sei ein «grossartiger Deal»", "sagte", "trump"),
        (
            QuoteKind.INDIRECT,
            "dass die Regierung an dem Abkommen festhalten werde",
            "bekräftigte",
            "",
        ),
        (QuoteKind.INDIRECT, "dass niemand die Lage unterschätze", "betonte", "scholz"),
        (QuoteKind.INDIRECT, "die Lage sei ernst", "sagte", "scholz"),
        (QuoteKind.INDIRECT, "Man habe alle Optionen geprüft", "sagte", "scholz"),
        (QuoteKind.INDIRECT, "dass die Gespräche weitergehen", "erklärte", ""),
    ]


def test_german_indicative_and_dates_are_no_reports() -> None:
    text = (
        "Ich habe das Buch am 31. Oktober gelesen, sagte ich mir. Die Musik war laut. "
        "Er sagte nichts."
    )
    assert german_quotes(text) == []


def test_german_reported_speech_on_a_real_page() -> None:
    page = shared_data("realpages") / "trafilatura_cache" / "faz.net.streaming.html"
    document = read_html(page.read_bytes(), str(page))
    quotes = german_quotes(document.text)
    allendorf = [q for q in quotes if q.speaker is not None and q.speaker.key == "allendorf"]
    texts = [q.text for q in allendorf]
    # "..., habe organisatorische Gründe, sagte Gaby Allendorf", then a subjunctive sentence
    # that carries on her report in the next paragraph, then her direct quotation
    assert texts[0].startswith("Dass einige hinter dem Brief stehende Künstler")
    assert texts[0].endswith("habe organisatorische Gründe")
    assert texts[1] == (
        "Es seien in der Kürze der Zeit schlicht nicht alle Künstler erreichbar gewesen"
    )
    assert [q.kind for q in allendorf[:2]] == [QuoteKind.INDIRECT, QuoteKind.INDIRECT]
    assert allendorf[2].kind == QuoteKind.DIRECT


def test_a_dash_credit_and_a_relative_pronoun_name_their_speakers() -> None:
    text = (
        "Mr. Trump is clueless about the struggles of minorities, he proudly states that he "
        "does not pay taxes.\n"
        "“Tonight’s debate showed Trump for who he really is. This country gets the "
        "president it deserves.” ― Martha Aguilar\n\n"
        "The findings were published by Gallup, which said that “support for the plan has "
        "fallen sharply since June.”"
    )
    credited, gallup = [q for q in english_quotes(text) if q.kind == QuoteKind.DIRECT]
    assert credited.cue == "―" and credited.speaker is not None
    assert (credited.speaker.name, credited.speaker.key) == ("Martha Aguilar", "aguilar")
    assert gallup.speaker is not None and gallup.speaker.mention == "which"
    assert (gallup.speaker.name, gallup.speaker.key) == ("Gallup", "gallup")


def test_a_title_comes_whole_on_a_real_page() -> None:
    page = shared_data("realpages") / "newspaper4k" / "html" / "cnn_001.html"
    document = read_html(page.read_bytes(), str(page))
    names = {q.speaker.name for q in english_quotes(document.text) if q.speaker}
    assert "Solicitor General Elizabeth Prelogar" in names
    assert "General Elizabeth Prelogar" not in names


def test_it_is_the_organisation_named_before_it_in_its_paragraph() -> None:
    text = (
        "Acme Corp. published its figures on Monday. It said the company would “review "
        "every contract we have with the agency.”"
    )
    (quote,) = english_quotes(text)
    assert quote.speaker is not None and quote.speaker.mention == "It"
    assert quote.speaker.name == "Acme Corp."
