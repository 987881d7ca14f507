"""news-please ``.json`` files and too-short records, ingested with the CLI into a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import storytrace_cli
from storytrace.errors import InputError
from storytrace.ingest.readers import read_file
from storytrace.ingest.too_short import MIN_ARTICLE_WORDS, word_count

storytrace = storytrace_cli

MAINTEXT = (
    "Dock workers at the port of Lisbon ended a two-week strike on Tuesday after the "
    "operators agreed to a new pay scale.\n\nShips that had waited off the coast since "
    "the start of the month began to berth in the afternoon, the port authority said."
)

NEWS_PLEASE = {
    "authors": ["Ana Costa"],
    "date_download": "2024-03-05 09:12:44",
    "date_modify": None,
    "date_publish": "2024-03-05 08:30:00",
    "description": "The strike is over.",
    "filename": "lisbon-strike.json",
    "image_url": "https://example.org/strike.jpg",
    "language": "en",
    "localpath": None,
    "maintext": MAINTEXT,
    "source_domain": "porto-news.example",
    "title": "Lisbon dock strike ends",
    "title_page": None,
    "title_rss": None,
    "url": "https://porto-news.example/2024/03/05/strike",
}


def test_news_please_json_is_read_as_an_article_and_exported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lisbon-strike.json").write_text(json.dumps(NEWS_PLEASE, indent=2), "utf-8")
    db = tmp_path / "s.db"
    ingested = storytrace("ingest", folder, "--db", db)
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    assert "stored            1" in ingested.stdout

    exported = storytrace("export", "--format", "jsonl", "--db", db)
    assert exported.returncode == 0, exported.stderr
    (record,) = [json.loads(line) for line in exported.stdout.splitlines()]
    assert record["text"].startswith("Dock workers at the port of Lisbon")
    assert "maintext" not in record["text"] and "{" not in record["text"]
    assert record["title"] == "Lisbon dock strike ends"
    assert record["url"] == NEWS_PLEASE["url"]
    assert record["outlet"] == "porto-news.example"
    assert record["published"].startswith("2024-03-05")
    assert record["language"] == "en"

    found = storytrace("search", "berth", "--db", db)
    assert found.returncode == 0, found.stderr
    assert "Lisbon dock strike ends" in found.stdout


def test_a_list_of_news_please_objects_gives_one_article_each(tmp_path: Path) -> None:
    second = dict(NEWS_PLEASE, title="Ships berth again", url="https://porto-news.example/2")
    path = tmp_path / "two.json"
    path.write_text(json.dumps([NEWS_PLEASE, second, {"title": "no text"}]), "utf-8")
    first, other, refused = read_file(path)
    assert not isinstance(first, InputError) and not isinstance(other, InputError)
    assert (first.source, other.source) == (f"{path}:1", f"{path}:2")
    assert (first.format, first.outlet, first.published) == (
        "newsplease",
        "porto-news.example",
        "2024-03-05 08:30:00",
    )
    assert isinstance(refused, InputError)
    assert (refused.source, refused.reason) == (f"{path}:3", "not_article")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"name": "storytrace", "version": "1.0"}', "not_article"),
        ('{"maintext": 42, "title": "x"}', "not_article"),
        ('["a", "b"]', "bad_json"),
        ('{"maintext": "cut off', "bad_json"),
        ("3.5", "bad_json"),
    ],
)
def test_json_that_is_not_news_please_is_refused_with_a_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "package.json"
    path.write_text(content, "utf-8")
    (item,) = read_file(path)
    assert isinstance(item, InputError)
    assert (item.source, item.reason) == (str(path), reason)


def test_not_news_please_and_one_character_records_are_quarantined(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "config.json").write_text('{"name": "demo", "debug": true}\n', "utf-8")
    records = [{"text": MAINTEXT, "outlet": "Wire"}, {"text": "x"}, {"text": "Breaking news."}]
    lines = "".join(json.dumps(record) + "\n" for record in records)
    (folder / "feed.jsonl").write_text(lines, "utf-8")
    db = tmp_path / "s.db"
    ingested = storytrace("ingest", folder, "--db", db)
    assert ingested.returncode == 1, ingested.stdout + ingested.stderr
    assert "stored            1" in ingested.stdout

    listing = storytrace("quarantine", "--db", db, "--json")
    assert listing.returncode == 0, listing.stderr
    records = json.loads(listing.stdout)["records"]
    refused = {entry["source"]: entry["reason"] for entry in records}
    assert refused == {
        str(folder / "config.json"): "not_article",
        f"{folder / 'feed.jsonl'}:2": "too_short",
        f"{folder / 'feed.jsonl'}:3": "too_short",
    }
    exported = storytrace("export", "--format", "jsonl", "--db", db)
    assert [json.loads(line)["outlet"] for line in exported.stdout.splitlines()] == ["Wire"]


def test_compare_refuses_too_short_records_like_ingest(tmp_path: Path) -> None:
    from storytrace.compare import load_articles

    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps({"text": MAINTEXT}) + "\n" + json.dumps({"text": "x"}) + "\n")
    articles, errors = load_articles([path])
    assert [article.source for article in articles] == [f"{path}:1"]
    assert [(error.source, error.reason) for error in errors] == [(f"{path}:2", "too_short")]
    assert "1 word; the minimum is" in str(errors[0])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x", 1),
        ("Breaking news.", 2),
        ("The port reopened on 5 March.", 6),
        ("港口周二重新开放", 8),  # Chinese: no spaces, each character counts
        ("ท่าเรือเปิดแล้ว", 15),  # Thai: no spaces either
    ],
)
def test_word_count(text: str, words: int) -> None:
    assert word_count(text) == words


def test_the_minimum_keeps_a_one_sentence_report() -> None:
    assert word_count("The port reopened on 5 March.") >= MIN_ARTICLE_WORDS > word_count("x")
