"""Marking what the machine got wrong, from the workspace's pages: an edge of a story's
derivation graph (the story page), a quotation's speaker (the article page). Each is a
correction (``storytrace.store.corrections``): recorded with who and when, listed on the
story's page and undone from there, and applied to every later view of the story."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from storytrace.serve.api import ArticleId, StoreDep, StoryId
from storytrace.serve.correcting import corrected, who_may_write
from storytrace.serve.errors import ApiError
from storytrace.serve.reading import MAX_ID
from storytrace.store.corrections import mark_edge_wrong, mark_speaker_wrong

router = APIRouter(include_in_schema=False)


@router.post("/stories/{story_id}/edges/wrong")
async def edge_wrong_page(request: Request, store: StoreDep, story_id: StoryId) -> RedirectResponse:
    """Mark the edge the form names (``source``, ``target``) as wrong; then show the
    story's graph without it."""
    who = who_may_write(request)
    form = await request.form()
    source = form_number(form.get("source"), "the edge's source article")
    target = form_number(form.get("target"), "the edge's derived article")
    corrected(store, lambda: mark_edge_wrong(store, story_id, source, target, who))
    return RedirectResponse(f"/stories/{story_id}#graph", status_code=303)


@router.post("/articles/{article_id}/speaker/wrong")
async def speaker_wrong_page(
    request: Request, store: StoreDep, article_id: ArticleId
) -> RedirectResponse:
    """Mark the speaker of the quotation the form names (``start``, ``end``) as wrong,
    with who said it instead where the form gives it (``correct``)."""
    who = who_may_write(request)
    form = await request.form()
    start = form_number(form.get("start"), "the quotation's start")
    end = form_number(form.get("end"), "the quotation's end")
    shown = str(form.get("speaker") or "").strip() or None
    correct = str(form.get("correct") or "").strip() or None
    corrected(store, lambda: mark_speaker_wrong(store, article_id, start, end, shown, who, correct))
    return RedirectResponse(f"/articles/{article_id}#quotations", status_code=303)


def form_number(value: object, what: str) -> int:
    """A form field that must hold a whole number (``story 12`` and ``article 3`` too).

    Raises:
        ApiError: 400, naming ``what`` and the value given.
    """
    text = str(value or "").strip().removeprefix("story ").removeprefix("article ")
    if not text.isdigit() or int(text) > MAX_ID:
        raise ApiError(400, f"{what} must be a number up to {MAX_ID}, not {str(value or '')!r}")
    return int(text)
