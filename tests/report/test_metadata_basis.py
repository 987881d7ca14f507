"""Where each article's metadata came from, shown in ``show``'s text and JSON and exported."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.story_cases import flood_graph
from storytrace.model import Article
from storytrace.report.story_json import story_to_json
from storytrace.report.story_text import basis_lines, story_to_text
from storytrace.store import Store
from storytrace.store.export import export
from storytrace.store.writes import Origin, insert_article, start_run

BASIS = (
    ("outlet", "declared: og:site_name"),
    ("published", "declared: article:published_time"),
    ("language", "text"),
)


def with_basis() -> tuple[object, list[Article]]:
    graph, articles = flood_graph()
    first = replace(
        articles[0],
        outlet="BBC News",
        published="2016-10-19T06:00:00Z",
        published_kind="published",
        basis=BASIS,
    )
    return graph, [first, *articles[1:]]


def test_text_timeline_says_where_outlet_and_time_came_from() -> None:
    graph, articles = with_basis()
    text = story_to_text(graph, articles)  # type: ignore[arg-type]
    assert (
        "      outlet: BBC News (declared: og:site_name); published: 2016-10-19 06:00 UTC "
        "(declared: article:published_time)"
    ) in text.splitlines()
    assert basis_lines(articles[1]) == []  # nothing recorded: nothing claimed


def test_a_crawl_date_is_shown_as_one() -> None:
    crawled = Article(
        id="a9",
        source="crawl.warc",
        text="x",
        published="2024-03-05T10:11:12Z",
        published_kind="crawled",
        basis=(("published", "crawl"),),
    )
    assert basis_lines(crawled) == ["      crawled: 2024-03-05 10:11 UTC (crawl)"]


def test_json_articles_carry_their_basis() -> None:
    graph, articles = with_basis()
    entries = json.loads(story_to_json(graph, articles))["articles"]  # type: ignore[arg-type]
    by_id = {entry["id"]: entry for entry in entries}
    assert by_id[articles[0].id]["basis"] == dict(BASIS)
    assert by_id[articles[1].id]["basis"] == {}


def test_export_writes_utc_times_their_precision_kind_and_basis(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    run_id = start_run(store, "ingest")
    dated = [
        ("2024-03-05T15:02:00+01:00", "published", BASIS),
        ("2024-03-04", "published", ()),
        ("2024-03-06T09:00:00Z", "crawled", (("published", "crawl"),)),
    ]
    for number, (published, kind, basis) in enumerate(dated):
        text = f"Article number {number} about the ferry strike in the harbour."
        article = Article(
            id="", source="", text=text, published=published, published_kind=kind, basis=basis
        )
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with store.transaction() as db:
            insert_article(db, article, digest, b"", Origin(f"{number}.txt"), run_id)
    export(store, "jsonl", tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["published"], r["published_precision"], r["published_kind"]) for r in rows] == [
        ("2024-03-05T14:02:00Z", "second", "published"),
        ("2024-03-04", "day", "published"),
        ("2024-03-06T09:00:00Z", "second", "crawled"),
    ]
    assert rows[0]["basis"]["outlet"] == "declared: og:site_name" and rows[1]["basis"] == {}
    export(store, "csv", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as stream:
        cells = list(csv.DictReader(stream))
    assert cells[0]["published"] == "2024-03-05T14:02:00Z"
    assert json.loads(cells[0]["basis"]) == dict(BASIS)
    export(store, "parquet", tmp_path / "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    published = table.schema.field("published").type
    assert pa.types.is_timestamp(published) and published.tz == "UTC"
    times = [value.isoformat() for value in table.column("published").to_pylist()]
    assert times == [
        "2024-03-05T14:02:00+00:00",
        "2024-03-04T00:00:00+00:00",  # a day at midnight UTC, precision "day"
        "2024-03-06T09:00:00+00:00",
    ]
