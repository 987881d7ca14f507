"""Stored stories: grouping features, story membership, merges and reused passages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from storytrace.model import Article, MatchKind, ReusedPassage, Story
from storytrace.store.analyses import ARTICLE_COLUMNS, article_from_row
from storytrace.store.db import Store, versioned_blobs
from storytrace.stories.features import FEATURES_VERSION, StoryFeatures
from storytrace.stories.similarity import DocumentFrequencies


@dataclass(frozen=True)
class StorySummary:
    """One line of the story list."""

    id: int
    articles: int
    outlets: int
    languages: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    title: str | None
    # Mean and lowest fit of the members (``save_fits``); None for a story of one, or one
    # grouped before fits were kept.
    cohesion: float | None = None
    lowest_fit: float | None = None


def grouped_features(store: Store) -> list[tuple[StoryFeatures, int, int]]:
    """(features, story id, article id) of every grouped article, in grouping order.

    Articles whose stored features are of another ``FEATURES_VERSION`` are left out:
    ``stale_feature_articles`` lists them so they can be computed again.
    """
    rows = store.db.execute(
        "SELECT s.article_id, s.story_id, f.features FROM story_articles s "
        "JOIN story_features f ON f.article_id = s.article_id AND f.version = ? "
        "ORDER BY s.position",
        (FEATURES_VERSION,),
    )
    return [
        (StoryFeatures.from_blob(str(article_id), blob), int(story_id), int(article_id))
        for article_id, story_id, blob in rows
    ]


def corpus_frequencies(store: Store) -> DocumentFrequencies:
    """The document frequencies of every article with features of the current version."""
    frequencies = DocumentFrequencies()
    rows = store.db.execute(
        "SELECT article_id, features FROM story_features WHERE version = ?", (FEATURES_VERSION,)
    )
    for article_id, blob in rows:
        frequencies.add(StoryFeatures.from_blob(str(article_id), blob))
    return frequencies


def saved_features(store: Store, article_ids: Sequence[str]) -> dict[str, StoryFeatures]:
    """The stored features of the current ``FEATURES_VERSION`` among ``article_ids``."""
    rows = versioned_blobs(store, "story_features", "features", FEATURES_VERSION, article_ids)
    return {article_id: StoryFeatures.from_blob(article_id, blob) for article_id, blob in rows}


def stale_feature_articles(store: Store) -> list[Article]:
    """Grouped articles whose features must be computed again (another feature version)."""
    rows = store.db.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE EXISTS "
        "(SELECT 1 FROM story_articles s WHERE s.article_id = a.id) AND NOT EXISTS "
        "(SELECT 1 FROM story_features f WHERE f.article_id = a.id AND f.version = ?) "
        "ORDER BY id",
        (FEATURES_VERSION,),
    ).fetchall()
    return [article_from_row(row) for row in rows]


def ungrouped_articles(
    store: Store, batch: int, include_summaries: bool = False
) -> Iterator[list[Article]]:
    """Articles in no story yet, oldest publication first (undated last), in batches; feed
    summaries only if ``include_summaries``. Which articles is decided when the first batch
    is asked for; their texts are read a batch at a time, so memory does not grow with the
    corpus."""
    ids = [
        row[0]
        for row in store.db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
            f"{_KIND_FILTER[include_summaries]} ORDER BY published IS NULL, published, id"
        )
    ]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
        ).fetchall()
        by_id = {row[0]: row for row in rows}
        yield [article_from_row(by_id[i]) for i in chunk if i in by_id]


def count_ungrouped(store: Store, include_summaries: bool = False) -> int:
    row = store.db.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
        f"{_KIND_FILTER[include_summaries]}"
    ).fetchone()
    return int(row[0])


# Feed summaries are grouped only when asked (``storytrace stories --include-summaries``).
_KIND_FILTER = {False: "AND a.kind = 'article'", True: ""}


def save_features(db: sqlite3.Connection, features: Iterable[StoryFeatures]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO story_features(article_id, version, features) VALUES (?, ?, ?)",
        [(int(f.article_id), FEATURES_VERSION, f.to_blob()) for f in features],
    )


def save_fits(db: sqlite3.Connection, fits: Iterable[tuple[int, float]]) -> None:
    """Record (article id, fit): each grouped article's strongest link in its story."""
    db.executemany(
        "UPDATE story_articles SET fit = ? WHERE article_id = ?",
        [(fit, article_id) for article_id, fit in fits],
    )


def next_story_id(store: Store) -> int:
    """The first story id never used (merged stories keep theirs)."""
    row = store.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM stories").fetchone()
    return int(row[0])


def next_position(store: Store) -> int:
    row = store.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM story_articles").fetchone()
    return int(row[0])


def save_membership(
    db: sqlite3.Connection,
    run_id: int,
    members: Sequence[tuple[int, int, float]],
    position: int,
) -> None:
    """Record (article id, story id, score) for newly grouped articles, opening new stories."""
    for offset, (article_id, story_id, score) in enumerate(members):
        db.execute("INSERT OR IGNORE INTO stories(id, run_id) VALUES (?, ?)", (story_id, run_id))
        db.execute(
            "INSERT INTO story_articles(article_id, story_id, score, position, run_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, story_id, score, position + offset, run_id),
        )


