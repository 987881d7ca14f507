"""``storytrace stories`` and ``show`` on a real store: grouping, stability, merges, views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, storytrace_cli

ECB = FIXTURES / "ecbplus"
REID = ECB / "tara_reid_rehab.jsonl"
LOHAN = ECB / "lindsay_lohan_rehab.jsonl"
PATCH = ECB / "microsoft_ie_patch_2013.jsonl"


def _ingest(db: Path, *paths: Path) -> None:
    result = storytrace_cli("ingest", *paths, "--db", db, "--quiet")
    assert result.returncode == 0, result.stderr


def _stories(db: Path) -> dict[str, object]:
    result = storytrace_cli("stories", "--db", db, "--json", "--limit", "0")
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _members(db: Path) -> dict[int, set[str]]:
    """Story id -> the outlets (ECB+ document ids) of its articles."""
    import sqlite3

    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.story_id, a.outlet FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id"
        ).fetchall()
    members: dict[int, set[str]] = {}
    for story_id, outlet in rows:
        members.setdefault(int(story_id), set()).add(str(outlet))
    return members


@pytest.fixture(scope="module")
def grown_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[int, set[str]], dict[int, set[str]]]:
    """A store grouped twice: Tara Reid first, then Lindsay Lohan and the IE patch."""
    db = tmp_path_factory.mktemp("stories") / "corpus.db"
    _ingest(db, REID)
    _stories(db)
    first = _members(db)
    _ingest(db, LOHAN, PATCH)
    second_run = _stories(db)
    assert second_run["run"]["articles"] == 6  # type: ignore[index]
    return db, first, _members(db)


def test_stories_never_mix_events(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]],
) -> None:
    _, _, members = grown_store
    events = {"1_10ecb": "reid", "1_13ecb": "reid", "1_2ecb": "reid"}
    events |= {f"1_1{i}ecbplus": "lohan" for i in range(3)}
    events |= {"27_10ecbplus": "patch", "27_11ecbplus": "patch", "27_1ecbplus": "patch"}
    for outlets in members.values():
        assert len({events[o.removeprefix("ECB+ ")] for o in outlets}) == 1, outlets
    groups = sorted(sorted(outlets) for outlets in members.values())
    # Tara Reid and the IE patch are whole; one Lohan report (a longer, later angle) may
    # stand apart at the current join threshold (see docs/quality.md).
    assert ["ECB+ 1_10ecb", "ECB+ 1_13ecb", "ECB+ 1_2ecb"] in groups
    assert ["ECB+ 27_10ecbplus", "ECB+ 27_11ecbplus", "ECB+ 27_1ecbplus"] in groups
    assert len(groups) <= 4


def test_stories_keep_their_ids_when_the_corpus_grows(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]],
) -> None:
    _, first, second = grown_store
    assert len(first) == 1
    ((story_id, outlets),) = first.items()
    assert second[story_id] == outlets


def test_rerun_groups_nothing_twice(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]],
) -> None:
    db, _, before = grown_store
    rerun = _stories(db)
    assert rerun["run"]["articles"] == 0  # type: ignore[index]
    assert _members(db) == before
    listed = rerun["stories"]
    assert isinstance(listed, list) and len(listed) == len(before)
    assert sum(story["articles"] for story in listed) == 9


def test_translations_join_one_story(tmp_path: Path) -> None:
    db = tmp_path / "translation.db"
    _ingest(db, FIXTURES / "translation" / "en.txt", FIXTURES / "translation" / "ru.txt")
    listed = _stories(db)["stories"]
    assert isinstance(listed, list) and len(listed) == 1
    assert listed[0]["languages"] == ["en", "ru"]


def test_show_prints_timeline_and_writes_html(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]], tmp_path: Path
) -> None:
    db, _, members = grown_store
    story_id = next(i for i, outlets in members.items() if "ECB+ 27_1ecbplus" in outlets)
    page = tmp_path / "story.html"
    result = storytrace_cli("show", story_id, "--db", db, "--html", page)
    assert result.returncode == 0, result.stderr
    assert "2013-09-18" in result.stdout
    assert "27_11ecbplus" in result.stdout
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.split("</head>")[0]


def test_show_gives_each_article_its_same_story_fit(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]],
) -> None:
    db, _, members = grown_store
    story_id = next(i for i, outlets in members.items() if "ECB+ 27_1ecbplus" in outlets)
    result = storytrace_cli("show", story_id, "--db", db, "--json", "-")
    assert result.returncode == 0, result.stderr
    fits = [article["fit"] for article in json.loads(result.stdout)["articles"]]
    assert len(fits) == 3
    # three reports of one security patch: each fits the story well
    assert all(isinstance(fit, float) and 0.5 < fit <= 1.0 for fit in fits), fits
    text = storytrace_cli("show", story_id, "--db", db).stdout
    assert text.count(" fit ") == 3


def test_show_refuses_an_unknown_story(
    grown_store: tuple[Path, dict[int, set[str]], dict[int, set[str]]],
) -> None:
    db, _, _ = grown_store
    result = storytrace_cli("show", 999, "--db", db)
    assert result.returncode == 2
    assert "no story 999" in result.stderr


def test_stories_needs_a_store(tmp_path: Path) -> None:
    result = storytrace_cli("stories", "--db", tmp_path / "none.db")
    assert result.returncode == 2
    assert "no store" in result.stderr
    assert not (tmp_path / "none.db").exists()
