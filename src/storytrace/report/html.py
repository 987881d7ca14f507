"""The comparison as one self-contained HTML5 page.

The page loads nothing: styles and script are inline and a Content-Security-Policy forbids
every network fetch, so a report can be opened from disk or mailed around safely. Article
text is untrusted and is escaped everywhere it appears. Layout, top to bottom:

1. a summary (``html_summary``): who published first and how that is known, and per
   article how much of it other articles carry (a count and a share) and what only it
   carries (the first sentences, linked to the texts), and the shared quotations worded
   differently, with their word changes;
2. a legend for the colours and the scores;
3. the articles side by side, one column each, each with its header (outlet, dateline,
   title, URL) and its text, sentences coloured by how they relate to the other articles;
4. matched passages per pair, only-here sentences per article, quotations, rejected inputs.
"""

from __future__ import annotations

import re

from storytrace.model import AnalysedArticle, Comparison
from storytrace.report._common import (
    counterparts,
    format_dateline,
    labels,
    safe_url,
    storytrace_version,
)
from storytrace.report._html_assets import SCRIPT, STYLE
from storytrace.report._markup import element, esc
from storytrace.report.html_quotes import quotes_section
from storytrace.report.html_sections import only_here_section, pairs_section, rejected_section
from storytrace.report.html_summary import SCORE_EXPLAINED, summary_section
from storytrace.report.html_text import TextContext, render_text

# Beyond this many articles the columns keep a readable width and scroll sideways.
MAX_VISIBLE_COLUMNS = 3

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

# A BCP 47 tag, loosely; anything else is left out of the lang attribute.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

_LEGEND = (
    ("sentence kind-copied", "copied: (nearly) the same words in another article"),
    ("sentence kind-paraphrased", "paraphrased: same content, other words"),
    ("sentence kind-translated", "translated: same content, other language"),
    (
        "sentence kind-same-topic",
        "same-topic: alike in meaning, but no shared wording or fact; not counted as reuse",
    ),
    ("sentence only-here", "only here: no other article carries it"),
)


def to_html(comparison: Comparison) -> str:
    """Render ``comparison`` as a complete, self-contained HTML5 document.

    Returns the page text ending in a newline; raises nothing on valid input. Offsets that
    fall outside an article's text are skipped, not rendered.
    """
    title, body = comparison_body(comparison)
    return page(title, STYLE, body, policy=CONTENT_SECURITY_POLICY, script=SCRIPT)


def comparison_body(comparison: Comparison) -> tuple[str, str]:
    """The report's title and the HTML inside its ``main`` element (the web workspace
    shows it with ``STYLE`` and ``SCRIPT`` served as files)."""
    names = labels(comparison)
    matches = counterparts(comparison)
    context = TextContext(comparison, matches, names)
    title = "storytrace: " + " / ".join(names[a.article.id] for a in comparison.articles)
    body = "".join(
        [
            element("h1", esc(title)),
            summary_section(comparison, matches, names),
            _legend(),
            _columns(comparison, context),
            pairs_section(comparison, names),
            only_here_section(comparison, names),
            quotes_section(comparison, names),
            rejected_section(comparison),
            element("footer", esc(f"Made by storytrace {storytrace_version()}.")),
        ]
    )
    return title, body


def _legend() -> str:
    items = "".join(
        element("li", element("span", esc(text), {"class": css_class}))
        for css_class, text in _LEGEND
    )
    shared = element("mark", "underlined", {"class": "shared"})
    items += element("li", f"{shared}: the same words, verbatim, in another article")
    items += element(
        "li",
        esc(
            "Hover or click a coloured sentence to light up (and go to) its counterparts; "
            f"its tooltip gives each one's kind and {SCORE_EXPLAINED.split(':')[0]}."
        ),
    )
    items += element("li", esc(SCORE_EXPLAINED[0].upper() + SCORE_EXPLAINED[1:] + "."))
    heading = element("h2", "Legend", {"id": "legend-title"})
    return element(
        "section",
        heading + element("ul", items, {"class": "legend"}),
        {"aria-labelledby": "legend-title"},
    )


def _columns(comparison: Comparison, context: TextContext) -> str:
    columns = "".join(_column(analysed, context) for analysed in comparison.articles)
    many = len(comparison.articles) > MAX_VISIBLE_COLUMNS
    heading = element("h2", "Texts", {"id": "texts-title"})
    grid = element("div", columns, {"class": "columns many" if many else "columns"})
    return element("section", heading + grid, {"id": "texts", "aria-labelledby": "texts-title"})


def _column(analysed: AnalysedArticle, context: TextContext) -> str:
    article = analysed.article
    language = article.language if article.language else None
    if language is not None and not _LANGUAGE_TAG.fullmatch(language):
        language = None
    text = element("div", render_text(analysed, context), {"class": "text"})
    attrs = {"class": "column", "lang": language, "aria-labelledby": f"{article.id}-title"}
    return element("article", _header(analysed) + text, attrs)


def _header(analysed: AnalysedArticle) -> str:
    article = analysed.article
    lines = [
        element(
            "p",
            esc(article.outlet or "Unknown outlet") + esc(f" · {article.id}"),
            {"class": "outlet"},
        ),
        element("h3", esc(article.title or "Untitled"), {"id": f"{article.id}-title"}),
    ]
    dateline = format_dateline(article.dateline)
    if dateline:
        lines.append(element("p", esc(dateline), {"class": "dateline"}))
    url = safe_url(article.url)
    if url:
        link = element("a", esc(url), {"href": url, "rel": "noopener noreferrer"})
        lines.append(element("p", link, {"class": "url"}))
    elif article.url:
        lines.append(element("p", esc(article.url), {"class": "url"}))
    details = [article.source, article.language or "language unknown", article.published or ""]
    details.append(f"{len(analysed.sentences)} sentences")
    lines.append(element("p", esc(" · ".join(d for d in details if d)), {"class": "source"}))
    return element("header", "".join(lines))


def page(title: str, style: str, body: str, *, policy: str, script: str | None = None) -> str:
    """A self-contained HTML page: a content security policy, inline style, optional script."""
    tail = f"<script>{script}</script>\n" if script is not None else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="storytrace {esc(storytrace_version())}">\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n<main>{body}</main>\n{tail}</body>\n</html>\n"
    )
