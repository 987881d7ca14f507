"""A real feed of teasers, ingested: kept and searchable, marked as summaries in the
ingest counts, in `search` and in `export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import shared_data
from storytrace.cli import main

FULL_FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Gazette</title>
<item><guid>mock-exam-report</guid><title>Mock exam results are in</title>
<description>Results of the November mock test.</description>
<content:encoded>&lt;p&gt;Students who sat the November mock test in data science scored
higher than last year, the examiners said on Monday.&lt;/p&gt;&lt;p&gt;The aptitude test was
taken by more candidates than ever before.&lt;/p&gt;</content:encoded></item>
</channel></rss>"""


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def test_feed_summaries_are_counted_searchable_and_marked(tmp_path: Path) -> None:
    teasers = shared_data("realpages") / "newspaper4k" / "html" / "sample_rss.html"
    full = tmp_path / "gazette.rss"
    full.write_text(FULL_FEED, encoding="utf-8")
    db = tmp_path / "s.db"

    ingested = invoke("ingest", teasers, full, "--db", db, "--workers", "1")
    assert ingested.exit_code == 0, ingested.output
    assert "stored            4" in ingested.stdout
    assert "feed summaries    3 (stored, searchable, not grouped into stories)" in ingested.stdout

    found = invoke("search", "mock test", "--db", db)
    assert found.exit_code == 0, found.output
    headings = [line for line in found.stdout.splitlines() if line[:1].isdigit()]
    assert len(headings) == 4
    marked = [line for line in headings if "[summary] " in line]
    assert len(marked) == 3 and not any("Mock exam results are in" in line for line in marked)
    assert all(line.split(". ", 1)[1].startswith("[summary] Mock Test #") for line in marked)

    as_json = json.loads(invoke("search", "mock test", "--db", db, "--json").stdout)
    assert sorted(hit["kind"] for hit in as_json) == ["article", "summary", "summary", "summary"]

    exported = invoke("export", "--format", "csv", "--db", db)
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert {row["title"]: row["kind"] for row in rows} == {
        "Mock Test #102 - General Aptitude (November 2025)": "summary",
        "Mock Test #101 - Data Science Essentials": "summary",
        "Mock Test #100 - English Proficiency Level B2": "summary",
        "Mock exam results are in": "article",
    }
