"""WARC crawls: one document per HTML response, a reason for every other response record,
and what could be read of a damaged file followed by one "unreadable" error."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.clean.metadata import outlet_from_url
from storytrace.errors import InputError
from storytrace.ingest.warc import WarcPayload, read_warc, warc_payloads
from storytrace.limits import DEFAULTS, using
from storytrace.model import RawDocument

CRAWL_DATE = "2024-03-05T10:11:12Z"

ARTICLES = [
    {
        "uri": "https://www.harbour-gazette.example/news/2024/03/05/ferry-strike",
        "title": "Ferry workers strike over pay",
        "paragraphs": [
            "Ferry crews across the northern islands walked out on Tuesday morning, "
            "stranding hundreds of commuters on both sides of the sound.",
            "The union said talks with the operator had broken down after the company "
            "refused to raise its offer of a three percent pay increase.",
            "A spokeswoman for the operator said contingency timetables would run from "
            "Wednesday and urged passengers to check the website before travelling.",
        ],
        # this page declares its own address and date; the others leave them to the WARC
        "head": '<link rel="canonical" href="https://www.harbour-gazette.example/ferry-strike">\n'
        '<meta property="article:published_time" content="2024-03-04T18:00:00Z">',
    },
    {
        "uri": "https://www.valley-times.example/politics/council-budget",
        "title": "Council approves budget after long debate",
        "paragraphs": [
            "The city council approved next year's budget late on Monday after a debate "
            "that ran for more than six hours.",
            "Councillors voted fourteen to nine in favour of the plan, which raises "
            "spending on road repairs and cuts the grant to the museum.",
            "The mayor said the budget was balanced and fair, while opposition members "
            "called the museum cut short-sighted.",
        ],
        "head": "",
    },
    {
        "uri": "https://www.coastal-herald.example/science/seabird-count",
        "title": "Seabird numbers recover on the cliffs",
        "paragraphs": [
            "Volunteers counting nesting seabirds on the western cliffs recorded the "
            "highest numbers in a decade this spring.",
            "Puffin burrows were up by a fifth on last year, and guillemots returned to "
            "ledges that had stood empty since the storms.",
            "Researchers credited a ban on sand eel fishing for the recovery, though "
            "they warned that one good year did not make a trend.",
        ],
        "head": "",
    },
]

CYRILLIC = {
    "uri": "https://www.novosti.example/2024/03/05/most",
    "title": "Новый мост открыт для движения",
    "paragraphs": [
        "Новый мост через реку открыли для движения во вторник утром после трёх лет "
        "строительства и многочисленных задержек.",
        "Мэр города заявил, что мост сократит время в пути для тысяч жителей и разгрузит "
        "старую переправу в центре.",
        "Первые автомобили проехали по мосту под аплодисменты собравшихся на берегу людей.",
    ],
}


def page(title: str, paragraphs: list[str], head: str = "", charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>{title}</title>
{head}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
{body}
</article></main>
<footer><p>All rights reserved.</p></footer>
</body>
</html>
"""


