"""The reader invariant, property-tested for every reader and for ``ingest`` as a whole.

Every input becomes documents or ``InputError`` items whose reason is one of
``storytrace.errors.REASONS``; no other exception escapes. For ``ingest``: every item
read ends stored, quarantined, a duplicate or already there (the counts add up), and the
CLI's exit status means what the README says (0 nothing refused, 1 some quarantined, 2
nothing usable). Random bytes per reader are in ``test_ingest_fuzz.py`` and JSONL lines
in ``test_jsonl_bad_lines.py``; here the inputs are built to be nearly valid.
"""

from __future__ import annotations

import gzip
import io
import json
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.cli import main
from storytrace.errors import REASONS, InputError
from storytrace.ingest.feeds import read_feed
from storytrace.ingest.html import read_html
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.readers import read_file
from storytrace.ingest.sources import iter_inputs
from storytrace.ingest.warc import read_warc
from storytrace.model import RawDocument
from storytrace.store import Store

SMALL = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WORDS = [
    *("council", "mayor", "bridge", "river", "budget", "vote", "school", "teacher"),
    *("hospital", "nurse", "market", "price", "harbour", "ferry", "storm", "rain"),
    *("farmer", "harvest", "court", "judge", "museum", "library", "station", "train"),
]
SENTENCES = st.lists(st.sampled_from(WORDS), min_size=6, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)
PROSE = st.lists(SENTENCES, min_size=1, max_size=8).map(" ".join)
# Text that is sometimes an article and sometimes not: hostile characters, markup, nothing.
ODD_TEXT = st.one_of(
    PROSE,
    st.text(max_size=200),
    st.sampled_from(["", " ", "\x00", "\ud800", "&amp;", "<![CDATA[", "]]>", "[" * 300, "\u202e"]),
)


def known_items(items: Iterable[object]) -> list[RawDocument | InputError]:
    """The items, each checked to be a document or an error with a known reason."""
    found: list[RawDocument | InputError] = []
    for item in items:
        assert isinstance(item, RawDocument | InputError), item
        if isinstance(item, InputError):
            assert item.reason in REASONS, item.reason
            assert item.source, item
        found.append(item)
    return found


def read_html_item(data: bytes, source: str) -> RawDocument | InputError:
    """``read_html`` as an item: it raises its ``InputError`` rather than returning it."""
    try:
        return read_html(data, source)
    except InputError as error:
        return error


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("invariants")


# --- plain text and Markdown --------------------------------------------------------------

MARKDOWN_PIECES = st.sampled_from(
    ["# ", "## Title\n", "[", "](", ")", "![", "<https://", "*", "_", "`", "\n\n", "> ", "- "]
)


@SMALL
@given(
    pieces=st.lists(st.one_of(ODD_TEXT, MARKDOWN_PIECES), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "koi8-r", "utf-8-sig"]),
    cut=st.integers(min_value=0, max_value=3),
    suffix=st.sampled_from([".txt", ".md"]),
)
def test_text_and_markdown_files(
    folder: Path, pieces: list[str], encoding: str, cut: int, suffix: str
) -> None:
    data = "".join(pieces).encode(encoding, "surrogatepass" if "utf" in encoding else "replace")
    path = folder / f"article{suffix}"
    path.write_bytes(data[: len(data) - cut] if cut else data)
    items = known_items(read_file(path))
    assert len(items) == 1 and items[0].source == str(path)


# --- HTML ---------------------------------------------------------------------------------

HTML_PIECES = st.one_of(
    PROSE.map(lambda text: f"<p>{text}</p>"),
    ODD_TEXT,
    st.sampled_from(
        [
            "<div>",
            "</div>",
            "<article>",
            "</article>",
            "<script>",
            "</script>",
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
            '<meta property="og:site_name" content="',
            '<meta charset="koi8-r">',
            '<meta charset="no-such-charset">',
            "<!--",
            "-->",
            "<![CDATA[",
            "&#xD800;",
            "&#99999999;",
            "<title>",
            "<table><tr><td>",
            '"',
            "'",
            ">",
        ]
    ),
)


@SMALL
@given(
    pieces=st.lists(HTML_PIECES, max_size=20),
    doctype=st.booleans(),
    charset=st.sampled_from([None, "utf-8", "latin-1", "utf-16", "bogus"]),
)
def test_html_pages(pieces: list[str], doctype: bool, charset: str | None) -> None:
    page = ("<!DOCTYPE html><html><body>" if doctype else "") + "".join(pieces)
    data = page.encode("utf-8", "surrogatepass")
    item = known_items([read_html_item(data, "page.html")])[0]
    assert item.source == "page.html"


# --- WARC ---------------------------------------------------------------------------------


