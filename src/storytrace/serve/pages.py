"""The workspace's pages: the story list, a story, an article, and the API description.

Server-rendered from templates (every stored value escaped), usable without JavaScript;
they read the store through the same functions as the API and the command line.
"""

from __future__ import annotations

import re
from itertools import zip_longest
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile

from storytrace.serve.api import FiltersDep, StoreDep
from storytrace.serve.comparing import MAX_FILES, CompareSlots, compare_given, compare_stored
from storytrace.serve.errors import ApiError
from storytrace.serve.listing import SORTS, story_page
from storytrace.serve.reading import stored_article
from storytrace.serve.rendering import render
from storytrace.store.reads import MATCH_END, MATCH_START
from storytrace.store.stories import load_story, resolve_story
from storytrace.stories.similarity import LOW_FIT

router = APIRouter(include_in_schema=False)
# How many of a story's articles the compare page shows side by side.
MIN_COMPARED, MAX_COMPARED = 2, 4
# Text boxes on the new comparison page.
PASTE_BOXES = 4
_MATCH = re.compile(f"{re.escape(MATCH_START)}(.*?){re.escape(MATCH_END)}", re.S)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/stories", status_code=307)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request, store: StoreDep, filters: FiltersDep, page: Annotated[int, Query(ge=1)] = 1
) -> str:
    try:
        found = story_page(store, filters, page)
    except ValueError as error:
        raise ApiError(400, str(error)) from None
    return render(
        "stories.html",
        found=found,
        sorts=SORTS,
        query=_query_without_page(request),
        snippet=snippet_html,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse, response_model=None)
def story_page_view(store: StoreDep, story_id: int) -> Any:
    from storytrace.report.story_svg import graph_svg
    from storytrace.report.story_text import article_names
    from storytrace.story_view import story_view  # loads the models

    live = resolve_story(store, story_id)
    loaded = load_story(store, live) if live is not None else None
    if loaded is None:
        raise ApiError(404, f"no story {story_id} in this store")
    if live != story_id:
        return RedirectResponse(f"/stories/{live}", status_code=307)
    view = story_view(store, *loaded)
    by_id = {article.id: article for article in view.articles}
    names = article_names(view.graph, by_id)
    return render(
        "story.html",
        graph=view.graph,
        articles=by_id,
        names=names,
        basis={(s, t): b for s, t, b in view.graph.direction_basis},
        svg=Markup(graph_svg(view.graph, names)),  # built from escaped parts
        low_fit=LOW_FIT,
        max_compared=MAX_COMPARED,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(store: StoreDep, article_id: int) -> str:
    article, story_id = stored_article(store, article_id)
    return render("article.html", article=article, story_id=story_id)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> str:
    """The API described from its OpenAPI document, with nothing loaded from elsewhere."""
    schema = request.app.openapi()
    operations = [
        (path, method.upper(), operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render("api_docs.html", schema=schema, operations=operations)


def snippet_html(snippet: str) -> Markup:
    """A search snippet, escaped, its matches in ``<mark>``."""
    parts = _MATCH.split(snippet)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )


def _query_without_page(request: Request) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    store: StoreDep,
    request: Request,
    article: Annotated[list[int], Query(description="2 to 4 stored article ids")],
) -> str:
    """The chosen stored articles side by side, as ``storytrace compare --html`` shows them."""
    from storytrace.report.html import comparison_body

    chosen = list(dict.fromkeys(article))
    if not MIN_COMPARED <= len(chosen) <= MAX_COMPARED:
        raise ApiError(
            400, f"choose {MIN_COMPARED} to {MAX_COMPARED} articles to compare, not {len(chosen)}"
        )
    articles = [stored_article(store, number)[0] for number in chosen]
    slots: CompareSlots = request.app.state.compare_slots
    with slots.held():
        comparison = compare_stored(articles)
    title, body = comparison_body(comparison)
    return render("compare.html", title=title, body=Markup(body))  # built from escaped parts


@router.get("/assets/report.css")
def report_style() -> Response:
    from storytrace.report._html_assets import STYLE

    return Response(STYLE, media_type="text/css")


@router.get("/assets/report.js")
def report_script() -> Response:
    from storytrace.report._html_assets import SCRIPT

    return Response(SCRIPT, media_type="text/javascript")


@router.get("/compare/new", response_class=HTMLResponse)
def new_comparison_form() -> str:
    return render("compare_new.html", boxes=PASTE_BOXES, max_inputs=MAX_FILES)


@router.post("/compare/new", response_class=HTMLResponse)
async def new_comparison(request: Request) -> str:
    """Compare what was pasted, uploaded or linked in the form; nothing is stored."""
    _same_origin(request)
    form = await request.form(max_files=MAX_FILES, max_fields=4 * PASTE_BOXES + 10)
    titles = [str(value) for value in form.getlist("title")]
    texts = [str(value) for value in form.getlist("text")]
    records = [
        {"text": text, **({"title": title.strip()} if title.strip() else {})}
        for title, text in zip_longest(titles, texts, fillvalue="")
        if text.strip()
    ]
    files = [
        (upload.filename or "upload", await upload.read())
        for upload in form.getlist("files")
        if isinstance(upload, UploadFile) and upload.filename
    ]
    urls = [line.strip() for line in str(form.get("urls") or "").splitlines() if line.strip()]
    slots: CompareSlots = request.app.state.compare_slots
    with slots.held():
        comparison = await run_in_threadpool(compare_given, records, files, urls)
    from storytrace.report.html import comparison_body

    title, body = comparison_body(comparison)
    return render("compare.html", title=title, body=Markup(body))  # built from escaped parts


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site's page (a browser sends its Origin)."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin is not None and origin != own:
        raise ApiError(403, f"refused a form sent from another site ({origin})")
