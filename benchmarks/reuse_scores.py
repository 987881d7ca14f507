"""Scores of the reuse benchmark (``reuse_corpus.py``) against the gold of the construction.

- Pairs: a found pair of articles is right when an injected verbatim, edited or reordered
  passage links it; pairs linked by MSRP paraphrases alone count neither way (a verbatim
  detector that flags them is neither right nor wrong; the count is printed); every other
  found pair is wrong, and ``false_positive_sources`` says where it lies: a near miss (MSRP
  pair labelled not paraphrase), two hard-negative articles of one group (``ecb+ topic``,
  ``basil story``, ``boilerplate line``), of two groups, or elsewhere in the background (where
  the templated sign-offs are).
- Passages: a gold passage counts as found when a detected passage of its pair overlaps it
  by at least half of its characters in the later article; a detected passage is right
  when half of it lies on a gold passage of its pair.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from typing import Any

from reuse_build import REUSE_KINDS, Corpus, GoldPassage

OVERLAP_FOUND = 0.5
# A quotation inside one paragraph: straight, curly, doubled single or guillemet marks.
_QUOTATION = re.compile(r'"[^"\n]*"|“[^”\n]*”|\'\'[^\n]*?\'\'|«[^»\n]*»|„[^“”\n]*[“”]')
Pair = tuple[int, int]


def pair_scores(
    found: set[tuple[int, int]], reuse: set[tuple[int, int]], paraphrase_only: set[tuple[int, int]]
) -> dict[str, float]:
    judged = found - paraphrase_only
    true = len(judged & reuse)
    precision = true / len(judged) if judged else 1.0
    recall = true / len(reuse) if reuse else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "found": len(found),
        "false_positives": len(judged) - true,
        "paraphrase_only_flagged": len(found & paraphrase_only),
    }


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def passage_scores(detected: list[list[Any]], passages: list[GoldPassage]) -> dict[str, Any]:
    by_pair: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for source, target, _, _, start, end, _, _ in detected:
        by_pair[(source, target)].append((start, end))
    recall_by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_by_pair: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for passage in passages:
        if passage.kind not in REUSE_KINDS:
            continue
        gold_by_pair[(passage.first, passage.second)].append(passage.second_span)
        span = passage.second_span
        hit = any(
            overlap(span, d) >= OVERLAP_FOUND * (span[1] - span[0])
            for d in by_pair.get((passage.first, passage.second), [])
        )
        recall_by_kind[passage.kind][0] += hit
        recall_by_kind[passage.kind][1] += 1
    correct = sum(
        any(overlap(d, g) >= OVERLAP_FOUND * (d[1] - d[0]) for g in gold_by_pair.get(pair, []))
        for pair, spans in by_pair.items()
        for d in spans
    )
    found = sum(v[0] for v in recall_by_kind.values())
    total = sum(v[1] for v in recall_by_kind.values())
    return {
        "passage_recall": found / total if total else 1.0,
        "passage_precision": correct / len(detected) if detected else 1.0,
        "gold_passages": total,
        "detected_passages": len(detected),
        "recall_by_kind": {k: v[0] / v[1] for k, v in sorted(recall_by_kind.items())},
    }


def paraphrase_recall(corpus: Corpus) -> dict[str, Any]:
    """Within-story: the sentence aligner on each gold paraphrase pair alone."""
    from storytrace.align.pairs import align_articles
    from storytrace.model import Article
    from storytrace.nlp.analyse import analyse

    events = [(i, e) for i, e in enumerate(corpus.events) if e.kind == "paraphrase"]
    docs = sorted({d for _, e in events for d in e.docs})
    started = time.perf_counter()
    analysed = dict(
        zip(
            docs,
            analyse([Article(id=f"d{d}", source=f"d{d}", text=corpus.texts[d], language="en")
                     for d in docs]),
            strict=True,
        )
    )  # fmt: skip
    found = total = pairs_found = 0
    for event_id, event in events:
        source, target = event.docs
        [alignment] = align_articles([analysed[source], analysed[target]])
        linked = {(m.sentence_a, m.sentence_b) for m in alignment.matches}
        any_found = False
        for part in range(event.parts):
            if (event_id, part, source) not in corpus.spans:
                continue
            units_a = units_over(analysed[source], corpus.spans[(event_id, part, source)])
            units_b = units_over(analysed[target], corpus.spans[(event_id, part, target)])
            hit = any((a, b) in linked for a in units_a for b in units_b)
            found += hit
            total += 1
            any_found |= hit
        pairs_found += any_found
    return {
        "sentence_recall": found / total if total else 1.0,
        "sentences": total,
        "pair_recall": pairs_found / len(events) if events else 1.0,
        "pairs": len(events),
        "seconds": time.perf_counter() - started,
    }


def units_over(analysed: Any, span: tuple[int, int]) -> list[int]:
    return [s.index for s in analysed.sentences if overlap((s.start, s.end), span) > 0]


def pair_recall_by_kind(found: set[Pair], kinds: dict[Pair, set[str]]) -> dict[str, float]:
    """Share of the gold pairs of each kind of injected reuse that were found."""
    return {
        kind: sum(p in found for p in pairs) / len(pairs)
        for kind in REUSE_KINDS
        if (pairs := [p for p, k in kinds.items() if kind in k])
    }


def false_positive_sources(
    wrong: set[Pair], corpus: Corpus, kinds: dict[Pair, set[str]]
) -> dict[str, int]:
    """Where each wrong pair lies (see the module's docstring)."""
    sources: Counter[str] = Counter()
    for a, b in wrong:
        trap_a, trap_b = corpus.traps.get(a), corpus.traps.get(b)
        if "near miss" in kinds.get((a, b), set()):
            sources["near miss (MSRP)"] += 1
        elif trap_a and trap_b:
            sources[trap_a[0] if trap_a == trap_b else "two trap groups"] += 1
        elif trap_a or trap_b:
            sources["trap and background"] += 1
        else:
            sources["background"] += 1
    return dict(sorted(sources.items()))


def trap_scores(
    found: set[Pair], corpus: Corpus, kinds: dict[Pair, set[str]]
) -> dict[str, dict[str, int]]:
    """Per kind of trap: planted near-miss pairs and how many of them were flagged."""
    planted: dict[str, list[Pair]] = defaultdict(list)
    for kind, a, b in corpus.trap_pairs:
        planted[kind].append((a, b))
    planted["near miss (MSRP)"] = [p for p, k in kinds.items() if "near miss" in k]
    return {
        kind: {"planted": len(pairs), "flagged": sum(p in found for p in pairs)}
        for kind, pairs in sorted(planted.items())
    }


def wrong_examples(
    detected: list[list[Any]],
    wrong: set[Pair],
    corpus: Corpus,
    kinds: dict[Pair, set[str]],
    per_source: int = 2,
) -> dict[str, list[str]]:
    """A few wrong passages per source, as the later article's text (for the reader)."""
    examples: dict[str, list[str]] = defaultdict(list)
    for source, target, _, _, start, end, *_ in detected:
        if (source, target) not in wrong:
            continue
        where = next(iter(false_positive_sources({(source, target)}, corpus, kinds)))
        if len(examples[where]) < per_source:
            text = " ".join(corpus.texts[target][start:end].split())
            examples[where].append(text if len(text) <= 120 else text[:117] + "...")
    return dict(sorted(examples.items()))


def quoted_pairs(detected: list[list[Any]], wrong: set[Pair], corpus: Corpus) -> int:
    """Wrong pairs every passage of which lies at least half inside quotation marks in the
    later article: a quotation both articles carry, not one copying the other."""
    share: dict[Pair, list[bool]] = defaultdict(list)
    quotations: dict[int, list[tuple[int, int]]] = {}
    for source, target, _, _, start, end, *_ in detected:
        if (source, target) not in wrong:
            continue
        if target not in quotations:
            quotations[target] = [m.span() for m in _QUOTATION.finditer(corpus.texts[target])]
        inside = sum(overlap((start, end), q) for q in quotations[target])
        share[(source, target)].append(inside >= OVERLAP_FOUND * (end - start))
    return sum(all(flags) for flags in share.values())
