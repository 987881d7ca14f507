"""Scores of the wire-story reuse benchmark (``reuse_wire.py``) against its gold.

A method's output is a list of passages ``(a, b, a_start, a_end, b_start, b_end)`` (article
positions and character spans; either order) or, for a method that finds pairs only, a set
of article pairs.

- Reused-sentence recall: a gold sentence pair (two articles carrying one wire sentence,
  ``reuse_wire_build.gold_pairs``) is found when one found passage of that article pair
  covers at least half (``OVERLAP_FOUND``) of the sentence's characters on both sides. Given
  overall, by the pair's kind (``GoldPair.kind``) and by edit (a pair counts under each
  distinct edit of its two sides).
- Passage precision: a found passage is right when the gold sentences of its article pair
  cover at least half of its characters on both sides. Passages "off gold" overlap no gold
  sentence of their pair on either side by even one character (the plainly wrong ones).
- Article pairs: a pair is gold when its articles carry at least one wire sentence in
  common; found when a method gives at least one passage for it. Wrong pairs are attributed
  to the hard negative they lie on: an MSRP near-miss pair, a same-story SemEval pair, two
  articles both ending in a sign-off, else "other".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reuse_wire_build import GoldPair, WireCorpus
from reuse_wire_edits import EDITS

OVERLAP_FOUND = 0.5
Pair = tuple[int, int]
Passage = tuple[int, int, int, int, int, int]
Span = tuple[int, int]


def normalised(passages: list[list[int]] | list[Passage]) -> list[Passage]:
    """Passages with the earlier article first."""
    out: list[Passage] = []
    for a, b, a_start, a_end, b_start, b_end in (tuple(p[:6]) for p in passages):
        if a == b:
            continue
        out.append(
            (a, b, a_start, a_end, b_start, b_end)
            if a < b
            else (b, a, b_start, b_end, a_start, a_end)
        )
    return out


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(passage: Span, sentence: Span) -> bool:
    return overlap(passage, sentence) >= OVERLAP_FOUND * (sentence[1] - sentence[0])


def sentence_recall(passages: list[Passage], gold: list[GoldPair]) -> dict[str, Any]:
    by_pair: dict[Pair, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_pair[(passage[0], passage[1])].append(passage)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found = 0
    for pair in gold:
        hit = any(
            covers((p[2], p[3]), pair.a_span) and covers((p[4], p[5]), pair.b_span)
            for p in by_pair.get((pair.a, pair.b), [])
        )
        found += hit
        by_kind[pair.kind][0] += hit
        by_kind[pair.kind][1] += 1
        for edit in {pair.a_edit, pair.b_edit}:
            by_edit[edit][0] += hit
            by_edit[edit][1] += 1
    return {
        "sentence_recall": found / len(gold) if gold else 1.0,
        "gold_sentence_pairs": len(gold),
        "recall_by_kind": _shares(by_kind, sorted(by_kind)),
        "recall_by_edit": _shares(by_edit, [e for e in EDITS if e in by_edit]),
    }


def _shares(counts: dict[str, list[int]], order: list[str]) -> dict[str, dict[str, float]]:
    return {k: {"recall": counts[k][0] / counts[k][1], "pairs": counts[k][1]} for k in order}


def passage_precision(passages: list[Passage], gold: list[GoldPair]) -> dict[str, Any]:
    spans: dict[Pair, tuple[set[Span], set[Span]]] = defaultdict(lambda: (set(), set()))
    for pair in gold:
        spans[(pair.a, pair.b)][0].add(pair.a_span)
        spans[(pair.a, pair.b)][1].add(pair.b_span)
    right = off_gold = 0
    for a, b, a_start, a_end, b_start, b_end in passages:
        gold_a, gold_b = spans.get((a, b), (set(), set()))
        on_a = sum(overlap((a_start, a_end), s) for s in gold_a)
        on_b = sum(overlap((b_start, b_end), s) for s in gold_b)
        right += on_a >= OVERLAP_FOUND * (a_end - a_start) and on_b >= OVERLAP_FOUND * (
            b_end - b_start
        )
        off_gold += on_a == 0 and on_b == 0
    return {
        "passages": len(passages),
        "passage_precision": right / len(passages) if passages else 1.0,
        "passages_off_gold": off_gold,
    }


def pair_scores(found: set[Pair], gold: set[Pair]) -> dict[str, Any]:
    true = len(found & gold)
    precision = true / len(found) if found else 1.0
    recall = true / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs_found": len(found),
        "pair_precision": precision,
        "pair_recall": recall,
        "pair_f1": f1,
        "wrong_pairs": len(found) - true,
    }


def wrong_pairs_by_negative(wrong: set[Pair], corpus: WireCorpus) -> dict[str, int]:
    near_miss = {tuple(sorted(p)) for p in corpus.near_miss_pairs}
    same_topic = {tuple(sorted(p)) for p in corpus.same_topic_pairs}
    signed = {
        n for n, units in enumerate(corpus.inserts) if any(u.kind == "sign-off" for u in units)
    }
    counts = {"near miss (MSRP)": 0, "same story (SemEval)": 0, "sign-offs": 0, "other": 0}
    for pair in wrong:
        if pair in near_miss:
            counts["near miss (MSRP)"] += 1
        elif pair in same_topic:
            counts["same story (SemEval)"] += 1
        elif pair[0] in signed and pair[1] in signed:
            counts["sign-offs"] += 1
        else:
            counts["other"] += 1
    return counts


def score(
    corpus: WireCorpus,
    gold: list[GoldPair],
    passages: list[list[int]] | None,
    pairs: set[Pair] | None = None,
) -> dict[str, Any]:
    """Every figure of one method: ``passages``, or ``pairs`` for a pairs-only method."""
    gold_pairs = {(p.a, p.b) for p in gold}
    scores: dict[str, Any] = {}
    if passages is not None:
        found_passages = normalised(passages)
        scores.update(sentence_recall(found_passages, gold))
        scores.update(passage_precision(found_passages, gold))
        pairs = {(p[0], p[1]) for p in found_passages}
    found = {(min(a, b), max(a, b)) for a, b in pairs or set() if a != b}
    scores.update(pair_scores(found, gold_pairs))
    scores["wrong_pairs_by_negative"] = wrong_pairs_by_negative(found - gold_pairs, corpus)
    scores["negatives_planted"] = {
        "near miss (MSRP)": len(corpus.near_miss_pairs),
        "same story (SemEval)": len(corpus.same_topic_pairs),
        "sign-offs": sum(any(u.kind == "sign-off" for u in units) for units in corpus.inserts),
    }
    return scores
