"""Sentence units of real German pages: dates, ordinals and abbreviations do not cut them."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from conftest import shared_data
from storytrace.clean import clean_document
from storytrace.ingest.html import read_html
from storytrace.model import Sentence
from storytrace.nlp.pipeline import analyse_text
from storytrace.nlp.segment import continues_sentence

# A unit that stops at "31." while the next one goes on with the month.
_DAY_THEN_MONTH = re.compile(r"\d\.$")
_MONTH = re.compile(
    r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember)\b"
)


def german_units(name: str) -> tuple[str, list[Sentence]]:
    path: Path = shared_data("realpages") / "trafilatura_cache" / name
    article = clean_document(read_html(path.read_bytes(), str(path)), "a1")
    assert article.language == "de", f"{name} is a German page"
    units, entities = analyse_text(article.text, article.language)
    assert entities == []
    return article.text, units


def unit_with(units: list[Sentence], phrase: str) -> Sentence:
    hits = [unit for unit in units if phrase in unit.text]
    assert hits, f"no unit holds {phrase!r}: {[u.text[-40:] for u in units][:50]}"
    return hits[0]


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        # sentencex alone cuts "am 26. | Oktober, einem Freitag"
        (
            "spiegel.de.albtraum.html",
            ["beginnt am 26. Oktober, einem Freitag", "dann, am 4. November, eine optimistische"],
        ),
        ("cnet.de.schutz.html", ["Am 13. Mai 2014 hat der", "vom 13. März bedeutet"]),
    ],
)
def test_german_dates_stay_inside_their_sentence(name: str, phrases: list[str]) -> None:
    text, units = german_units(name)
    assert [u.text for u in units] == [text[u.start : u.end] for u in units]
    for phrase in phrases:
        unit = unit_with(units, phrase)
        assert len(unit.text.split()) > len(phrase.split()), unit.text
    for unit, following in itertools.pairwise(units):
        cut = _DAY_THEN_MONTH.search(unit.text) and _MONTH.match(following.text)
        assert not cut, f"{unit.text[-40:]!r} | {following.text[:40]!r}"


def test_continues_sentence() -> None:
    assert continues_sentence("Die Wahl fand am 31.", "Oktober statt.", "de")
    assert continues_sentence("Sie kam am 3.", "Okt. 2024 zurück.", "de")
    assert continues_sentence("Es waren ca.", "zehn Leute.", "de")
    assert continues_sentence("Er sagte „Wir gehen am 3.", "„und kommen am 4.“ zurück", "de")
    # a sentence that ends in a number, then a sentence that starts with a name
    assert not continues_sentence("Er wurde 1990 geboren, im Jahr 1990.", "Jan Müller kam.", "de")
    assert not continues_sentence("Das Spiel endete 3:2.", "Oktober war kalt.", "de")
    assert not continues_sentence("Es endet am 31", "Oktober kommt.", "de")
    # the German rules are for German text: "I am 30." ends an English sentence
    assert continues_sentence("Ich bin am 30.", "Mai da.", "de")
    assert not continues_sentence("I am 30.", "May I go?", "en")
    assert continues_sentence("It was ca.", "ten people.", "en")
    # Thai ends no sentence with a period: "ตร." (police) is an abbreviation
    assert continues_sentence("เจ้าหน้าที่ ตร.", "ได้เข้าตรวจสอบ", "th")
    assert not continues_sentence("Er kam.", "Sie ging.", "de")


def test_german_abbreviations_and_ordinals_outside_dates() -> None:
    text = (
        "Dr. Müller hat u.a. die Ergebnisse vorgestellt. Der 2. Platz ging an Bern. "
        "Die Wahl fand am 31. Oktober statt, den 3. März 2024 gab es keine."
    )
    units, _ = analyse_text(text, "de")
    assert [u.text for u in units] == [
        "Dr. Müller hat u.a. die Ergebnisse vorgestellt.",
        "Der 2. Platz ging an Bern.",
        "Die Wahl fand am 31. Oktober statt, den 3. März 2024 gab es keine.",
    ]
