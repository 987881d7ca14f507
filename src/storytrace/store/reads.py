"""Reading the store: full-text search, what was quarantined, rows to export, counts.

Pure functions over an open ``Store``; they return frozen dataclasses (or plain dicts for
export rows) and print nothing. Filters shared by ``search`` and ``iter_export_rows``:

1. ``outlet``: equal to the stored outlet, ignoring case (Unicode case folding).
2. ``language``: equal to the stored language code (``en``, ``de``...), ignoring case.
3. ``since`` / ``until``: ISO dates (``YYYY-MM-DD``), both ends included, compared with the
   first ten characters of ``published``. With either given, articles without an ISO
   ``published`` date are left out.

Search queries come in two kinds (see ``to_fts_query``): plain words by default, which
always work, and raw FTS5 syntax when ``fts=True``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from storytrace.errors import StoreError
from storytrace.store.db import Store

if TYPE_CHECKING:
    from storytrace.provenance.timing import PublicationTime

# snippet() wraps each matched term in this pair; control characters cannot clash with
# article text, and the command line turns them into bold or [brackets].
MATCH_START = "\x02"
MATCH_END = "\x03"
SNIPPET_ELLIPSIS = "…"
# Tokens per snippet: about one line of text. FTS5 allows at most 64.
SNIPPET_TOKENS = 16
# bm25 column weights (title, text): a term in the title says more about what an article
# is about than the same term in its body. A judgement call, not calibrated.
TITLE_WEIGHT = 2.0
TEXT_WEIGHT = 1.0
DEFAULT_LIMIT = 20
# Articles read per query by iter_export_rows: bounds memory, well under SQLite's limit on
# bound parameters in the provenance look-up.
EXPORT_BATCH = 500

EXPORT_FIELDS = (
    "id",
    "story_id",
    "hash",
    "title",
    "outlet",
    "url",
    "published",
    "published_precision",
    "published_kind",
    "language",
    "kind",
    "dateline_place",
    "dateline_date",
    "dateline_agency",
    "basis",
    "text",
    "sources",
    "record_ids",
    "near_duplicate_of",
    "run_id",
    "corrections",
)
"""The keys of every export row, in order."""

# Export fields read from the articles table (the rest come from provenance and the
# corrections), and the ones that are not a plain column.
_DERIVED_FIELDS = ("sources", "record_ids", "published_precision", "corrections")
_STORED_FIELDS = tuple(field for field in EXPORT_FIELDS if field not in _DERIVED_FIELDS)
_COLUMNS = {
    "story_id": "(SELECT s.story_id FROM story_articles s WHERE s.article_id = a.id)",
    "near_duplicate_of": "(SELECT n.of_article_id FROM near_duplicates n "
    "WHERE n.article_id = a.id ORDER BY n.similarity DESC, n.of_article_id LIMIT 1)",
}

FTS_SYNTAX_HELP = (
    'FTS5 syntax: words must all appear; "a phrase" in double quotes; OR, NOT and AND in '
    "upper case; prefix*; NEAR(word1 word2, 10); title: or text: to search one column; "
    "parentheses to group. Leave out --fts to search for plain words."
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A double-quoted phrase (closed), or a run of non-space characters.
_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
# SQLite errors about the database, not the query: every other error a raw FTS5 query
# meets is the MATCH expression being refused ("fts5: syntax error", "no such column",
# "unterminated string", "expected integer"...), and FTS5 has too many to list.
_DATABASE_ERRORS = ("database is locked", "disk I/O error", "unable to open")


Row = dict[str, object]
"""One export row: ``EXPORT_FIELDS`` -> value (int, str, list of str, or None)."""


@dataclass(frozen=True)
class SearchHit:
    """One article matching a search, best first.

    ``snippet`` marks each match with ``MATCH_START`` ... ``MATCH_END``; ``score`` is the
    bm25 relevance (higher is better); ``sources`` lists where the article was read from;
    ``story_id`` is the story ``storytrace stories`` put it in (None before it is grouped).
    """

    article_id: int
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    snippet: str
    score: float
    sources: tuple[str, ...]
    story_id: int | None = None  # the story it was grouped into; None until grouped
    kind: str = "article"  # or "summary": a feed item that carries only a teaser


@dataclass(frozen=True)
class QuarantineRecord:
    """One refused input: where it came from, why (a ``REASONS`` code) and in which run."""

    source: str
    reason: str
    detail: str | None
    duplicate_of: int | None  # the stored article, for reason 'duplicate'
    run_id: int
    duplicate_of_story: int | None = None  # the story of that article, once grouped


@dataclass(frozen=True)
class StoreCounts:
    """How much the store holds."""

    articles: int
    provenance: int
    quarantined: dict[str, int]  # reason -> records
    near_duplicates: int
    runs: int

    @property
    def quarantined_total(self) -> int:
        return sum(self.quarantined.values())


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist; reading never creates one.

    Raises:
        StoreError: there is no file at ``path``, or it is not a usable store.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no store at {path}; run storytrace ingest first")
    return Store(path)


def check_date(value: str) -> str:
    """``value`` if it is an ISO date (``YYYY-MM-DD``) that exists.

    Raises:
        ValueError: anything else, saying the expected form.
    """
    if _ISO_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)  # the form is right; is it a day of the calendar?
            return value
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date: expected YYYY-MM-DD, e.g. 2024-03-01")


def to_fts_query(query: str) -> str:
    """A plain-words query as an FTS5 expression that matches what a person expects.

    Each word becomes a quoted FTS5 string, so punctuation, hyphens, apostrophes and
    operator words (``AND``, ``NEAR``) are searched as text and never break the syntax.
    All words must appear. ``"two words"`` in double quotes is searched as a phrase, and
    a word ending in ``*`` as a prefix. Words without a letter or digit are dropped.

    Raises:
        ValueError: nothing searchable is left.
    """
    terms: list[str] = []
    for phrase, word in _QUERY_TERM.findall(query):
        prefix = bool(word) and word.endswith("*")
        text = phrase or word.replace('"', "").rstrip("*")
        if any(char.isalnum() for char in text):
            quoted = '"' + text.replace('"', '""') + '"'
            terms.append(quoted + "*" if prefix else quoted)
    if not terms:
        raise ValueError(f"nothing to search for in {query!r}: give at least one word")
    return " ".join(terms)


def search(
    store: Store,
    query: str,
    *,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
    fts: bool = False,
    details: bool = True,
) -> list[SearchHit]:
    """Articles matching ``query``, best first (bm25), at most ``limit`` of them.

    ``query`` is plain words (see ``to_fts_query``), or raw FTS5 syntax with ``fts=True``.
    Filters are described in the module docstring. Without ``details`` the hits carry no
    snippet ("") and no sources: cheaper where only some of many hits are shown, whose
    details ``with_details`` adds.

    Raises:
        ValueError: an empty query, a raw query FTS5 refuses (with a summary of the
            syntax), a bad date, ``since`` after ``until``, or ``limit`` below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    expression = _fts_expression(query, fts)
    conditions, params = _filters(store, outlet, language, since, until)
    snippet = "snippet(articles_fts, -1, ?, ?, ?, ?)" if details else "''"
    sql = (
        "SELECT a.id, a.title, a.outlet, a.url, a.published, a.language, "
        f"{snippet}, bm25(articles_fts, ?, ?) AS rank, "
        f"{_COLUMNS['story_id']}, a.kind "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? {''.join(' AND ' + c for c in conditions)} "
        "ORDER BY rank, a.id LIMIT ?"
    )
    snippet_args = (MATCH_START, MATCH_END, SNIPPET_ELLIPSIS, SNIPPET_TOKENS) if details else ()
    try:
        rows = store.db.execute(
            sql, (*snippet_args, TITLE_WEIGHT, TEXT_WEIGHT, expression, *params, limit)
        ).fetchall()
    except sqlite3.OperationalError as error:
        if not fts or str(error).startswith(_DATABASE_ERRORS):
            raise
        raise ValueError(
            f"not a valid FTS5 query: {query!r} ({error}). {FTS_SYNTAX_HELP}"
        ) from None
    sources = _provenance(store, [int(row[0]) for row in rows]) if details else {}
    return [
        SearchHit(
            article_id=int(row[0]),
            title=row[1],
            outlet=row[2],
            url=row[3],
            published=row[4],
            language=row[5],
            snippet=str(row[6]),
            score=-float(row[7]),  # SQLite's bm25() is lower-is-better
            sources=tuple(source for source, _ in sources.get(int(row[0]), [])),
            story_id=None if row[8] is None else int(row[8]),
            kind=str(row[9] or "article"),
        )
        for row in rows
    ]


