"""``clean_document``: one ``RawDocument`` in, one ``Article`` out."""

from __future__ import annotations

from storytrace.clean.boilerplate import drop_boilerplate
from storytrace.clean.dateline import parse_dateline
from storytrace.clean.lines import Line, join_paragraphs, split_paragraphs, tidy_spaces
from storytrace.clean.markdown import strip_blockquotes, strip_inline, strip_markdown
from storytrace.clean.metadata import EdgeMetadata, outlet_from_url, take_edges
from storytrace.errors import InputError
from storytrace.model import Article, RawDocument
from storytrace.nlp.language import choose_language

# The longest long-form news articles run to about 100,000 characters; a cleaned text three
# times that is a book, a dump or a feed, and would make the analysis slow for no use.
MAX_ARTICLE_CHARS = 300_000


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
    6. Metadata: the dateline from the text; title and URL as declared, else as found;
       language from the text, the declared one only where the text is too short or the
       classifier unsure (``choose_language``); outlet as found in the text, else
       declared, else the URL's host, else the dateline's agency.

    Args:
        doc: what a reader produced.
        article_id: the id the article gets ("a1").

    Returns:
        The ``Article``; every line taken out is in ``Article.removed``, in reading order.

    Raises:
        InputError: reason ``"empty_after_cleaning"`` when no text is left, ``"too_large"``
            when more than ``MAX_ARTICLE_CHARS`` is.
    """
    paragraphs = split_paragraphs(strip_blockquotes(doc.text))
    paragraphs, removed = strip_markdown(paragraphs)
    declared_title = strip_inline(_declared(doc.title) or "") or None
    paragraphs, edges = take_edges(paragraphs, declared_title)
    paragraphs, dropped = drop_boilerplate(paragraphs)
    text = join_paragraphs(paragraphs)
    if not text:
        raise InputError(doc.source, "empty_after_cleaning")
    if len(text) > MAX_ARTICLE_CHARS:
        detail = f"{len(text):,} characters after cleaning; the limit is {MAX_ARTICLE_CHARS:,}"
        raise InputError(doc.source, "too_large", detail)
    dateline = parse_dateline(text)
    url = _declared(doc.url) or edges.url
    return Article(
        id=article_id,
        source=doc.source,
        text=text,
        title=declared_title or edges.title,
        outlet=_outlet(doc, edges, url, dateline.agency if dateline else None),
        url=url,
        dateline=dateline,
        published=_declared(doc.published),
        language=choose_language(text, doc.language),
        removed=_audit(removed + edges.removed + dropped),
        published_kind=doc.published_kind if _declared(doc.published) else None,
        kind=doc.kind,
    )


def _declared(value: str | None) -> str | None:
    """A declared metadata value with its spaces tidied; blank counts as absent."""
    return (tidy_spaces(value) or None) if value is not None else None


def _outlet(
    doc: RawDocument, edges: EdgeMetadata, url: str | None, agency: str | None
) -> str | None:
    return edges.outlet or _declared(doc.outlet) or outlet_from_url(url) or agency


def _audit(lines: list[Line]) -> tuple[str, ...]:
    return tuple(line.raw for line in sorted(lines, key=lambda line: line.index))
