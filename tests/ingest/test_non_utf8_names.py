"""File names that are not UTF-8 (bytes such as 0xff 0xfe, as old archives hold them) are
read, stored or quarantined, and shown escaped (``\\xff\\xfe``) wherever they are named."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import storytrace_cli
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs, shown_name
from storytrace.model import RawDocument
from storytrace.store import Store

ARTICLE = (
    "The harbour authority said on Monday that the new ferry terminal will open in May. "
    "Officials expect the terminal to handle twice as many passengers as the old one. "
    "Local traders welcomed the decision, but residents worry about traffic on the coast road."
)
OTHER_ARTICLE = (
    "The city council voted on Tuesday to close the old library for repairs until autumn. "
    "The mayor said the roof had leaked for years and the shelves had to be moved. "
    "Readers can borrow books from a bus that will stop in each district twice a week."
)
BAD = b"\xff\xfe"  # not UTF-8 in any order
SHOWN_BAD = "\\xff\\xfe"


def bad_name(folder: Path, stem: bytes, suffix: str = ".txt") -> Path:
    """A path in ``folder`` whose file name holds bytes that are not UTF-8."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + stem + suffix.encode()))


def write_inputs(folder: Path) -> tuple[Path, Path]:
    """A good article, an article with a bad name, and a too-short text with a bad name."""
    folder.mkdir()
    (folder / "good.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    article = bad_name(folder, BAD)
    article.write_text(ARTICLE, encoding="utf-8")
    short = bad_name(folder, b"short" + BAD)
    short.write_text("too short", encoding="utf-8")
    return article, short


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_a_shown_name_is_utf8_and_names_undecodable_bytes_as_escapes(name: bytes) -> None:
    decoded = os.fsdecode(name)
    shown = shown_name(decoded)
    shown.encode("utf-8")  # never raises: storable, printable, JSON
    try:
        assert shown == name.decode("utf-8")  # a UTF-8 name is shown as it is
    except UnicodeDecodeError:
        assert "\\x" in shown
        assert shown == name.decode("utf-8", "backslashreplace")


def test_units_and_items_of_a_folder_name_bad_files_escaped(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    units = list(iter_inputs([str(tmp_path / "in")]))
    names = [unit.name for unit in units]
    assert names == [
        f"{tmp_path}/in/good.txt",
        f"{tmp_path}/in/short{SHOWN_BAD}.txt",
        f"{tmp_path}/in/{SHOWN_BAD}.txt",
    ]
    assert [unit.name_escaped for unit in units] == [False, True, True]
    copied = pickle.loads(pickle.dumps(units[2]))  # as a pipeline's worker gets it
    (item,) = copied.items()
    assert isinstance(item, RawDocument) and item.source == names[2]
    (refused,) = units[1].items()
    assert refused.source == names[1]


def test_ingest_stores_and_quarantines_bad_names_and_knows_them_on_a_rerun(
    tmp_path: Path,
) -> None:
    write_inputs(tmp_path / "in")
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, iter_inputs([str(tmp_path / "in")]), workers=2)
        second = ingest(store, iter_inputs([str(tmp_path / "in")]), workers=1)
        sources = {row[0] for row in store.db.execute("SELECT source FROM provenance")}
        refused = {row[0] for row in store.db.execute("SELECT source FROM quarantine")}
    assert (first.stored, first.refused) == (2, 1)
    assert (second.stored, second.refused, second.inputs_skipped) == (0, 0, 3)
    assert f"{tmp_path}/in/{SHOWN_BAD}.txt" in sources
    assert refused == {f"{tmp_path}/in/short{SHOWN_BAD}.txt"}


def test_a_bad_name_on_the_command_line_is_ingested_shown_and_recognised(
    tmp_path: Path,
) -> None:
    article, short = write_inputs(tmp_path / "in")
    db = tmp_path / "s.db"

    first = storytrace_cli("ingest", article, short, "--db", db, "--workers", "1")
    assert first.returncode == 1, first.stderr  # one stored, one quarantined
    assert "stored            1" in first.stdout and "Traceback" not in first.stderr

    again = storytrace_cli("ingest", article, "--db", db, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert "unchanged inputs  1" in again.stdout

    listed = storytrace_cli("quarantine", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    (record,) = json.loads(listed.stdout)["records"]
    assert record["source"] == f"{tmp_path}/in/short{SHOWN_BAD}.txt"
    assert f"short{SHOWN_BAD}.txt" in storytrace_cli("quarantine", "--db", db).stdout
