"""The JSON API under ``/api/v1``: the store's stories, articles and search, as the
command line gives them (``stories``, ``show --json``, ``search --json``)."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from storytrace.cli.search import hit_to_json
from storytrace.model import Article
from storytrace.serve.comparing import MAX_FILES, CompareWorkers, viewed_story
from storytrace.serve.correcting import corrected, who_may_write
from storytrace.serve.errors import ApiError, declared_errors, declared_json_errors
from storytrace.serve.listing import SORTS, StoryFilters, StoryRow, story_page
from storytrace.serve.reading import MAX_ID, ServeSettings, request_store, stored_article
from storytrace.serve.story_pages import story_parts
from storytrace.store.corrections import (
    Correction,
    CorrectionError,
    corrections,
    mark_edge_wrong,
    mark_speaker_wrong,
    merge_stories,
    move_articles,
    undo_correction,
)
from storytrace.store.db import Store
from storytrace.store.reads import DEFAULT_LIMIT, open_existing, search

# Any route may answer 413 (the body limit) and 422 (a request that is not valid).
router = APIRouter(prefix="/api/v1", tags=["storytrace"], responses=declared_errors(413, 422))
StoreDep = Annotated[Store, Depends(request_store)]
# Ids are positive integers, at most MAX_ID.
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="a story's id")]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="an article's id")]
CorrectionId = Annotated[int, Path(ge=1, le=MAX_ID, description="a correction's id")]
StoredId = Annotated[int, Field(ge=1, le=MAX_ID)]
# Search words hold no NUL character (SQLite's full-text search reads one as the end).
NO_NUL = r"^[^\x00]*$"


class ArticleHit(BaseModel):
    """An article found by a search, as ``storytrace search --json`` lists it."""

    id: int
    story_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    kind: str
    snippet: str = Field(description="the matching passage, each match in [brackets]")
    score: float = Field(description="bm25 relevance, higher is better")
    sources: list[str]


class StoryListRow(BaseModel):
    """One story of the list, with what a person scans it by."""

    id: int
    title: str | None
    articles: int
    outlets: int
    outlet_names: list[str]
    languages: list[str]
    first_published: str | None
    last_published: str | None
    cohesion: float | None
    lowest_fit: float | None
    quotations: int | None = Field(description="stored count; null where not counted yet")
    derivations: int | None = Field(
        description="edges of its derivation graph, kept when the story was last shown; "
        "null where it was not derived since its articles or marks changed"
    )
    matches: list[ArticleHit] = Field(description="the articles matching q, where searched")


class StoryList(BaseModel):
    stories: list[StoryListRow]
    total: int
    page: int
    pages: int


class SearchResults(BaseModel):
    articles: list[ArticleHit]


class DatelineFields(BaseModel):
    place: str
    date: str | None
    agency: str | None


class StoredArticle(BaseModel):
    """A stored article: its text, its metadata, where each field came from, its story."""

    id: int
    story_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_kind: str | None
    language: str | None
    kind: str
    source: str
    basis: dict[str, str]
    dateline: DatelineFields | None
    removed_lines: list[str]
    text: str


class CorrectionMade(BaseModel):
    """A person's correction, as the store records it."""

    id: int
    kind: Literal["merge", "move", "edge", "speaker"]
    story_id: int
    target_story_id: int
    article_ids: list[int]
    made_by: str
    made_at: str
    undone_by: str | None
    undone_at: str | None
    detail: dict[str, Any] = Field(
        default_factory=dict,
        description="what a mark names: an edge's source and target; a quotation's start, "
        "end, the speaker shown and the correct one (or null)",
    )


class CorrectionList(BaseModel):
    corrections: list[CorrectionMade]