def save_merge(db: sqlite3.Connection, merged: int, into: int) -> None:
    """Story ``merged`` became part of ``into``: its articles move, its id points on."""
    db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, merged))
    db.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (into, merged))
    db.execute("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (into, merged))


def resolve_story(store: Store, story_id: int) -> int | None:
    """The live id of ``story_id`` (following merges), or None if there is no such story."""
    row = store.db.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    return story_id if row[0] is None else int(row[0])


# ``published`` is a publication time (not a crawl or update time, see ``Article``)
_PUBLICATION = "COALESCE(a.published_kind, 'published') NOT IN ('crawled', 'updated')"


def story_summaries(store: Store) -> list[StorySummary]:
    """Every live story, largest first, then oldest.

    Outlets are counted as ``provenance.outlets.outlet_name`` names them: the outlet, else
    the dateline's agency, else an unknown of the article's own (never one shared
    "unknown"). The dates are publication times only: a crawl or update time says when a
    page was seen or changed, not when it came out.
    """
    rows = store.db.execute(
        "SELECT s.story_id, COUNT(*), "
        "COUNT(DISTINCT COALESCE(NULLIF(TRIM(a.outlet), ''), a.dateline_agency, "
        "'unknown outlet ' || a.id)), "
        "GROUP_CONCAT(DISTINCT a.language), MIN(a.published) FILTER (WHERE "
        f"{_PUBLICATION}), MAX(a.published) FILTER (WHERE {_PUBLICATION}), "
        "AVG(s.fit), MIN(s.fit) "
        "FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "GROUP BY s.story_id ORDER BY COUNT(*) DESC, MIN(s.position)"
    ).fetchall()
    titles = _first_titles(store)
    return [
        StorySummary(
            id=int(story_id),
            articles=int(count),
            outlets=int(outlets),
            languages=tuple(sorted(languages.split(","))) if languages else (),
            first_published=first,
            last_published=last,
            title=titles.get(int(story_id)),
            cohesion=None if cohesion is None else float(cohesion),
            lowest_fit=None if lowest is None else float(lowest),
        )
        for story_id, count, outlets, languages, first, last, cohesion, lowest in rows
    ]


def _first_titles(store: Store) -> dict[int, str]:
    rows = store.db.execute(
        "SELECT s.story_id, COALESCE(a.title, substr(a.text, 1, 80)) FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id ORDER BY s.position DESC"
    )
    return {int(story_id): str(title) for story_id, title in rows}


def load_story(store: Store, story_id: int) -> tuple[Story, list[Article]] | None:
    """A live story and its articles, oldest publication first; None if there is none."""
    rows = store.db.execute(
        f"SELECT {', '.join('a.' + c.strip() for c in ARTICLE_COLUMNS.split(','))} "
        "FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? ORDER BY a.published IS NULL, a.published, s.position",
        (story_id,),
    ).fetchall()
    if not rows:
        return None
    articles = [article_from_row(row) for row in rows]
    dates = [a.published for a in articles if a.published]
    story = Story(
        id=story_id,
        article_ids=tuple(a.id for a in articles),
        title=next((a.title for a in articles if a.title), None),
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
    )
    return story, articles


def replace_reuse(db: sqlite3.Connection, passages: Iterable[ReusedPassage]) -> int:
    """Replace every stored verbatim passage by ``passages``; returns how many were stored."""
    db.execute("DELETE FROM reused_passages")
    rows = [
        (
            int(p.source),
            p.source_start,
            p.source_end,
            int(p.target),
            p.target_start,
            p.target_end,
            p.tokens,
            p.score,
        )
        for p in passages
    ]
    db.executemany("INSERT OR IGNORE INTO reused_passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def reuse_touching(store: Store, article_ids: Sequence[str]) -> list[ReusedPassage]:
    """Stored verbatim passages with at least one end among ``article_ids``."""
    if not article_ids:
        return []
    marks = ", ".join("?" for _ in article_ids)
    ids = [int(i) for i in article_ids]
    rows = store.db.execute(
        "SELECT source_id, source_start, source_end, target_id, target_start, target_end, "
        f"tokens, score FROM reused_passages WHERE source_id IN ({marks}) "
        f"OR target_id IN ({marks}) ORDER BY source_id, target_id, source_start",
        ids + ids,
    )
    return [
        ReusedPassage(
            str(a), int(sa), int(ea), str(b), int(sb), int(eb), MatchKind.COPIED, int(n), float(s)
        )
        for a, sa, ea, b, sb, eb, n, s in rows
    ]


def story_of_articles(store: Store, article_ids: Sequence[str]) -> dict[str, int]:
    """The live story id of each grouped article among ``article_ids``."""
    if not article_ids:
        return {}
    marks = ", ".join("?" for _ in article_ids)
    rows = store.db.execute(
        f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})",
        [int(i) for i in article_ids],
    )
    return {str(article_id): int(story_id) for article_id, story_id in rows}


def all_articles(store: Store) -> list[Article]:
    """Every stored article, by id (the reuse index reads the whole corpus)."""
    rows = store.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id").fetchall()
    return [article_from_row(row) for row in rows]


def phrase_frequency(store: Store, words: Sequence[str]) -> int:
    """How many stored articles contain the words as a phrase (full-text index)."""
    phrase = " ".join(word.replace('"', "") for word in words if word.strip('"'))
    if not phrase:
        return 0
    try:
        row = store.db.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (f'"{phrase}"',)
        ).fetchone()
    except sqlite3.OperationalError:  # a phrase FTS5 cannot parse is evidence of nothing
        return 0
    return int(row[0])
