"""Stored headline vectors: embedded once, read back equal, recomputed for another version."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from conftest import SEEDS
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.store import Store
from storytrace.store.analyses import load_article
from storytrace.store.headlines import stored_headlines
from storytrace.stories.same_story import headline_vectors


def test_headlines_are_embedded_once_and_read_back(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest(store, iter_inputs([str(p) for p in SEEDS]), workers=1)
        articles = [a for i in (1, 2) if (a := load_article(store, i)) is not None]
        # the GPA seed has no title, the Radio Habana Cuba one has
        assert [bool(a.title) for a in articles] == [False, True]
        first = stored_headlines(store, articles)
        rows = store.db.execute("SELECT article_id, length(vector) FROM headline_vectors")
        assert sorted(rows) == [(1, 0), (2, 384 * 2)]
        assert first["1"] is None
        (fresh,) = headline_vectors(articles[1:])
        stored = first["2"]
        assert fresh is not None and stored is not None
        assert np.allclose(stored, fresh, atol=2e-3)
        again = stored_headlines(store, articles)
        assert again["1"] is None and np.array_equal(again["2"], stored)  # type: ignore[arg-type]
        # a vector of another encoder version is computed again and replaced
        store.db.execute("UPDATE headline_vectors SET version = 'old', vector = x'00'")
        renewed = stored_headlines(store, articles)
        assert renewed["2"] is not None and np.allclose(renewed["2"], fresh, atol=2e-3)
        versions = {v for (v,) in store.db.execute("SELECT version FROM headline_vectors")}
        assert versions != {"old"} and len(versions) == 1
