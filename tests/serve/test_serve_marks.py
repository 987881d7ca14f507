"""Marking what the machine got wrong: a derivation edge, a quotation's speaker. Each mark
is a correction with who and when, changes every later view of the story, is undone, and
travels with the exported data."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from serve_support import ServedStore
from storytrace.serve.app import create_app
from storytrace.serve.reading import ServeSettings

SAME_SITE = {"origin": "http://testserver"}
_QUOTE_FORM = re.compile(
    r'name="start" value="(\d+)"><input type="hidden" name="end" value="(\d+)">\s*'
    r'<input type="hidden" name="speaker" value="([^"]*)">'
)


@pytest.fixture
def client(served_store: ServedStore, tmp_path: Path) -> Iterator[TestClient]:
    copy = served_store.copy_to(tmp_path / "marked.db")
    app = create_app(ServeSettings(copy, token="sam:s3cret"))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        c.cookies.set("storytrace_token", "s3cret")
        yield c


def _story_with_edges(client: TestClient) -> tuple[int, list[dict[str, Any]]]:
    for row in client.get("/api/v1/stories").json()["stories"]:
        document = client.get(f"/api/v1/stories/{row['id']}").json()
        if document["derivations"]:
            return int(row["id"]), document["derivations"]
    pytest.fail("no story of the served store has a derivation edge")


def _edges(client: TestClient, story: int) -> set[tuple[str, str]]:
    document = client.get(f"/api/v1/stories/{story}").json()
    return {(str(e["source"]), str(e["target"])) for e in document["derivations"]}


def _exported(client: TestClient, article: int) -> dict[str, Any]:
    lines = client.get("/api/v1/export", params={"format": "jsonl"}).text.splitlines()
    rows = [json.loads(line) for line in lines]
    return next(row for row in rows if row["id"] == article)


def test_an_edge_marked_wrong_leaves_the_graph_until_undone(client: TestClient) -> None:
    story, derivations = _story_with_edges(client)
    edge = derivations[0]
    source, target = str(edge["source"]), str(edge["target"])
    page = client.get(f"/stories/{story}").text
    assert f'name="source" value="{source}"' in page and "Mark wrong" in page

    marked = client.post(
        f"/stories/{story}/edges/wrong",
        data={"source": source, "target": target},
        headers=SAME_SITE,
    )
    assert marked.status_code == 303 and marked.headers["location"] == f"/stories/{story}#graph"
    assert (source, target) not in _edges(client, story)
    listed = client.get("/api/v1/corrections", params={"story": story}).json()["corrections"]
    mark = listed[0]
    assert mark["kind"] == "edge" and mark["made_by"] == "sam"
    assert mark["article_ids"] == [int(source), int(target)]
    page = client.get(f"/stories/{story}").text
    assert f"article {target}</a> does not derive from" in page and "by sam at" in page
    for article in (int(source), int(target)):
        exported = _exported(client, article)["corrections"]
        assert [(c["kind"], c["made_by"], c["undone_at"]) for c in exported] == [
            ("edge", "sam", None)
        ]

    again = client.post(
        f"/stories/{story}/edges/wrong",
        data={"source": source, "target": target},
        headers=SAME_SITE,
    )
    assert again.status_code == 400 and "marked wrong already" in again.text
    undone = client.post(f"/corrections/{mark['id']}/undo", headers=SAME_SITE)
    assert undone.status_code == 303
    assert (source, target) in _edges(client, story)
    assert _exported(client, int(source))["corrections"][0]["undone_by"] == "sam"


def test_a_speaker_marked_wrong_is_shown_as_the_person_said(
    client: TestClient, served_store: ServedStore
) -> None:
    story = client.get(f"/api/v1/stories/{served_store.seeds_story}").json()
    article = int(story["story"]["article_ids"][0])
    page = client.get(f"/articles/{article}").text
    forms = _QUOTE_FORM.findall(page)
    start, end, speaker = next(form for form in forms if "Konashenkov" in form[2])
    marked = client.post(
        f"/articles/{article}/speaker/wrong",
        data={"start": start, "end": end, "speaker": speaker, "correct": "Sergei Shoigu"},
        headers=SAME_SITE,
    )
    assert marked.status_code == 303, marked.text
    page = client.get(f"/articles/{article}").text
    assert "marked wrong by sam" in page and "said by Sergei Shoigu" in page
    assert len(_QUOTE_FORM.findall(page)) == len(forms) - 1  # no second mark offered
    story_page = client.get(f"/stories/{served_store.seeds_story}").text
    assert "Sergei Shoigu" in story_page  # who said what follows the mark
    exported = _exported(client, article)["corrections"]
    assert exported[0]["kind"] == "speaker"
    assert exported[0]["detail"] == {
        "start": int(start),
        "end": int(end),
        "speaker": speaker,
        "correct": "Sergei Shoigu",
    }
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export?format=csv").text)))
    cell = next(row["corrections"] for row in csv_rows if row["id"] == str(article))
    assert json.loads(cell)[0]["detail"]["correct"] == "Sergei Shoigu"

    mark_id = exported[0]["id"]
    undone = client.post(f"/corrections/{mark_id}/undo", headers=SAME_SITE)
    assert undone.headers["location"] == f"/articles/{article}#quotations"
    assert "Sergei Shoigu" not in client.get(f"/articles/{article}").text


def test_marks_that_cannot_be_made_say_why(client: TestClient) -> None:
    story, derivations = _story_with_edges(client)
    other = next(
        s["id"] for s in client.get("/api/v1/stories").json()["stories"] if s["id"] != story
    )
    stranger = int(client.get(f"/api/v1/stories/{other}").json()["story"]["article_ids"][0])
    edge = derivations[0]
    cases = [
        (
            f"/stories/{story}/edges/wrong",
            {"source": stranger, "target": edge["target"]},
            "not in story",
        ),
        (
            f"/stories/{story}/edges/wrong",
            {"source": "x", "target": edge["target"]},
            "must be a number",
        ),
        (f"/articles/{stranger}/speaker/wrong", {"start": 5, "end": 4}, "no quotation at 5-4"),
        ("/articles/999999/speaker/wrong", {"start": 0, "end": 4}, "no article 999999"),
    ]
    for path, form, reason in cases:
        answer = client.post(path, data=form, headers=SAME_SITE)
        assert answer.status_code == 400, (path, answer.text)
        assert reason in answer.text, (path, answer.text)
    client.cookies.clear()
    refused = client.post(
        f"/stories/{story}/edges/wrong",
        data={"source": edge["source"], "target": edge["target"]},
        headers=SAME_SITE,
    )
    assert refused.status_code == 401
    assert client.get("/api/v1/corrections").json()["corrections"] == []


def test_marks_through_the_api(client: TestClient, served_store: ServedStore) -> None:
    auth = {"authorization": "Bearer s3cret"}
    story, derivations = _story_with_edges(client)
    source, target = int(derivations[0]["source"]), int(derivations[0]["target"])
    lacking = client.post(
        "/api/v1/corrections", json={"kind": "edge", "story": story}, headers=auth
    )
    assert lacking.status_code == 400
    assert "needs source and target" in lacking.json()["error"]["message"]
    edge = client.post(
        "/api/v1/corrections",
        json={"kind": "edge", "story": story, "source": source, "target": target},
        headers=auth,
    ).json()
    assert edge["kind"] == "edge" and edge["detail"] == {"source": source, "target": target}
    assert (str(source), str(target)) not in _edges(client, story)

    article = int(
        client.get(f"/api/v1/stories/{served_store.seeds_story}").json()["story"]["article_ids"][0]
    )
    start, end, _ = _QUOTE_FORM.findall(client.get(f"/articles/{article}").text)[0]
    body = {"kind": "speaker", "article": article, "start": int(start), "end": int(end)}
    speaker = client.post("/api/v1/corrections", json=body, headers=auth).json()
    assert speaker["made_by"] == "sam" and speaker["detail"]["correct"] is None
    page = client.get(f"/articles/{article}").text
    assert "marked wrong by sam" in page
    quotations = client.get(f"/api/v1/stories/{served_store.seeds_story}/quotations").json()
    marked = next(
        q for q in quotations["quotes"] if (q["start"], q["end"]) == (int(start), int(end))
    )
    assert marked["speaker"] is None and "speaker marked wrong by sam" in marked["notes"]
    listed = client.get("/api/v1/corrections").json()["corrections"]
    assert [c["kind"] for c in listed] == ["speaker", "edge"]
    undone = client.post(f"/api/v1/corrections/{edge['id']}/undo", headers=auth).json()
    assert undone["undone_by"] == "sam"
    assert (str(source), str(target)) in _edges(client, story)


def test_mark_an_edge_wrong_and_undo_it_in_the_browser(
    served_store: ServedStore, tmp_path: Path
) -> None:
    from conftest import opened_url
    from serve_support import running_server

    copy = served_store.copy_to(tmp_path / "browsed.db")
    story = served_store.hostile_story
    with (
        running_server(create_app(ServeSettings(copy))) as url,
        opened_url(f"{url}/stories/{story}") as opened,
    ):
        page = opened.page
        edges = page.locator("ol.derivations > li")
        before = edges.count()
        assert before >= 1
        edges.first.get_by_role("button", name=re.compile("^mark wrong")).click()
        page.wait_for_url(f"**/stories/{story}#graph")
        assert edges.count() == before - 1
        marked = page.locator("ol.corrections li", has_text="edge marked wrong")
        assert "by local user" in marked.inner_text()
        marked.get_by_role("button", name="Undo").click()
        page.wait_for_url(f"**/stories/{story}")
        assert edges.count() == before
        assert opened.errors == []
