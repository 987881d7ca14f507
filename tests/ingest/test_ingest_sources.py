"""Inputs to units: folders walked in order, stdin read as JSONL, URLs recognised, and every
path that cannot be read kept as an error unit."""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
from pathlib import Path

import pytest

from storytrace.errors import InputError
from storytrace.ingest.sources import STDIN_NAME, InputUnit, iter_inputs
from storytrace.model import RawDocument

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    b"<item><guid>g1</guid><description>Item text.</description></item></channel></rss>"
)
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"


def names(units: list[InputUnit], root: Path) -> list[tuple[str, str]]:
    return [(str(Path(unit.name).relative_to(root)), unit.kind) for unit in units]


def test_folders_are_walked_in_order_without_hidden_entries(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for relative, data in {
        "b.txt": b"Second file.",
        "a.md": b"# Title\n\nFirst file.",
        "nested/deeper/c.html": b"<html><body><p>x</p></body></html>",
        "nested/d.jsonl": b'{"text": "one"}\n',
        "nested/.hidden.txt": b"skip me",
        ".git/config": b"[core]",
        "feeds/e.rss": RSS,
        "feeds/f.xml": RSS,
        "feeds/sitemap.xml": b'<?xml version="1.0"?><urlset xmlns="x"></urlset>',
        "crawl/g.warc.gz": b"",
        "crawl/h.warc": b"",
        "crawl/noext": WARC_HEAD,
        "crawl/zipped": gzip.compress(WARC_HEAD),
        "crawl/old.arc.gz": b"",
        "crawl/feed-without-extension": RSS,
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    units = list(iter_inputs([str(root)]))
    assert names(units, root) == [
        ("a.md", "file"),
        ("b.txt", "file"),
        ("crawl/feed-without-extension", "feed"),
        ("crawl/g.warc.gz", "warc"),
        ("crawl/h.warc", "warc"),
        ("crawl/noext", "warc"),
        ("crawl/old.arc.gz", "error"),
        ("crawl/zipped", "warc"),
        ("feeds/e.rss", "feed"),
        ("feeds/f.xml", "feed"),
        ("feeds/sitemap.xml", "error"),
        ("nested/d.jsonl", "file"),
        ("nested/deeper/c.html", "file"),
    ]
    for unit in units:
        if unit.kind != "error":
            info = Path(unit.name).stat()
            assert (unit.size, unit.mtime_ns) == (info.st_size, info.st_mtime_ns)
    [sitemap] = [unit for unit in units if unit.name.endswith("sitemap.xml")]
    [error] = sitemap.items()
    assert isinstance(error, InputError) and error.reason == "unsupported"
    [feed_item] = next(unit for unit in units if unit.name.endswith("e.rss")).items()
    assert isinstance(feed_item, RawDocument) and feed_item.source.endswith("e.rss#g1")


def test_a_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    hidden = tmp_path / ".notes.txt"
    hidden.write_text("Named on purpose.", encoding="utf-8")
    [unit] = iter_inputs([str(hidden)])
    [document] = unit.items()
    assert isinstance(document, RawDocument) and document.text == "Named on purpose."


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops_end(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "inner").mkdir(parents=True)
    (root / "inner" / "a.txt").write_text("Text.", encoding="utf-8")
    (root / "inner" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    units = list(iter_inputs([str(root)]))
    assert names(units, root) == [("dangling.txt", "error"), ("inner/a.txt", "file")]
    [missing] = units[0].items()
    assert isinstance(missing, InputError) and missing.reason == "missing"


def test_missing_path_is_one_error_unit(tmp_path: Path) -> None:
    absent = tmp_path / "absent.txt"
    [unit] = iter_inputs([str(absent)])
    assert (unit.name, unit.kind, unit.size, unit.mtime_ns) == (str(absent), "error", None, None)
    [error] = unit.items()
    assert isinstance(error, InputError)
    assert (error.source, error.reason) == (str(absent), "missing")


def test_unusable_paths_are_error_units(tmp_path: Path) -> None:
    units = list(iter_inputs(["bad\x00name.txt", str(tmp_path / "a" / "b")]))
    assert [unit.kind for unit in units] == ["error", "error"]
    errors = [item for unit in units for item in unit.items()]
    assert [(e.reason, type(e)) for e in errors] == [
        ("unsupported", InputError),
        ("missing", InputError),
    ]


def test_stdin_jsonl_line_by_line() -> None:
    lines = [
        json.dumps({"text": "First article.", "title": "One"}),
        "",
        "not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Fourth article.", "url": "https://example.org/4"}),
    ]
    [unit] = iter_inputs(["-"], stdin=io.StringIO("\n".join(lines) + "\n"))
    assert (unit.name, unit.kind, unit.size) == (STDIN_NAME, "stdin", None)
    items = list(unit.items())
    assert [item.source.split("#")[0] for item in items] == [
        "<stdin>:1",
        "<stdin>:3",
        "<stdin>:4",
        "<stdin>:5",
    ]
    assert [type(item).__name__ for item in items] == [
        "RawDocument",
        "InputError",
        "InputError",
        "RawDocument",
    ]
    first, bad, no_text, fourth = items
    assert isinstance(first, RawDocument) and first.title == "One"
    assert isinstance(bad, InputError) and bad.reason == "bad_json"
    assert isinstance(no_text, InputError) and no_text.reason == "no_text"
    assert isinstance(fourth, RawDocument) and fourth.url == "https://example.org/4"


def test_stdin_sources_differ_between_different_streams() -> None:
    def sources(text: str) -> list[str]:
        [unit] = iter_inputs(["-"], stdin=io.StringIO(text))
        return [item.source for item in unit.items()]

    one = sources('{"text": "alpha"}\n')
    assert one == sources('{"text": "alpha"}\r\n')  # same record, same source
    assert one != sources('{"text": "beta"}\n')


def test_stdin_bytes_with_a_badly_encoded_line() -> None:
    data = '{"text": "caf\u00e9 one"}\n'.encode() + '{"text": "caf\u00e9 two"}\n'.encode("cp1252")
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    [unit] = iter_inputs(["-"], stdin=stream)
    first, second = unit.items()
    assert isinstance(first, RawDocument) and first.text == "café one"
    assert first.encoding == "utf-8"
    assert isinstance(second, RawDocument) and second.text == "café two"


def test_stdin_twice_is_an_error() -> None:
    units = list(iter_inputs(["-", "-"], stdin=io.StringIO('{"text": "x"}\n')))
    assert [unit.kind for unit in units] == ["stdin", "error"]


def test_urls_are_recognised_and_fetched_only_when_read(tmp_path: Path) -> None:
    inputs = ["https://news.example/a", "http://news.example/feed", "ftp://files.example/x"]
    units = list(iter_inputs(inputs))
    assert [(unit.name, unit.kind, unit.size) for unit in units] == [
        (url, "url", None) for url in inputs
    ]
    [error] = units[2].items()  # refused before any network use
    assert isinstance(error, InputError) and error.reason == "unsupported"


def test_units_pickle_for_worker_processes(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Some text.", encoding="utf-8")
    feed = tmp_path / "f.rss"
    feed.write_bytes(RSS)
    inputs = [str(text), str(feed), str(tmp_path / "absent"), "https://news.example/", "-"]
    for unit in iter_inputs(inputs, stdin=io.StringIO('{"text": "x"}\n')):
        copy = pickle.loads(pickle.dumps(unit))
        assert (copy.name, copy.kind, copy.size, copy.mtime_ns) == (
            unit.name,
            unit.kind,
            unit.size,
            unit.mtime_ns,
        )
        if unit.kind in ("file", "feed"):
            assert [i.source for i in copy.items()] == [i.source for i in unit.items()]
        if unit.kind == "stdin":  # the stream stays behind; the copy says so
            [error] = copy.items()
            assert isinstance(error, InputError) and error.reason == "unreadable"


def test_iter_inputs_is_lazy(tmp_path: Path) -> None:
    units = iter_inputs([str(tmp_path / "absent")])
    assert iter(units) is units
