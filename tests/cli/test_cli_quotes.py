"""``storytrace quotes`` on a real store: ingest, group into stories, then who said what."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from storytrace.cli import main
from storytrace.quotes.extract import EXTRACTOR_VERSION

# One event told by four outlets: three in English quoting the union leader in slightly
# different words (Iberia Wire repeats Lisbon Daily's wording), one Russian translation.
STRIKE = [
    {
        "outlet": "Lisbon Daily",
        "published": "2024-03-03T09:00:00+00:00",
        "title": "Lisbon Harbour Workers End Strike After Pay Deal",
        "text": "Lisbon, March 3 -- Dock workers at the port of Lisbon ended a two-week strike "
        "on Tuesday after the port authority agreed to raise wages by seven percent.\n\n"
        '"We will not leave this port until every worker is paid what the contract '
        "promised,\" Maria Lopez, the leader of the dockers' union, told reporters outside "
        "the port gates.\n\nThe port authority said ships would be unloaded again from "
        "Wednesday morning.",
    },
    {
        "outlet": "Harbour News",
        "published": "2024-03-03T14:30:00+00:00",
        "title": "Dockers in Lisbon Call Off Strike",
        "text": "Lisbon, March 3 -- The strike that had closed the port of Lisbon for two "
        "weeks ended on Tuesday, when the port authority offered dock workers a seven "
        'percent raise.\n\nUnion leader Maria Lopez said: "We will not leave the port until '
        'each worker is paid what the contract promised us."\n\nShips are expected to be '
        "unloaded again from Wednesday, the authority said.",
    },
    {
        "outlet": "Vesti Port",
        "published": "2024-03-03T18:00:00+00:00",
        "language": "ru",
        "title": "Докеры Лиссабона прекратили забастовку",
        "text": "Лиссабон, 3 марта. Докеры порта Лиссабона прекратили двухнедельную "
        "забастовку во вторник после того, как администрация порта согласилась повысить "
        "зарплату на семь процентов.\n\n«Мы не уйдём из этого порта, пока каждый рабочий не "
        "получит то, что обещал договор», — заявила журналистам лидер профсоюза докеров "
        "Мария Лопес.\n\nСуда начнут разгружать в среду утром.",
    },
    {
        "outlet": "Iberia Wire",
        "published": "2024-03-04T08:00:00+00:00",
        "title": "Port of Lisbon Reopens as Strike Ends",
        "text": "Lisbon dock workers have returned to work after a two-week strike over pay, "
        "following a seven percent wage offer by the port authority.\n\n"
        '"We will not leave this port until every worker is paid what the contract '
        "promised,\" said Maria Lopez, who leads the dockers' union.\n\nMs. Lopez added "
        'that the union would watch closely. "Trust has to be earned again," she said.',
    },
]


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A store holding the strike story, grouped; returns its path and the story id."""
    folder = tmp_path_factory.mktemp("quotes")
    source = folder / "strike.jsonl"
    lines = [json.dumps({"language": "en", **row}, ensure_ascii=False) for row in STRIKE]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "corpus.db"
    ingested = invoke("ingest", source, "--db", db, "--quiet")
    assert ingested.exit_code == 0, ingested.output
    grouped = invoke("stories", "--db", db, "--json")
    assert grouped.exit_code == 0, grouped.output
    stories = json.loads(grouped.stdout)["stories"]
    assert [story["articles"] for story in stories] == [4]
    return db, int(stories[0]["id"])


