"""``group_stored`` on a real store: rounds, what it reports while it works, reruns."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from conftest import FIXTURES, store_article
from storytrace.store import Store
from storytrace.store.stories import save_features, ungrouped_articles
from storytrace.store.writes import start_run
from storytrace.stories import story_features
from storytrace.stories.corpus import group_stored

ECB = FIXTURES / "ecbplus"


def test_features_then_one_grouping_round_are_reported(tmp_path: Path) -> None:
    with Store(tmp_path / "corpus.db") as store:
        run_id = start_run(store, "ingest")
        paths = [
            ECB / name
            for name in (
                "lindsay_lohan_rehab.jsonl",
                "microsoft_ie_patch_2013.jsonl",
                "tara_reid_rehab.jsonl",
            )
        ]
        for path in paths:
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                row = json.loads(line)
                store_article(store, run_id, row["text"], source=f"{path.name}:{n}")
        featured: list[int] = []
        rounds: list[int] = []
        summary = group_stored(store, progress=featured.append, grouping=rounds.append)
        assert featured[-1] == summary.articles == 9
        assert rounds == [9]  # one round: the nine new articles are grouped together
        assert summary.opened == 3
        again = group_stored(store, progress=featured.append, grouping=rounds.append)
        assert again.articles == 0
        assert rounds == [9]  # nothing new: no round


def test_features_saved_by_an_interrupted_run_are_read_back(tmp_path: Path) -> None:
    with Store(tmp_path / "corpus.db") as store:
        run_id = start_run(store, "ingest")
        lines = (ECB / "tara_reid_rehab.jsonl").read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            store_article(store, run_id, json.loads(line)["text"], source=f"reid:{n}")
        # An earlier run computed and saved the features, then stopped before grouping.
        articles = next(ungrouped_articles(store, 10))
        with store.transaction() as db:
            save_features(db, story_features(articles[:2]))
        summary = group_stored(store)
        assert summary.articles == 3
        assert summary.saved_features == 2
        assert summary.opened == 1


def test_ungrouped_articles_read_their_texts_a_batch_at_a_time(tmp_path: Path) -> None:
    with Store(tmp_path / "corpus.db") as store:
        run_id = start_run(store, "ingest")
        for n in range(200):  # 200 texts of about 20 kB: 4 MB in all
            text = f"Report {n} of the council's budget vote. " + "The council met. " * 1200
            store_article(
                store, run_id, text, source=f"report-{n}", published=f"2020-01-{n % 28 + 1:02d}"
            )
        tracemalloc.start()
        try:
            batches = ungrouped_articles(store, 5)
            first = next(batches)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(first) == 5
        assert peak < 1_000_000  # five texts, not all 200
        rest = [article for batch in batches for article in batch]
        ordered = first + rest
        assert len({article.id for article in ordered}) == 200
        days = [article.published for article in ordered]
        assert days == sorted(days)  # oldest first, across batches
