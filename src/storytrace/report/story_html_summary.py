"""The story page's summary and the explanations of its scores.

The summary says, in a few lines, what a reader checks first: who published first and how
that is known (or that it is not known), which article takes from which, what is shared,
and how much of each article is its own. It only restates what the derivation graph
already holds; where the graph does not know an order, the summary says so.

``EXPLAIN`` holds one sentence per score or column, shown beside the tables (as a note
under each heading and as the column heading's ``title``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storytrace.model import ORDER_UNKNOWN, Article, Derivation, StoryGraph, TimelineEntry
from storytrace.report._common import plural
from storytrace.report._markup import element, esc
from storytrace.report.story_html_texts import text_anchor
from storytrace.report.story_text import format_time

EXPLAIN = {
    "Fit": (
        "fit: the article's highest same-story score (0 to 1) with another article of "
        "this story, from lead, words, names and headline; a low fit marks an article the "
        "grouping may have put in the wrong story"
    ),
    "Published": (
        "published: the time the article's metadata or dateline gives, with where it came "
        "from in brackets when it is not the declared publication time; unknown when "
        "neither gives one"
    ),
    "confidence": (
        "confidence (0 to 1): the probability that one article derives from the other, "
        "directly or not, from how much text they share, how alike it is and whether a "
        "common source explains it; how sure the direction is, is in 'direction by'"
    ),
    "lag": "lag: the target's publication time minus the source's; unknown without both",
    "shared": "share of the target: the part of the target's text covered by passages",
    "direction": (
        "direction by: how the source was told from the target (publication time, a "
        "credit in the text, or which text contains more of the other)"
    ),
    "score": (
        "passage score: 1.00 for verbatim runs, else the sentence similarity (0 to 1) "
        "of the paraphrase or translation"
    ),
    "Role": (
        "role: originator (others take from it), amplifier (mostly taken from others), "
        "mixed (both), independent (neither)"
    ),
    "Derived content": "derived content: the share of the outlet's text taken from others",
}

# Bases of an edge's direction that rest on no evidence of time or credit.
_NO_ORDER = {"story order", ORDER_UNKNOWN, "unknown"}


def summary_body(
    graph: StoryGraph, names: Mapping[str, str], articles: Mapping[str, Article]
) -> str:
    """Markup for the summary section: a definition list of the story's key facts."""
    facts = [
        ("Articles", esc(_articles_line(graph, articles))),
        ("Published first", _first_line(graph, names)),
        ("Taken from another", _derived_line(graph, names)),
        ("Shared", esc(_shared_line(graph, names))),
        ("Only here", _own_line(graph, names, articles)),
    ]
    fits = [entry for entry in graph.timeline if entry.fit is not None]
    if fits:
        facts.append(("Fit", _fit_line(fits, names)))
    rows = "".join(element("dt", esc(term)) + element("dd", value) for term, value in facts)
    return element("dl", rows, {"class": "facts"})


def explain(*keys: str) -> str:
    """A note explaining the given scores, for under a section's heading."""
    return element("p", esc("; ".join(EXPLAIN[key] for key in keys) + "."), {"class": "explain"})


def _articles_line(graph: StoryGraph, articles: Mapping[str, Article]) -> str:
    outlets = {entry.outlet for entry in graph.timeline}
    languages = sorted(
        {a.language for e in graph.timeline if (a := articles.get(e.article)) and a.language}
    )
    line = f"{plural(len(graph.timeline), 'article')} from {plural(len(outlets), 'outlet')}"
    return line + (f", in {', '.join(languages)}" if languages else "") + "."


def _link(names: Mapping[str, str], article_id: str) -> str:
    label = esc(names.get(article_id, article_id))
    return element("a", label, {"href": "#" + text_anchor(article_id)})


def _first_line(graph: StoryGraph, names: Mapping[str, str]) -> str:
    dated = [entry for entry in graph.timeline if entry.published is not None]
    undated = len(graph.timeline) - len(dated)
    if not dated:
        return esc(
            "unknown: no article carries a publication time or a dated dateline, "
            "so the order of the articles is not known."
        )
    first = graph.timeline[0]
    if first.published is not None and first.order_known:
        line = _link(names, first.article) + esc(
            f", {format_time(first.published)} ({_how_known(first)})."
        )
    else:
        open_order = [e for e in dated if not e.order_known] or dated
        who = ", ".join(
            _link(names, e.article) + esc(f" ({format_time(e.published)}, {_how_known(e)})")
            for e in open_order
        )
        line = esc("unknown: the times do not tell these apart: ") + who + esc(".")
    if undated:
        line += esc(
            f" {plural(undated, 'article')} without a publication time: where "
            f"{'it stands' if undated == 1 else 'they stand'} in the order is unknown."
        )
    return line


