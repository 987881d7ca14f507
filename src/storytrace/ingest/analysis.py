"""Analysing stored articles (sentences, entities, embeddings) and keeping the result."""

from __future__ import annotations

from collections.abc import Callable

from storytrace.nlp.analyse import analyse
from storytrace.store.analyses import articles_without_analysis, save_analysis
from storytrace.store.db import Store

# Articles per analysis batch: the embedding model runs one batch of all their sentences.
ANALYSIS_BATCH = 32


def analyse_stored(store: Store, progress: Callable[[int], None] | None = None) -> int:
    """Analyse every stored article that has no current analysis; returns how many.

    Each batch is committed as it is done, so an interrupted run keeps its work.
    """
    done = 0
    for articles in articles_without_analysis(store, ANALYSIS_BATCH):
        analysed = analyse(articles)
        with store.transaction() as db:
            for item in analysed:
                save_analysis(db, item)
        done += len(analysed)
        if progress is not None:
            progress(done)
    return done