async def story_filters(
    q: Annotated[
        str | None,
        Query(pattern=NO_NUL, description="words searched in titles and texts (no NUL)"),
    ] = None,
    outlet: Annotated[str | None, Query(description="part of an outlet's name")] = None,
    language: Annotated[str | None, Query(description="ISO 639-1 code, e.g. en")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD: last report on or after")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD: first report on or before")] = None,
    min_articles: Annotated[int, Query(ge=1, description="at least this many articles")] = 1,
    sort: Annotated[str, Query(description=f"one of {', '.join(SORTS)}")] = "largest",
) -> StoryFilters:
    """The story list's filters from the query string (a bad one: 400 with the reason);
    run on the event loop, as it reads nothing (no trip through the thread pool)."""
    try:
        return StoryFilters(
            q or None,
            outlet or None,
            language or None,
            since or None,
            until or None,
            min_articles,
            sort,
        )
    except ValueError as error:
        raise ApiError(400, str(error)) from None


FiltersDep = Annotated[StoryFilters, Depends(story_filters)]


@router.get(
    "/stories",
    summary="List stories, filtered and paged",
    response_model=StoryList,
    responses=declared_errors(400),
)
def list_stories(
    store: StoreDep, filters: FiltersDep, page: Annotated[int, Query(ge=1)] = 1
) -> dict[str, Any]:
    try:
        found = story_page(store, filters, page)
    except ValueError as error:
        raise ApiError(400, str(error)) from None
    return {
        "stories": [story_row_json(row) for row in found.rows],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
    }


@router.get(
    "/stories/{story_id}",
    summary="One story: timeline, derivation graph, outlets",
    responses=declared_errors(404),
)
def get_story(request: Request, store: StoreDep, story_id: StoryId) -> Any:
    """The document ``storytrace show STORY --json`` prints; a merged story's id answers
    the story it was merged into."""

    _, parts = story_parts(request, store, story_id)
    return json.loads(parts["document"])


@router.get(
    "/stories/{story_id}/quotations",
    summary="A story's quotations: who said what, each utterance with its variants",
    description="The document `storytrace quotes story ID --json` prints (with the speakers "
    "a person marked wrong as they said).",
    responses=declared_errors(404, 422),
)
def get_story_quotations(request: Request, store: StoreDep, story_id: StoryId) -> Any:
    from storytrace.report.quotes_json import story_quotes_to_json

    _, view = viewed_story(request, store, story_id, quotations=True)
    groups = view.quotations.quote_groups
    document = story_quotes_to_json(view.graph.story, view.articles, groups, requested=story_id)
    return json.loads(document)


@router.get(
    "/articles/{article_id}",
    summary="One article: text, metadata and its story",
    response_model=StoredArticle,
    responses=declared_errors(404),
)
def get_article(store: StoreDep, article_id: ArticleId) -> dict[str, Any]:
    article, story_id = stored_article(store, article_id)
    return article_json(article, story_id)


@router.get(
    "/search",
    summary="Search the articles' titles and texts (FTS5)",
    response_model=SearchResults,
    responses=declared_errors(400),
)
def search_articles(
    store: StoreDep,
    q: Annotated[
        str, Query(min_length=1, pattern=NO_NUL, description='words; "a phrase"; prefix* (no NUL)')
    ],
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = DEFAULT_LIMIT,
) -> dict[str, Any]:
    try:
        hits = search(
            store, q, outlet=outlet, language=language, since=since, until=until, limit=limit
        )
    except ValueError as error:
        raise ApiError(400, str(error)) from None
    return {"articles": [hit_to_json(hit) for hit in hits]}


def story_row_json(row: StoryRow) -> dict[str, Any]:
    summary = row.summary
    return {
        "id": summary.id,
        "title": summary.title,
        "articles": summary.articles,
        "outlets": summary.outlets,
        "outlet_names": list(row.outlet_names),
        "languages": list(summary.languages),
        "first_published": summary.first_published,
        "last_published": summary.last_published,
        "cohesion": summary.cohesion,
        "lowest_fit": summary.lowest_fit,
        "quotations": row.quotations,
        "derivations": row.derivations,
        "matches": [hit_to_json(hit) for hit in row.snippets],
    }


