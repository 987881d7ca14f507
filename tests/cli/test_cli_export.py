"""``storytrace export`` as a user runs it: a real process, real files read back."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS, store_article, storytrace_cli
from storytrace.cli.export import export_command
from storytrace.model import Article
from storytrace.store import Store
from storytrace.store.reads import EXPORT_FIELDS
from storytrace.store.writes import Origin, insert_article, insert_near_duplicate, start_run

STRIKE = (
    'Dockers at the port struck for a second day, saying "we will not move a single '
    'container" until the talks resume.\nShips were waiting in the Elbe, some since Sunday.'
)


run = storytrace_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store.db"
    articles = [
        (SEEDS[0].read_text(encoding="utf-8"), "GPA", "2017-10-04", "en", str(SEEDS[0])),
        (SEEDS[1].read_text(encoding="utf-8"), "Radio Habana Cuba", "2017-10-05", "en", "r.md"),
        (STRIKE, "Hafen Kurier", "2024-03-04", "en", "strike.warc#<urn:uuid:1>"),
        (STRIKE + " Talks resume Monday.", "Wire", None, "en", "wire.jsonl:3"),
    ]
    with Store(path) as store:
        run_id = start_run(store, "ingest")
        ids: list[int] = []
        for text, outlet, published, language, source in articles:
            ids.append(
                store_article(
                    store,
                    run_id,
                    text,
                    source=source,
                    outlet=outlet,
                    published=published,
                    language=language,
                    record_id=f"rec-{len(ids)}",
                )
            )
        with store.transaction() as connection:
            insert_near_duplicate(connection, ids[3], ids[2], 0.9)
    return path


def test_jsonl_to_stdout_by_default(db: Path) -> None:
    result = run("export", "--format", "jsonl", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["outlet"] for row in rows] == ["GPA", "Radio Habana Cuba", "Hafen Kurier", "Wire"]
    assert tuple(rows[0]) == EXPORT_FIELDS
    assert rows[3]["near_duplicate_of"] == rows[2]["id"] and rows[1]["sources"] == ["r.md"]
    assert "exported 4 articles as jsonl to standard output" in result.stderr


def test_csv_to_a_file_with_filters(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "dated.csv"
    result = run("export", "--format", "csv", "-o", out, "--db", db, "--since", "2017-10-05")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["outlet"] for row in rows] == ["Radio Habana Cuba", "Hafen Kurier"]
    assert rows[1]["text"] == STRIKE
    assert json.loads(rows[1]["sources"]) == ["strike.warc#<urn:uuid:1>"]
    assert json.loads(rows[1]["record_ids"]) == ["rec-2"]


def test_parquet_to_a_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.parquet"
    result = run("export", "--format", "parquet", "--output", out, "--db", db, "-q")
    assert (result.returncode, result.stderr) == (0, "")
    table = pq.read_table(out)
    assert table.num_rows == 4 and tuple(table.column_names) == EXPORT_FIELDS
    assert table.column("near_duplicate_of").to_pylist() == [None, None, None, 3]


def test_parquet_to_stdout_is_refused(db: Path) -> None:
    result = run("export", "--format", "parquet", "--db", db)
    assert result.returncode == 2 and result.stdout == ""
    assert "parquet is binary and needs a file: pass --output FILE" in result.stderr


def test_bad_usage_fails_without_a_traceback(db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = run("export", "--format", "csv", "--db", missing)
    assert result.returncode == 2 and f"no store at {missing}" in result.stderr
    assert not missing.exists()
    bad_date = run("export", "--format", "csv", "--db", db, "--since", "March")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    no_format = run("export", "--db", db)
    assert no_format.returncode == 2 and "--format" in no_format.stderr
    unwritable = run("export", "--format", "csv", "--db", db, "-o", tmp_path / "no/dir/x.csv")
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr
    for failed in (result, bad_date, no_format, unwritable):
        assert "Traceback" not in failed.stderr


def test_a_closed_pipe_ends_the_export_quietly(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    seed = SEEDS[1].read_text(encoding="utf-8")
    with Store(path) as store:  # far more than a pipe buffer holds
        run_id = start_run(store, "ingest")
        with store.transaction() as connection:
            for number in range(200):
                text = f"{seed}\n\nUpdate {number}."
                content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
                article = Article(id="", source="", text=text)
                origin = Origin(f"feed.jsonl:{number}")
                insert_article(connection, article, content_hash, b"", origin, run_id)
    process = subprocess.Popen(
        [sys.executable, "-m", "storytrace", "export", "--format", "jsonl", "--db", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 2
    assert "Traceback" not in stderr and "exported" not in stderr


def test_every_option_is_explained() -> None:
    options = [param for param in export_command.params if isinstance(param, click.Option)]
    assert all(option.help for option in options)
