"""The ingest pipeline end to end: real files, the real store, real worker processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, SEEDS
from storytrace.ingest.pipeline import IngestSummary, ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.store import Store


def make_corpus(folder: Path) -> None:
    """Seeds, an ECB+ JSONL, an exact and a near duplicate, and two bad files."""
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    shutil.copy(FIXTURES / "ecbplus" / "tara_reid_rehab.jsonl", folder / "ecb.jsonl")
    (folder / "copy-of-000.txt").write_bytes(SEEDS[0].read_bytes())
    near = SEEDS[1].read_text(encoding="utf-8").replace("Russia Accuses", "Moscow Accuses")
    (folder / "nested").mkdir()
    (folder / "nested" / "republished.md").write_text(
        near + "\n\nThis story was republished with permission.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def run(db: Path, *inputs: str | Path, workers: int = 2) -> IngestSummary:
    with Store(db) as store:
        return ingest(store, iter_inputs([str(i) for i in inputs]), workers=workers)


def table_counts(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return {
            table: store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "provenance", "quarantine", "near_duplicates")
        }


def test_every_input_is_stored_or_quarantined_and_rerun_adds_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    db = tmp_path / "store.db"
    first = run(db, corpus)
    assert first.stored == 2 + 3 + 1  # seeds, three JSONL articles, the near duplicate
    assert first.duplicates == 1 and first.near_duplicates == 1
    assert dict(first.quarantined) == {"empty": 1, "binary": 1}
    counts = table_counts(db)
    assert counts == {"articles": 6, "provenance": 6, "quarantine": 3, "near_duplicates": 1}
    with Store(db) as store:
        (dup_of,) = store.db.execute(
            "SELECT a.text FROM quarantine q JOIN articles a ON a.id = q.duplicate_of "
            "WHERE q.reason = 'duplicate'"
        ).fetchone()
        assert "Konashenkov" in dup_of
        languages = {row[0] for row in store.db.execute("SELECT language FROM articles")}
        assert languages == {"en"}

    again = run(db, corpus)
    assert (again.stored, again.duplicates, again.refused) == (0, 0, 0)
    assert again.inputs_skipped == again.inputs
    assert table_counts(db) == counts

    (corpus / "ecb.jsonl").touch()  # changed on disk: read again, nothing new stored
    touched = run(db, corpus)
    assert touched.already == 3 and touched.stored == 0
    assert table_counts(db) == counts


def test_serial_and_parallel_runs_agree(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    run(tmp_path / "one.db", corpus, workers=1)
    run(tmp_path / "two.db", corpus, workers=2)
    assert table_counts(tmp_path / "one.db") == table_counts(tmp_path / "two.db")


def test_provenance_names_jsonl_lines(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    run(db, FIXTURES / "ecbplus" / "tara_reid_rehab.jsonl")
    with Store(db) as store:
        sources = [row[0] for row in store.db.execute("SELECT source FROM provenance ORDER BY id")]
    assert [s.rsplit(":", 1)[1] for s in sources] == ["1", "2", "3"]
    assert all(json.dumps(s) for s in sources)


def test_an_unexpected_failure_is_recorded_not_raised() -> None:
    from storytrace.ingest.prepare import prepare
    from storytrace.model import RawDocument

    broken = RawDocument("broken.txt", None, "text")  # type: ignore[arg-type]
    (result,) = prepare(broken)
    assert getattr(result, "reason", None) == "failed"
    assert "broken.txt" in str(result)
