"""read_file / read_inputs: formats, sniffing, and bad input returned as InputError items."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from storytrace.errors import InputError
from storytrace.ingest import read_file, read_inputs, sniff_format
from storytrace.limits import DEFAULTS
from storytrace.model import RawDocument

PARAGRAPH = "Russia has accused the U.S. forces of providing intelligence to Daesh in Syria."


def _only_error(items: list[RawDocument | InputError]) -> InputError:
    [item] = items
    assert isinstance(item, InputError)
    return item


def _only_document(items: list[RawDocument | InputError]) -> RawDocument:
    [item] = items
    assert isinstance(item, RawDocument)
    return item


def test_missing_file(tmp_path: Path) -> None:
    error = _only_error(read_file(tmp_path / "nope.txt"))
    assert error.reason == "missing"
    assert error.source == str(tmp_path / "nope.txt")


def test_directory_is_unreadable(tmp_path: Path) -> None:
    assert _only_error(read_file(tmp_path)).reason == "unreadable"


def _symlink_loop(tmp_path: Path) -> Path:
    path = tmp_path / "loop.txt"
    path.symlink_to(path)
    return path


def _file_where_a_folder_should_be(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text(PARAGRAPH)
    return tmp_path / "article.txt" / "page.txt"


# Entries the operating system refuses to open for a reason other than absence, as a file
# without read permission is refused; unlike permissions, these hold for root too (CI).
@pytest.mark.parametrize(
    ("make_path", "errno_code"),
    [(_symlink_loop, errno.ELOOP), (_file_where_a_folder_should_be, errno.ENOTDIR)],
    ids=["symlink-loop", "file-as-folder"],
)
def test_entry_the_os_refuses_is_unreadable_with_its_reason(
    tmp_path: Path, make_path: Callable[[Path], Path], errno_code: int
) -> None:
    error = _only_error(read_file(make_path(tmp_path)))
    assert error.reason == "unreadable"
    assert error.detail == os.strerror(errno_code)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _only_error(read_file(path)).reason == "empty"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert _only_error(read_file(path)).reason == "binary"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes((0x80 + (i * 37) % 128) for i in range(400)))
    assert _only_error(read_file(path)).reason == "undecodable"


@pytest.mark.parametrize(
    ("name", "format_name"),
    [("a.txt", "text"), ("a.md", "markdown"), ("a.markdown", "markdown"), ("A.TXT", "text")],
)
def test_format_by_extension(tmp_path: Path, name: str, format_name: str) -> None:
    path = tmp_path / name
    path.write_text(f"# Title\n\n{PARAGRAPH}\n", encoding="utf-8")
    document = _only_document(read_file(path))
    assert document.format == format_name
    assert document.source == str(path)
    assert document.text == f"# Title\n\n{PARAGRAPH}\n"


@pytest.mark.parametrize(
    ("content", "format_name"),
    [
        (f"<!DOCTYPE html><html><body><article><p>{PARAGRAPH}</p></article></body></html>", "html"),
        (f"  <html lang='en'><body><p>{PARAGRAPH}</p></body></html>", "html"),
        (json.dumps({"text": PARAGRAPH}) + "\n", "jsonl"),
        (f"# A heading\n\n{PARAGRAPH}\n", "markdown"),
        (f"{PARAGRAPH}\n", "text"),
    ],
)
def test_format_sniffed_without_extension(tmp_path: Path, content: str, format_name: str) -> None:
    path = tmp_path / "download"
    path.write_text(content, encoding="utf-8")
    assert _only_document(read_file(path)).format == format_name
    assert sniff_format(content) == format_name


def test_jsonl_reads_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"text": PARAGRAPH, "title": "Russia accuses US", "outlet": "RHC"}),
        "",
        '{"text": "broken',
        json.dumps({"title": "no text here"}),
        json.dumps([1, 2]),
        json.dumps(
            {
                "text": "Second article.\r\nWith a line.",
                "url": "https://example.org/a",
                "published": "2017-10-05",
                "language": "en",
                "outlet": 7,
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_file(path)
    documents = [item for item in items if isinstance(item, RawDocument)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [d.source for d in documents] == [f"{path}:1", f"{path}:6"]
    assert documents[0].title == "Russia accuses US"
    assert documents[0].outlet == "RHC"
    assert documents[0].format == "jsonl"
    assert documents[1].text == "Second article.\nWith a line."
    assert documents[1].url == "https://example.org/a"
    assert documents[1].published == "2017-10-05"
    assert documents[1].language == "en"
    assert documents[1].outlet is None  # not a string: treated as absent
    assert [(e.source, e.reason) for e in errors] == [
        (f"{path}:3", "bad_json"),
        (f"{path}:4", "no_text"),
        (f"{path}:5", "bad_json"),
    ]


def test_read_inputs_separates_documents_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PARAGRAPH, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    documents, errors = read_inputs([good, tmp_path / "missing.txt", empty])
    assert [d.text for d in documents] == [PARAGRAPH]
    assert sorted(e.reason for e in errors) == ["empty", "missing"]


def test_oversized_single_article_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:
        handle.truncate(DEFAULTS.file_bytes + 1)  # sparse: no real disk use
    (item,) = read_file(big)
    assert isinstance(item, InputError) and item.reason == "too_large"
    assert str(big) in str(item)


def test_jsonl_lines_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    for name in ("feed.jsonl", "no-extension"):
        path = tmp_path / name
        # raw U+2028/U+2029, and a combining mark right after an escaped newline ("\\n" +
        # U+0327), which NFC would compose with the escape's "n" if applied before parsing
        record = {
            "text": "First line\u2028second line\u2029next paragraph.\n\u0327 of the article."
        }
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        (item,) = read_file(path)
        assert isinstance(item, RawDocument), item
        assert "second line" in item.text