def _lopez_block(text: str) -> list[str]:
    """The lines of the Maria Lopez utterance, from its heading to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Maria Lopez"))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_story_view_groups_one_utterance_across_outlets(store: tuple[Path, int]) -> None:
    db, story = store
    result = invoke("quotes", story, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"story {story}: Lisbon Harbour Workers End Strike")
    block = _lopez_block(result.stdout)
    assert "dockers' union" in block[0]  # the role, from the article that gives one
    variants = [line for line in block if line.startswith("  * ")]
    outlets = [line[4:].split(",")[0] for line in variants]
    # the Russian translation joins too: its speaker, Мария Лопес, is the same person
    assert {"Lisbon Daily", "Harbour News", "Iberia Wire", "Vesti Port"} <= set(outlets)
    # Publication order; the earliest carries its wording first.
    assert variants[0].startswith("  * Lisbon Daily, 2024-03-03, direct, cue “told")
    assert variants[0].endswith(", first")
    # Iberia Wire repeats Lisbon Daily's words: not first, and says whose words they are.
    iberia = next(line for line in variants if line.startswith("  * Iberia Wire"))
    assert iberia.endswith("same words as Lisbon Daily")
    changes = next(line for line in block if "~every → each" in line)
    assert "+us" in changes and "~this → the" in changes
    assert "Quoted in one article only:" in result.stdout
    assert "Trust has to be earned again" in result.stdout.split("Quoted in one article")[1]


def test_story_json_carries_the_new_fields(store: tuple[Path, int]) -> None:
    db, story = store
    result = invoke("quotes", story, "--db", db, "--json", "-")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["story"]["id"] == story and document["speaker_filter"] is None
    outlets = {article["id"]: article["outlet"] for article in document["articles"]}
    quotes = {quote["id"]: quote for quote in document["quotes"]}
    for quote in quotes.values():
        assert quote["kind"] in {"direct", "indirect", "mixed"}
        assert {"cue", "cue_start", "cue_end", "notes"} <= set(quote)
        assert all(quote["start"] <= s < e <= quote["end"] for s, e in quote["parts"])
    lopez = next(g for g in document["quote_groups"] if g["speaker_key"] == "lopez")
    assert {"speaker_name", "speaker_role"} <= set(lopez)
    carried = [outlets[quotes[v["quote"]]["article"]] for v in lopez["variants"]]
    assert carried[0] == "Lisbon Daily" and "Harbour News" in carried
    assert lopez["variants"][0]["first"] is True and lopez["variants"][0]["similarity"] == 1.0
    wording = {outlet: v for outlet, v in zip(carried, lopez["variants"], strict=True)}
    assert wording["Iberia Wire"]["wording"] == wording["Lisbon Daily"]["wording"]
    assert wording["Iberia Wire"]["first"] is False
    assert wording["Harbour News"]["wording"] != wording["Lisbon Daily"]["wording"]
    # its own words, but Lisbon Daily carried the utterance hours earlier: not first
    assert wording["Harbour News"]["first"] is False
    speaker = quotes[lopez["variants"][0]["quote"]]["speaker"]
    assert speaker["key"] == "lopez" and "mention" in speaker


def test_json_to_a_file_keeps_the_text_view(store: tuple[Path, int], tmp_path: Path) -> None:
    db, story = store
    target = tmp_path / "quotes.json"
    result = invoke("quotes", story, "--db", db, "--json", target)
    assert result.exit_code == 0, result.output
    assert "Maria Lopez" in result.stdout and f"wrote {target}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["quote_groups"]


def test_speaker_filter_folds_case_and_accents(store: tuple[Path, int]) -> None:
    db, story = store
    result = invoke("quotes", story, "--db", db, "--speaker", "LÓPEZ", "--json", "-")
    document = json.loads(result.stdout)
    assert document["quote_groups"] and document["speaker_filter"] == "LÓPEZ"
    assert {group["speaker_key"] for group in document["quote_groups"]} == {"lopez"}
    nobody = invoke("quotes", story, "--db", db, "--speaker", "Konashenkov")
    assert nobody.exit_code == 0 and "No quotations found." in nobody.stdout


def test_story_list_counts_quotes_shared_utterances_and_speakers(store: tuple[Path, int]) -> None:
    db, story = store
    result = invoke("quotes", "--db", db)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert line.split()[0] == str(story) and "Maria Lopez (" in line
    listed = json.loads(invoke("quotes", "--db", db, "--json", "-").stdout)["stories"]
    (row,) = listed
    assert row["id"] == story and row["articles"] == 4
    assert row["quotes"] >= 5 and row["shared"] >= 1
    assert row["speakers"][0]["name"] == "Maria Lopez" and row["speakers"][0]["quotes"] >= 4


def test_unknown_story_and_missing_store_fail_clearly(
    store: tuple[Path, int], tmp_path: Path
) -> None:
    db, _ = store
    unknown = invoke("quotes", 999, "--db", db)
    assert unknown.exit_code == 2
    assert "no story 999" in unknown.stderr and "storytrace stories" in unknown.stderr
    missing = tmp_path / "none.db"
    absent = invoke("quotes", "--db", missing)
    assert absent.exit_code == 2 and absent.stderr.startswith("storytrace: error:")
    assert not missing.exists()
    blank = invoke("quotes", "--db", db, "--speaker", "!!")
    assert blank.exit_code == 2 and "--speaker" in blank.stderr


def test_quotations_are_kept_in_the_store_and_read_back(
    store: tuple[Path, int], tmp_path: Path
) -> None:
    db, story = store
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    first = invoke("quotes", story, "--db", copy)
    assert first.exit_code == 0, first.output
    with sqlite3.connect(copy) as conn:
        rows = conn.execute("SELECT article_id, version, quotes FROM article_quotes").fetchall()
        assert len(rows) == len(STRIKE) and {row[1] for row in rows} == {EXTRACTOR_VERSION}
        # A stored record is what a later run shows: rename the speaker in the store...
        conn.execute("UPDATE article_quotes SET quotes = replace(quotes, 'Maria Lopez', 'M. L.')")
    again = invoke("quotes", story, "--db", copy)
    assert "M. L." in again.stdout and "Maria Lopez" not in again.stdout
    # ...and records of another extractor version are extracted again.
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE article_quotes SET version = 'quotes-0'")
    fresh = invoke("quotes", story, "--db", copy)
    assert "Maria Lopez" in fresh.stdout and "M. L." not in fresh.stdout


def test_the_story_list_keeps_each_storys_tally_until_its_articles_change(
    store: tuple[Path, int], tmp_path: Path
) -> None:
    db, story = store
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    first = invoke("quotes", "--db", copy, "--json", "-")
    (row,) = json.loads(first.stdout)["stories"]
    with sqlite3.connect(copy) as conn:
        (key, tally) = conn.execute(
            "SELECT key, tally FROM story_quote_tallies WHERE story_id = ?", (story,)
        ).fetchone()
        assert json.loads(tally)["quotes"] == row["quotes"]
        # A later run shows the stored tally: change it in the store...
        conn.execute(
            "UPDATE story_quote_tallies SET tally = replace(tally, 'Maria Lopez', 'M. L.')"
        )
    kept = invoke("quotes", "--db", copy)
    assert "M. L. (" in kept.stdout
    # ...a speaker filter counts afresh...
    filtered = invoke("quotes", "--db", copy, "--speaker", "lopez")
    assert "Maria Lopez (" in filtered.stdout
    # ...and a tally stored for other articles or another version is counted again.
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE story_quote_tallies SET key = 'quotes-0/tally-0/0'")
    fresh = invoke("quotes", "--db", copy)
    assert "Maria Lopez (" in fresh.stdout and "M. L." not in fresh.stdout
    with sqlite3.connect(copy) as conn:
        (again,) = conn.execute("SELECT key FROM story_quote_tallies").fetchone()
    assert again == key
