"""Work spread over processes (``storytrace.workers``): results in order, the same as in one
process, and the items read in the calling thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import numpy as np

from conftest import invented_text
from storytrace.model import Article
from storytrace.stories.features import story_features
from storytrace.workers import ordered_map, worker_count


def process_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_results_come_back_in_order_from_other_processes() -> None:
    done = list(ordered_map(process_and_square, ((f"n{n}", n) for n in range(25)), workers=2))
    assert [context for context, _ in done] == [f"n{n}" for n in range(25)]
    assert [square for _, (_, square) in done] == [n * n for n in range(25)]
    assert os.getpid() not in {pid for _, (pid, _) in done}


def test_one_worker_or_one_item_runs_here() -> None:
    alone = list(ordered_map(process_and_square, [("only", 3)], workers=2))
    assert alone == [("only", (os.getpid(), 9))]
    here = list(ordered_map(process_and_square, [("a", 1), ("b", 2)], workers=1))
    assert {pid for _, (pid, _) in here} == {os.getpid()}
    assert worker_count(3) == 3 and worker_count(None) == (os.cpu_count() or 1)


def test_items_are_read_in_the_calling_thread() -> None:
    readers: set[int] = set()

    def items() -> Iterator[tuple[int, int]]:
        for n in range(12):
            readers.add(threading.get_ident())
            yield n, n

    assert [c for c, _ in ordered_map(process_and_square, items(), workers=2)] == list(range(12))
    assert readers == {threading.get_ident()}  # a store's connection may be read from it


def test_grouping_features_from_workers_equal_those_computed_here() -> None:
    articles = [
        Article(id=str(n), source=f"{n}.txt", text=invented_text(n, 80), title=f"Title {n}")
        for n in range(9)
    ]
    batches = [(i, articles[i : i + 3]) for i in range(0, 9, 3)]
    here = [story_features(batch) for _, batch in batches]
    there = [features for _, features in ordered_map(story_features, batches, workers=2)]
    for mine, theirs in zip(here, there, strict=True):
        assert [f.article_id for f in mine] == [f.article_id for f in theirs]
        for one, other in zip(mine, theirs, strict=True):
            assert np.allclose(one.lead, other.lead, atol=1e-6)
            for terms in ("words", "names"):
                mine_terms, their_terms = getattr(one, terms), getattr(other, terms)
                assert np.array_equal(mine_terms.ids, their_terms.ids)
                assert np.array_equal(mine_terms.weights, their_terms.weights)
