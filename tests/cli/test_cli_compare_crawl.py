"""`storytrace compare` on a crawl: the records that are not articles (robots.txt, images,
redirects, error pages, stubs, link farms) are counted in one line, not listed one by
one, and do not make the exit status 1 when two articles were compared."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import SEEDS
from storytrace.cli import main
from storytrace.compare import describe_record_tally, load_inputs

TALLY = (
    "storytrace: skipped 6 non-article records of crawls: 2 not HTML, 1 error status, "
    "1 link list or no sentences, 1 redirected, 1 too short "
    "(the --json and --html reports list them)"
)
OFFERS = "".join(
    f"<li><a href='/go/{number}'>{name} bonus code {number}</a></li>"
    for number, name in enumerate(["Casino Royal", "Lucky Spin", "Mega Slots", "Jackpot City"] * 5)
)


def page(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def article_page(title: str, seed: Path) -> bytes:
    text = seed.read_text(encoding="utf-8")
    paragraphs = (block.strip() for block in text.split("\n\n"))
    return page(title, "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if len(p) > 80))


def write_crawl(path: Path) -> Path:
    """Two news pages among the records a real crawl also holds."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(uri: str, status: str, content_type: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    response("https://a.example/robots.txt", "200 OK", "text/plain", b"User-agent: *\n")
    response("https://a.example/moscow", "200 OK", "text/html", article_page("One", SEEDS[0]))
    response("https://a.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0")
    response("https://a.example/old", "301 Moved Permanently", "text/html", b"")
    response("https://a.example/gone", "404 Not Found", "text/html", page("Gone", ""))
    response("https://b.example/daesh", "200 OK", "text/html", article_page("Two", SEEDS[1]))
    response("https://b.example/stub", "200 OK", "text/html", page("Stub", "<p>Page moved.</p>"))
    response(
        "https://c.example/offers", "200 OK", "text/html", page("Offers", f"<ul>{OFFERS}</ul>")
    )
    path.write_bytes(out.getvalue())
    return path


def test_compare_on_a_crawl_counts_its_non_article_records_in_one_line(tmp_path: Path) -> None:
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    result = CliRunner().invoke(main, ["compare", str(crawl), "--json", "-"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [TALLY]
    report = json.loads(result.stdout)
    urls = [article["url"] for article in report["articles"]]
    assert urls == ["https://a.example/moscow", "https://b.example/daesh"]
    assert len(report["rejected"]) == 6  # the full list stays in the reports


def test_a_named_input_is_still_reported_on_its_own(tmp_path: Path) -> None:
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    missing = tmp_path / "missing.html"
    loaded = load_inputs([crawl, missing])
    assert [(error.source, error.reason) for error in loaded.skipped_inputs] == [
        (str(missing), "missing")
    ]
    assert len(loaded.articles) == 2 and len(loaded.skipped_records) == 6
    assert describe_record_tally(loaded.skipped_records) == TALLY.removeprefix(
        "storytrace: "
    ).removesuffix(" (the --json and --html reports list them)")
