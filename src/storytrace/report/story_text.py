"""A story's timeline and derivation graph as plain text, for ``storytrace show STORY``.

Layout, top to bottom:

1. the story: id, title, how many articles and outlets, first and last publication;
2. the timeline: time, outlet, title and id (``[article 529]``) of each article, earliest
   first, unknown times last, with its same-story fit where known; an article whose place
   is not known (no publication time, or one of the same day as another's) says
   ``order unknown``; below each, where its outlet and time came from (``basis_lines``);
3. the graph, one edge per line, ``TARGET  <-KIND (CONFIDENCE, lag LAG)-  SOURCE``, each
   target's most likely direct source marked ``*``, with its evidence below it; an edge
   whose direction nothing tells is ``A  -KIND (CONFIDENCE)-  B  (order unknown)``;
4. passage origins: each shared passage's first carrier and who carries it after, or
   ``first carrier unknown`` and its carriers where nothing tells which had it first;
5. the outlets: role, articles, share of derived content, median lag.

The helpers ``format_time``, ``format_lag``, ``article_label`` and ``article_names`` are
shared with the HTML and JSON renderers of the story. Ids print as ``story 12`` and
``article 529``, never bare, because the two kinds of id share one number range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from storytrace.model import Article, Derivation, PassageOrigin, StoryGraph
from storytrace.provenance.outlets import UNKNOWN_OUTLET, is_unknown_outlet
from storytrace.report._common import plural, shorten

# Widths that keep a line within 100 columns with the usual outlet names and titles.
OUTLET_WIDTH = 24
TITLE_WIDTH = 48
PASSAGE_WIDTH = 72
NGRAM_WIDTH = 40
# Rare n-grams shown per edge in the terminal; the JSON and HTML have them all.
NGRAMS_SHOWN = 3

UNKNOWN_TIME = "time unknown"
ORDER_UNKNOWN_MARK = "order unknown"


def story_to_text(graph: StoryGraph, articles: Sequence[Article]) -> str:
    """Render ``graph`` as plain text (see the module docstring), ending without a newline.

    ``articles`` supply titles and texts; an article missing from them is shown by its id.
    """
    by_id = {article.id: article for article in articles}
    names = article_names(graph, by_id)
    lines = _header(graph, by_id)
    lines += ["", "Timeline", *_timeline(graph, by_id)]
    lines += ["", "Derivation graph (target <- source; * the target's most likely direct source)"]
    lines += _edges(graph, names, by_id)
    lines += ["", "Passage origins", *_origins(graph.origins, names, by_id)]
    lines += ["", "Outlets", *_outlets(graph)]
    return "\n".join(lines)


def article_names(graph: StoryGraph, articles: Mapping[str, Article]) -> dict[str, str]:
    """Map each article id of the story to ``"Outlet [article 529]"``."""
    outlets = {entry.article: entry.outlet for entry in graph.timeline}
    names = {}
    for article_id in [*graph.story.article_ids, *outlets]:
        outlet = outlets.get(article_id)
        if outlet is None and article_id in articles:
            outlet = articles[article_id].outlet
        label = article_label(article_id)
        if outlet and is_unknown_outlet(outlet):
            outlet = UNKNOWN_OUTLET  # its own unknown already: the label names the article
        names[article_id] = f"{outlet} [{label}]" if outlet else f"[{label}]"
    return names


def article_label(article_id: str) -> str:
    """``"article 529"``: never a bare number, which could be read as a story id."""
    return f"article {article_id}"


def format_time(published: str | None) -> str:
    """``"2016-10-19 08:30 UTC"`` for a datetime, the date alone for a day, else unknown."""
    if published is None:
        return UNKNOWN_TIME
    if "T" not in published:
        return published
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    return moment.strftime("%Y-%m-%d %H:%M") + " UTC"


def format_lag(seconds: float | None) -> str:
    """``"3h 30m"``, ``"2d 4h"``, ``"45m"``; ``"-2h"`` for a negative lag; ``"?"`` if unknown."""
    if seconds is None:
        return "?"
    sign = "-" if seconds < 0 else ""
    minutes = round(abs(seconds) / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{sign}{days}d {hours}h" if hours else f"{sign}{days}d"
    if hours:
        return f"{sign}{hours}h {minutes}m" if minutes else f"{sign}{hours}h"
    return f"{sign}{minutes}m"


def edge_label(derivation: Derivation) -> str:
    """``"verbatim copy (0.92, lag 3h)"``: the kind, the confidence and the lag if known."""
    lag = "" if derivation.lag_seconds is None else f", lag {format_lag(derivation.lag_seconds)}"
    return f"{derivation.kind.value} ({derivation.confidence:.2f}{lag})"


def passage_text(articles: Mapping[str, Article], article_id: str, start: int, end: int) -> str:
    """The text of a passage, or a placeholder when the article or offsets are unknown."""
    article = articles.get(article_id)
    if article is None or not 0 <= start < end <= len(article.text):
        return f"({article_id} {start}-{end})"
    return article.text[start:end]


def _header(graph: StoryGraph, articles: Mapping[str, Article]) -> list[str]:
    story = graph.story
    title = story.title
    if not title and graph.timeline:
        first = articles.get(graph.timeline[0].article)
        title = first.title if first is not None else None
    outlets = {entry.outlet for entry in graph.timeline}
    lines = [
        f'Story {story.id}: "{shorten(title or "untitled", TITLE_WIDTH * 2)}" '
        f"({plural(len(graph.timeline), 'article')}, {plural(len(outlets), 'outlet')})"
    ]
    known = [entry.published for entry in graph.timeline if entry.published]
    if known:
        lines.append(f"Published {format_time(known[0])} to {format_time(known[-1])}")
    return lines


def _timeline(graph: StoryGraph, articles: Mapping[str, Article]) -> list[str]:
    lines = []
    for entry in graph.timeline:
        when = format_time(entry.published)
        if entry.basis and entry.basis != "published":
            when += f" ({entry.basis})"
        if not entry.order_known:
            when += f", {ORDER_UNKNOWN_MARK}"
        article = articles.get(entry.article)
        title = article.title if article is not None and article.title else "untitled"
        outlet = shorten(entry.outlet, OUTLET_WIDTH)
        fit = "" if entry.fit is None else f"  fit {entry.fit:.2f}"
        lines.append(
            f"  {when:<22}  {outlet:<{OUTLET_WIDTH}}  "
            f'"{shorten(title, TITLE_WIDTH)}"  [{article_label(entry.article)}]{fit}'
        )
        lines += basis_lines(article)
    return lines or ["  (no articles)"]


def basis_lines(article: Article | None) -> list[str]:
    """Where the article's outlet and time came from, one indented line, e.g.
    ``outlet: BBC News (declared: og:site_name); published: 2024-03-05 14:02 UTC
    (declared: article:published_time)``; none where nothing was recorded."""
    if article is None:
        return []
    parts = []
    outlet_basis = article.basis_of("outlet")
    if article.outlet and outlet_basis:
        parts.append(f"outlet: {shorten(article.outlet, OUTLET_WIDTH)} ({outlet_basis})")
    time_basis = article.basis_of("published")
    if article.published and time_basis:
        kind = article.published_kind or "published"
        parts.append(f"{kind}: {format_time(article.published)} ({time_basis})")
    return [f"      {'; '.join(parts)}"] if parts else []


def _edges(
    graph: StoryGraph, names: Mapping[str, str], articles: Mapping[str, Article]
) -> list[str]:
    lines = []
    for derivation in graph.derivations:
        mark = "*" if graph.is_direct(derivation) else " "
        target = names.get(derivation.target, derivation.target)
        source = names.get(derivation.source, derivation.source)
        if graph.is_directed(derivation):
            lines.append(f"{mark} {target}  <-{edge_label(derivation)}-  {source}")
        else:
            lines.append(
                f"  {source}  -{edge_label(derivation)}-  {target}  ({ORDER_UNKNOWN_MARK})"
            )
        lines.append("      " + _evidence(graph, derivation))
        if derivation.rare_ngrams:
            shown = derivation.rare_ngrams[:NGRAMS_SHOWN]
            lines.append("      rare: " + ", ".join(f'"{shorten(g, NGRAM_WIDTH)}"' for g in shown))
        if derivation.passages:
            first = derivation.passages[0]
            text = passage_text(articles, first.target, first.target_start, first.target_end)
            lines.append(f'      e.g. "{shorten(text, PASSAGE_WIDTH)}"')
    return lines or ["  (no derivations: no two articles share enough text)"]


def _evidence(graph: StoryGraph, derivation: Derivation) -> str:
    parts = [
        plural(len(derivation.passages), "passage"),
        f"{derivation.shared_share:.0%} of the target",
    ]
    if derivation.credit:
        parts.append(f'credit "{derivation.credit}"')
    basis = graph.basis(derivation)
    if not graph.is_directed(derivation):
        parts[1] = f"{derivation.shared_share:.0%} of one side"
        parts.append("which came first is unknown: no time, credit or coverage tells")
    elif basis:
        parts.append(f"direction by {basis}")
    return ", ".join(parts)


def _origins(
    origins: Sequence[PassageOrigin], names: Mapping[str, str], articles: Mapping[str, Article]
) -> list[str]:
    lines = []
    for origin in origins:
        first = names.get(origin.article, origin.article)
        when = format_time(origin.first_published)
        others = [c for c in origin.copies if c.article != origin.article]
        copies = ", ".join(dict.fromkeys(names.get(c.article, c.article) for c in others))
        if len(others) < len(origin.copies):
            copies = f"{copies} (and again in the first)" if copies else "again in the first"
        kinds = "/".join(kind.value for kind in origin.kinds)
        text = origin.text or passage_text(articles, origin.article, origin.start, origin.end)
        if origin.first_known:
            lines.append(f"  {first}, {when}: {kinds} by {copies}")
        else:
            lines.append(f"  first carrier unknown: {kinds}, carried by {first}, {copies}")
        lines.append(f'      "{shorten(text, PASSAGE_WIDTH)}"')
    return lines or ["  (none)"]


def _outlets(graph: StoryGraph) -> list[str]:
    header = f"  {'outlet':<{OUTLET_WIDTH}}  {'role':<11}  articles  derived  median lag"
    lines = [header]
    for profile in graph.outlets:
        lag = "-" if profile.median_lag_seconds is None else format_lag(profile.median_lag_seconds)
        lines.append(
            f"  {shorten(profile.outlet, OUTLET_WIDTH):<{OUTLET_WIDTH}}  "
            f"{profile.role.value:<11}  {len(profile.articles):>8}  "
            f"{profile.derived_share:>7.0%}  {lag:>10}"
        )
    return lines
