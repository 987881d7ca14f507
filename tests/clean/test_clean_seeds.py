"""The two seed articles: what cleaning must take out, and the metadata it must find."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.clean import clean_document
from storytrace.ingest import read_file
from storytrace.model import Article, RawDocument

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
RHC_URL = (
    "https://www.radiohc.cu/index.php/en/noticias/internacionales/"
    "143502-russia-accuses-us-of-supporting-and-flirting-with-daesh-in-eastern-syria"
)


def _clean(name: str) -> Article:
    [document] = read_file(SEEDS / name)
    assert isinstance(document, RawDocument)
    return clean_document(document, "a1")


@pytest.fixture(scope="module")
def gpa() -> Article:
    return _clean("000_8572f382c738cd06.txt")


@pytest.fixture(scope="module")
def rhc() -> Article:
    return _clean("001_40f56addfa937b60.txt")


def test_seed_000_dateline(gpa: Article) -> None:
    assert gpa.dateline is not None
    assert (gpa.dateline.place, gpa.dateline.date, gpa.dateline.agency) == ("Moscow", None, "GPA")
    assert gpa.text[gpa.dateline.start : gpa.dateline.end] == "Moscow (GPA) – "
    assert gpa.text.startswith("Moscow (GPA) – The Russian Ministry of Defense")


def test_seed_000_boilerplate_removed_and_audited(gpa: Article) -> None:
    removed_lines = [
        "isis united states US daesh us support for terrorists",
        "By U.S. Army (http://archive.is/lNIJe) [Public domain], via Wikimedia Commons",
        "Related: Map: ISIS Empire Shrinks By 70 Percent In Syria Since Start Of 2017",
        "Related: Russia Threatens Retaliation On US And Their Allies In Syria If Attacked",
    ]
    for line in removed_lines:
        assert line not in gpa.text
        assert line in gpa.removed
    assert "Related:" not in gpa.text
    assert "Wikimedia" not in gpa.text


def test_seed_000_keeps_prose_and_paragraphs(gpa: Article) -> None:
    assert gpa.title is None  # the first paragraph is a dateline sentence, not a headline
    assert "The attack also coincided with another operation by Daesh" in gpa.text
    assert gpa.text.endswith("continue planning offensives.")  # NBSP became a plain space
    assert "\u00a0" not in gpa.text
    assert "\n\n\n" not in gpa.text
    assert len(gpa.text.split("\n\n")) == 8
    assert gpa.language == "en"


def test_seed_001_title_and_metadata(rhc: Article) -> None:
    assert (
        rhc.title == "Russia Accuses U.S. of Supporting and 'Flirting With' Daesh in Eastern Syria"
    )
    assert rhc.outlet == "Radio Habana Cuba"
    assert rhc.url == RHC_URL
    assert rhc.dateline is not None
    assert (rhc.dateline.place, rhc.dateline.date, rhc.dateline.agency) == (
        "Moscow",
        "October 5",
        "RHC",
    )
    assert rhc.text[: rhc.dateline.end] == "Moscow, October 5 (RHC)-- "
    assert rhc.language == "en"


def test_seed_001_text_has_no_decoration_or_metadata(rhc: Article) -> None:
    assert rhc.text.startswith("Moscow, October 5 (RHC)-- Russia has accused")
    assert rhc.text.endswith("broke last month.")
    for leftover in ("radiohc", "Radio Habana Cuba", "---", "#", "*", "<", ">"):
        assert leftover not in rhc.text
    assert "Flirting With' Daesh" not in rhc.text  # the title is not repeated in the text
    assert len(rhc.text.split("\n\n")) == 5


def test_seed_001_audit_trail_in_reading_order(rhc: Article) -> None:
    assert rhc.removed == (
        "# *Russia Accuses U.S. of Supporting and 'Flirting With' Daesh in Eastern Syria*",
        "---",
        "---",
        f"<{RHC_URL}>",
        "**Radio Habana Cuba**",
    )
