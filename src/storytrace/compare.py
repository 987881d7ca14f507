"""``compare``: the whole pipeline on a handful of articles about one story.

1. Read every input as ``storytrace ingest`` does (``iter_inputs``): files, folders,
   ``-`` for JSONL on standard input, http(s) URLs through the guarded fetcher, WARC
   crawls and RSS/Atom feeds; one input may give several articles (JSONL lines, WARC
   records, feed items). Unreadable inputs are collected with their reason, never dropped.
2. Clean each document into an ``Article`` (main text, title, outlet, dateline, URL,
   language); one that is empty after cleaning, too short (``too_short``), not an article
   (``not_article``: a link list, no sentences) or spam is rejected with that reason, as
   ``ingest`` quarantines it. The rejected records of a WARC crawl are told apart from
   the inputs named (``LoadedInputs``), so that a caller can count them in one line.
3. Analyse: sentences, entities, sentence embeddings.
4. Align every pair: verbatim shared spans and matched units; per article, the units no
   other article carries.
5. Quotations: extract them per article, then group the variants of one utterance.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from storytrace.align import align_articles, only_here
from storytrace.clean import clean_document
from storytrace.errors import InputError, NotEnoughArticlesError
from storytrace.ingest.not_article import refuse_if_not_article
from storytrace.ingest.sources import InputUnit, Item, iter_inputs
from storytrace.ingest.warm_up import may_hold_html, warm_up
from storytrace.limits import time_limit
from storytrace.model import Article, Comparison, RawDocument
from storytrace.nlp.analyse import analyse
from storytrace.provenance.timing import publication_times
from storytrace.quotes import extract_all, group_quotes

Input = str | os.PathLike[str]


@dataclass(frozen=True)
class LoadedInputs:
    """What reading and cleaning the inputs of a comparison gave.

    ``rejected`` holds every input, or record of one, that could not be used, with its
    reason; ``crawl_records`` the sources among them that are records of a WARC crawl (a
    crawl holds robots.txt, images, redirects and menus besides its articles: those are
    tallied, not listed one by one; see ``record_tally``).
    """

    articles: list[Article]
    rejected: list[InputError]
    crawl_records: frozenset[str] = frozenset()

    @property
    def skipped_inputs(self) -> list[InputError]:
        """The rejected inputs that are not records of a crawl: files, URLs, JSONL lines,
        feed items, and a crawl file that is damaged or holds no page."""
        return [error for error in self.rejected if error.source not in self.crawl_records]

    @property
    def skipped_records(self) -> list[InputError]:
        """The rejected records of WARC crawls (not articles, or not usable)."""
        return [error for error in self.rejected if error.source in self.crawl_records]


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
    documents, errors, _ = _read(inputs, allow_private, stdin)
    return documents, errors


def load_inputs(
    inputs: Iterable[Input], *, allow_private: bool = False, stdin: TextIO | None = None
) -> LoadedInputs:
    """Read and clean ``inputs`` (see ``read_documents``): the usable articles, every
    rejected input or record (unreadable, too short, not an article, spam), and which of
    those are records of a crawl."""
    documents, errors, crawl_records = _read(inputs, allow_private, stdin)
    articles: list[Article] = []
    for document in documents:
        try:
            with time_limit(document.source):
                article = clean_document(document, f"a{len(articles) + 1}")
                refuse_if_not_article(article)
            articles.append(article)
        except InputError as error:
            errors.append(error)
    return LoadedInputs(articles, errors, frozenset(crawl_records))


def load_articles(
    inputs: Iterable[Input], *, allow_private: bool = False, stdin: TextIO | None = None
) -> tuple[list[Article], list[InputError]]:
    """Read and clean ``inputs`` (see ``load_inputs``); returns the usable articles
    and every rejected input."""
    loaded = load_inputs(inputs, allow_private=allow_private, stdin=stdin)
    return loaded.articles, loaded.rejected


def record_tally(errors: Iterable[InputError]) -> Counter[str]:
    """How many records were skipped for each kind of reason, in words a person reads:
    "not HTML", "redirected", "error status" (HTTP 4xx, 5xx), "too short", "no main text",
    "link list or no sentences", "spam"; the reason code for the rest."""
    return Counter(_record_label(error) for error in errors)


def describe_record_tally(errors: Sequence[InputError]) -> str:
    """One line: ``skipped 37 non-article records of crawls: 20 not HTML, 17 too short``
    (biggest first); empty when there are none."""
    if not errors:
        return ""
    counts = record_tally(errors)
    parts = ", ".join(f"{count} {label}" for label, count in _by_count(counts))
    plural = "" if len(errors) == 1 else "s"
    return f"skipped {len(errors)} non-article record{plural} of crawls: {parts}"


_HTTP_STATUS = re.compile(r"HTTP status (\d)")


def _record_label(error: InputError) -> str:
    detail = error.detail or ""
    if error.reason == "not_article":
        status = _HTTP_STATUS.match(detail)
        if status:
            return "redirected" if status.group(1) == "3" else "error status"
        if detail.startswith(("content type", "no content type", "not an HTTP")):
            return "not HTML"
        return "link list or no sentences"
    labels = {"too_short": "too short", "empty_after_cleaning": "no main text"}
    return labels.get(error.reason, error.reason.replace("_", " "))


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _read(
    inputs: Iterable[Input], allow_private: bool, stdin: TextIO | None
) -> tuple[list[RawDocument], list[InputError], set[str]]:
    names = [os.fspath(given) for given in inputs]
    documents: list[RawDocument] = []
    errors: list[InputError] = []
    crawl_records: set[str] = set()
    for unit in iter_inputs(names, allow_private=allow_private, stdin=stdin):
        # loaded untimed, so that the first input's time limit is its own
        warm_up(html=may_hold_html(unit))
        for item in _timed_items(unit):
            if unit.kind == "warc" and item.source != unit.name:
                crawl_records.add(item.source)
            if isinstance(item, InputError):
                errors.append(item)
            else:
                documents.append(item)
    return documents, errors, crawl_records


def _timed_items(unit: InputUnit) -> Iterator[Item]:
    """The unit's items, each given at most ``Limits.seconds`` to be read; past that, an
    ``InputError("too_complex")`` for the unit ends it (the rest of a crawl is not read)."""
    items = iter(unit.items())
    while True:
        try:
            with time_limit(unit.name):
                item = next(items, None)
        except InputError as error:
            yield error
            return
        if item is None:
            return
        yield item


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
    quotes = [quote for found in extract_all(analysed) for quote in found]
    order = [article.id for article in sorted(articles, key=_publication_order)]
    return Comparison(
        articles=analysed,
        pairs=pairs,
        only_here=only_here(analysed, pairs),
        quotes=quotes,
        quote_groups=group_quotes(quotes, order, publication_times(articles)),
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