def article_json(article: Article, story_id: int | None) -> dict[str, Any]:
    return {
        "id": int(article.id),
        "story_id": story_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "published_kind": article.published_kind,
        "language": article.language,
        "kind": article.kind,
        "source": article.source,
        "basis": dict(article.basis),
        "dateline": None
        if article.dateline is None
        else {
            "place": article.dateline.place,
            "date": article.dateline.date,
            "agency": article.dateline.agency,
        },
        "removed_lines": list(article.removed),
        "text": article.text,
    }


class TextRecord(BaseModel):
    """One text to compare, with what is known of it (as a JSONL record of ``compare -``)."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None


class CompareRequest(BaseModel):
    """Texts and URLs to compare (at least two usable articles in all)."""

    texts: list[TextRecord] = Field(default_factory=list, max_length=MAX_FILES)
    urls: list[str] = Field(default_factory=list, max_length=MAX_FILES)


def json_or_form_body(model: type[BaseModel], form: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads ``model`` as JSON, or a multipart
    form with the fields ``form`` (name -> schema)."""
    return {
        "required": True,
        "content": {
            "application/json": {"schema": model.model_json_schema()},
            "multipart/form-data": {"schema": {"type": "object", "properties": form}},
        },
    }


_COMPARE_BODY = json_or_form_body(
    CompareRequest,
    {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "maxItems": MAX_FILES,
        },
        "urls": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_FILES},
    },
)


@router.post(
    "/compare",
    summary="Compare texts, files or URLs; nothing is stored",
    description="JSON texts or uploaded files (txt, md, html, jsonl, ...) and URLs, read as "
    "`storytrace compare` reads them; the answer is the `compare --json` document. Busy: "
    "503 with Retry-After.",
    openapi_extra={"requestBody": _COMPARE_BODY},
    responses=declared_errors(400, 415, 503),
)
async def compare(request: Request) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            given = CompareRequest.model_validate_json(await request.body())
        except ValidationError as error:  # answered as FastAPI's own validation errors are
            raise RequestValidationError(error.errors()) from None
        records = [record.model_dump(exclude_none=True) for record in given.texts]
        arguments: tuple[Any, ...] = (records, (), given.urls)
    elif kind == "multipart/form-data":
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 10)
        files = [
            (upload.filename or "upload", await upload.read())
            for upload in form.getlist("files")
            if isinstance(upload, UploadFile)
        ]
        urls = [str(url) for url in form.getlist("urls") if isinstance(url, str) and url]
        arguments = ((), files, urls)
    else:
        raise ApiError(415, "send application/json (texts, urls) or multipart/form-data (files)")
    workers: CompareWorkers = request.app.state.compare_workers
    return await run_in_threadpool(workers.run, "json", *arguments)


class CorrectionRequest(BaseModel):
    """A merge (``story`` into ``into``); a move (``articles`` of ``story`` to ``to``; no
    ``to``: into a new story); an edge of ``story``'s derivation graph marked wrong
    (``target`` does not derive from ``source``); or the speaker of the quotation at
    ``start``-``end`` of ``article`` marked wrong (``correct``: who said it, if known)."""

    kind: Literal["merge", "move", "edge", "speaker"]
    story: StoredId | None = None
    into: StoredId | None = None
    articles: list[StoredId] = Field(default_factory=list)
    to: StoredId | None = None
    source: StoredId | None = None
    target: StoredId | None = None
    article: StoredId | None = None
    start: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None
    end: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None
    speaker: Annotated[str, Field(max_length=500)] | None = None
    correct: Annotated[str, Field(max_length=500)] | None = None


# What a correction may answer besides itself: refused, no token, another site, busy store.
_CORRECTION_ERRORS = declared_errors(400, 401, 403, 503)


@router.get(
    "/corrections",
    summary="A person's corrections, newest first",
    response_model=CorrectionList,
)
def list_corrections(
    store: StoreDep,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this story's")] = None,
) -> dict[str, Any]:
    return {"corrections": [asdict(c) for c in corrections(store, story)]}


