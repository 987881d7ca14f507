"""The HTTP API and the pages answered in-process (Starlette's test client over the real
application and the real store): what each endpoint returns, one error shape for every
4xx and 5xx, the security headers, and stored text shown escaped."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import SEEDS, storytrace_cli
from serve_support import PAYLOADS, ServedStore
from storytrace.serve.app import create_app
from storytrace.serve.guard import CONTENT_SECURITY_POLICY, check_host
from storytrace.serve.reading import ServeSettings

BODY_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def client(served_store: ServedStore) -> Iterator[TestClient]:
    app = create_app(ServeSettings(served_store.db, max_body_bytes=BODY_LIMIT))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


def test_the_story_list_shows_each_story_with_what_a_person_scans(
    client: TestClient, served_store: ServedStore
) -> None:
    listed = client.get("/api/v1/stories").json()
    assert listed["total"] == len(listed["stories"]) >= 3
    seeds = next(s for s in listed["stories"] if s["id"] == served_store.seeds_story)
    assert seeds["articles"] >= 2
    assert {"en", "ru"} <= set(seeds["languages"])
    assert "Radio Habana Cuba" in seeds["outlet_names"]
    assert seeds["quotations"] > 0  # counted by `storytrace stories`
    sizes = [story["articles"] for story in listed["stories"]]
    assert sizes == sorted(sizes, reverse=True)


def test_the_story_list_filters_and_searches(client: TestClient, served_store: ServedStore) -> None:
    russian = client.get("/api/v1/stories", params={"language": "ru"}).json()["stories"]
    assert [story["id"] for story in russian] == [served_store.seeds_story]
    found = client.get("/api/v1/stories", params={"q": "Konashenkov"}).json()["stories"]
    assert served_store.seeds_story in [story["id"] for story in found]
    assert all(story["matches"] for story in found)
    assert "[Konashenkov]" in " ".join(m["snippet"] for s in found for m in s["matches"])
    dated = client.get("/api/v1/stories", params={"since": "2013-05-03"}).json()["stories"]
    assert dated and all(story["last_published"] >= "2013-05-03" for story in dated)
    none = client.get("/api/v1/stories", params={"min_articles": 99}).json()
    assert none["stories"] == [] and none["total"] == 0
    by_outlet = client.get("/api/v1/stories", params={"outlet": "habana"}).json()["stories"]
    assert [story["id"] for story in by_outlet] == [served_store.seeds_story]


def test_a_story_is_the_document_show_json_prints(
    client: TestClient, served_store: ServedStore
) -> None:
    story = client.get(f"/api/v1/stories/{served_store.seeds_story}").json()
    assert story["story"]["id"] == served_store.seeds_story
    assert len(story["articles"]) >= 2
    assert all(entry["fit"] is not None for entry in story["articles"])
    assert story["derivations"] and story["outlets"]


def test_an_article_carries_its_story_and_where_its_fields_came_from(
    client: TestClient, served_store: ServedStore
) -> None:
    article = client.get(f"/api/v1/articles/{served_store.hostile_article}").json()
    assert article["story_id"] == served_store.hostile_story
    assert article["title"].startswith("Payload report")
    assert article["basis"]["title"]
    assert PAYLOADS[0] in article["text"]  # JSON carries the text as it is, unexecuted


def test_search_answers_articles_with_their_stories(
    client: TestClient, served_store: ServedStore
) -> None:
    hits = client.get("/api/v1/search", params={"q": "Payload report"}).json()["articles"]
    assert {hit["story_id"] for hit in hits} == {served_store.hostile_story}


def test_every_error_has_one_shape(client: TestClient) -> None:
    _error(client.get("/api/v1/stories/999999"), 404, "not_found")
    _error(client.get("/api/v1/articles/999999"), 404, "not_found")
    _error(client.get("/api/v1/nothing"), 404, "not_found")
    bad_date = _error(client.get("/api/v1/stories?since=2020-13-40"), 400, "bad_request")
    assert "YYYY-MM-DD" in bad_date["message"]
    _error(client.get("/api/v1/stories?sort=oldest"), 400, "bad_request")
    _error(client.get("/api/v1/search?q=%22%22"), 400, "bad_request")
    page = _error(client.get("/api/v1/stories?page=0"), 422, "invalid_request")
    assert page["detail"][0]["where"] == "query.page"
    _error(client.get("/api/v1/stories/twelve"), 422, "invalid_request")
    _error(client.get("/api/v1/search"), 422, "invalid_request")
    _error(client.post("/api/v1/stories"), 405, "method_not_allowed")
    too_large = _error(
        client.post("/api/v1/stories", content=b"x" * (BODY_LIMIT + 1)), 413, "too_large"
    )
    assert str(BODY_LIMIT) in too_large["message"]


def test_pages_answer_errors_as_pages(client: TestClient) -> None:
    response = client.get("/stories/999999", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no story 999999" in response.text


def test_every_answer_carries_the_security_headers(
    client: TestClient, served_store: ServedStore
) -> None:
    for path in (
        "/stories",
        f"/stories/{served_store.seeds_story}",
        f"/articles/{served_store.hostile_article}",
        "/api/v1/stories",
        "/api/docs",
        "/openapi.json",
        "/static/app.css",
        "/api/v1/stories/999999",
    ):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff", path
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_pages_show_stored_text_escaped(client: TestClient, served_store: ServedStore) -> None:
    pages = [
        client.get(f"/articles/{served_store.hostile_article}").text,
        client.get(f"/stories/{served_store.hostile_story}").text,
        client.get("/stories", params={"q": "Payload"}).text,
    ]
    for html in pages:
        assert "Payload" in html and "__pwned" in html  # shown, as text
        for payload in PAYLOADS:
            assert payload not in html
        assert "<script" not in html.lower()
        assert 'href="javascript:' not in html.lower()
        assert "<img" not in html.lower() and "<svg onload" not in html.lower()


def test_the_api_is_described_without_outside_assets(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/search"} <= set(
        schema["paths"]
    )
    docs = client.get("/api/docs").text
    assert "GET /api/v1/search" in docs
    assert "cdn" not in docs.lower() and "<script" not in docs.lower()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_token(host: str) -> None:
    check_host(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_other_addresses_need_a_token(host: str) -> None:
    with pytest.raises(ValueError, match="without a token"):
        check_host(host, None)
    check_host(host, "secret")


def _seed_records() -> list[dict[str, str]]:
    return [{"text": path.read_text(encoding="utf-8"), "title": path.stem} for path in SEEDS]


def test_compare_json_texts_answers_the_compare_json_document(client: TestClient) -> None:
    document = client.post("/api/v1/compare", json={"texts": _seed_records()}).json()
    assert [article["source"] for article in document["articles"]] == ["text 1", "text 2"]
    assert document["pairs"] and document["pairs"][0]["sentence_matches"]
    assert document["quotes"]


def test_compare_uploaded_files(client: TestClient) -> None:
    files = [("files", (path.name, path.read_bytes(), "text/plain")) for path in SEEDS]
    document = client.post("/api/v1/compare", files=files).json()
    assert [article["source"] for article in document["articles"]] == [p.name for p in SEEDS]
    assert document["pairs"][0]["sentence_matches"]


def test_compare_errors_say_what_was_wrong(client: TestClient) -> None:
    one = _error(
        client.post("/api/v1/compare", json={"texts": _seed_records()[:1]}),
        422,
        "invalid_request",
    )
    assert "at least two usable articles" in one["message"]
    short = {"text": "Too short."}
    refused = _error(
        client.post("/api/v1/compare", json={"texts": [*_seed_records()[:1], short]}),
        422,
        "invalid_request",
    )
    assert refused["detail"][0]["reason"] in ("too_short", "not_article", "empty_after_cleaning")
    assert refused["detail"][0]["input"] == "text 2"
    _error(client.post("/api/v1/compare", json={"texts": "two"}), 422, "invalid_request")
    _error(client.post("/api/v1/compare", content=b"{", headers=_JSON), 422, "invalid_request")
    _error(client.post("/api/v1/compare", json={}), 400, "bad_request")
    _error(
        client.post("/api/v1/compare", content=b"a", headers={"content-type": "text/plain"}),
        415,
        "unsupported_media_type",
    )


_JSON = {"content-type": "application/json"}


def test_a_busy_server_answers_503_at_once(client: TestClient) -> None:
    workers = client.app.state.compare_workers  # type: ignore[attr-defined]
    for _ in range(workers.slots):  # every slot taken, as running comparisons would
        assert workers._free.acquire(blocking=False)
    try:
        response = client.post("/api/v1/compare", json={"texts": _seed_records()})
        _error(response, 503, "unavailable")
        assert response.headers["retry-after"] == "1"
    finally:
        for _ in range(workers.slots):
            workers._free.release()
    assert client.post("/api/v1/compare", json={"texts": _seed_records()}).status_code == 200


def test_the_compare_page_shows_stored_articles_side_by_side(
    client: TestClient, served_store: ServedStore
) -> None:
    story = client.get(f"/api/v1/stories/{served_store.seeds_story}").json()
    ids = story["story"]["article_ids"][:2]
    page = client.get("/compare", params=[("article", number) for number in ids])
    assert page.status_code == 200
    assert 'id="texts"' in page.text and page.text.count('class="column"') == 2
    assert '<script src="/assets/report.js" defer></script>' in page.text
    assert client.get("/assets/report.js").headers["content-type"].startswith("text/javascript")
    one = client.get("/compare", params={"article": ids[0]}, headers={"accept": "text/html"})
    assert one.status_code == 400 and "choose 2 to 4 articles" in one.text


def test_a_new_comparison_from_pasted_texts(client: TestClient) -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    form = {"title": ["First", ""], "text": texts, "urls": ""}
    page = client.post("/compare/new", data=form)
    assert page.status_code == 200, page.text
    assert page.text.count('class="column"') == 2
    assert "First" in page.text
    foreign = client.post(
        "/compare/new", data=form, headers={"origin": "https://elsewhere.example"}
    )
    assert foreign.status_code == 403
    assert "another site" in foreign.text
    form_page = client.get("/compare/new").text
    assert 'enctype="multipart/form-data"' in form_page and form_page.count("<textarea") == 5


def test_an_article_page_shows_its_quotations_and_near_duplicates(
    client: TestClient, served_store: ServedStore
) -> None:
    page = client.get(f"/articles/{served_store.hostile_article}").text
    quotations = page.split('id="quotations"')[1].split("</section>")[0]
    assert "Konashenkov" in quotations and "<q>" in quotations
    near = page.split('id="near-duplicates"')[1].split("</section>")[0]
    exported = storytrace_cli("export", "--format", "jsonl", "--db", served_store.db).stdout
    records = {record["id"]: record for record in map(json.loads, exported.splitlines())}
    of = records[served_store.hostile_article]["near_duplicate_of"]
    assert of is not None
    assert f'href="/articles/{of}"' in near and "similarity" in near


def test_exports_are_what_storytrace_export_writes(
    client: TestClient, served_store: ServedStore, tmp_path: Any
) -> None:
    import pyarrow.parquet as parquet

    cli = storytrace_cli("export", "--format", "jsonl", "--db", served_store.db).stdout
    jsonl = client.get("/api/v1/export", params={"format": "jsonl"})
    assert jsonl.status_code == 200 and jsonl.text == cli
    assert "attachment" in jsonl.headers["content-disposition"]
    text = client.get("/api/v1/export", params={"format": "csv", "language": "ru"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["language"] for row in rows] == ["ru"]
    table = tmp_path / "articles.parquet"
    table.write_bytes(client.get("/api/v1/export", params={"format": "parquet"}).content)
    assert parquet.read_table(table).num_rows == len(cli.splitlines())
    _error(client.get("/api/v1/export", params={"format": "xml"}), 422, "invalid_request")
    _error(client.get("/api/v1/export", params={"since": "yesterday"}), 400, "bad_request")


def test_a_story_report_downloads_as_show_html_writes_it(
    client: TestClient, served_store: ServedStore
) -> None:
    report = client.get(f"/api/v1/stories/{served_store.seeds_story}/report.html")
    assert report.status_code == 200
    assert report.headers["content-disposition"].startswith("attachment")
    assert report.text.startswith("<!DOCTYPE html>") and "Konashenkov" in report.text


def test_a_story_page_shows_who_said_what(client: TestClient, served_store: ServedStore) -> None:
    page = client.get(f"/stories/{served_store.seeds_story}").text
    section = page.split('id="who-said-what"')[1].split("</section>")[0]
    assert "Konashenkov" in section
    assert "No quotations found" not in section


def test_each_edge_of_the_drawn_graph_leads_to_its_evidence(
    client: TestClient, served_store: ServedStore
) -> None:
    page = client.get(f"/stories/{served_store.seeds_story}").text
    edges = re.findall(r'href="#(edge-\d+)"', page.split('id="graph"')[1])
    assert edges
    for edge in set(edges):
        evidence = page.split(f'id="{edge}"')[1].split("</li>")[0]
        assert "confidence" in evidence


# Defects the property-based tests (test_serve_properties.py) found, one plain case each.


def test_an_id_beyond_what_a_store_holds_is_refused_not_a_server_error(
    client: TestClient,
) -> None:
    huge = 2**70  # SQLite's integers end at 2**63 - 1: looking this one up raised
    _error(client.get(f"/api/v1/stories/{huge}"), 422, "invalid_request")
    _error(client.get(f"/api/v1/articles/{huge}"), 422, "invalid_request")
    _error(client.get(f"/api/v1/stories/{huge}/report.html"), 422, "invalid_request")
    _error(client.post(f"/api/v1/corrections/{huge}/undo"), 422, "invalid_request")
    merge = {"kind": "merge", "story": huge, "into": 1}
    _error(client.post("/api/v1/corrections", json=merge), 422, "invalid_request")
    page = client.get(f"/articles/{huge}", headers={"accept": "text/html"})
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_the_largest_id_the_description_allows_is_one_the_server_takes(
    client: TestClient,
) -> None:
    bound = client.get("/openapi.json").json()["paths"]["/api/v1/stories/{story_id}"]["get"]
    maximum = bound["parameters"][0]["schema"]["maximum"]
    assert maximum == int(maximum)  # exact: a float bound past 2**53 rounded up beyond it
    _error(client.get(f"/api/v1/stories/{int(maximum)}"), 404, "not_found")
    _error(client.get(f"/api/v1/stories/{int(maximum) + 1}"), 422, "invalid_request")


def test_a_nul_in_search_words_is_refused_not_a_server_error(client: TestClient) -> None:
    _error(client.get("/api/v1/search", params={"q": "Syria\x00"}), 422, "invalid_request")
    _error(client.get("/api/v1/stories", params={"q": "\x00x"}), 422, "invalid_request")


def test_compare_reads_no_file_of_the_server_named_as_a_url(client: TestClient) -> None:
    for path in ("/etc/hostname", str(SEEDS[0]), "."):
        given = {"texts": _seed_records()[:1], "urls": [path]}
        refused = _error(client.post("/api/v1/compare", json=given), 400, "bad_request")
        assert "not a URL" in refused["message"]
    form = client.post("/api/v1/compare", files=[("urls", (None, str(SEEDS[1])))])
    assert "not a URL" in _error(form, 400, "bad_request")["message"]


def test_a_405_names_every_method_the_address_takes(client: TestClient) -> None:
    refused = client.delete("/api/v1/corrections")
    _error(refused, 405, "method_not_allowed")
    assert refused.headers["allow"] == "GET, POST"


def test_the_description_declares_each_error_in_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    error_body = {"$ref": "#/components/schemas/ErrorBody"}
    paths = [
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/report.html",
        "/api/v1/articles/{article_id}",
        "/api/v1/search",
        "/api/v1/compare",
        "/api/v1/corrections",
        "/api/v1/corrections/{correction_id}/undo",
        "/api/v1/export",
    ]
    operations = [
        (path, method, operation)
        for path in paths
        for method, operation in schema["paths"][path].items()
    ]
    for path, method, operation in operations:
        errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
        assert {"413", "422"} <= set(errors), (method, path)
        for code, response in errors.items():
            assert response["content"] == {"application/json": {"schema": error_body}}, (
                method,
                path,
                code,
            )
    report = schema["paths"]["/api/v1/stories/{story_id}/report.html"]["get"]["responses"]
    assert set(report["200"]["content"]) == {"text/html"}
    busy = schema["paths"]["/api/v1/compare"]["post"]["responses"]["503"]
    assert "Retry-After" in busy["headers"]
    listed = schema["paths"]["/api/v1/stories"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"] == {"$ref": "#/components/schemas/StoryList"}
