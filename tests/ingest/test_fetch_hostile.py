"""Hostile HTTP servers: compression bombs and DNS rebinding, against servers on loopback.

Every server here listens on 127.0.0.1 (or 127.0.0.2); names are resolved through a
patched ``socket.getaddrinfo`` (the operating system's resolver, not storytrace's code),
and any other address the code under test tries to reach fails in that resolver, so no
test sends a packet off this machine.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import serving
from storytrace.errors import InputError
from storytrace.ingest.content_encoding import (
    STEP_BYTES,
    content_encodings,
    decoded,
)
from storytrace.ingest.fetch import fetch_url
from storytrace.limits import DEFAULTS
from storytrace.model import RawDocument

FAST = httpx.Timeout(2.0)
PAGE = (
    b"<html><head><title>Dam repaired</title></head><body><article><p>"
    + (b"The dam on the river was repaired in three weeks by a crew of forty. " * 20)
    + b"</p></article></body></html>"
)
# Decoded sizes: each bomb is a few hundred bytes to a few hundred KB on the wire.
BOMB_BYTES = 64 * 1024 * 1024
LIMIT = 1024 * 1024
# Memory a fetch may take while refusing a bomb: the 1 MB limit, the decoder's chunks
# and the test server's copy of the payload, with room to spare; the old code took the
# whole decoded layer (64 MB) at once.
PEAK_BYTES = 12 * 1024 * 1024


def gzip_bytes(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return packer.compress(data) + packer.flush()


def gzip_zeros(size: int) -> bytes:
    """``size`` zero bytes gzipped, without ever holding them all."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """64 MB of zeros, gzipped once (about 64 KB)."""
    return gzip_zeros(BOMB_BYTES)


class Server(ThreadingHTTPServer):
    """Serves ``routes[path] = (headers, body)`` and logs each request with its Host."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), Handler)
        self.routes: dict[str, tuple[dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Host header)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host", "")))
        headers, body = self.server.routes.get(self.path, ({}, b"not found"))
        self.send_response(int(headers.get("status", "200")))
        for name, value in headers.items():
            if name != "status":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving(Server())


def error_of(items: list[RawDocument | InputError]) -> InputError:
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def fetch_measured(url: str, **options: object) -> tuple[list[RawDocument | InputError], int]:
    """The fetch's result and the peak of memory allocated while it ran."""
    tracemalloc.start()
    try:
        result = fetch_url(url, allow_private=True, timeout=FAST, **options)  # type: ignore[arg-type]
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- point 3: stacked Content-Encoding ----------------------------------------------------


def test_a_gzip_bomb_is_too_large_with_little_memory(server: Server, bomb: bytes) -> None:
    html = {"Content-Type": "text/html"}
    server.routes["/once"] = ({**html, "Content-Encoding": "gzip"}, bomb)
    server.routes["/twice"] = ({**html, "Content-Encoding": "gzip, gzip"}, gzip_bytes(bomb))
    for path in ("/once", "/twice"):
        started = time.monotonic()
        items, peak = fetch_measured(f"http://127.0.0.1:{server.port}{path}", max_bytes=LIMIT)
        error = error_of(items)
        assert (error.reason, error.detail) == ("too_large", "over 1,048,576 bytes decoded")
        assert peak < PEAK_BYTES, f"{path}: {peak:,} bytes"
        assert time.monotonic() - started < 5


def test_more_stacked_encodings_than_the_cap_are_refused_unread(
    server: Server, bomb: bytes
) -> None:
    thrice = gzip_bytes(gzip_bytes(bomb))
    assert len(thrice) < 1000  # the audit's case: a few hundred bytes, gigabytes decoded
    server.routes["/thrice"] = (
        {"Content-Type": "text/html", "Content-Encoding": "gzip, gzip, gzip"},
        thrice,
    )
    items, peak = fetch_measured(f"http://127.0.0.1:{server.port}/thrice")
    error = error_of(items)
    assert error.reason == "too_complex"
    assert error.detail == "3 stacked content encodings (gzip, gzip, gzip); at most 2 are decoded"
    assert peak < PEAK_BYTES


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br"])
def test_unknown_encodings_are_refused_with_their_name(server: Server, encoding: str) -> None:
    server.routes["/packed"] = ({"Content-Type": "text/html", "Content-Encoding": encoding}, b"?")
    error = error_of(fetch_url(f"http://127.0.0.1:{server.port}/packed", allow_private=True))
    assert error.reason == "unsupported"
    assert error.detail is not None and error.detail.startswith("content encoding ")
    assert "only gzip and deflate are decoded" in error.detail


def test_corrupt_compressed_data_is_unreadable(server: Server) -> None:
    server.routes["/corrupt"] = (
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        gzip_bytes(PAGE)[:10] + b"\xff" * 50,
    )
    error = error_of(fetch_url(f"http://127.0.0.1:{server.port}/corrupt", allow_private=True))
    assert error.reason == "unreadable"
    assert error.detail is not None and error.detail.startswith("gzip data is corrupt")


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip_bytes),
        ("x-gzip", gzip_bytes),
        ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw, as some servers send it
        ("gzip, deflate", lambda data: zlib.compress(gzip_bytes(data))),
        ("identity", lambda data: data),
    ],
)
def test_ordinary_encodings_still_decode(
    server: Server, encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    server.routes["/page"] = (
        {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding},
        encode(PAGE),
    )
    (document,) = fetch_url(f"http://127.0.0.1:{server.port}/page", allow_private=True)
    assert isinstance(document, RawDocument), document
    assert document.title == "Dam repaired"
    assert "crew of forty" in document.text


@settings(max_examples=60, deadline=None)
@given(
    body=st.binary(max_size=3000) | st.builds(bytes, st.integers(0, 300_000)),
    layers=st.lists(st.sampled_from(["gzip", "deflate"]), max_size=DEFAULTS.content_encodings),
    cuts=st.lists(st.integers(1, 5000), max_size=8),
)
def test_streamed_decoding_gives_the_body_back_in_bounded_steps(
    body: bytes, layers: list[str], cuts: list[int]
) -> None:
    """Invariant: however the wire splits the encoded body, the decoded chunks join to
    the body, and no decoded one is over ``STEP_BYTES``."""
    encoded = body
    for layer in layers:
        encoded = gzip_bytes(encoded) if layer == "gzip" else zlib.compress(encoded)
    chunks, start = [], 0
    for size in cuts:
        chunks.append(encoded[start : start + size])
        start += size
    chunks.append(encoded[start:])
    steps = list(decoded(chunks, content_encodings(", ".join(layers))))
    assert b"".join(steps) == body
    if layers:  # with none, the chunks pass as received
        assert all(len(step) <= STEP_BYTES for step in steps)


# --- point 13: DNS rebinding --------------------------------------------------------------


class Resolver:
    """Stands in for the system resolver: ``answers[name]`` is the list of addresses given
    on the first, second, ... lookup of ``name`` (the last one repeats). A loopback
    address resolves to itself; any other name or address fails to resolve, so nothing
    outside loopback is reached."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int, *args: object, **kwargs: object) -> list[object]:
        self.lookups.append(host)
        if host in self.answers:
            sequence = self.answers[host]
            addresses = sequence[min(self.lookups.count(host), len(sequence)) - 1].split()
        elif host.startswith("127."):
            addresses = [host]
        else:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not reachable from tests")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]


def test_a_name_that_rebinds_to_loopback_sends_nothing_there(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/article"] = ({"Content-Type": "text/html"}, PAGE)
    resolver = Resolver({"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    url = f"http://rebind.example:{server.port}/article"
    error = error_of(fetch_url(url, timeout=FAST))
    assert server.requests == []
    # looked up once, then the connection went to the checked address, not to a new lookup
    assert resolver.lookups.count("rebind.example") == 1
    assert (error.reason, error.source) == ("unreadable", url)
    assert error.detail is not None and error.detail.startswith("cannot connect to 93.184.216.34")


def test_a_redirect_to_a_name_that_rebinds_sends_nothing_there(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """news.example is a public address; the test's resolver routes connections to that
    address to the server on loopback, standing for a server on the internet. It
    redirects to rebind.example, public when checked and loopback afterwards."""
    port = server.port
    server.routes["/start"] = (
        {"status": "302", "Location": f"http://rebind.example:{port}/article"},
        b"",
    )
    server.routes["/article"] = ({"Content-Type": "text/html"}, PAGE)
    resolver = Resolver(
        {
            # a second lookup of news.example (not made once the address is pinned)
            # reaches the same server as the first
            "news.example": ["93.184.216.34", "127.0.0.1"],
            "93.184.216.34": ["127.0.0.1"],
            "rebind.example": ["93.184.216.35", "127.0.0.1"],
        }
    )
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    url = f"http://news.example:{port}/start"
    error = error_of(fetch_url(url, timeout=FAST))
    assert server.requests == [("/start", f"news.example:{port}")]  # the name, as Host
    assert error.reason == "unreadable" and error.detail is not None
    assert error.detail.startswith("cannot connect to 93.184.216.35")
    assert error.detail.endswith(f"(redirect 1: http://rebind.example:{port}/article)")
    assert resolver.lookups.count("news.example") == 1
    assert resolver.lookups.count("rebind.example") == 1


def test_the_next_address_is_tried_when_one_refuses_connections(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/article"] = ({"Content-Type": "text/html"}, PAGE)
    port = server.port
    # nothing listens on 127.0.0.3
    monkeypatch.setattr(socket, "getaddrinfo", Resolver({"dual.example": ["127.0.0.3 127.0.0.1"]}))
    (document,) = fetch_url(f"http://dual.example:{port}/article", allow_private=True)
    assert isinstance(document, RawDocument), document
    assert server.requests == [("/article", f"dual.example:{port}")]


def test_https_checks_the_certificate_against_the_name_not_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the checked address, the TLS server name stays the URL's."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-nodes", "-days", "1", "-subj", "/CN=news.example"]
    command += [
        "-addext",
        "subjectAltName=DNS:news.example",
        "-keyout",
        str(key),
        "-out",
        str(cert),
    ]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    secure = Server()
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    secure.socket = server_side.wrap_socket(secure.socket, server_side=True)
    secure.routes["/article"] = ({"Content-Type": "text/html"}, PAGE)
    resolver = Resolver({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    trusting = ssl.create_default_context(cafile=str(cert))
    with httpx.Client(verify=trusting, trust_env=False) as client:
        for running in serving(secure):
            port = running.port
            (document,) = fetch_url(
                f"https://news.example:{port}/article", allow_private=True, client=client
            )
            assert isinstance(document, RawDocument), document
            other = error_of(
                fetch_url(
                    f"https://other.example:{port}/article", allow_private=True, client=client
                )
            )
    assert secure.requests == [("/article", f"news.example:{port}")]
    assert other.reason == "unreadable" and other.detail is not None
    assert other.detail.startswith("cannot connect to 127.0.0.1")
    assert "other.example" in other.detail  # the certificate was checked for the name