def _how_known(entry: TimelineEntry) -> str:
    basis = entry.basis or "published"
    if basis == "published":
        return "its declared publication time"
    return f"known from: {basis}"


def _derived_line(graph: StoryGraph, names: Mapping[str, str]) -> str:
    if not graph.derivations:
        return esc("no article shares enough text with another to derive from it.")
    items = [
        element("li", _edge_line(graph, number, derivation, names))
        for number, derivation in enumerate(graph.derivations)
        if graph.is_direct(derivation) or not graph.is_directed(derivation)
    ]
    others = len(graph.derivations) - len(items)
    if others:
        items.append(
            element(
                "li",
                esc(f"{plural(others, 'further edge')} through an intermediary: see ")
                + element("a", "the evidence", {"href": "#evidence"}),
            )
        )
    return element("ul", "".join(items))


def _edge_line(
    graph: StoryGraph, number: int, derivation: Derivation, names: Mapping[str, str]
) -> str:
    basis = graph.basis(derivation)
    other = names.get(derivation.source, derivation.source)
    if not graph.is_directed(derivation) or basis is None or basis in _NO_ORDER:
        facts = (
            f" and {other} share text ({derivation.kind.value}); which came first is "
            "unknown: no time, credit or coverage tells "
        )
    else:
        facts = (
            f" takes from {other}: {derivation.kind.value}, "
            f"{derivation.shared_share:.0%} of its text; direction by {basis} "
        )
    evidence = element("a", "evidence", {"href": f"#edge-{number}"})
    return _link(names, derivation.target) + esc(facts) + f"({evidence})"


def _shared_line(graph: StoryGraph, names: Mapping[str, str]) -> str:
    if not graph.origins:
        return "no passage is carried by more than one article."
    firsts = Counter(names.get(o.article, o.article) for o in graph.origins if o.first_known)
    unknown = sum(1 for origin in graph.origins if not origin.first_known)
    undated = sum(
        1 for origin in graph.origins if origin.first_known and origin.first_published is None
    )
    carriers = ", ".join(f"{count} by {name}" for name, count in firsts.most_common())
    line = (
        f"{plural(len(graph.origins), 'passage')} carried by more than one article; "
        f"carried first: {carriers or 'unknown'}."
    )
    if unknown:
        line += f" For {plural(unknown, 'passage')} nothing tells which article had it first."
    if undated:
        line += (
            f" For {plural(undated, 'passage')} the first carrier has no date, so the order "
            "rests on credits or on which text contains more of the other."
        )
    return line


def _own_line(graph: StoryGraph, names: Mapping[str, str], articles: Mapping[str, Article]) -> str:
    covered: dict[str, list[tuple[int, int]]] = {}
    for derivation in graph.derivations:
        for passage in derivation.passages:
            covered.setdefault(passage.source, []).append(
                (passage.source_start, passage.source_end)
            )
            covered.setdefault(passage.target, []).append(
                (passage.target_start, passage.target_end)
            )
    items = []
    for entry in graph.timeline:
        article = articles.get(entry.article)
        if article is None or not article.text:
            continue
        shared = _covered(covered.get(article.id, []), len(article.text))
        own = 1 - shared / len(article.text)
        items.append(element("li", _link(names, article.id) + esc(f": {own:.0%} of its text")))
    return element("ul", "".join(items)) if items else esc("unknown: no texts.")


def _covered(ranges: Sequence[tuple[int, int]], length: int) -> int:
    total, end = 0, 0
    for low, high in sorted(ranges):
        low, high = max(low, end, 0), min(high, length)
        if high > low:
            total += high - low
            end = high
    return total


def _fit_line(fits: Sequence[TimelineEntry], names: Mapping[str, str]) -> str:
    lowest = min(fits, key=lambda entry: entry.fit if entry.fit is not None else 1.0)
    highest = max(entry.fit or 0.0 for entry in fits)
    line = esc(f"from {lowest.fit:.2f} to {highest:.2f}; lowest: ") + _link(names, lowest.article)
    return line + esc(
        ". A low fit marks an article the grouping may have put in the wrong story "
        "(see the timeline)."
    )
