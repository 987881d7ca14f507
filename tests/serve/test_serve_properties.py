"""Property-based tests of the HTTP API against its own OpenAPI description (schemathesis).

The description is the real application's, read when the tests are collected so that each
operation is a test of its own (schemathesis's ``from_fixture`` loader, which would read it
from the running server, does not work with pytest 9.2: it sets ``Function._nodeid``);
that the running server serves this same description is a test of its own. The requests go
to that server: uvicorn on a free loopback port, over a copy of the served store
(corrections change it), with a token that every request carries, so that the write
endpoints are exercised, not only refused. For every operation schemathesis generates
valid and invalid requests, a bounded number of each, and checks the answers: no server
error (a 503 "busy" answer with Retry-After aside), status codes, content types, headers
and bodies as the description declares them, and every 4xx and 5xx in the API's one
error shape, as JSON. Nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis import Case, CheckContext, Response

from serve_support import ServedStore, free_port, running_server
from storytrace.serve.app import create_app
from storytrace.serve.reading import ServeSettings

SECRET = "s3cret"
TOKEN = f"fuzzer:{SECRET}"
COMPARE = "/api/v1/compare"
# Bounded so that the file runs in well under a minute and a half on two cores; a
# comparison takes 0.3-3 s, so that endpoint gets a few requests only.
EXAMPLES_PER_OPERATION = 15
COMPARISONS = 4
CONFIG = {
    "headers": {"Authorization": f"Bearer {SECRET}"},
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "no-shrink": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "checks": {
        # 503 "busy", with Retry-After (checked below), is the one 5xx the API means to answer
        "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]},
        # a request the schema allows may still be refused for what it cannot say: a merge
        # without `into`, an undone correction undone again, `since` after `until`, a job
        # resumed while it runs (409)
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "503"]
        },
    },
    "operations": [
        {
            "include-path": COMPARE,
            "generation": {"max-examples": COMPARISONS},
            "phases": {"coverage": {"enabled": False}},
            # texts that are not articles: 422, naming each and why
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "422", "503"]}
            },
        }
    ],
}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
OFF_THE_NETWORK = "http://127.0.0.1:9/generated"  # refused by the fetcher: a loopback address


@pytest.fixture(scope="module")
def fuzzed_store(served_store: ServedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the served store, for the corrections the generated requests make."""
    return served_store.copy_to(tmp_path_factory.mktemp("fuzzed") / "fuzzed.db")


@pytest.fixture(scope="module")
def fuzzed_url(fuzzed_store: Path) -> Iterator[str]:
    """The copy served with a token on a free loopback port (skips where this machine
    cannot bind one: a sandbox without a loopback interface)."""
    try:
        free_port()
    except OSError as error:
        pytest.skip(f"cannot bind a loopback port to serve the API on: {error}")
    with running_server(create_app(ServeSettings(fuzzed_store, token=TOKEN))) as url:
        yield url


def described_api() -> dict[str, Any]:
    """The application's OpenAPI description, as it serves it at ``/openapi.json`` (built
    from its routes alone: the store is not opened for it)."""
    return create_app(ServeSettings(Path("described.db"), token=TOKEN)).openapi()


# Read when the tests are collected (see the module's docstring).
DESCRIPTION = described_api()
schema = schemathesis.openapi.from_dict(DESCRIPTION, config=schemathesis.Config.from_dict(CONFIG))


def errors_have_one_shape(ctx: CheckContext, response: Response, case: Case) -> None:
    """Every 4xx and 5xx of the API is JSON: ``{"error": {"code", "message", "detail"}}``."""
    if response.status_code < 400:
        return
    kind = response.headers.get("content-type", [""])[0]
    assert kind.startswith("application/json"), f"an error answered as {kind!r}"
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, f"not the error shape: {body}"
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message", "detail"}, body
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body


def a_busy_answer_says_when_to_retry(ctx: CheckContext, response: Response, case: Case) -> None:
    """The one 5xx the API may answer, 503 "busy", carries Retry-After."""
    if response.status_code == 503:
        assert "retry-after" in {name.lower() for name in response.headers}, response.headers


def keep_off_the_network(case: Case) -> None:
    """Point any generated URL of a body's ``urls`` (compare's, ingest's) at an address the
    fetcher refuses, so that nothing is fetched from the network (strings that are not URLs
    are left as they are: the API must refuse those itself)."""
    body: Any = case.body
    if not isinstance(body, dict):
        return
    urls = body.get("urls")
    if isinstance(urls, list):
        body["urls"] = [
            OFF_THE_NETWORK if isinstance(url, str) and _URL.match(url) else url for url in urls
        ]


def test_the_server_serves_the_description_tested(fuzzed_url: str) -> None:
    assert httpx.get(f"{fuzzed_url}/openapi.json", timeout=10).json() == DESCRIPTION


@schema.parametrize()
def test_every_operation_answers_as_its_description_says(case: Case, fuzzed_url: str) -> None:
    keep_off_the_network(case)
    case.call_and_validate(
        base_url=fuzzed_url,
        additional_checks=[errors_have_one_shape, a_busy_answer_says_when_to_retry],
    )
