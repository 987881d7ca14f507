"""Ingest memory bounded by the article, not by the store (issue 15, "huge input").

The writer asks the store which sources are known, which content hashes are stored and
which articles are near duplicates (LSH bands in ``minhash_bands``) instead of holding
them in memory; the links it makes are those datasketch's ``MinHashLSH`` made.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Sized
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from storytrace.ingest.dedupe import (
    LSH_BAND_ROWS,
    LSH_BANDS,
    NEAR_DUPLICATE_JACCARD,
    NUM_PERMUTATIONS,
    band_keys,
    nearest,
    signature,
    signature_bytes,
    signature_from_bytes,
)
from storytrace.ingest.pipeline import IngestSummary, _Writer, ingest
from storytrace.ingest.prepare import prepare
from storytrace.ingest.sources import iter_inputs
from storytrace.model import RawDocument
from storytrace.store import Store
from storytrace.store.schema import MIGRATIONS
from storytrace.store.writes import near_duplicate_candidates, start_run

WORD_LINES = (
    "council minister river bridge harbour market school police court report budget",
    "election vote plan engineers damage residents traffic delays street city mayor",
    "office workers union strike hospital doctors patients storm flood rain wind",
    "power company shares profit loss bank rates prices fuel trade talks border army",
    "leader party spokesman statement inquiry evidence witness judge trial verdict",
    "appeal fire crews village farmers harvest drought water supply railway station",
    "train service",
)
WORDS = [word for line in WORD_LINES for word in line.split()]


def article_text(rng: random.Random, words: int = 160) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        chosen = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
        sentences.append(" ".join(chosen).capitalize() + ".")
    return " ".join(sentences)


def edited(rng: random.Random, text: str, changes: int) -> str:
    """``text`` with ``changes`` words replaced at random places."""
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(["alpha", "beta", "gamma", "delta"])
    return " ".join(words)


def near_duplicate_corpus(seed: int, bases: int) -> list[str]:
    """Base texts, each with variants from a word to many words edited (some near
    duplicates, some not), and variants of variants (several candidates: the earliest
    must win)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(bases):
        base = article_text(rng)
        texts.append(base)
        for changes in (1, 3, 6, 10, 16, 25):
            variant = edited(rng, base, changes)
            texts.append(variant)
            texts.append(edited(rng, variant, 2))
    return texts


def write_jsonl(path: Path, texts: list[str]) -> Path:
    lines = (json.dumps({"text": text, "title": f"Report {n}"}) for n, text in enumerate(texts))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(store: Store, *inputs: Path) -> IngestSummary:
    return ingest(store, iter_inputs([str(path) for path in inputs]), workers=1)


def links_datasketch_makes(store: Store) -> dict[int, tuple[int, float]]:
    """The links the in-memory MinHashLSH index made before the index moved into the store:
    every stored article, in id order, queried and then inserted; the earliest candidate
    at or above the threshold wins."""
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERMUTATIONS)
    stored = {}
    links = {}
    for article_id, blob in store.db.execute("SELECT id, minhash FROM articles ORDER BY id"):
        values = signature_from_bytes(blob)
        minhash = MinHash(num_perm=NUM_PERMUTATIONS, hashvalues=values, scheme="affine32")
        found = []
        for candidate in lsh.query(minhash):
            similarity = float(np.mean(stored[candidate] == values))
            if similarity >= NEAR_DUPLICATE_JACCARD:
                found.append((candidate, similarity))
        if found:
            of_id, similarity = min(found)
            links[article_id] = (of_id, round(similarity, 4))
        lsh.insert(article_id, minhash, check_duplication=False)
        stored[article_id] = values
    return links


def stored_links(store: Store) -> dict[int, tuple[int, float]]:
    rows = store.db.execute("SELECT article_id, of_article_id, similarity FROM near_duplicates")
    return {row[0]: (row[1], row[2]) for row in rows}


def test_the_bands_are_those_datasketch_chooses() -> None:
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERMUTATIONS)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_BAND_ROWS)
    values = signature("the council said on tuesday that the bridge would cost more")
    keys = band_keys(values)
    assert [band for band, _ in keys] == list(range(LSH_BANDS))
    starts = [band * LSH_BAND_ROWS for band in range(LSH_BANDS)]
    assert [key for _, key in keys] == [signature_bytes(values[s : s + 2]) for s in starts]


def test_a_candidate_must_share_a_whole_band_not_only_its_key() -> None:
    values = signature("the council said on tuesday that the bridge would cost more")
    other = values.copy()
    for band in range(LSH_BANDS):  # each band's third value differs: no band is shared
        other[band * LSH_BAND_ROWS + 2] += 1
    assert band_keys(other) == band_keys(values)
    assert float(np.mean(other == values)) >= NEAR_DUPLICATE_JACCARD
    assert nearest(values, [(1, signature_bytes(other))]) is None
    other[2] -= 1  # now band 0 is shared whole
    assert nearest(values, [(1, signature_bytes(other))]) == (1, float(np.mean(other == values)))


