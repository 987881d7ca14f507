"""One error shape for the API, and error pages for the workspace.

Every 4xx and 5xx answer of ``/api/...`` is ``{"error": {"code": ..., "message": ...,
"detail": ...}}``: ``code`` a stable word a script can test (``CODES``), ``message`` one
sentence for a person, ``detail`` what more is known (the fields a request got wrong) or
null. Pages answer the same errors as an HTML page saying the same.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
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
        return error_response(request, error.status_code, message, detail, error.headers)

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


_MESSAGES = {
    404: "nothing here: check the address",
    405: "this address does not take that method",
}
_MESSAGES.update(
    {status: code.replace("_", " ") for status, code in CODES.items() if status not in (404, 405)}
)
