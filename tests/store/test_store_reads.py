"""Reading a real store: search (ranking, snippets, filters, odd queries), quarantine, counts.

The store is built with the same write functions ingest uses, from real article text: the
two seed articles and short news texts written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, store_article
from storytrace.errors import StoreError
from storytrace.ingest.dedupe import content_hash
from storytrace.store import Store, reads
from storytrace.store.reads import (
    EXPORT_FIELDS,
    MATCH_END,
    MATCH_START,
    check_date,
    counts,
    iter_export_rows,
    open_existing,
    quarantine_counts,
    quarantined,
    search,
    to_fts_query,
    with_details,
)
from storytrace.store.writes import (
    insert_near_duplicate,
    insert_quarantine,
    start_run,
)

FLOOD = (
    "Flood waters rose through the night in the north-east of the county, and the mayor's "
    "office opened two schools as shelters. The flood reached the old harbour by dawn; "
    "officials said the flood defences built in 2009 had held along most of the river."
)
FLOOD_COPY = FLOOD.replace("by dawn", "by early morning")
BUDGET = (
    "The council approved its budget on Tuesday after a long debate about road repairs. "
    "One councillor warned that a flood of complaints about potholes would follow."
)
TRAM = (
    "Die Straßenbahn in der Innenstadt fährt ab Montag wieder. Bürgermeisterin Anna Müller "
    "sagte, die Bauarbeiten seien früher als geplant abgeschlossen worden."
)
HARVEST = (
    "Farmers in the valley began the harvest a week early this year after a dry summer. "
    "Prices for wheat are expected to fall, the cooperative said."
)


def seed(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


# (text, title, outlet, published, language, source, record_id)
ARTICLES = [
    (seed(0), None, "GPA", "2017-10-04", "en", str(SEEDS[0]), None),
    (
        seed(1),
        "Russia Accuses U.S. of Supporting and 'Flirting With' Daesh in Eastern Syria",
        "Radio Habana Cuba",
        "2017-10-05T10:00:00+00:00",
        "en",
        "https://www.radiohc.cu/en/noticias/internacionales/152421",
        "<urn:uuid:7a1c2b3d>",
    ),
    (FLOOD, "Flood waters rise in the harbour town", "Harbour Gazette", None, "en", "f.txt", None),
    (FLOOD_COPY, "Flood reaches harbour", "Coast Daily", "2023-11-02", "en", "c.jsonl:3", "c-3"),
    (BUDGET, "Council passes budget", "Harbour Gazette", "Nov 3, 2023", "en", "budget.md", None),
    (TRAM, "Straßenbahn fährt wieder", "Süddeutsche Zeitung", "2024-03-01", "de", "sz.html", None),
    (HARVEST, "Early harvest in the valley", "Valley News", "2023-08-15", "en", "h.txt", None),
]


def add_article(
    store: Store,
    run_id: int,
    text: str,
    title: str | None,
    outlet: str | None,
    published: str | None,
    language: str | None,
    source: str,
    record_id: str | None = None,
) -> int:
    """Store one row of ARTICLES; returns its id."""
    return store_article(
        store,
        run_id,
        text,
        source=source,
        title=title,
        outlet=outlet,
        published=published,
        language=language,
        record_id=record_id,
    )


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.db")
    first = start_run(store, "ingest seeds")
    ids = [add_article(store, first, *values) for values in ARTICLES]
    with store.transaction() as db:
        insert_near_duplicate(db, ids[3], ids[2], 0.91)
        insert_quarantine(db, "empty.txt", "empty", None, first)
        insert_quarantine(db, "photo.txt", "binary", "PNG image", first)
        insert_quarantine(db, "again/flood.txt", "duplicate", None, first, duplicate_of=ids[2])
    second = start_run(store, "ingest feed")
    with store.transaction() as db:
        insert_quarantine(db, "feed.jsonl:7", "bad_json", "line 7, column 3", second)
        insert_quarantine(db, "copy-of-sz.html", "duplicate", "same text", second, ids[5])
    return store


def ids_of(hits: list[reads.SearchHit]) -> list[int]:
    return [hit.article_id for hit in hits]


# --- search: ranking and snippets ---


def test_search_ranks_title_and_repeated_matches_first(store: Store) -> None:
    hits = search(store, "flood")
    assert ids_of(hits)[:2] in ([3, 4], [4, 3])  # both flood stories, titled "Flood ..."
    assert ids_of(hits)[-1] == 5  # the budget story says "flood" once, in passing
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(hit.score > 0 for hit in hits)


def test_search_snippet_marks_each_match(store: Store) -> None:
    (hit,) = search(store, "Konashenkov", outlet="GPA")
    assert f"{MATCH_START}Konashenkov{MATCH_END}" in hit.snippet
    assert hit.snippet.count(MATCH_START) == hit.snippet.count(MATCH_END) >= 1
    assert hit.sources == (str(SEEDS[0]),)
    assert (hit.outlet, hit.published, hit.language) == ("GPA", "2017-10-04", "en")


def test_search_hit_carries_metadata_and_url(store: Store) -> None:
    (hit,) = search(store, "flirting")
    assert hit.title is not None and hit.title.startswith("Russia Accuses")
    assert hit.url is None  # the Article had no url; the source is the URL it came from
    assert hit.sources == ("https://www.radiohc.cu/en/noticias/internacionales/152421",)


def test_search_without_details_then_with_them_equals_search(store: Store) -> None:
    plain = search(store, "Russia", details=False)
    assert plain and all(hit.snippet == "" and hit.sources == () for hit in plain)
    full = search(store, "Russia")
    assert [hit.article_id for hit in plain] == [hit.article_id for hit in full]
    assert with_details(store, "Russia", plain[:2]) == full[:2]
    assert with_details(store, "Russia", []) == []


def test_search_limit(store: Store) -> None:
    assert len(search(store, "the", limit=2)) == 2
    with pytest.raises(ValueError, match="at least 1"):
        search(store, "the", limit=0)


def test_search_without_matches_is_empty(store: Store) -> None:
    assert search(store, "zeppelin") == []


# --- search: filters ---


def test_outlet_filter_ignores_case_also_beyond_ascii(store: Store) -> None:
    assert ids_of(search(store, "Konashenkov", outlet="radio habana cuba")) == [2]
    assert ids_of(search(store, "Straßenbahn", outlet="SÜDDEUTSCHE ZEITUNG")) == [6]
    assert search(store, "Konashenkov", outlet="Nowhere Times") == []


def test_language_filter(store: Store) -> None:
    assert ids_of(search(store, "Müller", language="DE")) == [6]
    assert search(store, "Müller", language="en") == []


def test_date_range_includes_both_ends_and_drops_undated(store: Store) -> None:
    same_day = search(store, "Konashenkov", since="2017-10-05", until="2017-10-05")
    assert ids_of(same_day) == [2]  # published carries a time; its day is compared
    assert ids_of(search(store, "flood", since="2023-01-01")) == [4]  # 3 undated, 5 not ISO
    assert ids_of(search(store, "flood", until="2023-11-02")) == [4]
    assert sorted(ids_of(search(store, "Konashenkov", until="2017-10-05"))) == [1, 2]


def test_bad_dates_are_refused_with_the_expected_form(store: Store) -> None:
    for bad in ("2017-13-01", "2017-2-1", "05/10/2017", "2023-02-30", ""):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            search(store, "flood", since=bad)
    with pytest.raises(ValueError, match="after until"):
        search(store, "flood", since="2024-01-02", until="2024-01-01")
    assert check_date("2024-02-29") == "2024-02-29"


# --- search: odd queries ---


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"Major General"', [1, 2]),  # a phrase
        ('"Major General', [1, 2]),  # an unclosed quote
        ("north-east", [3, 4]),  # hyphen: not FTS5's column filter or NOT
        ("mayor's", [3, 4]),  # apostrophe
        ("Konashenkov AND Daesh", [1, 2]),  # AND is a word here, and both seeds have it
        ("NOT Jordan", [1, 2]),  # NOT is a word here: both seeds say "is not"
        ("muller", [6]),  # diacritics folded
        ("MÜLLER", [6]),
        ("Straßenbahn", [6]),
        ("Konash*", [1, 2]),  # prefix
        ("title:flood", []),  # no column filters in plain mode: "title flood" as words
        ("flood (harbour", [3, 4]),
    ],
)
def test_plain_queries_always_work(store: Store, query: str, expected: list[int]) -> None:
    assert sorted(ids_of(search(store, query))) == expected


@pytest.mark.parametrize("query", ["", "   ", "--", '""', "* ^"])
def test_queries_without_words_are_refused(store: Store, query: str) -> None:
    with pytest.raises(ValueError, match="nothing to search for"):
        search(store, query)


def test_raw_fts_queries(store: Store) -> None:
    assert sorted(ids_of(search(store, "Konashenkov OR Müller", fts=True))) == [1, 2, 6]
    assert sorted(ids_of(search(store, "title:flood", fts=True))) == [3, 4]
    assert ids_of(search(store, "flood NOT harbour", fts=True)) == [5]
    assert sorted(ids_of(search(store, "NEAR(Konashenkov said, 3)", fts=True))) == [1, 2]


@pytest.mark.parametrize(
    "query", ["flood AND", "nosuch:flood", '"unclosed', "(flood", "*", "NEAR(a b, x)", "  "]
)
def test_bad_raw_fts_queries_explain_the_syntax(store: Store, query: str) -> None:
    with pytest.raises(ValueError) as caught:
        search(store, query, fts=True)
    message = str(caught.value)
    assert "FTS5" in message or "empty" in message


def test_to_fts_query_quotes_every_term() -> None:
    assert to_fts_query('Müller "major general" al-qaeda pre*') == (
        '"Müller" "major general" "al-qaeda" "pre"*'
    )
    assert to_fts_query('say "hi') == '"say" "hi"'


# --- quarantine ---


def test_quarantined_lists_all_in_order_with_reasons(store: Store) -> None:
    records = quarantined(store)
    assert [record.source for record in records] == [
        "empty.txt",
        "photo.txt",
        "again/flood.txt",
        "feed.jsonl:7",
        "copy-of-sz.html",
    ]
    duplicate = records[2]
    assert (duplicate.reason, duplicate.duplicate_of, duplicate.run_id) == ("duplicate", 3, 1)
    assert records[1].detail == "PNG image"


def test_quarantined_filters(store: Store) -> None:
    assert [r.source for r in quarantined(store, reason="duplicate")] == [
        "again/flood.txt",
        "copy-of-sz.html",
    ]
    assert [r.source for r in quarantined(store, run=2)] == ["feed.jsonl:7", "copy-of-sz.html"]
    assert [r.source for r in quarantined(store, reason="duplicate", run=2)] == ["copy-of-sz.html"]
    assert len(quarantined(store, limit=2)) == 2
    assert quarantined(store, reason="too_large") == []


def test_quarantine_counts(store: Store) -> None:
    assert quarantine_counts(store) == {"duplicate": 2, "bad_json": 1, "binary": 1, "empty": 1}
    assert next(iter(quarantine_counts(store))) == "duplicate"  # most frequent first
    assert quarantine_counts(store, run=2) == {"bad_json": 1, "duplicate": 1}


def test_counts(store: Store) -> None:
    total = counts(store)
    assert (total.articles, total.provenance, total.near_duplicates, total.runs) == (7, 7, 1, 2)
    assert total.quarantined_total == 5
    assert total.quarantined["duplicate"] == 2


# --- export rows ---


def test_export_rows_have_every_field(store: Store) -> None:
    rows = list(iter_export_rows(store))
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert all(tuple(row) == EXPORT_FIELDS for row in rows)
    copy = rows[3]
    assert copy["near_duplicate_of"] == 3 and rows[2]["near_duplicate_of"] is None
    assert copy["sources"] == ["c.jsonl:3"] and copy["record_ids"] == ["c-3"]
    assert rows[0]["record_ids"] == [] and rows[0]["text"] == seed(0)
    assert copy["hash"] == content_hash(FLOOD_COPY)
    assert copy["run_id"] == 1


def test_export_rows_filters(store: Store) -> None:
    assert [r["id"] for r in iter_export_rows(store, outlet="harbour gazette")] == [3, 5]
    assert [r["id"] for r in iter_export_rows(store, language="de")] == [6]
    assert [r["id"] for r in iter_export_rows(store, since="2023-08-15", until="2023-12-31")] == [
        4,
        7,
    ]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        iter_export_rows(store, until="yesterday")  # refused at once, before any row


def test_export_rows_page_through_the_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reads, "EXPORT_BATCH", 2)
    rows = list(iter_export_rows(store))
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [row["sources"] for row in rows][5] == ["sz.html"]


def test_many_sources_per_article_keep_their_order(store: Store) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO provenance(source, article_id, record_id, run_id) VALUES (?, ?, ?, ?)",
            ("mirror/f.txt", 3, "m-1", 1),
        )
    (row,) = [row for row in iter_export_rows(store) if row["id"] == 3]
    assert row["sources"] == ["f.txt", "mirror/f.txt"] and row["record_ids"] == ["m-1"]
    (hit,) = search(store, "flood", outlet="Harbour Gazette", since=None, limit=1)
    assert hit.sources == ("f.txt", "mirror/f.txt")


# --- opening ---


def test_open_existing_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    with pytest.raises(StoreError, match=r"no store at .*run storytrace ingest first"):
        open_existing(missing)
    assert not missing.exists()
