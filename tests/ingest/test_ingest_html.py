"""HTML pages: main text without navigation or footer, and the metadata the page declares."""

from __future__ import annotations

from pathlib import Path

from storytrace.errors import InputError
from storytrace.ingest import read_file
from storytrace.model import RawDocument

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Russia accuses US of helping Daesh | Example News</title>
<meta property="og:title" content="Russia accuses US of helping Daesh">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2017-10-05T09:30:00Z">
<link rel="canonical" href="https://www.example-news.com/world/2017/10/05/russia-accuses-us">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe now</a></li>
</ul></nav></header>
<main><article>
<h1>Russia accuses US of helping Daesh</h1>
<p class="byline">By Jane Doe</p>
<p>MOSCOW (Reuters) - Russia's Defence Ministry said on Wednesday that the United States was
the main obstacle to the defeat of Islamic State in Syria, accusing Washington of flirting
with the militants.</p>
<p>Major General Igor Konashenkov, a ministry spokesman, said Islamic State fighters had
launched an attack from an area near the Jordanian border where the U.S. military has a
base.</p>
<p>"If the United States views such operations as unforeseen coincidences, then the Russian
air force is prepared to begin the complete destruction of all such coincidences," he
said.</p>
<p>The U.S.-led coalition did not immediately respond to a request for comment on the
accusation.</p>
</article></main>
<footer><p>Copyright 2017 Example News. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body>
</html>
"""


def _read(path: Path) -> RawDocument:
    [document] = read_file(path)
    assert isinstance(document, RawDocument)
    return document


def test_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    document = _read(path)
    assert document.format == "html"
    assert document.title == "Russia accuses US of helping Daesh"
    assert document.outlet == "Example News"
    assert document.url == "https://www.example-news.com/world/2017/10/05/russia-accuses-us"
    assert document.published == "2017-10-05T09:30:00Z"  # the full time, in UTC
    assert document.language == "en"
    paragraphs = document.text.split("\n\n")
    assert any(p.startswith("MOSCOW (Reuters) - Russia's Defence Ministry") for p in paragraphs)
    assert any(p.startswith("The U.S.-led coalition did not") for p in paragraphs)
    assert len(paragraphs) >= 4
    for boilerplate in ("Home", "Subscribe now", "Privacy policy", "All rights reserved"):
        assert boilerplate not in document.text


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "The U.S.-led coalition", "Коалиция во главе с США заявила, что The U.S.-led coalition"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1251"))
    document = _read(path)
    assert "Коалиция во главе с США" in document.text
    assert document.encoding == "cp1251"


def test_page_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<!doctype html><html><head><title>x</title></head><body></body></html>")
    [error] = read_file(path)
    assert isinstance(error, InputError)
    assert error.reason == "empty_after_cleaning"


def test_a_copyright_year_is_not_a_publication_date(tmp_path: Path) -> None:
    body = "<p>" + "The council met on Monday to vote on the harbour budget again. " * 8 + "</p>"
    page = (
        "<!DOCTYPE html><html><head><title>Budget vote</title></head><body><article>"
        f"{body}</article><footer>Copyright 2024 Harbour Gazette</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (document,) = read_file(path)
    assert isinstance(document, RawDocument)
    assert document.published is None
    dated = tmp_path / "dated.html"
    dated.write_text(
        page.replace(
            "<head>", '<head><meta property="article:published_time" content="2023-05-04">'
        ),
        encoding="utf-8",
    )
    (document,) = read_file(dated)
    assert isinstance(document, RawDocument) and document.published == "2023-05-04"


def test_the_http_charset_wins_over_a_wrong_meta_declaration() -> None:
    from storytrace.ingest.html import charset_of, read_html

    russian = "Министерство обороны России заявило в среду, что удары продолжаются. " * 6
    page = (
        '<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Заявление</title>'
        f"</head><body><article><p>{russian}</p></article></body></html>"
    ).encode("cp1251")
    assert charset_of("text/html; charset=windows-1251") == "windows-1251"
    assert charset_of("text/html") is None
    document = read_html(page, "page.html", charset_of('text/html; charset="windows-1251"'))
    assert "Министерство обороны" in document.text
