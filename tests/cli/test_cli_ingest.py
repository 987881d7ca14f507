"""`storytrace ingest` as a user runs it: a real process, real files, a real store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SEEDS, storytrace_cli

storytrace = storytrace_cli


def test_ingest_reports_counts_and_quarantine_lists_the_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    (folder / "blank.md").write_text("   \n\n", encoding="utf-8")
    db = tmp_path / "s.db"
    first = storytrace("ingest", folder, "--db", db)
    assert first.returncode == 1, first.stderr
    assert "stored            2" in first.stdout
    assert "empty" in first.stdout and "storytrace quarantine --db" in first.stdout
    listing = storytrace("quarantine", "--db", db)
    assert listing.returncode == 0
    assert "blank.md" in listing.stdout and "empty" in listing.stdout

    again = storytrace("ingest", folder, "--db", db)
    assert again.returncode == 0, again.stdout
    assert "stored            0" in again.stdout
    assert "unchanged inputs  3" in again.stdout
    assert "changed inputs    0" in again.stdout

    shutil.copy(SEEDS[1], folder / SEEDS[0].name)  # the first file now holds another report
    (folder / SEEDS[1].name).write_text(
        "Storm closes the harbour. The port authority closed the harbour on Monday as a storm "
        "brought waves of six metres; ferries to the islands were cancelled until Wednesday.",
        encoding="utf-8",
    )
    changed = storytrace("ingest", folder, "--db", db)
    assert changed.returncode == 0, changed.stdout
    assert "changed inputs    2" in changed.stdout
    assert "stored            1" in changed.stdout  # the harbour report
    assert "exact duplicates  1" in changed.stdout  # the copy of an article stored before


def test_ingest_from_standard_input_and_total_failure(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = SEEDS[1].read_text(encoding="utf-8")
    lines = json.dumps({"text": text, "outlet": "RHC"}) + "\n{broken\n"
    result = storytrace("ingest", "-", "--db", db, stdin=lines)
    assert result.returncode == 1, result.stderr
    assert "stored            1" in result.stdout and "bad_json" in result.stdout

    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "empty.txt").write_bytes(b"")
    failed = storytrace("ingest", nothing, "--db", tmp_path / "other.db", "--quiet")
    assert failed.returncode == 2
    assert failed.stdout == ""


def test_unusable_store_is_a_one_line_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database\n" * 100, encoding="utf-8")
    result = storytrace("ingest", SEEDS[0], "--db", not_a_db)
    assert result.returncode == 2
    assert str(not_a_db) in result.stderr and "Traceback" not in result.stderr


def test_urls_on_loopback_need_allow_private(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    site = tmp_path / "site"
    site.mkdir()
    body = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in SEEDS[0].read_text(encoding="utf-8").split("\n\n")
        if len(paragraph.split()) > 20
    )
    (site / "story.html").write_text(
        f"<!DOCTYPE html><html lang='en'><head><title>Moscow accuses Washington</title></head>"
        f"<body><nav>Home | World</nav><article><h1>Moscow accuses Washington</h1>{body}"
        f"</article><footer>All rights reserved</footer></body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story.html"
        db = tmp_path / "s.db"
        refused = storytrace("ingest", url, "--db", db)
        assert refused.returncode == 2
        assert "refused" in refused.stdout
        allowed = storytrace("ingest", url, "--db", db, "--allow-private")
        assert allowed.returncode == 0, allowed.stdout + allowed.stderr
        assert "stored            1" in allowed.stdout
    finally:
        server.shutdown()
        server.server_close()
