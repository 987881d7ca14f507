"""Boilerplate rules: each fires on what scrapers leave and not on ordinary prose."""

from __future__ import annotations

import pytest

from storytrace.clean.boilerplate import boilerplate_kind, drop_boilerplate
from storytrace.clean.lines import Line

PROSE = [
    "Russia has accused the U.S. forces of providing intelligence to the Daesh terrorists.",
    "The photo was first posted on Wikimedia Commons by a soldier.",
    "Photos by the Russian ministry appeared to show US forces inside Daesh territory.",
    "Read the statement in full on the ministry's website, officials said.",
    "More than 100 people were killed in the attack, according to the monitor.",
    "He urged his followers to subscribe to the channel, which has 2 million viewers.",
    "Copyright law was not at issue, the court said.",
    "the route between the two cities is far from lawless, guarded by outposts",
    "Share prices fell sharply on Wednesday after the announcement.",
    "Follow-up talks are planned for next week in Geneva.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert boilerplate_kind(line) is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("isis united states US daesh us support for terrorists", "tags"),
        ("Tags: Syria, Russia, Daesh, United States", "tags"),
        ("Keywords: war; terrorism", "tags"),
        (
            "By U.S. Army (http://archive.is/lNIJe) [Public domain], via Wikimedia Commons",
            "image_credit",
        ),
        ("Photo: Reuters/Omar Sanadiki", "image_credit"),
        ("(Photo by Chip Somodevilla/Getty Images)", "image_credit"),
        ("Image credit: Sputnik", "image_credit"),
        ("Photo credit: AFP", "image_credit"),
        ("President Trump speaks in Ohio. (AP Photo/Evan Vucci)", "image_credit"),
        ("Related: Map: ISIS Empire Shrinks By 70 Percent In Syria Since Start Of 2017", "related"),
        ("Read more: Russia threatens retaliation", "related"),
        ("READ MORE", "related"),
        ("See also", "related"),
        ("Also read: Syria talks stall", "related"),
        ("Share this article", "share"),
        ("Share Tweet Email", "share"),
        ("Follow Pam Key on Twitter @pamkeyNEN.", "share"),
        ("Sign up for our daily newsletter", "share"),
        ("Subscribe to our YouTube channel", "share"),
        ("Click here to read the full report", "share"),
        ("© 2017 Radio Habana Cuba", "copyright"),
        ("Copyright 2017 Example News. All rights reserved.", "copyright"),
        ("https://www.radiohc.cu/index.php/en/noticias", "url"),
        ("<https://example.org/a>", "url"),
        ("Source: https://example.org/a", "url"),
    ],
)
def test_boilerplate_lines(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


def test_wrapped_prose_line_is_not_a_tag_line() -> None:
    previous = "Konashenkov said the attack had been launched from an area where the"
    line = "us military mission present near jordanian border crossing"
    assert boilerplate_kind(line, previous) is None
    assert boilerplate_kind(line, "The attack was launched last week.") == "tags"


def test_wrapped_prose_split_into_paragraphs_is_not_a_tag_line() -> None:
    # Extracted pages often give each wrapped line of prose a paragraph of its own; the
    # line before a candidate tag line is the one before it in the text.
    texts = [
        "Python 3 refused to accept bytes for hostnames, and the",
        "standard library functionality to abstract the differences between Python",
        "The release followed in March.",
        "isis united states US daesh us support for terrorists",
    ]
    wrapped = [[Line(2 * n, text, text)] for n, text in enumerate(texts)]
    kept, removed = drop_boilerplate(wrapped)
    assert [line.text for line in removed] == [wrapped[3][0].text]
    assert len(kept) == 3


def test_a_capitalised_line_of_words_is_no_tag_line() -> None:
    # headlines and subheadings look like keywords; on real pages a case-blind rule drops
    # them far more often than tag lines (benchmarks/rule_firings.py)
    assert boilerplate_kind("Historic Climate Change Agreement Adopted In Paris", "Done.") is None
