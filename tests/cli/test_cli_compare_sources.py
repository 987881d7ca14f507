"""`storytrace compare` reads what `ingest` reads: URLs, WARC crawls, feeds, folders, stdin.

A real process each time; the URL is served by a server started here on 127.0.0.1, which
the guarded fetcher refuses unless --allow-private is given.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import SEEDS, serving, storytrace_cli

storytrace = storytrace_cli

CRAWLED_URI = "https://www.rhc.example/news/russia-accuses-us"
FEED_ITEM_LINK = "https://www.valley-times.example/konashenkov"
FEED_ITEM_TEXT = (
    "Russia's Defence Ministry said on Wednesday that American support for Daesh is the main "
    "obstacle to defeating the group in Syria. Its spokesman, Major General Igor Konashenkov, "
    "said the militants had launched an offensive from an area near the Jordanian border where "
    "the US military mission is present. He said the fighters could not have evaded the Syrian "
    "army's outposts without aerial reconnaissance data they are unable to gather themselves. "
    "Washington has repeatedly rejected such accusations."
)


def page(title: str, text: str) -> bytes:
    """A news page with boilerplate around the text's paragraphs."""
    paragraphs = "".join(
        f"<p>{html.escape(paragraph.strip())}</p>"
        for paragraph in text.split("\n\n")
        if len(paragraph.split()) > 12
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><nav>Home | World</nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>All rights reserved</footer></body></html>"
    ).encode()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []

    @property
    def story_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/story.html"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        body = page("Moscow accuses Washington", SEEDS[0].read_text(encoding="utf-8"))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving(Server())


def write_crawl(path: Path) -> Path:
    """A WARC.gz with one HTML response: the second seed as a crawled page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    body = page("Russia accuses U.S. of supporting Daesh", SEEDS[1].read_text(encoding="utf-8"))
    record = writer.create_warc_record(
        CRAWLED_URI, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    path.write_bytes(out.getvalue())
    return path


def write_feed(path: Path) -> Path:
    """An RSS feed with one full-text item."""
    path.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Valley Times</title><link>https://www.valley-times.example/</link>
<item><title>Moscow blames Washington</title><link>{FEED_ITEM_LINK}</link>
<description>{html.escape(FEED_ITEM_TEXT)}</description></item></channel></rss>""",
        encoding="utf-8",
    )
    return path


def test_compare_reads_a_url_a_crawl_and_a_feed(server: Server, tmp_path: Path) -> None:
    crawl = write_crawl(tmp_path / "crawl.warc.gz")
    feed = write_feed(tmp_path / "news.rss")
    result = storytrace("compare", server.story_url, crawl, feed, "--allow-private", "--json", "-")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    articles = json.loads(result.stdout)["articles"]
    assert [article["url"] for article in articles] == [
        server.story_url,
        CRAWLED_URI,
        FEED_ITEM_LINK,
    ]
    assert "Konashenkov" in articles[0]["text"] and "flirting" in articles[1]["text"]
    assert articles[2]["outlet"] == "Valley Times"
    assert server.requests == ["/story.html"]


def test_private_url_is_refused_and_the_rest_still_compared(server: Server, tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_crawl(folder / "crawl.warc.gz")
    record = json.dumps({"text": FEED_ITEM_TEXT, "outlet": "Valley Times"})
    result = storytrace("compare", server.story_url, folder, "-", "--json", "-", stdin=record)
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"storytrace: skipped {server.story_url}: address refused"), line
    assert "use --allow-private" in line and "loopback" in line
    assert server.requests == []  # refused before any request
    articles = json.loads(result.stdout)["articles"]
    assert [article["url"] for article in articles] == [CRAWLED_URI, None]
    assert articles[1]["outlet"] == "Valley Times"


def test_help_names_the_inputs_and_allow_private() -> None:
    result = storytrace("compare", "--help")
    assert result.returncode == 0
    for words in ("URLs", "WARC", "RSS and Atom feeds", "folders", "--allow-private"):
        assert words in result.stdout, words
