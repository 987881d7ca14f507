"""Corrections through the workspace and the API: who may make them, and making them
under the store's run lock (``storytrace.store.lock``), so that a correction never lands
in the middle of an ``ingest`` or ``stories`` run.

Where the server has a token, a correction needs it: ``Authorization: Bearer SECRET`` from
a script, or the cookie the sign-in page sets from the workspace's own pages (a form posted
from another site is refused either way). The token may be given as ``NAME:SECRET``: NAME
is who the corrections are recorded as made by; without a name, "token holder"; without a
token (loopback only), "local user".
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from fastapi import Request

from storytrace.serve.errors import ApiError
from storytrace.serve.listing import forget_listing
from storytrace.serve.reading import ServeSettings
from storytrace.store.corrections import CorrectionError, NoSuchCorrection
from storytrace.store.db import Store
from storytrace.store.lock import StoreBusyError, run_lock

COOKIE = "storytrace_token"
# Seconds a correction waits for a running ingest or grouping before answering 503.
LOCK_WAIT_S = 5
T = TypeVar("T")


def who_may_write(request: Request) -> str:
    """The name a correction is recorded under; refuses a request without the token (where
    the server has one) and a browser request from another site."""
    settings: ServeSettings = request.app.state.settings
    same_origin(request)
    if settings.token is None:
        return "local user"
    given = request.headers.get("authorization", "")
    sent = given[7:].strip() if given.startswith("Bearer ") else request.cookies.get(COOKIE)
    if sent is None or not token_matches(settings, sent):
        raise ApiError(
            401,
            "this needs the server's token: send Authorization: Bearer TOKEN, or sign in",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return settings.token.rpartition(":")[0] or "token holder"


def token_matches(settings: ServeSettings, given: str) -> bool:
    """Whether ``given`` is the SECRET of the server's ``NAME:SECRET`` token (no token:
    anything is)."""
    if settings.token is None:
        return True
    return hmac.compare_digest(given, settings.token.rpartition(":")[2])


def corrected(store: Store, change: Callable[[], T]) -> T:
    """Run ``change`` (a ``store.corrections`` call) holding the store's run lock; a
    correction the store refuses is a 400 saying why (404 for one it does not hold), a
    busy store a 503. The story list is read again on its next request."""
    with _held(store):
        try:
            return change()
        except NoSuchCorrection as error:
            raise ApiError(404, str(error)) from None
        except CorrectionError as error:
            raise ApiError(400, str(error)) from None
        finally:
            forget_listing(store)


@contextmanager
def _held(store: Store) -> Iterator[None]:
    try:
        with run_lock(store.path, LOCK_WAIT_S):
            yield
    except StoreBusyError:
        raise ApiError(
            503,
            "an ingest or grouping run holds the store; try again when it ends",
            headers={"Retry-After": str(LOCK_WAIT_S)},
        ) from None


def same_origin(request: Request) -> None:
    """Refuse a browser request sent from another site's page (a cross-site form post)."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin is not None and origin != own:
        raise ApiError(403, f"refused a request sent from another site ({origin})")