def with_details(
    store: Store, query: str, hits: Sequence[SearchHit], *, fts: bool = False
) -> list[SearchHit]:
    """``hits`` of ``search(store, query, ..., details=False)`` with their snippets and
    sources, as ``search`` gives them."""
    if not hits:
        return []
    expression = _fts_expression(query, fts)
    ids = [hit.article_id for hit in hits]
    marks = ", ".join("?" * len(ids))
    rows = store.db.execute(
        "SELECT rowid, snippet(articles_fts, -1, ?, ?, ?, ?) FROM articles_fts "
        f"WHERE articles_fts MATCH ? AND rowid IN ({marks})",
        (MATCH_START, MATCH_END, SNIPPET_ELLIPSIS, SNIPPET_TOKENS, expression, *ids),
    )
    snippets = {int(rowid): str(text) for rowid, text in rows}
    sources = _provenance(store, ids)
    return [
        replace(
            hit,
            snippet=snippets.get(hit.article_id, ""),
            sources=tuple(source for source, _ in sources.get(hit.article_id, [])),
        )
        for hit in hits
    ]


def _fts_expression(query: str, fts: bool) -> str:
    """The FTS5 expression of ``query``: plain words (``to_fts_query``), or raw syntax.

    Raises:
        ValueError: an empty raw query (plain words say so in ``to_fts_query``).
    """
    if not fts:
        return to_fts_query(query)
    expression = query.strip()
    if not expression:
        raise ValueError("nothing to search for: the query is empty")
    return expression


