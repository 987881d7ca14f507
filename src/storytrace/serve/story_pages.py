"""A story as the workspace shows it: computed once per state of the story, then kept.

The page of a story and ``GET /api/v1/stories/{id}`` both come from its view
(``story_view``: graph, fits, quotations), which takes seconds the first time. Its
rendered parts (the heading and timeline, the graph, quotations and outlets, and the
``show --json`` document) are kept in the store under the story's view key
(``store.story_views``), so that later requests, from any server process, read them in
milliseconds. The corrections section is rendered live around them. Computing runs in a
worker (``CompareWorkers``), as every view that loads the models does.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from markupsafe import Markup

from storytrace.model import Quote
from storytrace.serve.comparing import CompareWorkers
from storytrace.serve.errors import ApiError
from storytrace.serve.rendering import render
from storytrace.store.db import Store
from storytrace.store.story_views import load_view, view_keys

# How many of a story's articles the compare page shows side by side.
MIN_COMPARED, MAX_COMPARED = 2, 4
# Shared passages shown side by side under each edge of a story's graph.
PASSAGES_SHOWN = 5


def story_parts(request: Request, store: Store, story_id: int) -> tuple[int, dict[str, str]]:
    """The live id of ``story_id`` (a merged story's: the one it joined) and its view's
    parts: ``top`` and ``rest`` (HTML), ``document`` (the ``show --json`` text); kept ones
    where current, else computed by a worker (and kept).

    Raises:
        ApiError: 404, no such story.
    """
    from storytrace.store.stories import resolve_story

    live = resolve_story(store, story_id)
    key = None if live is None else view_keys(store, [live]).get(live)
    if live is None or key is None:
        raise ApiError(404, f"no story {story_id} in this store")
    parts = load_view(store, live, key)
    if parts is None:
        workers: CompareWorkers = request.app.state.compare_workers
        parts = workers.view("render", str(request.app.state.settings.db_path), live, key)
    return live, parts


def render_parts(view: Any) -> dict[str, str]:
    """The parts of a story's page and its JSON document, from its ``StoryView``."""
    from storytrace.report.html_quotes import quotes_section
    from storytrace.report.story_json import story_to_json
    from storytrace.report.story_svg import graph_svg
    from storytrace.report.story_text import article_names
    from storytrace.stories.similarity import LOW_FIT

    by_id = {article.id: article for article in view.articles}
    names = article_names(view.graph, by_id)
    values = {
        "graph": view.graph,
        "articles": by_id,
        "names": names,
        "basis": {(s, t): b for s, t, b in view.graph.direction_basis},
        "svg": Markup(graph_svg(view.graph, names)),  # built from escaped parts
        "quotations": Markup(quotes_section(view.quotations, dict(names), quote_place)),
        "low_fit": LOW_FIT,
        "max_compared": MAX_COMPARED,
        "max_passages": PASSAGES_SHOWN,
    }
    return {
        "top": render("story_top.html", **values),
        "rest": render("story_rest.html", **values),
        "document": story_to_json(view.graph, view.articles),
    }


def quote_place(quote: Quote) -> str:
    """Where a quotation is on its article's page."""
    return f"/articles/{quote.article}#{quote_anchor(quote)}"


def quote_anchor(quote: Quote) -> str:
    """The id of a quotation on its article's page: its offsets, which a new extraction
    keeps."""
    return f"quote-{quote.start}-{quote.end}"
