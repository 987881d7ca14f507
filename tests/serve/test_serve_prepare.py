"""The story list's derivation counts: kept when a story's graph is derived, stale when its
articles or marks change; and an idle server deriving them ahead of its readers."""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from serve_support import ServedStore
from storytrace.serve.app import create_app
from storytrace.serve.reading import ServeSettings

PREPARE_WAIT_S = 240  # the longest preparing the served store's stories may take


@pytest.fixture
def underived(served_store: ServedStore, tmp_path: Path) -> Path:
    """A copy of the served store with no derivation count or story view kept."""
    copy = served_store.copy_to(tmp_path / "underived.db")
    with sqlite3.connect(copy) as target:
        target.execute("DELETE FROM story_graph_tallies")
        target.execute("DELETE FROM story_views")
    return copy


def _rows(client: TestClient) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in client.get("/api/v1/stories").json()["stories"]}


def test_a_storys_derivation_count_is_listed_once_derived(
    underived: Path, served_store: ServedStore
) -> None:
    with TestClient(create_app(ServeSettings(underived)), raise_server_exceptions=False) as c:
        rows = _rows(c)
        story = served_store.hostile_story
        assert rows[story]["derivations"] is None
        assert all(row["derivations"] == 0 for row in rows.values() if row["articles"] == 1)
        assert "derivations not derived yet" in c.get("/stories").text
        derived = c.get(f"/api/v1/stories/{story}").json()["derivations"]
        assert derived and _rows(c)[story]["derivations"] == len(derived)
        edge = derived[0]
        mark = {"kind": "edge", "story": story, "source": edge["source"], "target": edge["target"]}
        assert c.post("/api/v1/corrections", json=mark).status_code == 200
        assert _rows(c)[story]["derivations"] is None  # stale: derived before the mark
        c.get(f"/stories/{story}")
        assert _rows(c)[story]["derivations"] == len(derived) - 1


def test_an_idle_server_derives_its_stories_ahead_of_readers(underived: Path) -> None:
    app = create_app(ServeSettings(underived, prepare_views=True))
    with TestClient(app, raise_server_exceptions=False) as client:
        with sqlite3.connect(underived) as db:
            several = db.execute(
                "SELECT COUNT(*) FROM (SELECT story_id FROM story_articles "
                "GROUP BY story_id HAVING COUNT(*) >= 2)"
            ).fetchone()[0]
            deadline = time.monotonic() + PREPARE_WAIT_S
            while db.execute("SELECT COUNT(*) FROM story_graph_tallies").fetchone()[0] < several:
                assert time.monotonic() < deadline, "the idle server did not prepare its stories"
                time.sleep(0.5)  # read from the store: a request would keep the server busy
        rows = _rows(client).values()
        assert all(row["derivations"] is not None for row in rows)
        assert any(row["derivations"] for row in rows)


def test_a_storys_view_is_kept_and_computed_again_when_the_story_changes(
    underived: Path, served_store: ServedStore
) -> None:
    story = served_store.hostile_story
    with TestClient(create_app(ServeSettings(underived)), raise_server_exceptions=False) as c:
        first = c.get(f"/stories/{story}").text
        with sqlite3.connect(underived) as db:
            (blob,) = db.execute(
                "SELECT parts FROM story_views WHERE story_id = ?", (story,)
            ).fetchone()
            parts = json.loads(zlib.decompress(blob))
            parts["top"] = parts["top"].replace("Timeline", "Timeline (kept)")
            kept = zlib.compress(json.dumps(parts).encode())
            db.execute("UPDATE story_views SET parts = ? WHERE story_id = ?", (kept, story))
        assert "Timeline (kept)" in c.get(f"/stories/{story}").text  # read, not computed
        assert "Timeline (kept)" not in first
        edge = c.get(f"/api/v1/stories/{story}").json()["derivations"][0]
        mark = {"kind": "edge", "story": story, "source": edge["source"], "target": edge["target"]}
        assert c.post("/api/v1/corrections", json=mark).status_code == 200
        again = c.get(f"/stories/{story}").text  # another key: computed again
        assert "Timeline (kept)" not in again and "edge marked wrong" in again