def story_of_article(store: Store, article_id: int) -> int | None:
    """The story that article ``article_id`` was grouped into; None while it is in none.

    Raises:
        LookupError: no stored article has that id.
    """
    row = store.db.execute(
        f"SELECT {_COLUMNS['story_id']} FROM articles a WHERE a.id = ?", (article_id,)
    ).fetchone()
    if row is None:
        raise LookupError(f"no article {article_id}")
    return None if row[0] is None else int(row[0])


def quarantined(
    store: Store, *, reason: str | None = None, run: int | None = None, limit: int | None = None
) -> list[QuarantineRecord]:
    """Refused inputs in the order they were refused, optionally of one reason or run.

    A duplicate carries the id of the stored article it repeats and, once that article is
    grouped, the id of its story.
    """
    conditions, params = _quarantine_filters(reason, run)
    sql = (
        "SELECT q.source, q.reason, q.detail, q.duplicate_of, q.run_id, s.story_id "
        "FROM quarantine q LEFT JOIN story_articles s ON s.article_id = q.duplicate_of"
        f"{_where(conditions)} ORDER BY q.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        QuarantineRecord(row[0], row[1], row[2], row[3], int(row[4]), row[5])
        for row in store.db.execute(sql, params)
    ]


def quarantine_counts(store: Store, *, run: int | None = None) -> dict[str, int]:
    """Quarantined records per reason code (only reasons that occur), most frequent first."""
    conditions, params = _quarantine_filters(None, run)
    rows = store.db.execute(
        f"SELECT q.reason, count(*) AS n FROM quarantine q{_where(conditions)} "
        "GROUP BY q.reason ORDER BY n DESC, q.reason",
        params,
    )
    return {str(row[0]): int(row[1]) for row in rows}


def counts(store: Store) -> StoreCounts:
    """Articles, provenance rows, quarantined records by reason, near duplicates and runs."""

    def count(table: str) -> int:
        return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return StoreCounts(
        articles=count("articles"),
        provenance=count("provenance"),
        quarantined=quarantine_counts(store),
        near_duplicates=count("near_duplicates"),
        runs=count("runs"),
    )


