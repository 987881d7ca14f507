"""Exporting a real store as JSON Lines, CSV and Parquet, read back with json, csv, pyarrow."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS
from storytrace.model import Article, Dateline
from storytrace.store import Store
from storytrace.store import export as export_module
from storytrace.store.export import FORMATS, export
from storytrace.store.reads import EXPORT_FIELDS, iter_export_rows
from storytrace.store.writes import Origin, insert_article, insert_near_duplicate, start_run

# Texts with what trips CSV and JSON writers: commas, double quotes, line breaks, non-ASCII.
PORT = (
    'HAMBURG, March 4 (dpa) -- Dockers at the port struck for a second day, saying "we will '
    'not move a single container" until the talks resume.\n\nThe port authority said ships '
    "were waiting in the Elbe, some since Sunday."
)
PORT_AGAIN = PORT.replace("some since Sunday", "several since Sunday")
MARKET = (
    "Le marché de Noël ouvrira ses portes le 25 novembre, a annoncé la mairie. "
    "Cent vingt chalets sont attendus, deux de plus que l'an dernier."
)
SCHOOL = "The school board voted 5–2 to delay the new timetable until September."


def add(store: Store, run_id: int, article: Article, origin: Origin) -> int:
    content_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    with store.transaction() as db:
        return insert_article(db, article, content_hash, b"", origin, run_id)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.db")
    run_id = start_run(store, "ingest")
    port = add(
        store,
        run_id,
        Article(
            id="",
            source="",
            text=PORT,
            title="Dockers strike, ships wait",
            outlet="Hafen Kurier",
            url="https://example.org/a?x=1|2",
            dateline=Dateline("HAMBURG", "March 4", "dpa"),
            published="2024-03-04",
            language="en",
        ),
        Origin("crawl.warc.gz#<urn:uuid:1>", record_id="<urn:uuid:1>", format="warc"),
    )
    again = add(
        store,
        run_id,
        Article(id="", source="", text=PORT_AGAIN, outlet="Wire", language="en"),
        Origin("wire.jsonl:12", record_id="w-12", format="jsonl"),
    )
    add(
        store,
        run_id,
        Article(
            id="",
            source="",
            text=MARKET,
            title="Marché de Noël",
            outlet="Le Républicain",
            published="2023-11-20T08:00:00+01:00",
            language="fr",
        ),
        Origin("marché, noël.txt"),
    )
    add(
        store,
        run_id,
        Article(id="", source="", text=SEEDS[0].read_text(encoding="utf-8"), outlet="GPA"),
        Origin(str(SEEDS[0])),
    )
    add(
        store,
        run_id,
        Article(id="", source="", text=SCHOOL, title="Timetable delayed", language="en"),
        Origin("school.md"),
    )
    with store.transaction() as db:
        insert_near_duplicate(db, again, port, 0.93)
    return store


def expected_rows(store: Store) -> list[dict[str, object]]:
    return list(iter_export_rows(store))


def test_jsonl_to_a_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert export(store, "jsonl", path) == 5
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows == expected_rows(store)
    assert rows[0]["dateline_place"] == "HAMBURG" and rows[0]["dateline_agency"] == "dpa"
    assert rows[1]["near_duplicate_of"] == rows[0]["id"]
    assert rows[2]["sources"] == ["marché, noël.txt"]
    assert "Noël" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    assert not (tmp_path / "out.jsonl.part").exists()


def test_csv_round_trips_through_the_csv_module(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert export(store, "csv", path) == 5
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == EXPORT_FIELDS
        rows = list(reader)
    assert len(rows) == 5
    for row, expected in zip(rows, expected_rows(store), strict=True):
        assert row["text"] == expected["text"]  # quotes, commas and line breaks intact
        assert json.loads(row["sources"]) == expected["sources"]
        assert json.loads(row["record_ids"]) == expected["record_ids"]
        assert row["id"] == str(expected["id"])
    assert rows[0]["url"] == "https://example.org/a?x=1|2"
    assert rows[1]["near_duplicate_of"] == rows[0]["id"]
    assert rows[2]["near_duplicate_of"] == "" and rows[4]["outlet"] == ""  # None: empty cell


def test_parquet_round_trips_through_pyarrow(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    assert export(store, "parquet", path) == 5
    table = pq.read_table(path)
    assert tuple(table.column_names) == EXPORT_FIELDS
    assert table.schema.field("id").type == pa.int64()
    sources = table.schema.field("sources").type
    assert pa.types.is_list(sources) and sources.value_type == pa.string()
    published = table.schema.field("published").type  # Parquet keeps seconds as milliseconds
    assert pa.types.is_timestamp(published) and published.tz == "UTC"
    typed = table.to_pylist()
    for row in typed:  # published is a UTC timestamp (a day at midnight), basis a map
        when, day = row["published"], row["published_precision"] == "day"
        row["published"] = when and when.strftime("%Y-%m-%d" if day else "%Y-%m-%dT%H:%M:%SZ")
        row["basis"] = dict(row["basis"])
        row["corrections"] = json.loads(row["corrections"])  # JSON text in a string column
    assert typed == expected_rows(store)


def test_parquet_is_written_in_row_groups(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "PARQUET_ROW_GROUP", 2)
    path = tmp_path / "groups.parquet"
    assert export(store, "parquet", path) == 5
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_row_groups == 3 and metadata.num_rows == 5


def test_filters_pick_the_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fr.jsonl"
    assert export(store, "jsonl", path, language="FR") == 1
    assert json.loads(path.read_text(encoding="utf-8"))["outlet"] == "Le Républicain"
    assert export(store, "csv", tmp_path / "dated.csv", since="2023-01-01") == 2
    assert export(store, "parquet", tmp_path / "none.parquet", outlet="Nobody") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_streams(store: Store) -> None:
    text = io.StringIO()
    assert export(store, "jsonl", text) == 5
    assert len(text.getvalue().splitlines()) == 5
    binary = io.BytesIO()
    assert export(store, "csv", binary) == 5
    assert not binary.closed  # the caller's stream is left open
    assert binary.getvalue().decode("utf-8").startswith(",".join(EXPORT_FIELDS))
    parquet = io.BytesIO()
    assert export(store, "parquet", parquet) == 5
    assert pq.read_table(io.BytesIO(parquet.getvalue())).num_rows == 5


def test_refusals(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="parquet is binary"):
        export(store, "parquet", io.StringIO())
    with pytest.raises(ValueError, match="jsonl, csv, parquet"):
        export(store, "xml", tmp_path / "out.xml")
    path = tmp_path / "bad.csv"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        export(store, "csv", path, since="last week")
    assert not path.exists() and not (tmp_path / "bad.csv.part").exists()
    assert set(FORMATS) == {"jsonl", "csv", "parquet"}


def test_missing_pyarrow_names_the_extra(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    path = tmp_path / "out.parquet"
    with pytest.raises(ImportError, match=r"pip install 'storytrace\[parquet\]'"):
        export(store, "parquet", path)
    assert not path.exists()
