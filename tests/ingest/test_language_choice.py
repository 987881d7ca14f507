"""An article's language comes from its text; what the page declares only breaks ties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_data
from storytrace.clean import clean_document
from storytrace.ingest.html import read_html
from storytrace.ingest.page_metadata import declared_language
from storytrace.nlp.language import choose_language, guess_language, language_tag_code

GERMAN = (
    "Erdöl bildet sich nach Millionen von Jahren aus toten Kleinstlebewesen, die auf den "
    "Meeresgrund absinken und von Sedimenten überdeckt werden. Bereits die Babylonier "
    "kannten Erdöl und asphaltierten damit wichtige Strassen."
)
# Names only: letters enough to classify, but no language's words.
NAMES = (
    "Barack Obama, Angela Merkel, Emmanuel Macron, Justin Trudeau, Shinzo Abe, Xi Jinping, "
    "Vladimir Putin"
)


def _page(lang: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body><article><p>{body}</p></article></body></html>"
    ).encode()


def _language_of(page: bytes, name: str = "page.html") -> str | None:
    return clean_document(read_html(page, name), "a1").language


def test_german_text_under_a_cms_default_english_is_german() -> None:
    assert _language_of(_page("en", GERMAN)) == "de"


def test_a_two_word_page_keeps_its_declared_spanish() -> None:
    assert _language_of(_page("es", "Noticias importantes")) == "es"


def test_unsure_text_keeps_its_declaration() -> None:
    guess = guess_language(NAMES)
    assert guess is not None and guess.confidence < 0.5  # letters enough, no language
    assert choose_language(NAMES, "fr-FR") == "fr"
    assert choose_language(NAMES, None) is None


def test_sure_text_overrules_any_declaration() -> None:
    assert choose_language(GERMAN, "en_US") == "de"
    assert choose_language(GERMAN, "xx-unknown") == "de"
    assert choose_language(GERMAN, None) == "de"


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en-US", "en"), ("de_DE", "de"), (" ES ", "es"), ("deu", None), ("", None), (None, None)],
)
def test_language_tags_reduce_to_iso_639_1(tag: str | None, code: str | None) -> None:
    assert language_tag_code(tag) == code


def test_og_locale_and_json_ld_are_declarations_when_html_lang_is_absent() -> None:
    og_locale = '<html><head><meta content="de_DE" property="og:locale"></head></html>'
    json_ld = '<html><script type="application/ld+json">{"inLanguage": "es-ES"}</script></html>'
    assert declared_language(og_locale) == "de_DE"
    assert declared_language(json_ld) == "es-ES"
    assert declared_language('<html lang="fr"><meta property="og:locale" content="en_US">') == "fr"
    assert declared_language("<html><p>no declaration</p></html>") is None


def test_checked_languages_of_real_pages() -> None:
    """All 19 newspaper4k pages whose language its maintainers checked come out right
    (also before issue 14: none of them declares a wrong language)."""
    folder = shared_data("realpages") / "newspaper4k"
    checked = {}
    for metadata in sorted((folder / "metadata").glob("*.json")):
        language = json.loads(metadata.read_text(encoding="utf-8")).get("language")
        if language:
            checked[metadata.stem] = language
    assert len(checked) == 19
    found = {
        stem: _language_of((folder / "html" / f"{stem}.html").read_bytes(), stem)
        for stem in checked
    }
    assert found == checked


@pytest.mark.parametrize(
    ("name", "declared", "language"),
    [
        ("befifty.montauk.html", "en", "de"),  # a German travel story under lang="en"
        ("simplyscience.ch.erdoel.html", "en", "de"),  # Swiss German science page
        ("denkanstoos.com.2012.html", "de", "en"),  # an English agenda on a German site
    ],
)
def test_real_pages_whose_declaration_the_text_contradicts(
    name: str, declared: str, language: str
) -> None:
    path: Path = shared_data("realpages") / "trafilatura_cache" / name
    document = read_html(path.read_bytes(), name)
    assert language_tag_code(document.language) == declared
    assert clean_document(document, "a1").language == language
