"""parse_dateline: agency, date and dash-only datelines; ordinary openings are left alone."""

from __future__ import annotations

import pytest

from storytrace.clean import parse_dateline


@pytest.mark.parametrize(
    ("text", "place", "date", "agency", "opening"),
    [
        ("Moscow (GPA) – The Russian Ministry", "Moscow", None, "GPA", "Moscow (GPA) – "),
        (
            "Moscow, October 5 (RHC)-- Russia has accused",
            "Moscow",
            "October 5",
            "RHC",
            "Moscow, October 5 (RHC)-- ",
        ),
        (
            "WASHINGTON (Reuters) - The U.S.",
            "WASHINGTON",
            None,
            "Reuters",
            "WASHINGTON (Reuters) - ",
        ),
        (
            "MOSCOW, Oct 5 (Reuters) - Russia said",
            "MOSCOW",
            "Oct 5",
            "Reuters",
            "MOSCOW, Oct 5 (Reuters) - ",
        ),
        ("WASHINGTON — Michael Steele, chairman", "WASHINGTON", None, None, "WASHINGTON — "),
        (
            "PARIS, Oct. 5, 2017 (AFP) - France",
            "PARIS",
            "Oct. 5, 2017",
            "AFP",
            "PARIS, Oct. 5, 2017 (AFP) - ",
        ),
        ("TRENTON, N.J. (AP) — Was that", "TRENTON, N.J.", None, "AP", "TRENTON, N.J. (AP) — "),
        ("KANSAS CITY, Mo. — Leaders of", "KANSAS CITY, Mo.", None, None, "KANSAS CITY, Mo. — "),
        ("WASHINGTON -- The Senate GOP", "WASHINGTON", None, None, "WASHINGTON -- "),
        ("WASHINGTON—Joining a chorus", "WASHINGTON", None, None, "WASHINGTON—"),
        (
            "Rio de Janeiro, 5 October 2017 (AFP) - Police",
            "Rio de Janeiro",
            "5 October 2017",
            "AFP",
            "Rio de Janeiro, 5 October 2017 (AFP) - ",
        ),
    ],
)
def test_datelines(
    text: str, place: str, date: str | None, agency: str | None, opening: str
) -> None:
    dateline = parse_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == (place, date, agency)
    assert dateline.start == 0
    assert text[dateline.start : dateline.end] == opening


@pytest.mark.parametrize(
    "text",
    [
        "Russia has accused the U.S. forces of providing intelligence to the Daesh terrorists.",
        "The Russian Ministry of Defense (MoD) says the war in Syria is still dragging on.",
        "Russia – the country that backs Damascus – has accused the US.",
        "Mehmet Oz — Ivy League-trained surgeon and daytime TV star — said",
        "AFL-CIO to endorse Clinton.",
        "EXCLUSIVE – Roger Stone: Don't Trust the Voting Machines.",
        "Konashenkov's comments came as a response to a recent offensive.",
        "U.S. officials said on Wednesday that - despite the claims - nothing changed.",
        "",
    ],
)
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None
