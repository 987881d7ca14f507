"""The reuse benchmark's own parts (benchmarks/reuse_*.py): the passage-level MinHash baseline,
how wrong pairs are attributed to the traps, and how real boilerplate lines are found."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import pytest

from reuse_build import REUSE_KINDS, Corpus, Event, Pool, build_corpus, gold
from reuse_corpus import method_scores
from reuse_methods import child_minhash_sentences, merged, read_corpus
from reuse_passim import PASSIM, earlier_first, read_passages, write_corpus
from reuse_pool import PoolArticle, boilerplate_lines
from reuse_scores import false_positive_sources, quoted_pairs

COPIED = (
    "Officials said the border crossing near the river would open again on Thursday after "
    "three weeks of heavy fighting had cut the town off from its suppliers."
)
BOILERPLATE = "Sign up for our newsletter to get the top stories of the day in your inbox."


def invented(seed: int, sentences: int = 4) -> str:
    """Sentences of invented words, unique to the seed."""
    rng = random.Random(seed)
    return " ".join(
        " ".join("".join(rng.choice("bcdfgklmnprstvz") for _ in range(6)) for _ in range(12)) + "."
        for _ in range(sentences)
    )


def test_merged_joins_touching_windows_and_keeps_separate_ones_apart() -> None:
    later = "One two three. Four five six. Seven eight nine."
    windows = [(0, 14, 100, 114), (15, 29, 115, 129), (30, 47, 200, 217)]
    assert merged(windows[:2], later) == [[100, 129, 0, 29, 0, 0]]
    assert merged([windows[0], windows[2]], later) == [
        [100, 114, 0, 14, 0, 0],
        [200, 217, 30, 47, 0, 0],
    ]


def test_sentence_baseline_finds_a_copied_sentence_but_not_widespread_boilerplate(
    tmp_path: Path,
) -> None:
    texts = [f"{invented(1)}\n\n{COPIED}", f"{invented(2)} {COPIED}\n\n{invented(3)}"]
    texts += [f"{invented(10 + n)}\n\n{BOILERPLATE}" for n in range(25)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"d{n}", "text": t}) + "\n" for n, t in enumerate(texts)),
        encoding="utf-8",
    )
    result = child_minhash_sentences(corpus, 0.5)
    [[source, target, *_, start, end, _, _]] = result["passages"]
    assert (source, target) == (0, 1)
    assert texts[1][start:end] == COPIED


def tiny_corpus() -> Corpus:
    texts = ["a", 'He said "the whole quoted line" there.', "c", "d", "e", "f"]
    return Corpus(
        texts=texts,
        languages=["en"] * 6,
        words_aimed=1,
        events=[Event("near miss", [4, 5], 1)],
        spans={},
        sign_offs=0,
        traps={0: ("basil story", "s1"), 1: ("basil story", "s1"), 2: ("ecb+ topic", "t1")},
    )


def test_wrong_pairs_are_attributed_to_where_they_lie() -> None:
    corpus = tiny_corpus()
    kinds = {(4, 5): {"near miss"}}
    wrong = {(0, 1), (0, 2), (2, 3), (3, 4), (4, 5)}
    assert false_positive_sources(wrong, corpus, kinds) == {
        "background": 1,
        "basil story": 1,
        "near miss (MSRP)": 1,
        "trap and background": 1,
        "two trap groups": 1,
    }


def test_a_passage_inside_quotation_marks_is_a_shared_quotation() -> None:
    corpus = tiny_corpus()
    quoted = corpus.texts[1].index("the whole")
    detected = [
        [0, 1, 0, 1, quoted, quoted + 20, 4, 1.0],
        [0, 2, 0, 1, 0, 1, 1, 1.0],
    ]
    assert quoted_pairs(detected, {(0, 1), (0, 2)}, corpus) == 1
    assert quoted_pairs([[0, 1, 0, 1, 0, 8, 2, 1.0]], {(0, 1)}, corpus) == 0


def test_boilerplate_lines_link_articles_sharing_a_line_of_three_not_copies() -> None:
    def article(name: str, *lines: str) -> PoolArticle:
        return PoolArticle(name, "en", [[line] for line in lines])

    own = [invented(seed, 1) for seed in range(40)]
    articles = [
        article("a", *own[0:6], BOILERPLATE),
        article("b", *own[6:12], BOILERPLATE),
        article("c", *own[12:18], BOILERPLATE),
        article("d", *own[18:24]),
        article("e", *own[18:24]),  # a duplicate of d
        article("f", *own[24:30], BOILERPLATE, COPIED),
        article("g", *own[30:36], COPIED),  # f and g share a line no third article has
    ]
    groups, background = boilerplate_lines(articles)
    assert [(g.kind, [a.name for a in g.articles], g.pairs) for g in groups] == [
        ("boilerplate line", ["a", "b", "c"], [(0, 1), (0, 2), (1, 2)])
    ]
    assert [a.name for a in background] == ["d", "e", "f", "g"]


def tiny_built_corpus() -> Corpus:
    """A corpus of the first generator (``reuse_build``) over invented text, no traps."""
    articles = [
        PoolArticle(f"a{n}", "en", [[invented(100 * n + 10 * p + s, 1) for s in range(4)]
                                    for p in range(3)])
        for n in range(80)
    ]  # fmt: skip
    pairs = [(invented(5000 + n, 1), invented(6000 + n, 1)) for n in range(12)]
    return build_corpus(7, 100, Pool(articles, [], pairs[:6], pairs[6:], []))


def passim_shaped_output(corpus: Corpus, out: Path, wrong: tuple[int, int]) -> int:
    """passim's ``align.json`` part for every gold passage of ``corpus``, each pair given
    later article first (passim orders a pair by the hash of its series), and one passage
    between the two articles of ``wrong``; the number of gold passages written."""
    passages, _ = gold(corpus)
    lines = [
        {"id": f"d{p.second:06d}", "begin": p.second_span[0], "end": p.second_span[1],
         "id2": f"d{p.first:06d}", "begin2": p.first_span[0], "end2": p.first_span[1]}
        for p in passages
        if p.kind in REUSE_KINDS
    ]  # fmt: skip
    lines.append(
        {"id": f"d{wrong[0]:06d}", "begin": 0, "end": 40, "id2": f"d{wrong[1]:06d}",
         "begin2": 0, "end2": 40}
    )  # fmt: skip
    (out / "align.json").mkdir(parents=True)
    (out / "align.json" / "part-00000").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    return len(lines) - 1


def test_passim_input_gives_every_article_its_own_series(tmp_path: Path) -> None:
    corpus = tiny_built_corpus()
    path = tmp_path / "corpus.jsonl"
    write_corpus(corpus.texts, path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == corpus.texts
    assert [r["id"] for r in records] == [f"d{n:06d}" for n in range(len(corpus.texts))]
    assert all(r["series"] == r["id"] for r in records)
    # the other methods read the same file
    assert [r["text"] for r in read_corpus(path)] == corpus.texts


@pytest.mark.skipif(
    not (PASSIM / "passim_extract.py").exists(), reason="../shared/peers/passim not here"
)
def test_passim_output_is_read_back_and_scored_against_the_first_generators_gold(
    tmp_path: Path,
) -> None:
    corpus = tiny_built_corpus()
    gold_passages, kinds = gold(corpus)
    linked = set(kinds) | {(b, a) for a, b in kinds}
    wrong = next((a, b) for a in range(len(corpus.texts)) for b in range(a) if (a, b) not in linked)
    written = passim_shaped_output(corpus, tmp_path / "passim", wrong)
    assert written >= 5
    passages = earlier_first(read_passages(tmp_path / "passim", Path(sys.executable)))
    assert all(p[0] < p[1] for p in passages)
    reuse_pairs = {pair for pair, k in kinds.items() if k & set(REUSE_KINDS)}
    result = {"seconds": 1.0, "cpu_seconds": 1.0, "peak_rss_kb": 1024, "passages": passages}
    scores = method_scores(result, corpus, gold_passages, kinds)
    assert scores["passage_recall"] == 1.0
    assert scores["passage_precision"] == written / (written + 1)
    assert scores["recall"] == 1.0
    assert scores["false_positives"] == 1
    assert scores["found"] == len(reuse_pairs) + 1
    assert set(scores["recall_by_kind"]) <= set(REUSE_KINDS)
