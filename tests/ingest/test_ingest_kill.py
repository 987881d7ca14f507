"""A run killed with SIGKILL mid-ingest leaves a consistent store; the rerun completes it
with exactly the counts of a run that was never interrupted."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, SEEDS

# Enough records for several committed batches before the kill lands.
RECORDS = 4000


def write_corpus(folder: Path) -> None:
    """JSONL files of varied real paragraphs (seeds and ECB+), with duplicates and junk."""
    paragraphs = [
        p.strip()
        for seed in SEEDS
        for p in seed.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 12
    ]
    with (FIXTURES / "ecbplus" / "tara_reid_rehab.jsonl").open(encoding="utf-8") as handle:
        paragraphs += [json.loads(line)["text"] for line in handle]
    rng = random.Random(3)
    folder.mkdir()
    lines: list[str] = []
    for number in range(RECORDS):
        roll = rng.random()
        if lines and roll < 0.05:
            lines.append(rng.choice(lines))  # exact duplicate
        elif roll < 0.08:
            lines.append("{not json")
        else:
            chosen = rng.sample(paragraphs, 3)
            text = "\n\n".join([*chosen, f"Dispatch {number} from desk {rng.randrange(10**6)}."])
            lines.append(json.dumps({"text": text, "outlet": f"outlet{number % 7}"}))
    for part in range(4):
        chunk = lines[part * RECORDS // 4 : (part + 1) * RECORDS // 4]
        (folder / f"part{part}.jsonl").write_text("\n".join(chunk) + "\n", encoding="utf-8")


def ingest_process(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "storytrace", "ingest", str(corpus), "--db", str(db), "--quiet"],
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as connection:

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(sql).fetchall())

        return {
            "articles": rows("SELECT hash FROM articles"),
            "provenance": rows(
                "SELECT source, a.hash FROM provenance JOIN articles a ON a.id = article_id"
            ),
            "quarantine": rows("SELECT source, reason FROM quarantine"),
            "near": rows(
                "SELECT a.hash, b.hash FROM near_duplicates n "
                "JOIN articles a ON a.id = n.article_id JOIN articles b ON b.id = n.of_article_id"
            ),
        }


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_ingest_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    assert ingest_process(corpus, clean_db).wait(timeout=600) == 1  # partial: bad lines

    process = ingest_process(corpus, killed_db)
    deadline = time.monotonic() + 300
    while stored_articles(killed_db) == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "the ingest stored nothing"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    interrupted = stored_articles(killed_db)
    assert interrupted > 0

    with sqlite3.connect(killed_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ingest_process(corpus, killed_db).wait(timeout=600) == 1
    assert snapshot(killed_db) == snapshot(clean_db)
    clean = snapshot(clean_db)
    assert interrupted < len(clean["articles"]), "the kill must land before the run ends"  # type: ignore[arg-type]
    total = len(clean["provenance"]) + len(clean["quarantine"])  # type: ignore[arg-type]
    assert total == RECORDS, "every input line is an article or a quarantine record"
