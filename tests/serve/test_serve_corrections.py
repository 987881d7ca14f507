"""Corrections through the API and the workspace: move articles out of a story, merge two,
undo either; who made each and when; the token; and later `storytrace stories` runs keep
what a person decided."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import SEEDS, storytrace_cli
from serve_support import ServedStore
from storytrace.serve import correcting, listing
from storytrace.serve.app import create_app
from storytrace.serve.reading import ServeSettings
from storytrace.store.corrections import move_articles
from storytrace.store.db import Store
from storytrace.store.lock import run_lock


@pytest.fixture
def own_store(served_store: ServedStore, tmp_path: Path) -> Path:
    """A copy of the served store that a test may change."""
    return served_store.copy_to(tmp_path / "corrected.db")


@pytest.fixture
def client(own_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(own_store)), raise_server_exceptions=False) as c:
        yield c


def _story(client: TestClient, story_id: int) -> dict[str, Any]:
    return dict(client.get(f"/api/v1/stories/{story_id}").json())


def _story_of(client: TestClient, article: int) -> int:
    return int(client.get(f"/api/v1/articles/{article}").json()["story_id"])


def _largest(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/api/v1/stories").json()["stories"][0])


def test_move_an_article_out_and_undo_it(client: TestClient) -> None:
    stories = client.get("/api/v1/stories").json()["total"]
    story = _largest(client)["id"]
    article = int(_story(client, story)["story"]["article_ids"][-1])
    made = client.post(
        "/api/v1/corrections", json={"kind": "move", "story": story, "articles": [article]}
    ).json()
    new = made["target_story_id"]
    assert new != story and _story_of(client, article) == new
    listed_after = client.get("/api/v1/stories").json()  # the list is read again
    assert listed_after["total"] == stories + 1
    assert new in [s["id"] for s in listed_after["stories"]]
    assert made["made_by"] == "local user" and made["made_at"].endswith("+00:00")
    listed = client.get("/api/v1/corrections", params={"story": story}).json()["corrections"]
    assert [c["id"] for c in listed] == [made["id"]]
    undone = client.post(f"/api/v1/corrections/{made['id']}/undo").json()
    assert undone["undone_by"] == "local user"
    assert _story_of(client, article) == story
    assert client.get("/api/v1/stories").json()["total"] == stories
    again = client.post(f"/api/v1/corrections/{made['id']}/undo")
    assert again.status_code == 400 and "undone already" in again.json()["error"]["message"]


def test_a_change_made_elsewhere_shows_in_the_list_within_the_state_check(
    client: TestClient, own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "STATE_CHECK_S", 0.5)
    stories = client.get("/api/v1/stories").json()["total"]
    story = _largest(client)["id"]
    article = int(_story(client, story)["story"]["article_ids"][-1])
    with Store(own_store) as store:  # as another process would (the CLI, another server)
        move_articles(store, story, [article], "elsewhere")
    time.sleep(0.6)
    assert client.get("/api/v1/stories").json()["total"] == stories + 1


def test_merge_two_stories_and_undo_it(client: TestClient) -> None:
    stories = [s["id"] for s in client.get("/api/v1/stories").json()["stories"][:3]]
    first, second = stories[1], stories[2]
    made = client.post(
        "/api/v1/corrections", json={"kind": "merge", "story": second, "into": first}
    ).json()
    assert made["article_ids"]
    merged = _story(client, second)  # a merged story's id answers the story it joined
    assert merged["story"]["id"] == first
    assert set(made["article_ids"]) <= {int(a) for a in merged["story"]["article_ids"]}
    client.post(f"/api/v1/corrections/{made['id']}/undo")
    assert _story(client, second)["story"]["id"] == second
    assert {int(a) for a in _story(client, second)["story"]["article_ids"]} == set(
        made["article_ids"]
    )


def test_corrections_that_cannot_be_made_say_why(client: TestClient) -> None:
    stories = [s["id"] for s in client.get("/api/v1/stories").json()["stories"][:2]]
    stranger = int(_story(client, stories[1])["story"]["article_ids"][0])
    cases = [
        ({"kind": "move", "story": stories[0], "articles": [stranger]}, "not in story"),
        ({"kind": "move", "story": stories[0], "articles": []}, "at least one article"),
        ({"kind": "merge", "story": stories[0], "into": stories[0]}, "one story already"),
        ({"kind": "merge", "story": stories[0], "into": 999999}, "no story 999999"),
        ({"kind": "merge", "story": stories[0]}, "needs into"),
    ]
    for body, reason in cases:
        response = client.post("/api/v1/corrections", json=body)
        assert response.status_code == 400, body
        assert reason in response.json()["error"]["message"], body
    assert client.post("/api/v1/corrections", json={"kind": "split"}).status_code == 422
    missing = client.post("/api/v1/corrections/999/undo")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_with_a_token_corrections_need_it_and_carry_its_name(own_store: Path) -> None:
    app = create_app(ServeSettings(own_store, token="maria:s3cret"))
    with TestClient(app, raise_server_exceptions=False) as client:
        story = _largest(client)["id"]
        article = int(_story(client, story)["story"]["article_ids"][-1])
        body = {"kind": "move", "story": story, "articles": [article]}
        refused = client.post("/api/v1/corrections", json=body)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
        wrong = {"authorization": "Bearer nope"}
        assert client.post("/api/v1/corrections", json=body, headers=wrong).status_code == 401
        made = client.post(
            "/api/v1/corrections", json=body, headers={"authorization": "Bearer s3cret"}
        ).json()
        assert made["made_by"] == "maria"
        foreign = {"authorization": "Bearer s3cret", "origin": "https://elsewhere.example"}
        assert client.post("/api/v1/corrections", json=body, headers=foreign).status_code == 403
        assert client.get("/api/v1/stories").status_code == 200  # reading needs no token


def test_a_correction_waits_for_a_running_grouping_then_answers_503(
    client: TestClient, own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(correcting, "LOCK_WAIT_S", 0.2)
    story = _largest(client)["id"]
    article = int(_story(client, story)["story"]["article_ids"][-1])
    body = {"kind": "move", "story": story, "articles": [article]}
    with run_lock(own_store, 0):
        busy = client.post("/api/v1/corrections", json=body)
    assert busy.status_code == 503 and "Retry-After" in busy.headers
    assert _story_of(client, article) == story
    assert client.post("/api/v1/corrections", json=body).status_code == 200


def test_a_later_grouping_run_keeps_a_persons_split(client: TestClient, own_store: Path) -> None:
    seeds = next(
        s for s in client.get("/api/v1/stories").json()["stories"] if "ru" in s["languages"]
    )
    members = [int(a) for a in _story(client, seeds["id"])["story"]["article_ids"]]
    moved = members[: len(members) // 2]
    made = client.post(
        "/api/v1/corrections", json={"kind": "move", "story": seeds["id"], "articles": moved}
    ).json()
    split = made["target_story_id"]
    # a new report of the same statement, close to the articles on both sides
    text = SEEDS[1].read_text(encoding="utf-8").replace("Wednesday", "Thursday")
    new = own_store.parent / "new.jsonl"
    new.write_text(json.dumps({"text": text, "title": "Moscow repeats its accusation"}) + "\n")
    assert storytrace_cli("ingest", new, "--db", own_store, "-q").returncode == 0
    assert storytrace_cli("stories", "--db", own_store, "-q").returncode == 0
    assert _story(client, split)["story"]["id"] == split  # not merged back
    assert _story(client, seeds["id"])["story"]["id"] == seeds["id"]
    assert all(_story_of(client, article) == split for article in moved)


def test_split_undo_and_merge_in_the_browser(own_store: Path) -> None:
    from conftest import opened_url
    from serve_support import running_server

    with running_server(create_app(ServeSettings(own_store))) as url:
        with TestClient(create_app(ServeSettings(own_store))) as reader:
            story = _largest(reader)["id"]
            other = reader.get("/api/v1/stories").json()["stories"][1]["id"]
        with opened_url(f"{url}/stories/{story}") as opened:
            page = opened.page
            rows = page.locator("#timeline tbody tr").count()
            page.locator("#timeline input[form=move-these]").last.check()
            page.get_by_role("button", name="Move", exact=True).click()
            page.wait_for_load_state()
            assert page.locator("#timeline tbody tr").count() == rows - 1
            correction = page.locator("ol.corrections li").first
            assert "moved from" in correction.inner_text()
            assert "by local user" in correction.inner_text()
            correction.get_by_role("button", name="Undo").click()
            page.wait_for_load_state()
            assert page.locator("#timeline tbody tr").count() == rows
            assert "undone by local user" in page.locator("ol.corrections li").first.inner_text()
            page.goto(f"{url}/stories/{other}")
            page.get_by_label("story to merge into").fill(str(story))
            page.get_by_role("button", name="Merge").click()
            page.wait_for_url(f"**/stories/{story}")
            assert "merged into" in page.locator("ol.corrections").inner_text()
            assert opened.errors == []