def warc_bytes(pages: list[str], compress: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for number, body in enumerate(pages):
        html = f"<html><body><article><p>{body}</p></article></body></html>".encode(
            "utf-8", "surrogatepass"
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example/{number}",
                "response",
                payload=io.BytesIO(html),
                http_headers=headers,
            )
        )
    return out.getvalue()


GARBAGE_HEADERS = st.sampled_from(
    [
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -5\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nabc",
        b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
        b"WARC/9.9\r\n\xff\xfe: \x00\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n\r\n\r\n",
    ]
)


@SMALL
@given(
    pages=st.lists(ODD_TEXT, max_size=3),
    compress=st.booleans(),
    cut=st.floats(min_value=0.0, max_value=1.0),
    garbage=st.lists(GARBAGE_HEADERS, max_size=2),
    garbage_first=st.booleans(),
)
def test_warc_files(
    folder: Path,
    pages: list[str],
    compress: bool,
    cut: float,
    garbage: list[bytes],
    garbage_first: bool,
) -> None:
    """Valid records, records cut short (gzip members too), garbage headers before or after."""
    data = warc_bytes(pages, compress)
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    noise = b"".join(gzip.compress(part) if compress else part for part in garbage)
    path = folder / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(noise + data if garbage_first else data + noise)
    items = known_items(read_warc(path))
    assert items, "a WARC file gives at least one item"
    assert all(item.source.startswith(str(path)) for item in items)


# --- RSS and Atom feeds -------------------------------------------------------------------

RSS_ITEM = "<item><guid>{guid}</guid><title>{title}</title><description>{text}</description></item>"
ATOM_ENTRY = "<entry><id>{guid}</id><title>{title}</title><content>{text}</content></entry>"


def feed_bytes(items: list[tuple[str, str]], atom: bool, cut: int) -> bytes:
    template = ATOM_ENTRY if atom else RSS_ITEM
    body = "".join(
        template.format(guid=number, title=title, text=text)
        for number, (title, text) in enumerate(items)
    )
    if atom:
        document = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>{body}</feed>'
    else:
        document = f'<rss version="2.0"><channel><title>G</title>{body}</channel></rss>'
    data = ('<?xml version="1.0"?>' + document).encode("utf-8", "surrogatepass")
    return data[: len(data) - cut] if cut else data


@SMALL
@given(
    items=st.lists(st.tuples(ODD_TEXT, ODD_TEXT), max_size=4),
    atom=st.booleans(),
    cut=st.integers(min_value=0, max_value=60),
)
def test_feeds_valid_and_broken(items: list[tuple[str, str]], atom: bool, cut: int) -> None:
    """Item texts are not escaped, so ``<``, ``&`` and cut-off tags give broken XML."""
    known_items(read_feed(feed_bytes(items, atom, cut), "feed.xml"))


def entity_bomb(levels: int, fan_out: int, external: bool) -> bytes:
    """A feed whose item text is an entity that expands to ``fan_out ** levels`` copies
    (billion laughs), or an external entity naming a local file."""
    lines = ['<!ENTITY e0 "lol lol lol lol lol lol lol lol lol lol ">']
    for level in range(1, levels + 1):
        lines.append(f'<!ENTITY e{level} "{f"&e{level - 1};" * fan_out}">')
    if external:
        lines.append('<!ENTITY x SYSTEM "file:///etc/passwd">')
    use = "&x;" if external else f"&e{levels};"
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(lines) + "]>"
        '<rss version="2.0"><channel><title>Bomb</title>'
        f"<item><guid>1</guid><title>t</title><description>{use}</description></item>"
        "</channel></rss>"
    ).encode()


@settings(max_examples=8, deadline=None)
@given(
    levels=st.integers(min_value=1, max_value=9),
    fan_out=st.integers(min_value=2, max_value=10),
    external=st.booleans(),
)
def test_feed_entities_are_bounded(levels: int, fan_out: int, external: bool) -> None:
    """Today's bound is expat's (it stops amplification past 8 MiB, and feedparser's loose
    parser, which it falls back to, does not expand): seconds and megabytes at worst."""
    data = entity_bomb(levels, fan_out, external)
    started = time.monotonic()
    items = known_items(read_feed(data, "bomb.rss"))
    assert time.monotonic() - started < 5
    for item in items:
        if isinstance(item, RawDocument):
            assert len(item.text) <= MAX_EXPANDED_CHARS, len(item.text)
            assert "root:" not in item.text  # no local file read through an entity


# Above expat's amplification threshold of 8 MiB.
MAX_EXPANDED_CHARS = 10_000_000


def test_feed_entities_are_never_expanded() -> None:
    data = entity_bomb(levels=5, fan_out=10, external=False)
    (refused,) = read_feed(data, "bomb.rss")
    assert isinstance(refused, InputError) and refused.reason == "too_complex", refused


