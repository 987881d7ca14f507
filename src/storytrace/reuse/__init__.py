"""Verbatim reuse across a corpus: which passages of which articles repeat which others.

A word n-gram index in the spirit of passim, built for a whole corpus at once with numpy:

1. Every article becomes folded word ids (case, diacritics and script folded as elsewhere
   in storytrace), and every word 5-gram a 64-bit hash.
2. One sort of all hashes gives each n-gram's document frequency; n-grams shared by 2 to
   ``MAX_SEED_DF`` articles are seeds, so boilerplate carried by many articles never is.
3. Seed hits of each article pair are chained along their diagonal, across light edits (a
   changed, dropped or inserted word or short phrase); each reordered paragraph is a
   passage on its own diagonal, so reordering does not hide reuse.
4. Passages shorter than ``MIN_PASSAGE_TOKENS`` seeded words (unless whole sentences beside
   a longer passage of the pair), made mostly of common n-grams, shared piecemeal with many
   third articles, or with a word that reads three or more ways across the articles sharing
   it (templated sign-offs around varying names) are dropped.
5. A single sentence with too few seeds for a passage (a short sentence with a changed
   number, a dropped word or clause or a swapped word) is reuse on its own when the whole
   sentence is an edited copy of the other article's sentence word by word, no word of it is
   covered by common n-grams alone and none reads three or more ways beside the words other
   articles share with it (a sign-off "Reporting by X; Editing by Y").
6. The rest come back as ``ReusedPassage`` records with character offsets into both
   articles' text.

Usage::

    from storytrace.reuse import ReuseIndex

    index = ReuseIndex(articles)
    for (source, target), passages in index.pairs().items():
        print(source, target, [index.rare_ngrams(p) for p in passages])
"""

from __future__ import annotations

from storytrace.reuse.index import (
    MAX_SEED_DF,
    MIN_PASSAGE_TOKENS,
    NGRAM_WORDS,
    ReuseIndex,
    find_reuse,
)

__all__ = ["MAX_SEED_DF", "MIN_PASSAGE_TOKENS", "NGRAM_WORDS", "ReuseIndex", "find_reuse"]
