"""``compare``: the whole pipeline on a handful of articles about one story.

1. Read every input as ``storytrace ingest`` does (``iter_inputs``): files, folders,
   ``-`` for JSONL on standard input, http(s) URLs through the guarded fetcher, WARC
   crawls and RSS/Atom feeds; one input may give several articles (JSONL lines, WARC
   records, feed items). Unreadable inputs are collected with their reason, never dropped.
2. Clean each document into an ``Article`` (main text, title, outlet, dateline, URL,
   language); one that is empty after cleaning is rejected with that reason.
3. Analyse: sentences, entities, sentence embeddings.
4. Align every pair: verbatim shared spans and matched units; per article, the units no
   other article carries.
5. Quotations: extract them per article, then group the variants of one utterance.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TextIO

from storytrace.align import align_articles, only_here
from storytrace.clean import clean_document
from storytrace.errors import InputError, NotEnoughArticlesError
from storytrace.ingest.sources import iter_inputs
from storytrace.ingest.too_short import refuse_if_too_short
from storytrace.model import Article, Comparison, RawDocument
from storytrace.nlp.analyse import analyse
from storytrace.quotes import extract_quotes, group_quotes

Input = str | os.PathLike[str]


def read_documents(
    inputs: Iterable[Input], *, allow_private: bool = False, stdin: TextIO | None = None
) -> tuple[list[RawDocument], list[InputError]]:
    """Read what ``inputs`` name, as ``storytrace ingest`` reads them.

    Args:
        inputs: file and folder paths, ``-`` for JSONL on standard input, and http(s)
            URLs of pages or feeds. A URL must be given as a ``str``: ``Path`` folds its
            ``//``.
        allow_private: let URLs reach private, loopback and link-local addresses.
        stdin: the stream ``-`` reads (default ``sys.stdin``).

    Returns:
        The documents in input order and, apart, every input (or record of one) that
        could not be read, with its reason. Never raises for a bad input.
    """
    names = [os.fspath(given) for given in inputs]
    documents: list[RawDocument] = []
    errors: list[InputError] = []
    for unit in iter_inputs(names, allow_private=allow_private, stdin=stdin):
        for item in unit.items():
            if isinstance(item, InputError):
                errors.append(item)
            else:
                documents.append(item)
    return documents, errors


def load_articles(
    inputs: Iterable[Input], *, allow_private: bool = False, stdin: TextIO | None = None
) -> tuple[list[Article], list[InputError]]:
    """Read and clean ``inputs`` (see ``read_documents``); returns the usable articles
    and every rejected input."""
    documents, errors = read_documents(inputs, allow_private=allow_private, stdin=stdin)
    articles: list[Article] = []
    for document in documents:
        try:
            article = clean_document(document, f"a{len(articles) + 1}")
            refuse_if_too_short(article)
            articles.append(article)
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


def compare_paths(
    inputs: Iterable[Input], *, allow_private: bool = False, stdin: TextIO | None = None
) -> Comparison:
    """Read, clean and compare the articles in ``inputs``: files, folders, ``-``, URLs,
    WARC crawls and feeds (see ``read_documents``).

    Raises:
        NotEnoughArticlesError: fewer than two usable articles; its ``rejected`` attribute
            lists the inputs that could not be used and why.
    """
    articles, errors = load_articles(inputs, allow_private=allow_private, stdin=stdin)
    return compare_articles(articles, errors)


def _publication_order(article: Article) -> tuple[int, str, int]:
    # Articles with a known date come first, oldest first; the rest keep input order.
    number = int(article.id[1:]) if article.id[1:].isdigit() else 0
    if article.published:
        return (0, article.published, number)
    return (1, "", number)
