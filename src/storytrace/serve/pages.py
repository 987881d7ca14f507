"""The workspace's pages: the story list, a story, an article, and the API description.

Server-rendered from templates (every stored value escaped), usable without JavaScript;
they read the store through the same functions as the API and the command line.
"""

from __future__ import annotations

import io
import re
from itertools import zip_longest
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile

from storytrace.marked import with_speaker_marks
from storytrace.serve.api import ArticleId, CorrectionId, FiltersDep, StoreDep, StoryId
from storytrace.serve.comparing import MAX_FILES, CompareWorkers, article_quotes
from storytrace.serve.correcting import (
    COOKIE,
    corrected,
    same_origin,
    token_matches,
    who_may_write,
)
from storytrace.serve.errors import ApiError
from storytrace.serve.ingesting import queued_job
from storytrace.serve.listing import SORTS, story_page
from storytrace.serve.marking import form_number
from storytrace.serve.reading import stored_article
from storytrace.serve.rendering import render
from storytrace.serve.story_pages import MAX_COMPARED, MIN_COMPARED, quote_anchor, story_parts
from storytrace.store.corrections import (
    corrections,
    merge_stories,
    move_articles,
    speaker_marks,
    undo_correction,
)
from storytrace.store.reads import MATCH_END, MATCH_START, near_duplicates_of

router = APIRouter(include_in_schema=False)
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
def story_page_view(request: Request, store: StoreDep, story_id: StoryId) -> Any:
    live, parts = story_parts(request, store, story_id)
    if live != story_id:
        return RedirectResponse(f"/stories/{live}", status_code=307)
    return render(
        "story.html",
        story_id=live,
        parts={name: Markup(parts[name]) for name in ("top", "rest")},  # rendered escaped
        corrections=corrections(store, live),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: ArticleId) -> str:
    article, story_id = stored_article(store, article_id)
    marks = speaker_marks(store, [article_id]).get(article_id, {})
    quotes = with_speaker_marks(article_quotes(request, store, article), marks)
    return render(
        "article.html",
        article=article,
        story_id=story_id,
        quotes=quotes,
        marks=marks,
        anchor=quote_anchor,
        near=near_duplicates_of(store, article_id),
    )


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
    chosen = list(dict.fromkeys(article))
    if not MIN_COMPARED <= len(chosen) <= MAX_COMPARED:
        raise ApiError(
            400, f"choose {MIN_COMPARED} to {MAX_COMPARED} articles to compare, not {len(chosen)}"
        )
    articles = [stored_article(store, number)[0] for number in chosen]
    workers: CompareWorkers = request.app.state.compare_workers
    title, body = workers.run("stored", articles)
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
async def new_comparison(request: Request, store: StoreDep) -> str:
    """Compare what was pasted, uploaded or linked in the form; nothing is stored unless
    the form asks (``keep``): then an ingest job takes the same inputs into the store."""
    same_origin(request)
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
    keep = form.get("keep") == "on"
    who = who_may_write(request) if keep else None  # keeping writes: the token, if set
    workers: CompareWorkers = request.app.state.compare_workers
    title, body = await run_in_threadpool(workers.run, "html", records, files, urls)
    job = None
    if who is not None:  # the comparison worked: now take its inputs into the store
        uploads = [(name, io.BytesIO(content)) for name, content in files]
        job = queued_job(request, store, who, True, records, uploads, urls)
    return render("compare.html", title=title, body=Markup(body), job=job)  # escaped parts


@router.post("/stories/{story_id}/merge")
async def merge_page(request: Request, store: StoreDep, story_id: StoryId) -> RedirectResponse:
    """Merge this story into the one the form names; then show that one."""
    who = who_may_write(request)
    form = await request.form()
    into = form_number(form.get("into"), "the story to merge into")
    made = corrected(store, lambda: merge_stories(store, story_id, into, who))
    return RedirectResponse(f"/stories/{made.target_story_id}", status_code=303)


@router.post("/stories/{story_id}/move")
async def move_page(request: Request, store: StoreDep, story_id: StoryId) -> RedirectResponse:
    """Move the checked articles to the story the form names (blank: a new story)."""
    who = who_may_write(request)
    form = await request.form()
    articles = [form_number(value, "an article") for value in form.getlist("article")]
    target = str(form.get("to") or "").strip()
    to = form_number(target, "the story to move to") if target else None
    corrected(store, lambda: move_articles(store, story_id, articles, who, to))
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/corrections/{correction_id}/undo")
def undo_page(request: Request, store: StoreDep, correction_id: CorrectionId) -> RedirectResponse:
    who = who_may_write(request)
    undone = corrected(store, lambda: undo_correction(store, correction_id, who))
    if undone.kind == "speaker":  # undone from its article's page
        return RedirectResponse(f"/articles/{undone.article_ids[0]}#quotations", status_code=303)
    return RedirectResponse(f"/stories/{undone.story_id}", status_code=303)


@router.get("/signin", response_class=HTMLResponse)
def signin_form() -> str:
    return render("signin.html", failed=False)


@router.post("/signin", response_class=HTMLResponse, response_model=None)
async def signin(request: Request) -> Any:
    """Keep the token in a cookie that the workspace's own forms send (HttpOnly, same
    site only)."""
    same_origin(request)
    token = str((await request.form()).get("token") or "")
    if not token_matches(request.app.state.settings, token):
        return HTMLResponse(render("signin.html", failed=True), status_code=401)
    response = RedirectResponse("/stories", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    return response
