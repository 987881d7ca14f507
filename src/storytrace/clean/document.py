"""``clean_document``: one ``RawDocument`` in, one ``Article`` out."""

from __future__ import annotations

from storytrace.clean.boilerplate import drop_boilerplate
from storytrace.clean.dateline import parse_dateline
from storytrace.clean.lines import Line, join_paragraphs, split_paragraphs, tidy_spaces
from storytrace.clean.markdown import strip_blockquotes, strip_inline, strip_markdown
from storytrace.clean.metadata import (
    EdgeMetadata,
    is_plausible_outlet,
    outlet_from_url,
    strip_site_name,
    take_edges,
    utc_timestamp,
)
from storytrace.errors import InputError
from storytrace.limits import limits
from storytrace.model import Article, Dateline, RawDocument
from storytrace.nlp.language import choose_language, guess_language, language_tag_code

# The longest long-form news articles run to about 100,000 characters; a cleaned text three
# times that (``Limits.article_chars``) is a book, a dump or a feed, and would make the
# analysis slow for no use.


def clean_document(doc: RawDocument, article_id: str) -> Article:
    """Clean one raw document into an article.

    Cascade:

    1. Tidy spaces (NBSP and other spaces become one plain space), drop ``>`` quote
       markers, split into paragraphs at blank lines.
    2. Strip Markdown: headings, emphasis, links, images, rules.
    3. Take the edges: title at the top, source URL and outlet name at the bottom.
    4. Drop boilerplate lines anywhere: tag lines, image credits, "Related:" and
       "Read more" teasers, share/subscribe lines, copyright lines, bare URLs.
    5. Join: lines of a paragraph by ``\\n``, paragraphs by ``\\n\\n``.
    6. Metadata: the dateline from the text; title and URL as declared (a declared title
       without the site name a page adds to it, ``strip_site_name``), else as found;
       language from the text, the declared one only where the text is too short or the
       classifier unsure (``choose_language``); outlet as declared (unless it reads as a
       credit or a stray word, ``is_plausible_outlet``), else the host of the declared
       URL, else an outlet line of the text, else the host of a URL line of the text,
       else the dateline's agency; the publication time as declared, in UTC
       (``utc_timestamp``; one that cannot be read is left out). ``Article.basis`` says
       where each field came from: "declared: <declaration>", "URL host", "text line",
       "dateline", "text" (language detected) or "crawl" (a crawl date, kind
       ``"crawled"``).

    Args:
        doc: what a reader produced.
        article_id: the id the article gets ("a1").

    Returns:
        The ``Article``; every line taken out is in ``Article.removed``, in reading order.

    Raises:
        InputError: reason ``"empty_after_cleaning"`` when no text is left, ``"too_large"``
            when more than ``Limits.article_chars`` (``storytrace.limits``) is.
    """
    paragraphs = split_paragraphs(strip_blockquotes(doc.text))
    paragraphs, removed = strip_markdown(paragraphs)
    declared_title = strip_inline(_declared(doc.title) or "") or None
    paragraphs, edges = take_edges(paragraphs, declared_title)
    paragraphs, dropped = drop_boilerplate(paragraphs)
    text = join_paragraphs(paragraphs)
    if not text:
        raise InputError(doc.source, "empty_after_cleaning")
    most = limits().article_chars
    if len(text) > most:
        detail = f"{len(text):,} characters after cleaning; the limit is {most:,}"
        raise InputError(doc.source, "too_large", detail)
    dateline = parse_dateline(text)
    basis: dict[str, str] = {}
    title = _pick(basis, "title", (declared_title, _said(doc, "title")), (edges.title, "text line"))
    url = _pick(basis, "url", (_declared(doc.url), _said(doc, "url")), (edges.url, "text line"))
    outlet = _outlet(doc, edges, dateline, basis)
    if title is not None and title == declared_title:
        title = strip_site_name(title, outlet)
    published, published_kind = _published(doc, basis)
    language = choose_language(text, doc.language)
    if language is not None:
        basis["language"] = _language_basis(doc, text, language)
    return Article(
        id=article_id,
        source=doc.source,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        dateline=dateline,
        published=published,
        language=language,
        removed=_audit(removed + edges.removed + dropped),
        published_kind=published_kind,
        kind=doc.kind,
        basis=tuple(basis.items()),
    )


def _declared(value: str | None) -> str | None:
    """A declared metadata value with its spaces tidied; blank counts as absent."""
    return (tidy_spaces(value) or None) if value is not None else None


def _said(doc: RawDocument, name: str) -> str:
    """The basis of a declared field: "declared: <the declaration>" as the reader named it,
    else the input's format and the field ("declared: jsonl outlet")."""
    return f"declared: {dict(doc.basis).get(name) or f'{doc.format} {name}'}"


def _pick(basis: dict[str, str], name: str, *choices: tuple[str | None, str]) -> str | None:
    """The first value present among ``choices`` (value, basis); its basis goes in ``basis``."""
    for value, source in choices:
        if value:
            basis[name] = source
            return value
    return None


def _outlet(
    doc: RawDocument, edges: EdgeMetadata, dateline: Dateline | None, basis: dict[str, str]
) -> str | None:
    declared = _declared(doc.outlet)
    return _pick(
        basis,
        "outlet",
        (declared if declared and is_plausible_outlet(declared) else None, _said(doc, "outlet")),
        (outlet_from_url(_declared(doc.url)), "URL host"),
        (edges.outlet, "text line"),
        (outlet_from_url(edges.url), "URL host"),
        (dateline.agency if dateline else None, "dateline"),
    )


def _published(doc: RawDocument, basis: dict[str, str]) -> tuple[str | None, str | None]:
    """The declared time in UTC and its kind (a crawl date stays "crawled"). A dateline's
    date stays in ``Article.dateline``: the derivation stage reads it from there
    (``provenance.timing.publication_time``), with its own basis."""
    declared = utc_timestamp(_declared(doc.published))
    if declared is None:
        return None, None
    kind = doc.published_kind or "published"
    basis["published"] = "crawl" if kind == "crawled" else _said(doc, "published")
    return declared, kind


def _language_basis(doc: RawDocument, text: str, language: str) -> str:
    """ "text" where the text decided (or agrees), the declaration where it broke a tie."""
    if language != language_tag_code(doc.language):
        return "text"
    guess = guess_language(text)
    return "text" if guess is not None and guess.code == language else _said(doc, "language")


def _audit(lines: list[Line]) -> tuple[str, ...]:
    return tuple(line.raw for line in sorted(lines, key=lambda line: line.index))
