"""detect_language: ISO 639-1 codes for article-length text, None when unsure."""

from __future__ import annotations

import pytest

from storytrace.nlp.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia has accused the U.S. forces of providing intelligence to Daesh in Syria.", "en"),
        ("Министерство обороны России заявило, что война в Сирии продолжается.", "ru"),
        ("Le ministère russe de la Défense a déclaré mercredi que la guerre continuait.", "fr"),
        ("Das russische Verteidigungsministerium wirft den Vereinigten Staaten vor.", "de"),
        ("El ministerio ruso de Defensa afirmó el miércoles que la guerra continúa.", "es"),
    ],
)
def test_detects_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12345 !!!", "Konashenkov", "OK"])
def test_too_little_text_is_unknown(text: str) -> None:
    assert detect_language(text) is None
