"""``compare``: the whole pipeline on a handful of articles about one story.

1. Read every input (a file may hold several articles: JSONL); unreadable inputs are
   collected with their reason, never dropped.
2. Clean each document into an ``Article`` (main text, title, outlet, dateline, URL,
   language); one that is empty after cleaning is rejected with that reason.
3. Analyse: sentences, entities, sentence embeddings.
4. Align every pair: verbatim shared spans and matched units; per article, the units no
   other article carries.
5. Quotations: extract them per article, then group the variants of one utterance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from storytrace.align import align_articles, only_here
from storytrace.clean import clean_document
from storytrace.errors import InputError, NotEnoughArticlesError
from storytrace.ingest import read_inputs
from storytrace.model import Article, Comparison
from storytrace.nlp.analyse import analyse
from storytrace.quotes import extract_quotes, group_quotes


def load_articles(paths: Iterable[Path]) -> tuple[list[Article], list[InputError]]:
    """Read and clean ``paths``; returns the usable articles and every rejected input."""
    documents, errors = read_inputs(paths)
    articles: list[Article] = []
    for document in documents:
        try:
            articles.append(clean_document(document, f"a{len(articles) + 1}"))
        except InputError as error:
            errors.append(error)
    return articles, errors


def compare_articles(
    articles: Sequence[Article], rejected: Sequence[InputError] = ()
) -> Comparison:
    """Compare already cleaned articles (steps 3-5).

    Raises:
        NotEnoughArticlesError: fewer than two articles.
    """
    if len(articles) < 2:
        raise NotEnoughArticlesError(len(articles), list(rejected))
    analysed = analyse(articles)
    pairs = align_articles(analysed)
    quotes = [quote for item in analysed for quote in extract_quotes(item)]
    order = [article.id for article in sorted(articles, key=_publication_order)]
    return Comparison(
        articles=analysed,
        pairs=pairs,
        only_here=only_here(analysed, pairs),
        quotes=quotes,
        quote_groups=group_quotes(quotes, order),
        rejected=[(error.source, error.description) for error in rejected],
    )


def compare_paths(paths: Iterable[Path]) -> Comparison:
    """Read, clean and compare the articles in ``paths``.

    Raises:
        NotEnoughArticlesError: fewer than two usable articles; its ``rejected`` attribute
            lists the inputs that could not be used and why.
    """
    articles, errors = load_articles(paths)
    return compare_articles(articles, errors)


def _publication_order(article: Article) -> tuple[int, str, int]:
    # Articles with a known date come first, oldest first; the rest keep input order.
    number = int(article.id[1:]) if article.id[1:].isdigit() else 0
    if article.published:
        return (0, article.published, number)
    return (1, "", number)
