"""Exporting stored articles as JSON Lines, CSV or Parquet, streamed.

Rows come from ``reads.iter_export_rows`` (keys ``EXPORT_FIELDS``) and are written as they
arrive, so exporting 100,000 articles never holds them all in memory:

1. ``jsonl``: one JSON object per line, UTF-8; lists are JSON arrays, missing values null.
2. ``csv``: a header row, then one row per article (RFC 4180 quoting, UTF-8). The list
   fields (``sources``, ``record_ids``) are JSON-encoded arrays in one cell, because a
   source (a path or URL) may contain any separator one could pick; missing values are
   empty cells.
3. ``parquet``: typed columns (lists as ``list<string>``, ``basis`` as
   ``map<string, string>``, ``published`` as ``timestamp[s, tz=UTC]``: a day alone at
   midnight UTC, with ``published_precision`` "day"), written one row group of
   ``PARQUET_ROW_GROUP`` rows at a time. Needs pyarrow (the ``parquet`` extra).

``published`` is in UTC in every format; in JSON Lines and CSV it is one ISO 8601 form,
"2024-03-05T14:02:00Z", or "2024-03-05" where only the day is known. ``published_kind``
says what it is ("published", "updated", "crawled": a crawl date, "dateline"), ``basis``
where each metadata field came from ({"outlet": "declared: og:site_name", ...}; a JSON
object in JSON Lines, JSON in one CSV cell).

Every row carries its ``story_id``: the story ``storytrace stories`` grouped the article
into (as a person's corrections left it), missing (null, an empty cell) while it is in
none; its ``kind``: ``article``, or ``summary`` for a feed item that carries only a
teaser; and its ``corrections``: the corrections that name it (a move or merge that
carried it, an edge of it or a speaker of its quotations marked wrong), each with its
``id``, ``kind``, ``story_id``, ``target_story_id``, ``made_by``, ``made_at``,
``undone_by``, ``undone_at`` and ``detail``: a JSON array in JSON Lines, JSON in one CSV
cell and in a Parquet string column.

A file path is written to ``NAME.part`` first and renamed when complete, so a failed
export never leaves a truncated file under the name asked for.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol, cast

from storytrace.store.db import Store
from storytrace.store.reads import EXPORT_FIELDS, Row, iter_export_rows

FORMATS = ("jsonl", "csv", "parquet")
# Rows per Parquet row group: large enough for good compression and fast scans, small
# enough that one group of full article texts (~50 MB) is all that is ever in memory.
PARQUET_ROW_GROUP = 10_000
PARQUET_EXTRA = "pip install 'storytrace[parquet]'"
_LIST_FIELDS = frozenset({"sources", "record_ids"})
_MAP_FIELDS = frozenset({"basis"})
_INT_FIELDS = frozenset({"id", "story_id", "near_duplicate_of", "run_id"})
_JSON_FIELDS = frozenset({"corrections"})  # JSON text in a Parquet string column

Output = str | Path | IO[str] | IO[bytes]


def export(
    store: Store,
    fmt: str,
    out: Output,
    *,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> int:
    """Write the store's articles (filtered as in ``reads``) to ``out``; returns rows written.

    ``out`` is a file path, or an open stream: text or binary for ``jsonl`` and ``csv``
    (binary streams get UTF-8), binary only for ``parquet``.

    Raises:
        ValueError: an unknown format, a text stream for parquet, a bad date filter.
        ImportError: parquet without pyarrow installed (names the extra to install).
        OSError: the file cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        _pyarrow()  # fail before any file is made
    rows = iter_export_rows(store, outlet=outlet, language=language, since=since, until=until)
    if isinstance(out, str | Path):
        return _export_to_path(rows, fmt, Path(out))
    if fmt == "parquet":
        if isinstance(out, io.TextIOBase):
            raise ValueError("parquet is binary: write it to a file path or a binary stream")
        return _write_parquet(rows, cast(IO[bytes], out))
    if isinstance(out, io.TextIOBase):
        return _write_text(rows, fmt, cast(IO[str], out))
    return _write_text(rows, fmt, _Utf8(cast(IO[bytes], out)))


class _TextSink(Protocol):
    """Anything text can be written to: a text stream, or ``_Utf8`` over a binary one."""

    def write(self, text: str, /) -> object: ...


class _Utf8:
    """Writes text to a binary stream as UTF-8, and leaves the stream as it was.

    A ``TextIOWrapper`` would do the same but closes the stream when it goes away, and
    cannot let go of it after a failed write (a reader that closed its pipe).
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str, /) -> int:
        return self.stream.write(text.encode("utf-8"))


def _export_to_path(rows: Iterator[Row], fmt: str, path: Path) -> int:
    partial = path.with_name(path.name + ".part")
    try:
        if fmt == "parquet":
            written = _write_parquet(rows, partial)
        else:
            with partial.open("w", encoding="utf-8", newline="") as stream:
                written = _write_text(rows, fmt, stream)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


def _write_text(rows: Iterable[Row], fmt: str, stream: _TextSink) -> int:
    return _write_jsonl(rows, stream) if fmt == "jsonl" else _write_csv(rows, stream)


def _write_jsonl(rows: Iterable[Row], stream: _TextSink) -> int:
    written = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        written += 1
    return written


def _write_csv(rows: Iterable[Row], stream: _TextSink) -> int:
    writer = csv.writer(stream)
    writer.writerow(EXPORT_FIELDS)
    written = 0
    for row in rows:
        writer.writerow([_csv_cell(row[field]) for field in EXPORT_FIELDS])
        written += 1
    return written


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_parquet(rows: Iterator[Row], out: Path | IO[bytes]) -> int:
    pa, pq = _pyarrow()
    schema = pa.schema([(field, _parquet_type(pa, field)) for field in EXPORT_FIELDS])
    written = 0
    with pq.ParquetWriter(str(out) if isinstance(out, Path) else out, schema) as writer:
        for batch in _batched(rows, PARQUET_ROW_GROUP):
            table = pa.Table.from_pylist([_typed(row) for row in batch], schema=schema)
            writer.write_table(table, row_group_size=PARQUET_ROW_GROUP)
            written += len(batch)
    return written


def _typed(row: Row) -> Row:
    """A row with ``published`` as an aware UTC datetime (a day at midnight UTC), and the
    JSON fields as JSON text."""
    typed = {**row, **{field: json.dumps(row[field], ensure_ascii=False) for field in _JSON_FIELDS}}
    published = row["published"]
    if not isinstance(published, str):
        return typed
    instant = datetime.fromisoformat(published.replace("Z", "+00:00"))
    return {**typed, "published": instant if instant.tzinfo else instant.replace(tzinfo=UTC)}


def _parquet_type(pa: Any, field: str) -> Any:
    if field in _LIST_FIELDS:
        return pa.list_(pa.string())
    if field in _MAP_FIELDS:
        return pa.map_(pa.string(), pa.string())
    if field == "published":
        return pa.timestamp("s", tz="UTC")
    return pa.int64() if field in _INT_FIELDS else pa.string()


def _batched(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def _pyarrow() -> tuple[Any, Any]:
    """The ``pyarrow`` and ``pyarrow.parquet`` modules.

    Raises:
        ImportError: pyarrow is not installed; the message names the extra.
    """
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError(f"parquet export needs pyarrow: {PARQUET_EXTRA}") from None
    return pyarrow, pyarrow.parquet