def test_the_writer_holds_nothing_per_article(tmp_path: Path) -> None:
    rng = random.Random(15)
    with Store(tmp_path / "store.db") as store:
        for batch in range(2):  # the second writer starts on a store that holds articles
            summary = IngestSummary(run_id=start_run(store, "test"))
            writer = _Writer(store, summary, None)
            texts = [article_text(rng) for _ in range(120)]
            texts.append(texts[0])  # an exact duplicate
            writer.consume(
                prepare(RawDocument(f"batch{batch}.jsonl:{n}", text, "jsonl"))
                for n, text in enumerate(texts)
            )
            writer.flush()
            assert (summary.stored, summary.duplicates) == (120, 1)
            held = {name: len(v) for name, v in vars(writer).items() if isinstance(v, Sized)}
            assert held and set(held.values()) == {0}, held


def test_near_duplicate_links_are_those_of_datasketchs_index(tmp_path: Path) -> None:
    texts = near_duplicate_corpus(seed=3, bases=6)
    first = write_jsonl(tmp_path / "first.jsonl", texts[: len(texts) // 2])
    second = write_jsonl(tmp_path / "second.jsonl", texts[len(texts) // 2 :])
    with Store(tmp_path / "store.db") as store:
        one = run(store, first)
        two = run(store, second)  # its candidates are partly in the store, partly in its batch
        expected = links_datasketch_makes(store)
        assert stored_links(store) == expected
        assert one.stored + two.stored == len(texts)
        assert one.near_duplicates + two.near_duplicates == len(expected)
    unlinked = len(texts) - len(expected) - 6
    assert len(expected) >= 30 and unlinked >= 12  # both outcomes are exercised
    earlier = [of_id for article_id, (of_id, _) in expected.items() if of_id < article_id - 1]
    assert earlier  # some articles had an earlier candidate than the one just before


def test_already_stored_duplicates_and_retried_sources_count_as_before(tmp_path: Path) -> None:
    rng = random.Random(7)
    texts = [article_text(rng) for _ in range(20)]
    jsonl = write_jsonl(tmp_path / "articles.jsonl", [*texts, texts[3]])
    missing = str(tmp_path / "not-there.txt")
    with Store(tmp_path / "store.db") as store:
        # each named twice: the second time, every item is known from the open batch
        first = ingest(store, iter_inputs([str(jsonl), str(jsonl), missing, missing]), workers=1)
        assert (first.stored, first.duplicates, first.already) == (20, 1, 22)
        assert dict(first.quarantined) == {"missing": 1}
        with store.transaction() as db:  # as if the run had been killed before the end mark
            db.execute("DELETE FROM finished_inputs")
        again = ingest(store, iter_inputs([str(jsonl), missing]), workers=1)
        assert (again.stored, again.duplicates, again.already) == (0, 0, 21)
        assert dict(again.quarantined) == {"missing": 1}  # a retried reason: tried again


def test_the_migration_fills_the_bands_from_stored_signatures(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    rng = random.Random(5)
    texts = [article_text(rng) for _ in range(4)]
    with sqlite3.connect(path) as old:  # a store as migration 8 left it
        for number, script in enumerate(MIGRATIONS[:8], start=1):
            old.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        old.execute("INSERT INTO runs(id, started, command) VALUES (1, 'then', 'ingest')")
        for number, text in enumerate(texts, start=1):
            old.execute(
                "INSERT INTO articles(id, hash, text, minhash, run_id) VALUES (?, ?, ?, ?, 1)",
                (number, f"hash{number}", text, signature_bytes(signature(text))),
            )
        old.execute("INSERT INTO articles(hash, text, minhash, run_id) VALUES ('x', 'x', NULL, 1)")
        old.execute("INSERT INTO articles(hash, text, minhash, run_id) VALUES ('y', 'y', x'', 1)")
    old.close()
    with Store(path) as store:
        rows = set(store.db.execute("SELECT band, key, article_id FROM minhash_bands"))
        expected = {
            (band, key, number)
            for number, text in enumerate(texts, start=1)
            for band, key in band_keys(signature(text))
        }
        assert rows == expected
        near = edited(rng, texts[2], 1)
        found = near_duplicate_candidates(store.db, band_keys(signature(near)))
        assert [article_id for article_id, _ in found] == [3]
        summary = run(store, write_jsonl(tmp_path / "new.jsonl", [near]))
        assert summary.near_duplicates == 1
        assert list(stored_links(store)) == [7] and stored_links(store)[7][0] == 3
