"""Property tests: whatever the bytes, every reader returns items and never raises.

Each input file gives at least one item; every item is a ``RawDocument`` or an
``InputError``, and its source names the file it came from.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.errors import InputError
from storytrace.ingest.feeds import read_feed
from storytrace.ingest.sources import iter_inputs
from storytrace.ingest.warc import read_warc
from storytrace.model import RawDocument

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SUFFIXES = [".txt", ".md", ".html", ".jsonl", "", ".xml", ".rss", ".atom", ".warc", ".warc.gz"]
ENCODINGS = ["utf-8", "utf-16", "cp1251", "cp1252", "latin-1", "shift_jis", "koi8-r"]

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>
<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><guid>a</guid><title>One</title>
<description>First &lt;b&gt;item&lt;/b&gt; text.</description></item>
<item><guid>b</guid><title>Two</title><description>Second item text.</description></item>
</channel></rss>"""


def build_warc() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("f.warc", {"software": "tests"}))
    for number in range(2):
        html = PAGE.format(charset="utf-8", title=f"Page {number}", body="Words " * 40)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{number}",
            "response",
            payload=io.BytesIO(html.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return out.getvalue()


WARC = build_warc()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(items: Iterable[object], source: str) -> list[object]:
    """At least one item, each a document or an error, each named after ``source``."""
    found = list(items)
    assert found, f"no item for {source}"
    for item in found:
        assert isinstance(item, RawDocument | InputError), item
        assert item.source.startswith(source), (item.source, source)
    return found


def read_through_sources(path: Path, data: bytes) -> list[object]:
    path.write_bytes(data)
    units = list(iter_inputs([str(path)]))
    assert len(units) == 1
    return check(units[0].items(), str(path))


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_in_any_kind_of_file(folder: Path, data: bytes, suffix: str) -> None:
    read_through_sources(folder / f"random{suffix}", data)


@FUZZ
@given(
    title=st.text(max_size=40),
    body=st.text(min_size=1, max_size=400),
    encoding=st.sampled_from(ENCODINGS),
    cut=st.floats(min_value=0.0, max_value=1.0),
    suffix=st.sampled_from([".html", ""]),
)
def test_truncated_html_in_any_encoding(
    folder: Path, title: str, body: str, encoding: str, cut: float, suffix: str
) -> None:
    page = PAGE.format(charset=encoding, title=title, body=body).encode(encoding, "replace")
    read_through_sources(folder / f"page{suffix}", page[: int(len(page) * cut)])


@FUZZ
@given(
    pieces=st.lists(
        st.tuples(st.text(min_size=1, max_size=80), st.sampled_from(ENCODINGS)), max_size=8
    ),
    suffix=st.sampled_from([".txt", ".md", ""]),
)
def test_mixed_encoding_text(folder: Path, pieces: list[tuple[str, str]], suffix: str) -> None:
    data = b"\n".join(text.encode(encoding, "replace") for text, encoding in pieces)
    read_through_sources(folder / f"mixed{suffix}", data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
ARTICLE_LINES = st.builds(
    lambda text, extra: json.dumps({"text": text, **extra}),
    st.text(),
    st.dictionaries(st.sampled_from(["title", "url", "published"]), JSON_VALUES, max_size=3),
)
JSONL_LINES = st.one_of(
    ARTICLE_LINES,
    JSON_VALUES.map(json.dumps),
    st.text(max_size=60).filter(lambda line: "\n" not in line),
)


@FUZZ
@given(lines=st.lists(JSONL_LINES, max_size=10))
def test_random_jsonl_lines(folder: Path, lines: list[str]) -> None:
    path = folder / "lines.jsonl"
    for item in read_through_sources(path, "\n".join(lines).encode()):
        assert isinstance(item, RawDocument | InputError)
        # the whole file (empty, undecodable) or one of its lines
        assert re.fullmatch(rf"{re.escape(str(path))}(:\d+)?", item.source), item.source


@FUZZ
@given(lines=st.lists(JSONL_LINES, max_size=10))
def test_random_jsonl_on_stdin(lines: list[str]) -> None:
    [unit] = iter_inputs(["-"], stdin=io.StringIO("\n".join(lines)))
    items = list(unit.items())
    assert len(items) == sum(1 for line in "\n".join(lines).split("\n") if line.strip())
    assert all(item.source.startswith("<stdin>:") for item in items)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_read_feed_random_bytes(data: bytes) -> None:
    check(read_feed(data, "random.rss"), "random.rss")


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(FEED)), noise=st.binary(max_size=40))
def test_read_feed_truncated_and_noisy(cut: int, noise: bytes) -> None:
    check(read_feed(FEED[:cut] + noise, "cut.rss"), "cut.rss")


@FUZZ
@given(data=st.binary(max_size=3000), compress=st.booleans())
def test_read_warc_random_bytes(folder: Path, data: bytes, compress: bool) -> None:
    path = folder / "random.warc.gz"
    path.write_bytes(gzip.compress(data) if compress else data)
    check(read_warc(path), str(path))


@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=len(WARC)),
    flips=st.lists(st.integers(min_value=0, max_value=len(WARC) - 1), max_size=3),
)
def test_read_warc_cut_and_corrupted(folder: Path, cut: int, flips: list[int]) -> None:
    data = bytearray(WARC)
    for position in flips:
        data[position] ^= 0xFF
    path = folder / "damaged.warc.gz"
    path.write_bytes(bytes(data[:cut]))
    check(read_warc(path), str(path))
