"""Verbatim shared passages between two texts, wherever they sit in each text.

Both texts are reduced to folded word keys (see ``storytrace.nlp.names``), so case,
punctuation and spelling variants of names do not break a run. Every maximal run of at
least ``MIN_SHARED_TOKENS`` equal keys is reported, whatever its position in either text,
so reordered paragraphs are found as readily as copies in place.
"""

from __future__ import annotations

from collections import defaultdict

from storytrace.model import SharedSpan
from storytrace.nlp.names import Token, is_stopword

# Five words is the shortest run that is rarely shared by chance in news prose (shorter
# runs are mostly set phrases: "on the other hand"); chosen on the seed pair and ECB+.
MIN_SHARED_TOKENS = 5
# A run needs this many words that are not function words ("in the area of the").
MIN_CONTENT_TOKENS = 2
# n-grams that occur more often than this in one text are boilerplate, not evidence.
MAX_NGRAM_REPEATS = 20


def shared_spans(
    id_a: str,
    text_a: str,
    tokens_a: list[Token],
    id_b: str,
    text_b: str,
    tokens_b: list[Token],
) -> list[SharedSpan]:
    """Maximal runs of equal folded words in both token lists, as offsets into both texts."""
    n = MIN_SHARED_TOKENS
    keys_a = [t.key for t in tokens_a]
    keys_b = [t.key for t in tokens_b]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(keys_a) - n + 1):
        index[tuple(keys_a[i : i + n])].append(i)
    spans: list[SharedSpan] = []
    for j in range(len(keys_b) - n + 1):
        starts = index.get(tuple(keys_b[j : j + n]), [])
        if len(starts) > MAX_NGRAM_REPEATS:
            continue
        for i in starts:
            if i > 0 and j > 0 and keys_a[i - 1] == keys_b[j - 1]:
                continue  # inside a run that started earlier
            length = n
            while (
                i + length < len(keys_a)
                and j + length < len(keys_b)
                and keys_a[i + length] == keys_b[j + length]
            ):
                length += 1
            run_a = tokens_a[i : i + length]
            if sum(not is_stopword(t.key) for t in run_a) < MIN_CONTENT_TOKENS:
                continue
            run_b = tokens_b[j : j + length]
            start_a, end_a = run_a[0].start, run_a[-1].end
            start_b, end_b = run_b[0].start, run_b[-1].end
            spans.append(
                SharedSpan(
                    id_a,
                    start_a,
                    end_a,
                    id_b,
                    start_b,
                    end_b,
                    text_a[start_a:end_a],
                    text_b[start_b:end_b],
                    length,
                )
            )
    spans.sort(key=lambda s: (s.start_a, s.start_b))
    return spans
