"""One error shape for the API, and error pages for the workspace.

Every 4xx and 5xx answer of ``/api/...`` is ``{"error": {"code": ..., "message": ...,
"detail": ...}}``: ``code`` a stable word a script can test (``CODES``), ``message`` one
sentence for a person, ``detail`` what more is known (the fields a request got wrong) or
null. Pages answer the same errors as an HTML page saying the same.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}
_LOG = logging.getLogger("storytrace.serve")


class ApiError(HTTPException):
    """An error with its code word and detail (``raise ApiError(404, "no story 12")``)."""

    def __init__(
        self, status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, message, headers)
        self.error_detail = detail


class ErrorFields(BaseModel):
    """What an error says."""

    code: str = Field(description="a stable word a script can test: " + ", ".join(CODES.values()))
    message: str = Field(description="one sentence for a person")
    detail: Any = Field(description="what more is known (the fields a request got wrong), or null")


class ErrorBody(BaseModel):
    """The body of every 4xx and 5xx answer of the API."""

    error: ErrorFields


# What each declared error status means, for the API's description.
_DECLARED = {
    400: "The request is well formed but refused; the message says why",
    401: "This needs the server's token (Authorization: Bearer TOKEN)",
    403: "Refused: a browser request sent from another site",
    404: "Nothing with that id in this store",
    409: "Not now: the thing is in a state that does not allow it",
    413: "The request body is over the server's limit",
    415: "The body is of a type this address does not read",
    422: "The request is not valid: detail lists each field and its problem",
    503: "Busy: try again after Retry-After seconds",
}
_DECLARED_HEADERS = {
    401: {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    503: {
        "Retry-After": {"description": "seconds to wait", "schema": {"type": "string"}},
    },
}


def declared_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a JSON route that answers ``statuses``, each in the
    error shape (``ErrorBody``), with the headers it carries."""
    return {status: {"model": ErrorBody, **_declared(status)} for status in statuses}


def declared_json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``declared_errors`` for a route whose own answers are not JSON (a page, a file):
    FastAPI would describe its errors as of the route's type, but they are JSON."""
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    return {status: {"content": content, **_declared(status)} for status in statuses}


def _declared(status: int) -> dict[str, Any]:
    headers = _DECLARED_HEADERS.get(status)
    return {"description": _DECLARED[status], **({"headers": headers} if headers else {})}


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": CODES.get(status, "error"), "message": message, "detail": detail}}


def error_response(
    request: Request, status: int, message: str, detail: Any = None, headers: Any = None
) -> Response:
    """The error as JSON for the API (and anything not asking for HTML), else as a page."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, detail), status, headers)
    from storytrace.serve.rendering import render

    page = render("error.html", status=status, code=CODES.get(status, "error"), message=message)
    return HTMLResponse(page, status, headers)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` in the shape above."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        detail = getattr(error, "error_detail", None)
        message = error.detail if isinstance(error, ApiError) else None
        message = message or _MESSAGES.get(error.status_code, str(error.detail))
        headers = error.headers
        if error.status_code == 405:
            given = (headers or {}).get("Allow", "")
            headers = {**(headers or {}), "Allow": allowed_methods(request, given)}
        return error_response(request, error.status_code, message, detail, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        fields = [
            {"where": ".".join(str(part) for part in item.get("loc", ())), "problem": item["msg"]}
            for item in error.errors()
        ]
        problems = "; ".join(f"{f['where']}: {f['problem']}" for f in fields)
        return error_response(request, 422, f"the request is not valid: {problems}", fields)

    @app.exception_handler(Exception)
    async def failed(request: Request, error: Exception) -> Response:
        _LOG.exception("error answering %s %s", request.method, request.url.path)
        return error_response(request, 500, f"the server failed: {type(error).__name__}")


def allowed_methods(request: Request, fallback: str) -> str:
    """The methods the API's description gives the request's path, for the Allow header of
    a 405 (Starlette's own names those of the first route at the path only: ``GET`` where
    ``GET`` and ``POST`` are both taken); ``fallback`` for a path it does not describe."""
    described: dict[str, dict[str, Any]] = request.app.openapi()["paths"]
    for template, operations in described.items():
        literal_parts = (re.escape(part) for part in re.split(r"\{[^/}]+\}", template))
        if re.fullmatch("[^/]+".join(literal_parts), request.url.path):
            return ", ".join(sorted(method.upper() for method in operations if method in _METHODS))
    return fallback


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MESSAGES = {
    404: "nothing here: check the address",
    405: "this address does not take that method",
}
_MESSAGES.update(
    {status: code.replace("_", " ") for status, code in CODES.items() if status not in (404, 405)}
)
