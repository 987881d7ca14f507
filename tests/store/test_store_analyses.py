"""Stored analyses: computed once, read back equal (embeddings to float16 precision)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from conftest import SEEDS
from storytrace.ingest.analysis import analyse_stored
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.nlp.analyse import analyse
from storytrace.store import Store
from storytrace.store.analyses import load_analysis, load_article


def test_analysis_is_stored_once_and_read_back(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest(store, iter_inputs([str(p) for p in SEEDS]), workers=1)
        assert analyse_stored(store) == 2
        assert analyse_stored(store) == 0  # nothing left to compute
        article = load_article(store, 2)
        assert article is not None and article.outlet == "Radio Habana Cuba"
        stored = load_analysis(store, article)
    assert stored is not None
    (fresh,) = analyse([article])
    assert [s.text for s in stored.sentences] == [s.text for s in fresh.sentences]
    assert [(e.text, e.label) for e in stored.entities] == [
        (e.text, e.label) for e in fresh.entities
    ]
    assert stored.embeddings is not None and fresh.embeddings is not None
    assert np.allclose(stored.embeddings, fresh.embeddings, atol=2e-3)
