"""The HTML report's sections below the texts: matched passages, only-here sentences, rejects.

Each function returns one ``<section>`` of markup; every piece of article text is escaped.
"""

from __future__ import annotations

from storytrace.model import Comparison, PairAlignment
from storytrace.report._common import sentence_id, sentence_text
from storytrace.report._markup import element, esc
from storytrace.report.html_summary import SCORE_EXPLAINED


def pairs_section(comparison: Comparison, names: dict[str, str]) -> str:
    """Return a section with, per pair, a table of matched sentences and the shared spans."""
    body = "".join(_pair(comparison, pair, names) for pair in comparison.pairs)
    if not comparison.pairs:
        body = "<p>No pairs were aligned.</p>"
    else:
        note = f"Each matched sentence links to its place in the text; {SCORE_EXPLAINED}."
        body = element("p", esc(note), {"class": "explain"}) + body
    return _section("pairs", "Matched passages", body)


def only_here_section(comparison: Comparison, names: dict[str, str]) -> str:
    """Return a section listing, per article, the sentences no other article carries."""
    parts = []
    for analysed in comparison.articles:
        article_id = analysed.article.id
        indexes = comparison.only_here.get(article_id, [])
        heading = f"Only in {names.get(article_id, article_id)} ({article_id})"
        items = "".join(
            element("li", _sentence_link(comparison, article_id, index)) for index in indexes
        )
        listing = element("ul", items) if items else "<p>Nothing: all of it appears elsewhere.</p>"
        parts.append(element("h3", esc(heading)) + listing)
    return _section("only-here", "Only here", "".join(parts))


def rejected_section(comparison: Comparison) -> str:
    """Return a section listing the inputs that could not be compared, or ``""`` if none."""
    if not comparison.rejected:
        return ""
    items = "".join(
        element("li", f"{element('code', esc(source))}: {esc(reason)}")
        for source, reason in comparison.rejected
    )
    return _section("rejected", "Rejected inputs", element("ul", items))


def _section(section_id: str, title: str, body: str) -> str:
    heading = element("h2", esc(title), {"id": f"{section_id}-title"})
    return element(
        "section", heading + body, {"id": section_id, "aria-labelledby": f"{section_id}-title"}
    )


def _sentence_link(comparison: Comparison, article_id: str, index: int) -> str:
    link = element("a", esc(f"s{index}"), {"href": "#" + sentence_id(article_id, index)})
    return f"{link} {esc(sentence_text(comparison, article_id, index))}"


def _pair(comparison: Comparison, pair: PairAlignment, names: dict[str, str]) -> str:
    a, b = pair.article_a, pair.article_b
    heading = element("h3", esc(f"{names.get(a, a)} ({a}) and {names.get(b, b)} ({b})"))
    return heading + _matches_table(comparison, pair, names) + _spans_list(pair)


def _matches_table(comparison: Comparison, pair: PairAlignment, names: dict[str, str]) -> str:
    if not pair.matches:
        return "<p>No matched sentences.</p>"
    a, b = pair.article_a, pair.article_b
    headers = (f"Sentence of {names.get(a, a)}", f"Sentence of {names.get(b, b)}", "Kind")
    head = "".join(element("th", esc(label), {"scope": "col"}) for label in headers)
    head += element("th", "Score", {"scope": "col", "title": SCORE_EXPLAINED})
    rows = []
    for match in sorted(pair.matches, key=lambda m: (m.sentence_a, m.sentence_b)):
        cells = [
            _sentence_link(comparison, a, match.sentence_a),
            _sentence_link(comparison, b, match.sentence_b),
            element("span", esc(match.kind.value), {"class": f"kind-{match.kind.value}"}),
            esc(f"{match.score:.2f}"),
        ]
        rows.append(element("tr", "".join(element("td", cell) for cell in cells)))
    return element("table", element("thead", element("tr", head)) + element("tbody", "".join(rows)))


def _spans_list(pair: PairAlignment) -> str:
    if not pair.spans:
        return "<p>No shared verbatim spans.</p>"
    items = "".join(
        element(
            "li",
            element("mark", esc(span.text_a), {"class": "shared"}) + esc(f" ({span.tokens} words)"),
        )
        for span in sorted(pair.spans, key=lambda s: s.start_a)
    )
    return element("h4", "Shared verbatim spans") + element("ul", items)
