"""`show` and `quotes` on a real store claim no order that the times do not give (issue 14,
point 2): no first carrier, direction or first variant for undated articles or crawl dates;
two reports of one day in the order of their full timestamps. Real store, real commands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from provenance.story_cases import ORIGINAL
from storytrace.cli.quotes import quotes_command
from storytrace.cli.show import show_command
from storytrace.ingest.dedupe import content_hash
from storytrace.model import Article
from storytrace.store import Store
from storytrace.store.stories import save_membership
from storytrace.store.writes import Origin, insert_article, start_run

QUOTE = (
    '"We will rebuild every bridge before the winter comes," the governor Mirela Dostova '
    "said on Wednesday."
)
ORIGINAL_QUOTED = f"{ORIGINAL}\n\n{QUOTE}"
COPY = f"{ORIGINAL_QUOTED}\n\nThe Harbour Post will follow the story through the weekend."
# (text, outlet, published, published_kind) per article; stories of two articles each:
# 1 undated, 2 crawl dates only, 3 two full timestamps of one day (the second is earlier).
# Each story's pair ends with its own edition line, so no text repeats another story's.
ARTICLES = [
    (ORIGINAL_QUOTED + "\n\nFirst edition.", "Outlet One", None, None),
    (COPY + "\n\nFirst edition.", None, None, None),
    (ORIGINAL_QUOTED + "\n\nSecond edition.", "Outlet One", "2016-10-19T08:00:00Z", "crawled"),
    (COPY + "\n\nSecond edition.", "Outlet Two", "2016-10-19T09:00:00Z", "crawled"),
    (ORIGINAL_QUOTED + "\n\nThird edition.", "Outlet One", "2016-10-19T11:00:00+02:00", None),
    (COPY + "\n\nThird edition.", "Outlet Two", "2016-10-19T10:00:00Z", "published"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("order") / "store.db"
    with Store(path) as store:
        ingest = start_run(store, "ingest")
        ids = []
        for number, (text, outlet, published, kind) in enumerate(ARTICLES):
            article = Article(
                "", f"page{number}.html", text, outlet=outlet, published=published,
                published_kind=kind, language="en",
            )  # fmt: skip
            origin = Origin(f"page{number}.html", None, "html", "utf-8")
            with store.transaction() as connection:
                ids.append(
                    insert_article(connection, article, content_hash(text), b"", origin, ingest)
                )
        stories = start_run(store, "stories")
        with store.transaction() as connection:
            for story in (1, 2, 3):
                members = [(ids[2 * story - 2], story, 0.0), (ids[2 * story - 1], story, 0.9)]
                save_membership(connection, stories, members, story - 1)
    return path


def _show(db: Path, story: int) -> tuple[str, dict[str, Any]]:
    runner = CliRunner()
    text = runner.invoke(show_command, ["story", str(story), "--db", str(db)])
    assert text.exit_code == 0, text.output
    document = runner.invoke(show_command, ["story", str(story), "--db", str(db), "--json", "-"])
    assert document.exit_code == 0, document.output
    return text.output, json.loads(document.output)


def _section(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1 : end]


def _variants(db: Path, story: int) -> tuple[str, list[list[dict[str, Any]]]]:
    """The text view and the variants of each quotation both articles carry."""
    runner = CliRunner()
    text = runner.invoke(quotes_command, ["story", str(story), "--db", str(db)])
    assert text.exit_code == 0, text.output
    document = runner.invoke(quotes_command, ["story", str(story), "--db", str(db), "--json", "-"])
    assert document.exit_code == 0, document.output
    found = json.loads(document.output)
    outlet = {a["id"]: a["outlet"] for a in found["articles"]}
    article = {q["id"]: q["article"] for q in found["quotes"]}
    shared = [
        [{**v, "outlet": outlet[article[v["quote"]]]} for v in g["variants"]]
        for g in found["quote_groups"]
        if len(g["variants"]) > 1
    ]
    assert shared, "both articles carry the governor's words"
    return text.output, shared


@pytest.mark.parametrize("story", [1, 2], ids=["undated", "crawl dates only"])
def test_show_claims_no_order_it_does_not_know(db: Path, story: int, tmp_path: Path) -> None:
    text, document = _show(db, story)
    edges = _section(text, "Derivation graph")
    assert edges and not any("<-" in line or line.startswith("*") for line in edges)
    assert "(order unknown)" in edges[0]
    assert "which came first is unknown" in edges[1]
    origins = _section(text, "Passage origins")
    assert origins[0].startswith("  first carrier unknown")
    assert all("order unknown" in line for line in _section(text, "Timeline"))
    assert all(not e["directed"] and not e["direct"] for e in document["derivations"])
    assert all(not o["first_known"] and o["first_published"] is None for o in document["origins"])
    assert all(not a["order_known"] and a["time"] is None for a in document["articles"])
    assert {o["role"] for o in document["outlets"]} == {"independent"}
    page = tmp_path / "story.html"
    html = CliRunner().invoke(
        show_command, ["story", str(story), "--db", str(db), "--html", str(page)]
    )
    assert html.exit_code == 0, html.output
    markup = page.read_text(encoding="utf-8")
    assert "(order unknown): " in markup and "(first carrier unknown)" in markup
    assert "marker-end" not in re.sub(r"<defs>.*?</defs>", "", markup, flags=re.S)


def test_an_article_of_no_known_outlet_is_its_own_unknown(db: Path) -> None:
    text, document = _show(db, 1)
    outlets = [a["outlet"] for a in document["articles"]]
    assert outlets[1].startswith("unknown outlet (article ") and "Outlet One" in outlets
    # the text names it once: "unknown outlet [article 2]", not "(article 2) [article 2]"
    assert "unknown outlet [article " in text and ") [article " not in text


def test_two_reports_of_one_day_follow_their_full_timestamps(db: Path) -> None:
    text, document = _show(db, 3)
    # 11:00 at UTC+2 is 09:00 UTC: an hour before the copy's 10:00 UTC
    assert [(a["outlet"], a["time"], a["order_known"]) for a in document["articles"]] == [
        ("Outlet One", "2016-10-19T09:00:00+00:00", True),
        ("Outlet Two", "2016-10-19T10:00:00+00:00", True),
    ]
    (edge,) = document["derivations"]
    assert (edge["directed"], edge["direction_basis"], edge["lag_seconds"]) == (
        True,
        "publication time",
        3600.0,
    )
    assert document["origins"][0]["first_known"] is True
    assert _section(text, "Passage origins")[0].startswith("  Outlet One [article ")


@pytest.mark.parametrize("story", [1, 2], ids=["undated", "crawl dates only"])
def test_no_variant_is_first_where_the_order_is_unknown(db: Path, story: int) -> None:
    text, groups = _variants(db, story)
    for variants in groups:
        assert len({v["wording"] for v in variants}) == 1  # one wording, carried twice
        assert [v["first"] for v in variants] == [False, False]
    assert ", first" not in text and "same words as" in text


def test_the_earlier_of_one_day_carries_the_first_variant(db: Path) -> None:
    text, groups = _variants(db, 3)
    # Outlet One's 11:00 at UTC+2 is 09:00 UTC, before Outlet Two's 10:00 UTC
    firsts = [{v["outlet"] for v in variants if v["first"]} for variants in groups]
    assert firsts == [{"Outlet One"}] * len(groups)
    assert text.count(", first") == len(groups)
