"""The corpus-wide index of verbatim reuse: articles in, reused passages out.

1. Words: each article becomes an array of folded word ids (``storytrace.reuse.tokens``).
2. Seeds: word n-grams shared by at least two and at most ``MAX_SEED_DF`` articles, found
   with one sort of all n-gram hashes of the corpus (``storytrace.reuse.ngrams``). Frequent
   n-grams (sign-offs, templates, set phrases) are never seeds.
3. Passages: seed hits chained along diagonals across light edits, grown over equal words
   at the edges, filtered by length (whole short sentences beside a longer passage kept), by
   their share of common words, by how much of them third articles share in pieces and by
   words that read three or more ways across the articles sharing them (a template around
   varying names) (``storytrace.reuse.chains``).
4. Sentences: a sentence that no passage holds is reuse on its own when the whole sentence
   around its seed runs is an edited copy of the other's (a changed number, a dropped clause
   or a swapped word leave a short sentence too few seeds for a passage), unless it reads
   as a template (``storytrace.reuse.sentences``). Where sentences end is read with the words.
5. Offsets: word positions become character offsets into ``Article.text``, widened over
   the closing punctuation or opening quotation mark that touches the passage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from storytrace.model import Article, MatchKind, ReusedPassage
from storytrace.reuse.chains import Limits, TokenPassage, find_passages
from storytrace.reuse.ngrams import Seeds, index_corpus, ngram_hashes
from storytrace.reuse.sentences import SentenceTable
from storytrace.reuse.tokens import Offsets, Vocabulary, WordIds, split_sentence_ends

# The thresholds were calibrated as a set on the construction of benchmarks/reuse_corpus.py
# before issue 13 (real articles with injected copies, edited copies, reordered paragraphs and
# templated sign-offs on 30% of them, seed 2024, at 2,000 and 20,000 articles, no hard
# negatives); "F1" below is that construction's reused-pair F1 at those two sizes (0.975 and
# 0.988 with the values chosen), each figure with the other thresholds fixed: tuning figures.
# The benchmark now keeps real near-miss text as hard negatives and draws fresh seeds; what
# it prints there is untouched by these choices (pair F1 0.670 at 2,000 articles).

# Words per n-gram. Five is the shortest run two unrelated news texts rarely share by chance
# (as ``MIN_SHARED_TOKENS`` in ``storytrace.align.verbatim``), and short enough that one edited
# word costs only five seeds. F1 with 4: 0.970 / 0.986; with 6: 0.968 / 0.980.
NGRAM_WORDS = 5
# An n-gram found in more articles than this is boilerplate or a set phrase, never a seed:
# a sign-off carried by 30 articles (the tests) or by 30% of a corpus is ignored, a passage
# copied by up to 20 articles is still found, and the work per n-gram stays at most
# 20 * 19 / 2 = 190 article pairs. F1 was the same with 10 and with 40.
MAX_SEED_DF = 20
# An n-gram repeated this often inside its few articles is a refrain ("ha ha ha ha ha"), not
# evidence of copying; the cap also bounds the hits one n-gram yields to 40 * 39 / 2.
MAX_SEED_POSTINGS = 2 * MAX_SEED_DF
# A passage needs this many words covered by seeds: half a news sentence. Shorter shared runs
# are mostly formulas ("said in a statement on Tuesday that") or the varying words of a
# templated sign-off. F1 with 8: 0.945 / 0.988 (34 wrong pairs at 2,000 instead of 1);
# with 12: 0.971 / 0.984 (short copied sentences lost).
MIN_PASSAGE_TOKENS = 10
# A shorter passage is still reuse when it is whole sentences in both articles (a short wire
# sentence, or one shortened by an edit), every third article sharing part of it carries all
# of it, and the two articles share a passage of MIN_PASSAGE_TOKENS besides: then two
# overlapping seed n-grams (NGRAM_WORDS + 1 words) suffice. A formula ("said in a statement
# on Tuesday that") is never a sentence of its own; a short line shared alone is as often an
# outlet's boilerplate as a copy (benchmarks/reuse_corpus.py counts such lines carried by 3-20
# articles as false positives), so alone it is reported only as a sentence copy, with tests
# for templates of its own (``storytrace.reuse.sentences``). Set from the n-gram length, not
# fitted to any corpus.
MIN_SENTENCE_TOKENS = NGRAM_WORDS + 1
# Words without a seed that one passage may bridge: one edit (a changed, dropped or inserted
# word, or an inserted phrase of up to eight words) or two edits a few words apart.
# F1 with 4: 0.969 / 0.982; with 12: 0.974 / 0.988.
MAX_GAP_TOKENS = 8
# A passage whose matched words are more than this share covered only by common n-grams
# (df > MAX_SEED_DF) is a template with a few varying words, not reuse: "Copyright 2019
# Radio Habana Cuba. All rights reserved. This material may not be ..." shares its outlet
# and year with few articles but the rest with thousands. Copied passages stay near 0.
# F1 with 0.2: 0.973 / 0.984; with 0.5: 0.748 / 0.988 (the copyright lines come back).
MAX_COMMON_SHARE = 0.3
# A passage more than this share of which third articles share in pieces, none of them
# carrying ``CARRIER_SHARE`` of it or more, is a templated line ("Additional reporting by X
# in C; Writing by Y; Editing by Z") whose parts recur with other names around them. A third
# article that carries the passage (another copy, with its own edits) is no piece. Without
# this test F1 fell to 0.960 / 0.959 (284 wrong pairs at 20,000); with 0.5 and 0.5 it was
# 0.976 / 0.987 (29 wrong pairs); with 0.8 carriers, edited copies of one passage in several
# articles were lost (recall 0.924 / 0.934).
MAX_FRAGMENT_SHARE = 0.7
CARRIER_SHARE = 0.7
# Names what the index finds: a stored index of another version is built again by the next
# ``storytrace stories`` (``storytrace.reuse.freshness``). Change it with any change to the
# passages found (a threshold above, tokens, n-grams, chains, offsets).
REUSE_VERSION = "reuse-3"
# Articles tokenised between two calls of the progress callback.
PROGRESS_EVERY = 1000

_CLOSING = frozenset(".,;:!?…\"'”’»)]")
_OPENING = frozenset("\"'“‘«„([")
# At most this many punctuation characters widen a passage at each end.
_PUNCTUATION_REACH = 3

_LIMITS = Limits(
    NGRAM_WORDS,
    MAX_GAP_TOKENS,
    MIN_PASSAGE_TOKENS,
    MAX_COMMON_SHARE,
    MAX_FRAGMENT_SHARE,
    CARRIER_SHARE,
    MIN_SENTENCE_TOKENS,
    MAX_SEED_DF,
)


class ReuseIndex:
    """Verbatim reuse between any two articles of a corpus.

    Building the index tokenises every article and sorts all its word n-grams once; the
    passages are found on the first call of ``passages`` or ``pairs`` and kept.

    ``progress``, if given, is called with the number of articles tokenised so far (every
    ``PROGRESS_EVERY`` articles and after the last one).

    Raises ValueError when two articles share an id.
    """

    def __init__(
        self, articles: Sequence[Article], progress: Callable[[int], None] | None = None
    ) -> None:
        self._articles = list(articles)
        self._position = {article.id: i for i, article in enumerate(self._articles)}
        if len(self._position) != len(self._articles):
            raise ValueError(
                f"article ids must be unique; {_repeated_id(self._articles)!r} repeats"
            )
        self._vocabulary = Vocabulary()
        per_article: list[WordIds] = []
        for count, article in enumerate(self._articles, start=1):
            per_article.append(self._vocabulary.tokens(article.text))
            if progress is not None and (count % PROGRESS_EVERY == 0 or count == len(articles)):
                progress(count)
        token_lengths = np.array([len(ids) for ids in per_article], dtype=np.int32)
        tokens = np.concatenate(per_article) if per_article else np.zeros(0, dtype=np.int32)
        del per_article
        words, closes, lengths = split_sentence_ends(tokens, token_lengths)
        del tokens
        # Views into one array: one allocation for the whole corpus.
        self._words: list[WordIds] = np.split(words, np.cumsum(lengths)[:-1])
        self._sentences = SentenceTable.from_closes(closes, lengths)
        self._seeds: Seeds | None
        self._seeds, self._frequencies = index_corpus(
            words, lengths, NGRAM_WORDS, MAX_SEED_DF, MAX_SEED_POSTINGS
        )
        self._offsets: dict[int, tuple[Offsets, Offsets]] = {}
        self._passages: list[ReusedPassage] | None = None

    def passages(self) -> list[ReusedPassage]:
        """Every verbatim reused passage between two articles of the corpus.

        ``source`` is the article that comes first in the corpus, ``kind`` is
        ``MatchKind.COPIED``, ``tokens`` counts the words of the target passage and
        ``score`` is 1.0 for an unedited copy, else the share of its words that match.
        Sorted by source, target and target offset.
        """
        if self._passages is None:
            seeds, self._seeds = self._seeds, None  # hits are not needed once chained
            if seeds is None:
                raise RuntimeError("the seed hits are gone but no passages were kept")
            found = find_passages(
                seeds,
                self._words,
                _LIMITS,
                self._sentences,
                self._vocabulary.numeric(),
                self._frequencies,
            )
            self._passages = [self._with_offsets(passage) for passage in found]
        return list(self._passages)

    def pairs(self) -> dict[tuple[str, str], list[ReusedPassage]]:
        """The passages grouped by (source id, target id), in corpus order."""
        grouped: dict[tuple[str, str], list[ReusedPassage]] = defaultdict(list)
        for passage in self.passages():
            grouped[(passage.source, passage.target)].append(passage)
        return dict(grouped)

    def rare_ngrams(self, passage: ReusedPassage, limit: int = 5) -> list[str]:
        """The n-grams shared by both sides of ``passage`` that the fewest articles contain.

        Returned as written in the source article, rarest first (then in text order),
        without repeats: evidence a person can check. Raises ValueError when ``limit`` is
        below 1 or either article is not in the index.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        for article_id in (passage.source, passage.target):
            if article_id not in self._position:
                raise ValueError(f"article {article_id!r} is not in this index")
        source = self._position[passage.source]
        first, last = self._word_range(source, passage.source_start, passage.source_end)
        target_first, target_last = self._word_range(
            self._position[passage.target], passage.target_start, passage.target_end
        )
        hashes = ngram_hashes(self._words[source][first:last], NGRAM_WORDS)
        target_hashes = ngram_hashes(
            self._words[self._position[passage.target]][target_first:target_last], NGRAM_WORDS
        )
        positions = np.flatnonzero(np.isin(hashes, target_hashes))
        df = self._frequencies.lookup(hashes[positions])
        starts, ends = self._word_offsets(source)
        text = self._articles[source].text
        found: list[str] = []
        for at in positions[np.lexsort((positions, df))].tolist():
            ngram = text[starts[first + at] : ends[first + at + NGRAM_WORDS - 1]]
            if ngram not in found:
                found.append(ngram)
                if len(found) == limit:
                    break
        return found

    def _word_offsets(self, article: int) -> tuple[Offsets, Offsets]:
        if article not in self._offsets:
            text = self._articles[article].text
            self._offsets[article] = self._vocabulary.word_offsets(text)
        return self._offsets[article]

    def _word_range(self, article: int, start: int, end: int) -> tuple[int, int]:
        """Positions of the first word starting at ``start`` or later and past the last
        word ending at ``end`` or before."""
        starts, ends = self._word_offsets(article)
        first = int(np.searchsorted(starts, start, side="left"))
        last = int(np.searchsorted(ends, end, side="right"))
        return first, max(first, last)

    def _with_offsets(self, passage: TokenPassage) -> ReusedPassage:
        source_start, source_end = self._characters(
            passage.source, passage.source_start, passage.source_end
        )
        target_start, target_end = self._characters(
            passage.target, passage.target_start, passage.target_end
        )
        return ReusedPassage(
            source=self._articles[passage.source].id,
            source_start=source_start,
            source_end=source_end,
            target=self._articles[passage.target].id,
            target_start=target_start,
            target_end=target_end,
            kind=MatchKind.COPIED,
            tokens=passage.target_end - passage.target_start,
            score=passage.score,
        )

    def _characters(self, article: int, first: int, last: int) -> tuple[int, int]:
        """Character offsets of words ``first`` to ``last`` (exclusive), punctuation included."""
        starts, ends = self._word_offsets(article)
        text = self._articles[article].text
        start, end = int(starts[first]), int(ends[last - 1])
        for _ in range(_PUNCTUATION_REACH):
            if start > 0 and text[start - 1] in _OPENING:
                start -= 1
            if end < len(text) and text[end] in _CLOSING:
                end += 1
        return start, end


def _repeated_id(articles: list[Article]) -> str:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            return article.id
        seen.add(article.id)
    return ""


def find_reuse(articles: Sequence[Article]) -> list[ReusedPassage]:
    """Every verbatim reused passage between two of ``articles`` (see ``ReuseIndex``)."""
    return ReuseIndex(articles).passages()
