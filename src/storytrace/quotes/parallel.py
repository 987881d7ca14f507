"""The quotations of many articles, extracted on every core.

Extraction is mostly spaCy's dependency parse of the English articles, one core's work per
process. Batches of articles go to worker processes (``storytrace.workers``; default one
per CPU), each batch parsed together (``quotes_in_articles``), and come back in order, so
the caller can store each as it arrives. The parser is loaded before the workers start, so
forked workers share it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storytrace.model import Article, Quote
from storytrace.quotes.extract import is_english, quotes_in_articles
from storytrace.workers import ordered_map, worker_count

# Fewer articles than this are extracted in this process: starting workers would cost more.
PARALLEL_MIN_ARTICLES = 64


def extract_batches(
    articles: Sequence[Article], batch_size: int, workers: int | None = None
) -> Iterator[list[tuple[Article, list[Quote]]]]:
    """Each batch of ``batch_size`` of ``articles`` (in order) with its quotations, as
    ``quotes_in_article`` finds them, extracted by ``workers`` processes (default: one per
    CPU; 1, or fewer than ``PARALLEL_MIN_ARTICLES`` articles: in this process)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    batches = [list(articles[i : i + batch_size]) for i in range(0, len(articles), batch_size)]
    count = 1 if len(articles) < PARALLEL_MIN_ARTICLES else worker_count(workers)
    if count > 1 and any(is_english(article) for article in articles):
        from storytrace.nlp.pipeline import parsing_pipeline

        parsing_pipeline()  # loaded here once, shared with forked workers
    pairs = ((batch, batch) for batch in batches)
    for batch, found in ordered_map(quotes_in_articles, pairs, count):
        yield list(zip(batch, found, strict=True))
