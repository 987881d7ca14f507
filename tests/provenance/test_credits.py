"""Credits in a text ("(AFP)", "according to Reuters", "via X") and matching them to outlets."""

from __future__ import annotations

import pytest

from storytrace.clean.dateline import parse_dateline
from storytrace.model import Article
from storytrace.provenance.credits import credit_for, find_credits, outlet_key


def _article(text: str, outlet: str | None = "Daily Ledger") -> Article:
    return Article("x1", "x1.txt", text, outlet=outlet, dateline=parse_dateline(text))


def test_dateline_agency_credits_the_agency_under_its_full_name() -> None:
    article = _article("PARIS, Oct 19 (AFP) - Flooding forced 12,000 people from their homes.")
    credit = credit_for(article, "Agence France-Presse")
    assert credit is not None
    assert (credit.phrase, credit.in_dateline) == ("(AFP)", True)
    assert credit_for(article, "Reuters") is None


@pytest.mark.parametrize(
    ("text", "outlet", "phrase"),
    [
        ("Twelve people died, according to Reuters.", "Reuters", "according to Reuters"),
        ("Twelve people died, according to Reuters.", "www.reuters.com", "according to Reuters"),
        ("The pictures came via AFP on Monday.", "AFP", "via AFP"),
        ("The Associated Press reported that x.", "AP", "Associated Press reported"),
        ("Yesterday TASS has reported that x.", "ТАСС", "Yesterday TASS reported"),
        ("RIA Novosti said in a report that x.", "RIA", "RIA Novosti said in a report"),
        ("Rain fell all day. (Reuters)", "Thomson Reuters", "(Reuters)"),
        (
            "This article originally appeared on sputniknews.com.",
            "Sputnik",
            "originally appeared on sputniknews.com",
        ),
        (
            "Talks resumed, according to the Xinhua News Agency.",
            "Xinhua",
            "according to Xinhua News Agency",
        ),
        ("Talks resumed, Anadolu Agency reported.", "Anadolu", "Anadolu Agency reported"),
    ],
)
def test_credits_in_the_text_match_the_outlet(text: str, outlet: str, phrase: str) -> None:
    credit = credit_for(_article(text), outlet)
    assert credit is not None, text
    assert credit.phrase == phrase


@pytest.mark.parametrize(
    ("text", "outlet", "name"),
    [
        ("Laut dpa wurden fünf Menschen verletzt.", "Deutsche Presse-Agentur", "dpa"),
        ("Das Beben war stark, wie die Nachrichtenagentur dpa berichtete.", "dpa", "dpa"),
        ("Interfax berichtete am Montag über das Beben.", "Interfax", "Interfax"),
        ("Cinq personnes ont été blessées, selon l'AFP.", "AFP", "AFP"),
        ("Le séisme, rapporte l'agence Reuters, a fait cinq blessés.", "Reuters", "Reuters"),
        ("Cinco personas resultaron heridas, según la agencia EFE.", "EFE", "EFE"),
        ("Cinque persone sono rimaste ferite, secondo l'ANSA.", "ANSA", "ANSA"),
        ("Пять человек пострадали, сообщает ТАСС.", "TASS", "ТАСС"),
        ("По данным агентства Интерфакс, пять человек пострадали.", "Interfax", "Интерфакс"),
        ("РИА Новости сообщает, что пять человек пострадали.", "RIA Novosti", "РИА Новости"),
    ],
)
def test_credits_in_other_languages(text: str, outlet: str, name: str) -> None:
    credit = credit_for(_article(text), outlet)
    assert credit is not None, text
    assert credit.name.endswith(name)


def test_a_cue_before_a_person_in_another_language_credits_no_outlet() -> None:
    article = _article("Laut Scholz ist die Lage ernst, sagte er der dpa nicht.")
    assert credit_for(article, "Reuters") is None
    assert credit_for(_article("Selon le ministre, la situation est grave."), "AFP") is None


def test_two_credits_after_one_cue_and_a_later_cue_are_all_found() -> None:
    text = "Ten died, according to Reuters and Agence France-Presse. More via the Associated Press."
    names = [credit.name for credit in find_credits(_article(text))]
    assert names == ["Reuters", "Agence France-Presse", "Associated Press"]


def test_a_text_without_credit_credits_nobody() -> None:
    article = _article("Twelve people died, according to the ministry. Officials said more rain.")
    assert find_credits(article) == []
    assert credit_for(article, "Reuters") is None


def test_a_person_named_like_an_agency_is_no_credit_to_it() -> None:
    assert (
        credit_for(_article("He left, according to Ria Smith, a witness."), "RIA Novosti") is None
    )


def test_an_outlet_crediting_itself_credits_nobody() -> None:
    article = _article("Moscow (GPA) – The Russian Ministry of Defense says.", outlet="GPA")
    assert [credit.name for credit in find_credits(article)] == ["GPA"]
    assert credit_for(article, "GPA") is None


def test_an_acronym_credit_matches_the_outlet_it_abbreviates() -> None:
    article = _article("Moscow, October 5 (RHC)-- Russia has accused the U.S.", outlet="Press TV")
    assert credit_for(article, "Radio Habana Cuba") is not None
    assert credit_for(article, "Radio Free Europe") is None


def test_outlet_keys_fold_case_articles_domains_and_aliases() -> None:
    assert outlet_key("The Associated Press") == outlet_key("AP") == "ap"
    assert outlet_key("Agence France-Presse") == outlet_key("afp")
    assert outlet_key("https://www.bbc.co.uk/news") == "bbc"
    assert outlet_key("Xinhua News Agency") == outlet_key("xinhua")
    assert outlet_key("Daily Ledger") != outlet_key("Ledger")