@router.post(
    "/corrections",
    summary="Merge two stories, move articles out of one, or mark an edge or a speaker wrong",
    response_model=CorrectionMade,
    responses=_CORRECTION_ERRORS,
)
def make_correction(
    store: StoreDep, given: CorrectionRequest, who: Annotated[str, Depends(who_may_write)]
) -> dict[str, Any]:
    return asdict(corrected(store, lambda: _correction(store, given, who)))


def _correction(store: Store, given: CorrectionRequest, who: str) -> Correction:
    """Make the correction ``given`` asks for.

    Raises:
        CorrectionError: it lacks a field its kind needs, or the store refuses it.
    """
    needs = {
        "merge": ("story", "into"),
        "move": ("story",),
        "edge": ("story", "source", "target"),
        "speaker": ("article", "start", "end"),
    }[given.kind]
    missing = [name for name in needs if getattr(given, name) is None]
    if missing:
        raise CorrectionError(f"a {given.kind} needs {' and '.join(missing)}")
    if given.kind == "merge":
        return merge_stories(store, _given(given.story), _given(given.into), who)
    if given.kind == "move":
        return move_articles(store, _given(given.story), given.articles, who, given.to)
    if given.kind == "edge":
        source, target = _given(given.source), _given(given.target)
        return mark_edge_wrong(store, _given(given.story), source, target, who)
    article, start, end = _given(given.article), _given(given.start), _given(given.end)
    return mark_speaker_wrong(store, article, start, end, given.speaker, who, given.correct)


def _given(value: int | None) -> int:
    assert value is not None  # checked by _correction
    return value


@router.post(
    "/corrections/{correction_id}/undo",
    summary="Undo a correction",
    response_model=CorrectionMade,
    responses={**_CORRECTION_ERRORS, **declared_errors(404)},
)
def undo(
    store: StoreDep, correction_id: CorrectionId, who: Annotated[str, Depends(who_may_write)]
) -> dict[str, Any]:
    return asdict(corrected(store, lambda: undo_correction(store, correction_id, who)))


_EXPORT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


@router.get(
    "/export",
    summary="Export the articles (JSONL, CSV or Parquet), as `storytrace export` writes them",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The articles as a file to download, of the format asked for",
            "content": {media_type.split(";")[0]: {} for media_type in _EXPORT_TYPES.values()},
        },
        **declared_json_errors(400, 413, 422),
    },
)
def export_articles(
    request: Request,
    fmt: Annotated[Literal["jsonl", "csv", "parquet"], Query(alias="format")] = "jsonl",
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> FileResponse:
    """Every record carries its story id, which follows a person's corrections, and the
    corrections that name it (also listed at ``/api/v1/corrections``)."""
    from storytrace.store.export import export

    settings: ServeSettings = request.app.state.settings
    folder = tempfile.mkdtemp(prefix="storytrace-export-")
    path = FilePath(folder) / f"articles.{fmt}"
    try:
        with open_existing(settings.db_path) as store:
            export(store, fmt, path, outlet=outlet, language=language, since=since, until=until)
    except (ValueError, ImportError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiError(400, str(error)) from None
    return FileResponse(
        path,
        media_type=_EXPORT_TYPES[fmt],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get(
    "/stories/{story_id}/report.html",
    summary="A story's self-contained HTML page, as `storytrace show --html` writes it",
    response_class=HTMLResponse,
    responses=declared_json_errors(404, 413, 422),
)
def story_report(request: Request, store: StoreDep, story_id: StoryId) -> HTMLResponse:
    from storytrace.report.story_html import story_to_html

    live, view = viewed_story(request, store, story_id, quotations=True)
    page = story_to_html(view.graph, view.articles, view.quotations)
    # a download: the page brings its own script and policy, for opening from disk
    disposition = f'attachment; filename="story-{live}.html"'
    return HTMLResponse(page, headers={"Content-Disposition": disposition})
