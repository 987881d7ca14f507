"""One bad JSONL line is one quarantine row, never the end of the run (issue 15, points 1
and 4): deep nesting, huge integers, lone surrogates and bytes that are not UTF-8, in a
file, on standard input and in ``compare``."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import storytrace_cli
from storytrace.compare import read_documents
from storytrace.errors import InputError
from storytrace.ingest.jsonl import (
    read_jsonl,
    read_jsonl_bytes,
    stream_utf8_jsonl,
)
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.readers import read_file
from storytrace.ingest.sources import iter_inputs
from storytrace.limits import DEFAULTS
from storytrace.model import RawDocument
from storytrace.store import Store

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"text": "deep", "x": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
HUGE_INT = (
    '{"text": "A record with a huge number in a field nobody reads.", "n": ' + "9" * 5000 + "}"
)
SURROGATES = json.dumps(
    {
        "text": "The council met on Wednesday to discuss the roads and the new bridge.",
        "title": "bad \ud800 title",
        "outlet": "Out\udc00let",
    }
)
ONLY_SURROGATES = '{"text": "\\ud800\\udbff"}'


def good(number: int) -> str:
    sentence = f"Article {number} says the council met on Tuesday about bridge {number}. "
    return json.dumps({"text": sentence * 4, "title": f"Title {number}", "outlet": "Daily"})


BAD_FILE_LINES = [good(1), DEEP, good(2), HUGE_INT, SURROGATES, DEEP_OBJECT, ONLY_SURROGATES]
BAD_FILE_LINES.append(good(3))
BAD_FILE = "\n".join(BAD_FILE_LINES) + "\n"


def test_each_bad_line_is_one_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(BAD_FILE, encoding="utf-8")
    items = read_file(path)
    assert [item.source for item in items] == [f"{path}:{n}" for n in range(1, 9)]
    errors = {item.source: item for item in items if isinstance(item, InputError)}
    assert set(errors) == {f"{path}:2", f"{path}:6", f"{path}:7"}
    assert errors[f"{path}:2"].reason == "too_complex"
    assert errors[f"{path}:2"].detail == f"nested deeper than {DEFAULTS.json_depth} levels"
    assert errors[f"{path}:6"].reason == "too_complex"
    assert errors[f"{path}:7"].reason == "undecodable"
    huge, surrogates = items[3], items[4]
    assert isinstance(huge, RawDocument) and huge.text.startswith("A record with a huge")
    assert isinstance(surrogates, RawDocument)
    assert (surrogates.title, surrogates.outlet) == ("bad \ufffd title", "Out\ufffdlet")


def test_ingest_stores_the_good_lines_and_quarantines_the_bad(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(BAD_FILE, encoding="utf-8")
    db = tmp_path / "store.db"
    for _ in range(2):  # the rerun neither crashes nor adds anything
        with Store(db) as store:
            ingest(store, iter_inputs([str(path)]), workers=1)
    with Store(db) as store:
        rows = store.db.execute("SELECT source, reason FROM quarantine ORDER BY source")
        assert rows.fetchall() == [
            (f"{path}:2", "too_complex"),
            (f"{path}:6", "too_complex"),
            (f"{path}:7", "undecodable"),
        ]
        titles = {row[0] for row in store.db.execute("SELECT title FROM articles")}
    assert {"Title 1", "Title 2", "Title 3", "bad \ufffd title"} <= titles


def test_stdin_quarantines_the_same_lines(tmp_path: Path) -> None:
    stream = io.TextIOWrapper(io.BytesIO(BAD_FILE.encode()), encoding="utf-8")
    db = tmp_path / "store.db"
    with Store(db) as store:
        summary = ingest(store, iter_inputs(["-"], stdin=stream), workers=1)
        rows = store.db.execute("SELECT source, reason FROM quarantine ORDER BY source")
        quarantined = [(source.split("#")[0], reason) for source, reason in rows]
    assert quarantined == [
        ("<stdin>:2", "too_complex"),
        ("<stdin>:6", "too_complex"),
        ("<stdin>:7", "undecodable"),
    ]
    assert summary.stored == 5


def test_compare_reads_past_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(BAD_FILE, encoding="utf-8")
    documents, errors = read_documents([path])
    assert len(documents) == 5
    assert [(error.source, error.reason) for error in errors] == [
        (f"{path}:2", "too_complex"),
        (f"{path}:6", "too_complex"),
        (f"{path}:7", "undecodable"),
    ]


def test_a_deep_news_please_file_is_refused_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    documents, errors = read_documents([path])
    assert documents == []
    assert [(e.source, e.reason, e.detail) for e in errors] == [
        (str(path), "too_complex", f"nested deeper than {DEFAULTS.json_depth} levels")
    ]


def french(number: int) -> bytes:
    record = {
        "text": f"Article {number} : le conseil s'est réuni à l'été.",
        "title": f"Été {number}",
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def test_one_bad_byte_spoils_only_its_own_line(tmp_path: Path) -> None:
    lines = [french(n) for n in range(1000)]
    lines[500] = lines[500].replace("réuni".encode(), b"r\xffuni")
    path = tmp_path / "french.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read_file(path)
    assert len(items) == 1000 and all(isinstance(item, RawDocument) for item in items)
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert all(document.title == f"Été {n}" for n, document in enumerate(documents))
    assert "r\ufffduni" in documents[500].text
    assert documents[500].encoding == "utf-8 (1 bad sequence replaced)"
    assert {document.encoding for document in documents[:500]} == {"utf-8"}
    ingested = storytrace_cli("ingest", path, "--db", tmp_path / "s.db")
    assert ingested.returncode == 0, ingested.stderr
    assert "stored            1000" in ingested.stdout
    assert "bytes replaced    1 (stored with U+FFFD" in ingested.stdout  # said, not only kept


def test_a_bad_byte_on_stdin_is_replaced_in_a_utf8_line() -> None:
    data = french(1) + b"\n" + french(2).replace("réuni".encode(), b"r\xffuni") + b"\n"
    [unit] = iter_inputs(["-"], stdin=io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    first, second = unit.items()
    assert isinstance(first, RawDocument) and first.encoding == "utf-8"
    assert isinstance(second, RawDocument) and "r\ufffduni" in second.text
    assert second.encoding == "utf-8 (1 bad sequence replaced)"
    assert second.title == "Été 2"


def test_a_zero_byte_in_one_line_costs_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "zero.jsonl"
    path.write_bytes(b"\n".join([french(1), b'{"text": "nul \x00 here"}', french(3)]))
    items = read_file(path)
    assert [type(item).__name__ for item in items] == ["RawDocument", "InputError", "RawDocument"]
    assert isinstance(items[1], InputError) and items[1].source == f"{path}:2"


def test_binary_junk_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    [error] = read_file(path)
    assert isinstance(error, InputError) and error.source == str(path)
    assert error.reason == "binary"


def test_a_legacy_file_is_still_decoded_whole(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"Café numéro {n}, élèves"}, ensure_ascii=False) for n in range(5)]
    path = tmp_path / "legacy.jsonl"
    path.write_bytes("\n".join(lines).encode("cp1252"))
    items = read_file(path)
    assert [item.text for item in items if isinstance(item, RawDocument)] == [
        f"Café numéro {n}, élèves" for n in range(5)
    ]


# -- property: reading never raises and gives one item per non-blank line --------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
RECORDS = st.builds(
    lambda text, title: json.dumps({"text": text, "title": title}, ensure_ascii=False),
    TEXT,
    TEXT | st.integers() | st.none(),
)
DEEP_LINES = st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n)
HUGE_INTS = st.integers(min_value=1, max_value=6000).map(
    lambda n: '{"text": "x", "n": ' + "7" * n + "}"
)
SURROGATE_LINES = st.sampled_from(["\\ud800", "\\udfff", "a\\udc80b", "\\ud83d"]).map(
    lambda escape: '{"text": "' + escape + '", "title": "' + escape + '"}'
)
GARBAGE = TEXT.filter(lambda line: "\n" not in line and "\r" not in line)
LINES = st.one_of(RECORDS, DEEP_LINES, HUGE_INTS, SURROGATE_LINES, GARBAGE)
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


UNREADABLE = {chr(code) for code in range(0xD800, 0xE000)} | {"\ufffd"}


def holds_article(line: bytes) -> bool:
    """A line of valid UTF-8 JSON with a readable text: read whatever the rest holds."""
    try:
        record = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return False
    text = record.get("text") if isinstance(record, dict) else None
    return isinstance(text, str) and any(c not in UNREADABLE and not c.isspace() for c in text)


def blank(line: str) -> bool:
    return not line.encode("utf-8", "surrogatepass").strip()


@PROPERTY
@given(lines=st.lists(LINES, max_size=12))
def test_read_jsonl_gives_one_item_per_non_blank_line(lines: list[str]) -> None:
    items = read_jsonl("\n".join(lines), "f.jsonl")
    expected = [f"f.jsonl:{n}" for n, line in enumerate(lines, start=1) if not blank(line)]
    assert [item.source for item in items] == expected
    assert all(isinstance(item, RawDocument | InputError) for item in items)


@PROPERTY
@given(
    lines=st.lists(LINES, max_size=12),
    bad_bytes=st.lists(st.tuples(st.integers(0, 11), st.sampled_from([b"\xff", b"\xc3", b"\x80"]))),
)
def test_read_jsonl_bytes_gives_one_item_per_non_blank_line(
    lines: list[str], bad_bytes: list[tuple[int, bytes]]
) -> None:
    raw = [line.encode("utf-8", "surrogatepass") for line in lines]
    for index, byte in bad_bytes:
        if index < len(raw):
            raw[index] += byte
    items = read_jsonl_bytes(b"\n".join(raw), "f.jsonl")
    assert all(isinstance(item, RawDocument | InputError) for item in items)
    expected = [
        f"f.jsonl:{n}"
        for n, line in enumerate(raw, start=1)
        if (line.removeprefix(codecs.BOM_UTF8) if n == 1 else line).strip()
    ]
    if len(items) == 1 and items[0].source == "f.jsonl":  # refused whole
        assert isinstance(items[0], InputError)
        assert items[0].reason in ("empty", "binary", "undecodable")
        assert not any(holds_article(line) for line in raw)
        return
    assert [item.source for item in items] == expected


JSONL_LINES = st.lists(
    st.one_of(
        st.builds(
            lambda text, title: json.dumps({"text": text, "title": title}, ensure_ascii=False),
            st.text(min_size=1, max_size=60),
            st.one_of(st.none(), st.text(max_size=20)),
        ),
        st.sampled_from(["", "  ", "{broken", "[1, 2]", '{"text": "a\u2028b"}', "\r"]),
    ),
    max_size=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=JSONL_LINES, bom=st.booleans(), crlf=st.booleans())
def test_a_utf8_file_read_a_line_at_a_time_gives_what_the_whole_file_gives(
    tmp_path: Path, lines: list[str], bom: bool, crlf: bool
) -> None:
    data = ("\r\n" if crlf else "\n").join(lines).encode("utf-8")
    data = (codecs.BOM_UTF8 if bom else b"") + data
    path = tmp_path / "lines.jsonl"
    path.write_bytes(data)
    streamed = stream_utf8_jsonl(path)
    if bom or not data.strip():
        # nothing to stream (the whole-file reader says why), or a mark it names
        assert streamed is None
        return
    assert streamed is not None
    assert _comparable(streamed) == _comparable(read_jsonl_bytes(data, str(path)))


def _comparable(items: Iterable[RawDocument | InputError]) -> list[object]:
    """Errors compared by what they say (exceptions compare by identity)."""
    return [
        (item.source, item.reason, item.detail) if isinstance(item, InputError) else item
        for item in items
    ]


def test_files_that_are_not_utf8_throughout_are_read_whole(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes(
        json.dumps({"text": "Caf\u00e9 cr\u00e8me"}, ensure_ascii=False).encode("cp1252")
    )
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(json.dumps({"text": "Hello there"}).encode("utf-16"))
    assert stream_utf8_jsonl(legacy) is None and stream_utf8_jsonl(wide) is None


def test_a_stray_zero_byte_spoils_only_its_own_line(tmp_path: Path) -> None:
    # found by benchmarks/hostile_audit.py: the zero byte made the whole file read as
    # UTF-16 (one line of garbage), or refused whole as binary
    deep = '{"text": "x", "y": ' + "[" * 5000 + "]" * 5000 + "}"
    lines = [
        '{"text": "The first article of this file is about the new bridge."}',
        '{"text": "nul \x00 byte"}',
        deep,
        '{"text": "The second article of this file is about the old harbour."}',
    ]
    expected = {
        True: {"1": "ok", "2": "bad_json", "3": "too_complex", "4": "ok"},
        False: {"1": "ok", "2": "bad_json", "3": "ok"},
    }
    for with_deep in (True, False):
        kept = lines if with_deep else [lines[0], lines[1], lines[3]]
        data = "\n".join(kept).encode("utf-8")
        data += b" " * (len(data) % 2)  # an even length, as UTF-16 needs
        path = tmp_path / f"nul-{with_deep}.jsonl"
        path.write_bytes(data)
        whole = read_jsonl_bytes(data, str(path))
        streamed = stream_utf8_jsonl(path)
        assert streamed is not None
        assert _comparable(streamed) == _comparable(whole)
        outcome = {
            item.source.rsplit(":", 1)[1]: item.reason if isinstance(item, InputError) else "ok"
            for item in whole
        }
        assert outcome == expected[with_deep]
        bad = next(item for item in whole if isinstance(item, InputError))
        assert bad.detail == "Invalid control character at column 15"


def test_utf16_without_a_mark_is_still_read_whole(tmp_path: Path) -> None:
    record = json.dumps({"text": "The council met on Tuesday about the bridge."})
    data = (record + "\n" + record.replace("Tuesday", "Friday")).encode("utf-16-le")
    items = read_jsonl_bytes(data, "wide.jsonl")
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument"]
    assert all(isinstance(i, RawDocument) and "bridge" in i.text for i in items)
