"""Grouping the variants of one utterance across articles, and what each variant changes.

Two quotations from different articles are variants of one utterance when their
multilingual embeddings are close (so two translations of one statement meet) and their
speakers, where both are known, are the same person. Groups grow from that relation, most
similar pairs first, and never hold two quotations of one article. Each group's reference
variant is the one from the earliest article (by publication date when known, else input
order); every other variant gets a word-level diff against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from storytrace.model import Quote, QuoteGroup, QuoteVariant, WordChange
from storytrace.nlp.embeddings import embed
from storytrace.nlp.names import fold

# Embedding cosine at or above which two quotations render one utterance. Two English
# translations of one sentence scored 0.8-0.9 on the seeds; unrelated quotations on one
# story stay below 0.5.
VARIANT_THRESHOLD = 0.6
# Without a known speaker on both sides, demand more of the wording.
VARIANT_THRESHOLD_NO_SPEAKER = 0.7

# Words only: a moved comma or a bracket is not a change a reader needs to see.
_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)


def group_quotes(quotes: Sequence[Quote], article_order: Sequence[str]) -> list[QuoteGroup]:
    """Connected groups of variants; singletons are returned as one-variant groups."""
    if not quotes:
        return []
    vectors = embed([quote.text for quote in quotes])
    similarity = vectors @ vectors.T
    rank = {article: position for position, article in enumerate(article_order)}

    def reading_order(i: int) -> tuple[int, int]:
        return rank.get(quotes[i].article, len(rank)), quotes[i].start

    members = [sorted(ix, key=reading_order) for ix in _merge_groups(quotes, similarity)]
    members.sort(key=lambda ix: reading_order(ix[0]))
    return [
        _group(f"g{n}", [quotes[i] for i in indexes], similarity, indexes)
        for n, indexes in enumerate(members)
    ]


def _merge_groups(quotes: Sequence[Quote], similarity: npt.NDArray[np.float32]) -> list[list[int]]:
    """Merge quotations into groups, most similar pairs first.

    Two groups merge only when no article has a quotation in both: an outlet renders one
    utterance once, so a chain of near matches cannot pull two of its quotations together.
    """
    group_of = list(range(len(quotes)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(quotes))}
    candidates = [
        (float(similarity[i, j]), i, j)
        for i in range(len(quotes))
        for j in range(i + 1, len(quotes))
        if _same_utterance(quotes[i], quotes[j], float(similarity[i, j]))
    ]
    for _, i, j in sorted(candidates, reverse=True):
        left, right = group_of[i], group_of[j]
        if left == right:
            continue
        articles_left = {quotes[k].article for k in groups[left]}
        if any(quotes[k].article in articles_left for k in groups[right]):
            continue
        for k in groups[right]:
            group_of[k] = left
        groups[left].extend(groups.pop(right))
    return list(groups.values())


def _same_utterance(a: Quote, b: Quote, similarity: float) -> bool:
    if a.article == b.article:
        return False
    key_a = a.speaker.key if a.speaker else ""
    key_b = b.speaker.key if b.speaker else ""
    if key_a and key_b:
        return key_a == key_b and similarity >= VARIANT_THRESHOLD
    return similarity >= VARIANT_THRESHOLD_NO_SPEAKER


def _group(
    group_id: str, quotes: list[Quote], similarity: npt.NDArray[np.float32], indexes: list[int]
) -> QuoteGroup:
    reference = quotes[0]
    variants = [QuoteVariant(reference, 1.0, [])]
    for quote, index in zip(quotes[1:], indexes[1:], strict=True):
        score = round(float(similarity[indexes[0], index]), 4)
        variants.append(QuoteVariant(quote, score, word_changes(reference.text, quote.text)))
    keys = [q.speaker.key for q in quotes if q.speaker and q.speaker.key]
    return QuoteGroup(group_id, keys[0] if keys else None, variants)


def word_changes(reference: str, variant: str) -> list[WordChange]:
    """Word-level differences of ``variant`` against ``reference`` (case and accents folded)."""
    ref_words = _WORDS.findall(reference)
    var_words = _WORDS.findall(variant)
    matcher = SequenceMatcher(
        a=[fold(w) or w for w in ref_words], b=[fold(w) or w for w in var_words], autojunk=False
    )
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        kind = {"insert": "added", "delete": "dropped", "replace": "changed"}[op]
        changes.append(WordChange(kind, " ".join(ref_words[i1:i2]), " ".join(var_words[j1:j2])))
    return changes
