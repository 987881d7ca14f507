"""The store for one request, and the stored things the pages and the API both read."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fastapi import Request

from storytrace.model import Article
from storytrace.serve.errors import ApiError
from storytrace.store.analyses import load_article
from storytrace.store.db import Store
from storytrace.store.reads import open_existing, story_of_article

# The largest id the API takes: the largest integer that JSON and OpenAPI's bounds (floats)
# carry exactly. A store's ids are far below it; a number past SQLite's largest integer
# (2**63 - 1) could not even be looked up.
MAX_ID = 2**53 - 1


@dataclass(frozen=True)
class ServeSettings:
    """What the server was started with."""

    db_path: Path
    token: str | None = None
    max_body_bytes: int = 8 * 1024 * 1024
    compare_slots: int = field(default_factory=lambda: os.cpu_count() or 1)
    prepare_views: bool = False  # prepare stories' views while idle (``serve.preparing``)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "db_path": str(self.db_path)})

    @classmethod
    def from_json(cls, text: str) -> ServeSettings:
        values = json.loads(text)
        return cls(**{**values, "db_path": Path(values["db_path"])})


async def request_store(request: Request) -> AsyncIterator[Store]:
    """A connection to the server's store for one request (readers run side by side with
    one writer: the store is in WAL mode), closed after it. Opened and closed on the event
    loop (well under a millisecond each): a synchronous dependency would cost two trips
    through the thread pool a request."""
    settings: ServeSettings = request.app.state.settings
    store = open_existing(settings.db_path)
    try:
        yield store
    finally:
        store.close()


def stored_article(store: Store, article_id: int) -> tuple[Article, int | None]:
    """Article ``article_id`` and the story it is in (None while in none).

    Raises:
        ApiError: 404, no such article.
    """
    article = load_article(store, article_id) if abs(article_id) <= MAX_ID else None
    if article is None:
        raise ApiError(404, f"no article {article_id} in this store")
    return article, story_of_article(store, article_id)
