"""clean_document: titles, outlets, URLs, language, whitespace and empty results."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.clean import clean_document
from storytrace.errors import InputError
from storytrace.ingest import read_file
from storytrace.limits import DEFAULTS
from storytrace.model import Article, RawDocument

BODY = (
    "Russia has accused the U.S. forces of providing intelligence to the Daesh terrorists in "
    "eastern Syria, saying Washington is clearly flirting with the group."
)
MORE = "Major General Igor Konashenkov said the attacks came from an area near the border."


def _clean(text: str, **declared: str) -> Article:
    document = RawDocument(source="t.txt", text=text, format="text", **declared)
    return clean_document(document, "a7")


def test_id_source_and_paragraphs() -> None:
    article = _clean(f"  {BODY}  \n\n\n\n{MORE}\n")
    assert article.id == "a7"
    assert article.source == "t.txt"
    assert article.text == f"{BODY}\n\n{MORE}"


def test_spaces_collapse_and_lines_inside_a_paragraph_stay() -> None:
    article = _clean(
        "Russia\u00a0has   accused\tthe U.S.\u200b of\nproviding intelligence.\r\n\r\nMore."
    )
    assert article.text == "Russia has accused the U.S. of\nproviding intelligence.\n\nMore."


def test_plain_first_line_can_be_a_title() -> None:
    article = _clean(f"Russia Accuses U.S. of Flirting With Daesh\n\n{BODY}\n\n{MORE}")
    assert article.title == "Russia Accuses U.S. of Flirting With Daesh"
    assert article.text == f"{BODY}\n\n{MORE}"
    assert article.removed == ("Russia Accuses U.S. of Flirting With Daesh",)


@pytest.mark.parametrize(
    "first",
    [
        "Moscow (GPA) – The Russian Ministry of Defense says the war goes on",
        "Russia has accused the US of supporting terrorists in Syria.",
        "Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’",
    ],
)
def test_sentences_and_datelines_are_not_titles(first: str) -> None:
    article = _clean(f"{first}\n\n{BODY}")
    assert article.title is None
    assert article.text.startswith(first)


def test_declared_title_wins_and_its_repeat_leaves_the_text() -> None:
    article = _clean(f"# Another Heading\n\n{BODY}", title="The *Declared* Title")
    assert article.title == "The Declared Title"
    assert article.text == BODY
    repeated = _clean(f"The Declared Title\n\n{BODY}", title="The Declared Title")
    assert repeated.text == BODY
    other = _clean(f"A Different First Line\n\n{BODY}", title="The Declared Title")
    assert other.text.startswith("A Different First Line")


def test_declared_outlet_beats_a_text_line() -> None:
    # issue 14: what the input declares wins; a line of the text is the last resort
    article = _clean(f"{BODY}\n\n{MORE}\n\n**Radio Habana Cuba**", outlet="RHC English")
    assert article.outlet == "RHC English"
    assert article.basis_of("outlet") == "declared: text outlet"
    assert article.text == f"{BODY}\n\n{MORE}"


def test_outlet_falls_back_to_declared_then_url_host_then_agency() -> None:
    assert _clean(BODY, outlet="Press TV").outlet == "Press TV"
    assert _clean(BODY, url="https://www.presstv.ir/Detail/2017").outlet == "presstv.ir"
    assert _clean(f"{BODY}\n\nhttps://www.radiohc.cu/en/1").outlet == "radiohc.cu"
    assert _clean(f"MOSCOW (Reuters) - {BODY}").outlet == "Reuters"
    assert _clean(BODY).outlet is None


def test_leading_outlet_line_before_a_heading() -> None:
    article = _clean(f"Radio Habana Cuba\n\n# Russia Accuses U.S.\n\n{BODY}")
    assert (article.outlet, article.title, article.text) == (
        "Radio Habana Cuba",
        "Russia Accuses U.S.",
        BODY,
    )


def test_source_label_lines_at_the_end() -> None:
    article = _clean(f"{BODY}\n\nSource: Press TV\n\nSource: https://www.presstv.ir/x")
    assert article.outlet == "Press TV"
    assert article.url == "https://www.presstv.ir/x"
    assert article.text == BODY


def test_declared_url_wins_over_a_url_line() -> None:
    article = _clean(f"{BODY}\n\n<https://mirror.example/copy>", url="https://origin.example/a")
    assert article.url == "https://origin.example/a"
    assert "mirror" not in article.text


def test_last_prose_paragraph_is_not_an_outlet() -> None:
    article = _clean(f"{BODY}\n\nHe said nothing more.")
    assert article.outlet is None
    assert article.text.endswith("He said nothing more.")


def test_language_detected_and_declared_only_breaks_ties() -> None:
    assert _clean(BODY).language == "en"
    assert _clean(BODY, language="en-GB").language == "en"
    assert _clean(BODY, language="fr").language == "en"  # the text overrules a declaration
    assert _clean("Konashenkov.", language="fr").language == "fr"  # too short to overrule
    russian = "Министерство обороны России заявило, что война в Сирии продолжается из-за США."
    assert _clean(russian).language == "ru"


def test_published_is_passed_through() -> None:
    assert _clean(BODY, published="2017-10-05").published == "2017-10-05"


def test_only_boilerplate_is_empty_after_cleaning() -> None:
    with pytest.raises(InputError) as caught:
        _clean("Related: Russia Threatens Retaliation\n\nhttps://example.org/a\n")
    assert caught.value.reason == "empty_after_cleaning"
    assert caught.value.source == "t.txt"


def test_file_of_boilerplate_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "teaser.txt"
    path.write_text("Related: Map: ISIS Empire Shrinks\n\n<https://example.org/map>\n")
    [document] = read_file(path)
    assert isinstance(document, RawDocument)
    with pytest.raises(InputError) as caught:
        clean_document(document, "a1")
    assert (caught.value.source, caught.value.reason) == (str(path), "empty_after_cleaning")


def test_removed_lines_are_kept_in_reading_order() -> None:
    article = _clean(
        f"# Title Here\n\n{BODY}\nPhoto: Reuters\n\nRelated: Other story\n\n{MORE}\n\n"
        "Share this article\n\nhttps://example.org/a"
    )
    assert article.removed == (
        "# Title Here",
        "Photo: Reuters",
        "Related: Other story",
        "Share this article",
        "https://example.org/a",
    )
    assert article.text == f"{BODY}\n\n{MORE}"


def test_text_longer_than_any_article_is_refused_with_its_size() -> None:
    paragraph = "The council met again on Monday and voted on the budget once more. " * 20
    text = "\n\n".join([paragraph] * (DEFAULTS.article_chars // len(paragraph) + 2))
    with pytest.raises(InputError) as caught:
        clean_document(RawDocument("big.txt", text, "text"), "a1")
    assert caught.value.reason == "too_large"
    assert "big.txt" in str(caught.value) and "limit" in str(caught.value)