def iter_export_rows(
    store: Store,
    *,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Iterator[Row]:
    """Stored articles, oldest first, as dicts with the keys of ``EXPORT_FIELDS``.

    Streams: reads ``EXPORT_BATCH`` articles per query, so memory does not grow with the
    store. ``sources`` and ``record_ids`` are lists in provenance order (``record_ids``
    holds only the sources that had one); ``near_duplicate_of`` is the most similar
    earlier article, or None. ``published`` is one ISO 8601 form in UTC
    ("2024-03-05T14:02:00Z", or "2024-03-05" when only the day is known, as
    ``published_precision`` "second" or "day" says; None where the stored value cannot be
    read); ``published_kind`` says what it is ("published", "updated", "crawled",
    "dateline"); ``basis`` maps each metadata field to where it came from.

    Raises:
        ValueError: a bad date, or ``since`` after ``until``.
    """
    conditions, params = _filters(store, outlet, language, since, until)
    return _export_pages(store, conditions, params)


def _export_pages(store: Store, conditions: list[str], params: list[object]) -> Iterator[Row]:
    columns = ", ".join(_COLUMNS.get(field, f"a.{field}") for field in _STORED_FIELDS)
    sql = (
        f"SELECT {columns} FROM articles a "
        f"WHERE a.id > ?{''.join(' AND ' + c for c in conditions)} ORDER BY a.id LIMIT ?"
    )
    last = 0
    corrected = _corrections_by_article(store)
    while True:
        # Keyset pages rather than one long cursor: an abandoned iterator holds no
        # statement open against a store that an ingest may be writing.
        rows = store.db.execute(sql, (last, *params, EXPORT_BATCH)).fetchall()
        if not rows:
            return
        last = int(rows[-1][0])
        provenance = _provenance(store, [int(row[0]) for row in rows])
        for row in rows:
            article_id = int(str(row[0]))
            found = corrected.get(article_id, [])
            yield _export_row(row, provenance.get(article_id, []), found)


def _corrections_by_article(store: Store) -> dict[int, list[dict[str, object]]]:
    """Article id -> the corrections that name it (moved or merged it, marked an edge of
    its or a speaker of its quotations wrong), oldest first, undone ones too."""
    from storytrace.store.corrections import corrections  # it reads the stories' tables

    found: dict[int, list[dict[str, object]]] = {}
    for correction in reversed(corrections(store)):  # they come newest first
        record = asdict(correction)
        del record["article_ids"]  # the row is one of them
        for article_id in correction.article_ids:
            found.setdefault(article_id, []).append(record)
    return found


def _export_row(
    row: Sequence[object],
    provenance: list[tuple[str, str | None]],
    corrections: list[dict[str, object]],
) -> Row:
    # imported here: they import the cleaning and provenance packages, which every command
    # line start-up (this module is imported by all) must not wait for
    from storytrace.clean.metadata import time_text
    from storytrace.provenance.timing import parse_time

    values: dict[str, object] = dict(zip(_STORED_FIELDS, row, strict=True))
    published = parse_time(str(values["published"])) if values["published"] else None
    values["published"] = time_text(published) if published is not None else None
    values["published_precision"] = _precision(published)
    values["basis"] = json.loads(str(values["basis"] or "{}"))
    values["sources"] = [source for source, _ in provenance]
    values["record_ids"] = [record_id for _, record_id in provenance if record_id is not None]
    values["corrections"] = corrections
    return {field: values[field] for field in EXPORT_FIELDS}


def _precision(published: PublicationTime | None) -> str | None:
    if published is None:
        return None
    return "day" if published.day_only else "second"


def _provenance(store: Store, article_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    """Article id -> [(source, record_id), ...] in the order the sources were stored."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    if not article_ids:
        return found
    marks = ", ".join("?" * len(article_ids))
    rows = store.db.execute(
        f"SELECT article_id, source, record_id FROM provenance WHERE article_id IN ({marks}) "
        "ORDER BY id",
        article_ids,
    )
    for article_id, source, record_id in rows:
        found.setdefault(int(article_id), []).append((str(source), record_id))
    return found


def _filters(
    store: Store,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
) -> tuple[list[str], list[object]]:
    """SQL conditions on ``articles a`` and their parameters, for the shared filters."""
    conditions: list[str] = []
    params: list[object] = []
    for column, wanted in (("outlet", outlet), ("language", language)):
        if wanted is not None:
            values = _stored_values_like(store, column, wanted)
            conditions.append(f"a.{column} IN ({', '.join('?' * len(values))})" if values else "0")
            params.extend(values)
    if since is not None and until is not None and check_date(since) > check_date(until):
        raise ValueError(f"since ({since}) is after until ({until})")
    if since is not None or until is not None:
        conditions.append("a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'")
    if since is not None:
        conditions.append("substr(a.published, 1, 10) >= ?")
        params.append(check_date(since))
    if until is not None:
        conditions.append("substr(a.published, 1, 10) <= ?")
        params.append(check_date(until))
    return conditions, params


def _stored_values_like(store: Store, column: str, wanted: str) -> list[str]:
    """The distinct stored values of ``column`` equal to ``wanted`` ignoring case.

    Folding in Python handles non-ASCII outlets (SQLite's NOCASE knows only ASCII), and
    the ``IN`` list that results still uses the column's index.
    """
    folded = wanted.strip().casefold()
    rows = store.db.execute(f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL")
    return [str(row[0]) for row in rows if str(row[0]).strip().casefold() == folded]


def _quarantine_filters(reason: str | None, run: int | None) -> tuple[list[str], list[object]]:
    conditions: list[str] = []
    params: list[object] = []
    if reason is not None:
        conditions.append("q.reason = ?")
        params.append(reason)
    if run is not None:
        conditions.append("q.run_id = ?")
        params.append(run)
    return conditions, params


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


@dataclass(frozen=True)
class NearDuplicate:
    """A stored article that nearly repeats another (or is nearly repeated by it)."""

    article_id: int
    title: str | None
    outlet: str | None
    similarity: float


def near_duplicates_of(store: Store, article_id: int) -> list[NearDuplicate]:
    """The articles that ingest found to nearly repeat ``article_id``, or that it nearly
    repeats, most similar first."""
    rows = store.db.execute(
        "SELECT other, a.title, a.outlet, similarity FROM ("
        "  SELECT of_article_id AS other, similarity FROM near_duplicates WHERE article_id = ?"
        "  UNION ALL"
        "  SELECT article_id AS other, similarity FROM near_duplicates WHERE of_article_id = ?"
        ") JOIN articles a ON a.id = other ORDER BY similarity DESC, other",
        (article_id, article_id),
    ).fetchall()
    return [NearDuplicate(int(r[0]), r[1], r[2], float(r[3])) for r in rows]