def write_response(
    writer: WARCWriter, uri: str, payload: bytes, content_type: str, status: str = "200 OK"
) -> str:
    """Write a request and its response; returns the response's WARC-Record-ID."""
    request = StatusAndHeaders(
        "GET / HTTP/1.1", [("Host", uri.split("/")[2])], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request)
    )
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": CRAWL_DATE},
    )
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def build_crawl(gzip: bool) -> tuple[bytes, list[str]]:
    """A crawl in the shape of CC-NEWS; returns its bytes and the response record ids."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    ids = []
    for article in ARTICLES:
        html = page(article["title"], article["paragraphs"], article["head"])
        ids.append(
            write_response(writer, article["uri"], html.encode(), "text/html; charset=utf-8")
        )
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    ids.append(
        write_response(writer, "https://www.valley-times.example/logo.png", png, "image/png")
    )
    missing = page("Page not found", ["The page you asked for does not exist."]).encode()
    ids.append(
        write_response(
            writer, "https://www.valley-times.example/gone", missing, "text/html", "404 Not Found"
        )
    )
    cyrillic = page(CYRILLIC["title"], CYRILLIC["paragraphs"], charset="windows-1251")
    ids.append(write_response(writer, CYRILLIC["uri"], cyrillic.encode("cp1251"), "text/html"))
    metadata = writer.create_warc_record(
        CYRILLIC["uri"],
        "metadata",
        payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
        warc_content_type="application/warc-fields",
    )
    writer.write_record(metadata)
    return out.getvalue(), ids


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def crawl(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[str]]:
    gzip = bool(request.param)
    data, ids = build_crawl(gzip)
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data)
    return path, ids


def test_documents_and_reasons_in_record_order(crawl: tuple[Path, list[str]]) -> None:
    path, ids = crawl
    items = list(read_warc(path))
    assert [item.source for item in items] == [f"{path}#{record_id}" for record_id in ids]
    documents = [item for item in items if isinstance(item, RawDocument)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [(error.reason, error.detail) for error in errors] == [
        ("not_article", "content type image/png"),
        ("not_article", "HTTP status 404"),
    ]
    assert len(documents) == 4
    for document, article in zip(documents, [*ARTICLES, CYRILLIC], strict=True):
        assert document.format == "html"
        assert document.title == article["title"]
        # read_html keeps the page's <h1> as the first paragraph
        assert document.text == "\n\n".join([article["title"], *article["paragraphs"]])
        assert document.record_id == document.source.split("#", 1)[1]


def test_url_outlet_and_crawl_date_default_to_the_warc_headers(
    crawl: tuple[Path, list[str]],
) -> None:
    path, _ = crawl
    documents = [item for item in read_warc(path) if isinstance(item, RawDocument)]
    declared, *others = documents
    assert declared.url == "https://www.harbour-gazette.example/ferry-strike"
    assert (declared.published, declared.published_kind) == ("2024-03-04T18:00:00Z", "published")
    assert dict(declared.basis)["published"] == "article:published_time"
    for document, article in zip(others, [*ARTICLES[1:], CYRILLIC], strict=True):
        assert document.url == article["uri"]
        # no date on the page: the crawl time, said to be one, never a publication date
        assert (document.published, document.published_kind) == (CRAWL_DATE, "crawled")
        assert dict(document.basis)["published"] == "WARC-Date"
        assert document.outlet == outlet_from_url(article["uri"])
        assert dict(document.basis)["outlet"] == "WARC target host"


def test_declared_charset_of_an_html_payload_is_honoured(crawl: tuple[Path, list[str]]) -> None:
    path, _ = crawl
    *_, cyrillic = [item for item in read_warc(path) if isinstance(item, RawDocument)]
    assert cyrillic.encoding == "cp1251"
    assert cyrillic.text.split("\n\n")[1].startswith("Новый мост через реку")


def test_oversize_payload_is_too_large(crawl: tuple[Path, list[str]]) -> None:
    path, _ = crawl
    with using(replace(DEFAULTS, warc_payload_bytes=500)):
        reasons = [item.reason for item in read_warc(path) if isinstance(item, InputError)]
    # the article pages pass the limit; the image and the 404 page are refused before reading
    assert reasons == ["too_large"] * 3 + ["not_article", "not_article", "too_large"]


def test_truncated_gzip_gives_the_whole_records_and_one_unreadable(tmp_path: Path) -> None:
    data, _ = build_crawl(gzip=True)
    path = tmp_path / "cut.warc.gz"
    # records: warcinfo, then a request and a response per page; cut into the third page
    path.write_bytes(data[: _offset_of_record(data, 6) + 200])
    items = list(read_warc(path))
    assert [type(item) for item in items] == [RawDocument, RawDocument, InputError]
    last = items[-1]
    assert isinstance(last, InputError) and last.reason == "unreadable"
    assert last.source == str(path)
    assert last.detail is not None and last.detail.startswith("damaged after 6 whole records")


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_every_cut_gives_whole_records_then_one_error(tmp_path: Path, gzip: bool) -> None:
    data, _ = build_crawl(gzip)
    whole = [_key(item) for item in warc_payloads(_write(tmp_path / "whole", data))]
    path = tmp_path / "cut"
    for cut in range(1, len(data), max(1, len(data) // 150)):
        path.write_bytes(data[:cut])
        items = [_key(item) for item in warc_payloads(path)]
        errors = [key for key in items if key[1] in ("unreadable", "empty")]
        read = items[: len(items) - len(errors)]
        # a cut between two records leaves a shorter crawl that is whole; any other cut
        # leaves the records before it, byte for byte, and then one error
        assert read == whole[: len(read)], cut
        assert len(errors) <= 1 and items[len(read) :] == errors, cut


def test_random_bytes_and_empty_files(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.warc", b"")
    assert [(e.reason, e.source) for e in _errors(read_warc(empty))] == [("empty", str(empty))]
    junk = _write(tmp_path / "junk.warc.gz", b"\x1f\x8b\x08\x00 not really gzip at all")
    assert [e.reason for e in _errors(read_warc(junk))] == ["unreadable"]
    text = _write(tmp_path / "text.warc", b"hello, this is not a crawl\n")
    assert [e.reason for e in _errors(read_warc(text))] == ["unreadable"]
    missing = tmp_path / "absent.warc"
    assert [e.reason for e in _errors(read_warc(missing))] == ["missing"]


def test_crawl_without_responses_is_empty(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    path = _write(tmp_path / "info-only.warc.gz", out.getvalue())
    [error] = _errors(read_warc(path))
    assert error.reason == "empty"


def _offset_of_record(data: bytes, index: int) -> int:
    """Byte offset of the gzip member holding record ``index`` (0-based) in ``data``."""
    records = ArchiveIterator(io.BytesIO(data))
    for number, _ in enumerate(records):
        if number == index:
            return int(records.get_record_offset())
    raise AssertionError(f"no record {index}")


def _key(item: WarcPayload | InputError) -> tuple[str, str]:
    """The record named in the item's source, with its payload's digest or its error's reason."""
    record = item.source.partition("#")[2]
    if isinstance(item, WarcPayload):
        return (record, hashlib.sha256(item.data).hexdigest())
    return (record, item.reason)


def _errors(items: Iterator[RawDocument | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
