"""URLs: a server started here on 127.0.0.1 serves pages, feeds, redirects and failures.

No test reaches any other address: names other than ``localhost`` are resolved through a
patched ``getaddrinfo``, and refused addresses are refused before any connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address

import httpx
import pytest

from conftest import serving
from storytrace.errors import InputError
from storytrace.ingest import fetch
from storytrace.ingest.fetch import fetch_url
from storytrace.model import RawDocument

ARTICLE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves budget</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Council approves budget</h1>
<p>The city council approved next year's budget late on Monday after a debate that ran
for more than six hours.</p>
<p>Councillors voted fourteen to nine in favour of the plan, which raises spending on road
repairs and cuts the grant to the museum.</p>
</article></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Times</title>
<item><title>One</title><link>https://www.valley-times.example/one</link>
<description>First item text.</description></item>
<item><title>Two</title><link>https://www.valley-times.example/two</link>
<description>Second item text.</description></item></channel></rss>"""

FAST = httpx.Timeout(2.0)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.user_agents: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        route = self.path.strip("/").split("/")
        if route[0] == "article":
            self.reply(200, "text/html; charset=utf-8", ARTICLE)
        elif route[0] == "feed":
            self.reply(200, "application/rss+xml", FEED)
        elif route[0] == "feed-as-html":
            self.reply(200, "text/html", FEED)
        elif route[0] == "text":
            self.reply(200, "text/plain; charset=utf-8", b"Plain words.\n\nSecond.")
        elif route[0] == "image":
            self.reply(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
        elif route[0] == "hop":  # /hop/N redirects N more times, then to the article
            left = int(route[1])
            target = f"/hop/{left - 1}" if left > 1 else "/article"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route[0] == "big":
            self.reply(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
        elif route[0] == "big-unsized":  # no Content-Length: only counting stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000 + b"</p>")
            self.close_connection = True
        elif route[0] == "drip":  # each byte well within the read timeout, all of them not
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"word ")
                self.wfile.flush()
                time.sleep(0.05)
            self.close_connection = True
        elif route[0] == "slow":
            time.sleep(1.0)
            self.reply(200, "text/html", ARTICLE)
        elif route[0] == "fail":
            self.reply(500, "text/plain", b"boom")
        else:
            self.reply(404, "text/plain", b"not found")

    def reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving(Server())


def only(items: list[RawDocument | InputError]) -> RawDocument | InputError:
    assert len(items) == 1, items
    return items[0]


def error_of(items: list[RawDocument | InputError]) -> InputError:
    item = only(items)
    assert isinstance(item, InputError), item
    return item


def test_html_page(server: Server) -> None:
    url = f"{server.base}/article"
    document = only(fetch_url(url, allow_private=True, timeout=FAST))
    assert isinstance(document, RawDocument)
    assert document.source == url and document.url == url
    assert document.title == "Council approves budget"
    assert "fourteen to nine" in document.text
    assert document.record_id is None
    assert server.user_agents == [fetch.USER_AGENT]
    assert fetch.USER_AGENT.startswith("storytrace/")


def test_feed_gives_its_items_without_fetching_their_links(server: Server) -> None:
    for path in ("/feed", "/feed-as-html"):
        items = fetch_url(server.base + path, allow_private=True, timeout=FAST)
        assert [item.text for item in items if isinstance(item, RawDocument)] == [
            "First item text.",
            "Second item text.",
        ]
        assert items[0].source == f"{server.base}{path}#https://www.valley-times.example/one"
    assert server.requests == ["/feed", "/feed-as-html"]


def test_plain_text_and_other_content_types(server: Server) -> None:
    text = only(fetch_url(f"{server.base}/text", allow_private=True, timeout=FAST))
    assert isinstance(text, RawDocument)
    assert (text.text, text.format, text.url) == ("Plain words.\n\nSecond.", "text", text.source)
    image = error_of(fetch_url(f"{server.base}/image", allow_private=True, timeout=FAST))
    assert (image.reason, image.detail) == ("not_article", "content type image/png")


def test_redirects_are_followed_up_to_the_cap(server: Server) -> None:
    document = only(fetch_url(f"{server.base}/hop/2", allow_private=True, timeout=FAST))
    assert isinstance(document, RawDocument)
    assert document.source == f"{server.base}/article"
    error = error_of(fetch_url(f"{server.base}/hop/6", allow_private=True, timeout=FAST))
    assert (error.reason, error.detail) == ("unreadable", "more than 5 redirects")
    assert error.source == f"{server.base}/hop/6"
    assert len(server.requests) == 3 + 6  # the over-long chain stops at the cap
    one = error_of(
        fetch_url(f"{server.base}/hop/2", allow_private=True, timeout=FAST, max_redirects=1)
    )
    assert one.detail == "more than 1 redirects"


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_oversize_response_is_too_large(server: Server, path: str) -> None:
    url = server.base + path
    error = error_of(fetch_url(url, allow_private=True, timeout=FAST, max_bytes=1000))
    assert (error.reason, error.source) == ("too_large", url)
    assert error.detail == "over 1,000 bytes"


def test_server_error_slow_response_deadline_and_closed_port(server: Server) -> None:
    failed = error_of(fetch_url(f"{server.base}/fail", allow_private=True, timeout=FAST))
    assert (failed.reason, failed.detail) == ("unreadable", "HTTP status 500 Internal Server Error")
    slow = error_of(
        fetch_url(f"{server.base}/slow", allow_private=True, timeout=httpx.Timeout(0.3))
    )
    assert slow.reason == "unreadable" and slow.detail == "timed out (ReadTimeout)"
    drip = error_of(
        fetch_url(f"{server.base}/drip", allow_private=True, timeout=FAST, deadline_s=0.3)
    )
    assert drip.reason == "unreadable" and drip.detail == "no whole response within 0.3 s"
    closed = error_of(fetch_url(f"http://127.0.0.1:{free_port()}/", allow_private=True))
    assert closed.reason == "unreadable" and closed.detail is not None
    assert closed.detail.startswith("cannot connect")


def test_private_addresses_are_refused_before_any_request(server: Server) -> None:
    port = server.server_address[1]
    for url in (
        f"{server.base}/article",
        f"{server.base}/hop/2",
        f"http://localhost:{port}/article",
        f"http://LOCALHOST:{port}/article",
        f"http://news.localhost:{port}/article",
        f"http://[::1]:{port}/article",
        f"http://[::ffff:127.0.0.1]:{port}/article",
        f"http://0.0.0.0:{port}/article",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://224.0.0.1/",
    ):
        error = error_of(fetch_url(url, timeout=FAST))
        assert (error.reason, error.source) == ("refused", url)
    assert server.requests == []


def test_every_redirect_hop_is_checked_again(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = f"{server.base}/hop/2"
    check = fetch._check_url

    def first_hop_allowed(url: str, allow_private: bool) -> object:
        return check(url, allow_private or url == start)

    monkeypatch.setattr(fetch, "_check_url", first_hop_allowed)
    error = error_of(fetch_url(start, timeout=FAST))
    assert (error.reason, error.source) == ("refused", start)
    assert error.detail == (
        f"127.0.0.1 is 127.0.0.1, a loopback address (redirect 1: {server.base}/hop/1)"
    )
    assert server.requests == ["/hop/2"]


def test_names_are_checked_by_every_address_they_resolve_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = {
        "intranet.example": ["93.184.216.34", "192.168.1.10"],
        "sneaky.example": ["fd00::1"],
    }

    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list[object]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port),
            )
            for a in answers[host]
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    mixed = error_of(fetch_url("https://intranet.example/news"))
    assert mixed.reason == "refused"
    assert mixed.detail == "intranet.example is 192.168.1.10, a private address"
    assert error_of(fetch_url("http://sneaky.example/")).reason == "refused"
    unknown = error_of(fetch_url("http://no-such-host.example/"))
    assert unknown.reason == "unreadable" and unknown.detail is not None
    assert unknown.detail.startswith("DNS lookup of no-such-host.example failed")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-global"),
        ("93.184.216.34", None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
    ],
)
def test_address_classification(address: str, problem: str | None) -> None:
    assert fetch._address_problem(ip_address(address)) == problem


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/file.txt", "file:///etc/passwd", "mailto:desk@example.com"]
)
def test_only_http_and_https(url: str) -> None:
    error = error_of(fetch_url(url, allow_private=True))
    assert (error.reason, error.source) == ("unsupported", url)


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_bytes >= 1"):
        fetch_url("http://127.0.0.1/", max_bytes=0)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