# --- news-please JSON ---------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ODD_TEXT)
NEWSPLEASE_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        "maintext": st.one_of(PROSE, JSON_SCALARS),
        "title": JSON_SCALARS,
        "date_publish": st.one_of(JSON_SCALARS, st.just("2020-02-30 25:61:00")),
        "url": JSON_SCALARS,
        "source_domain": JSON_SCALARS,
        "language": JSON_SCALARS,
    },
)


@SMALL
@given(
    value=st.one_of(
        NEWSPLEASE_OBJECTS,
        st.lists(st.one_of(NEWSPLEASE_OBJECTS, JSON_SCALARS), max_size=4),
        JSON_SCALARS,
    ),
    depth=st.sampled_from([0, 0, 70]),
    cut=st.integers(min_value=0, max_value=5),
)
def test_news_please_files(folder: Path, value: object, depth: int, cut: int) -> None:
    text = "[" * depth + json.dumps(value, allow_nan=True) + "]" * depth
    data = text.encode("utf-8", "surrogatepass")
    path = folder / "article.json"
    path.write_bytes(data[: len(data) - cut] if cut else data)
    items = known_items(read_file(path))
    assert items and all(item.source.startswith(str(path)) for item in items)
    if depth > 64:
        assert [(item.reason, item.detail) for item in items if isinstance(item, InputError)] == [
            ("too_complex", "nested deeper than 64 levels")
        ]


# --- ingest as a whole --------------------------------------------------------------------

FILE_KINDS = st.sampled_from(["txt", "md", "html", "jsonl", "json", "rss"])


def file_bytes(kind: str, texts: list[str]) -> bytes:
    if kind in ("txt", "md"):
        return "\n\n".join(texts).encode("utf-8", "surrogatepass")
    if kind == "html":
        paragraphs = "".join(f"<p>{text}</p>" for text in texts)
        page = f"<html><body><article>{paragraphs}</article></body></html>"
        return page.encode("utf-8", "surrogatepass")
    if kind == "jsonl":
        return "\n".join(json.dumps({"text": text}) for text in texts).encode()
    if kind == "json":
        return json.dumps([{"maintext": text} for text in texts]).encode()
    return feed_bytes([(f"t{n}", text) for n, text in enumerate(texts)], atom=False, cut=0)


INPUT_FILES = st.lists(st.tuples(FILE_KINDS, st.lists(ODD_TEXT, max_size=3)), max_size=5)


def write_folder(root: Path, files: list[tuple[str, list[str]]]) -> Path:
    root.mkdir()
    for number, (kind, texts) in enumerate(files):
        (root / f"input{number}.{kind}").write_bytes(file_bytes(kind, texts))
    return root


@SMALL
@given(files=INPUT_FILES)
def test_ingest_counts_add_up(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, list[str]]]
) -> None:
    root = write_folder(tmp_path_factory.mktemp("ingest") / "in", files)
    items = sum(len(known_items(unit.items())) for unit in iter_inputs([str(root)]))
    with Store(root.parent / "store.db") as store:
        summary = ingest(store, iter_inputs([str(root)]), workers=1, command="test")
        event(f"stored {min(summary.stored, 2)}+, refused {min(summary.refused, 2)}+")
        assert summary.stored + summary.refused + summary.duplicates + summary.already == items
        assert set(summary.quarantined) <= set(REASONS)
        rows = store.db.execute("SELECT count(*) FROM quarantine").fetchone()[0]
        assert rows == summary.refused + summary.duplicates
        again = ingest(store, iter_inputs([str(root)]), workers=1, command="test")
    assert again.stored == again.refused == again.duplicates == 0


@settings(max_examples=10, deadline=None)
@given(files=INPUT_FILES)
def test_ingest_exit_status_means_what_the_readme_says(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str, list[str]]],
) -> None:
    root = write_folder(tmp_path_factory.mktemp("cli") / "in", files)
    db = root.parent / "store.db"
    result = CliRunner().invoke(
        main, ["ingest", str(root), "--db", str(db), "--quiet", "--workers", "1"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    with Store(db) as store:
        stored = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        refused = store.db.execute(
            "SELECT count(*) FROM quarantine WHERE reason != 'duplicate'"
        ).fetchone()[0]
        duplicates = store.db.execute(
            "SELECT count(*) FROM quarantine WHERE reason = 'duplicate'"
        ).fetchone()[0]
    if refused == 0:
        expected = 0
    elif stored + duplicates == 0:
        expected = 2
    else:
        expected = 1
    event(f"exit status {expected}")
    assert result.exit_code == expected, (stored, refused, duplicates, result.output)
