"""Grouping the variants of one utterance across articles, and what each variant changes.

1. Speakers get one identity across the story's articles (``unify_speakers``).
2. Two quotations from different articles are variants of one utterance when their
   multilingual embeddings are close (so two translations of one statement meet) and their
   speakers, where both are known, are the same. Reported speech ("he said the plan was
   dead") joins only a quotation of the same known speaker.
3. Groups grow from that relation, most similar pairs first, and never hold two quotations
   of one article.
4. Each group's reference variant is the one from the article listed first
   (``article_order``); every other variant gets a word-level diff against it. Variants
   with the same words share a wording number. Of the articles that carry one wording,
   one is marked first when its publication time is known to come before every other
   carrier's (``times``); the only carrier of a wording, when it is known to come before
   every other article of the group. Undated articles, two of one day, a crawl date or a
   quotation no other article carries never make a first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from storytrace.model import Quote, QuoteGroup, QuoteKind, QuoteVariant, WordChange
from storytrace.nlp.embeddings import embed
from storytrace.nlp.names import fold, key_script
from storytrace.provenance.timing import PublicationTime, order
from storytrace.quotes.identity import unify_speakers

# Embedding cosine at or above which two quotations render one utterance. Two English
# translations of one sentence scored 0.8-0.9 on the seeds; unrelated quotations on one
# story stay below 0.5.
VARIANT_THRESHOLD = 0.6
# Without a known speaker on both sides, demand more of the wording.
VARIANT_THRESHOLD_NO_SPEAKER = 0.7
# Reported speech, beside a quotation of the same known speaker. Measured on BASIL: 1,217
# pairs of a quotation and a same-story "X said (that) ..." sentence of another outlet; of
# the 60 most similar (cosine 0.47-0.71), 15 render the same statement. Cut at 0.65 /
# 0.60 / 0.55 / 0.50 they give 5/0, 7/4, 13/9, 15/31 true/false pairs (F1 0.50, 0.54, 0.70,
# 0.49): pronouns and tenses shift in reported speech, so true pairs score lower than two
# quotations of one statement do.
VARIANT_THRESHOLD_INDIRECT = 0.55
# Reported speech whose speaker only one side names ("the Russian general"; a translation
# whose speaker has no name): near a translation of the same words. A Russian rendering of
# an English reported sentence scored 0.79 on the seeds' story; two statements of one
# speaker about one event 0.48-0.59.
VARIANT_THRESHOLD_INDIRECT_NO_SPEAKER = 0.75
# A quotation whose words, this many or more, run verbatim inside another's is a variant of
# it whatever the embedding says: an outlet that quotes one more sentence drags the cosine
# down (0.58 for the Ketsoyan statement in tests/fixtures/ecbplus/tara_reid_rehab.jsonl).
VARIANT_CONTAINED_WORDS = 6

# Words only: a moved comma or a bracket is not a change a reader needs to see.
_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)


def group_quotes(
    quotes: Sequence[Quote],
    article_order: Sequence[str],
    times: Mapping[str, PublicationTime | None] | None = None,
    vectors: npt.NDArray[np.float32] | None = None,
) -> list[QuoteGroup]:
    """Group the quotations of one story's articles into variants of one utterance.

    ``quotes`` are all quotations of the story; ``article_order`` lists its article ids,
    earliest first (articles it leaves out come after, in the order their quotations do).
    ``times`` are the articles' publication times (``provenance.timing.publication_times``):
    a shared wording's first carrier is the one known to come before the others; without
    ``times``, ``article_order`` is taken as a known order.
    ``vectors``: the quotations' embeddings (``embed`` of their texts, in ``quotes``
    order) where the caller kept them; embedded here when None.
    Returns every group, singletons included, in reading order; the quotations in them
    carry speaker keys unified across the articles.
    """
    if not quotes:
        return []
    quotes = unify_speakers(quotes)
    if len({quote.article for quote in quotes}) > 1:
        if vectors is None:
            vectors = embed([quote.text for quote in quotes])
        similarity = vectors @ vectors.T
    else:
        # one article's quotations are never variants of each other: nothing to embed
        similarity = np.eye(len(quotes), dtype=np.float32)
    rank = {article: position for position, article in enumerate(article_order)}
    for quote in quotes:
        rank.setdefault(quote.article, len(rank))

    def came_before(a: str, b: str) -> bool:
        if times is None:
            return rank[a] < rank[b]
        return order(times.get(a), times.get(b)) == -1

    def reading_order(i: int) -> tuple[int, int]:
        return rank[quotes[i].article], quotes[i].start

    members = [sorted(ix, key=reading_order) for ix in _merge_groups(quotes, similarity)]
    members.sort(key=lambda ix: reading_order(ix[0]))
    roles = _roles([quotes[i] for i in sorted(range(len(quotes)), key=reading_order)])
    return [
        _group(f"g{n}", [quotes[i] for i in indexes], similarity, indexes, roles, came_before)
        for n, indexes in enumerate(members)
    ]


def _merge_groups(quotes: Sequence[Quote], similarity: npt.NDArray[np.float32]) -> list[list[int]]:
    """Merge quotations into groups, most similar pairs first.

    Two groups merge only when no article has a quotation in both: an outlet renders one
    utterance once, so a chain of near matches cannot pull two of its quotations together.
    """
    group_of = list(range(len(quotes)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(quotes))}
    wordings = [_wording(quote) for quote in quotes]
    candidates = [
        (float(similarity[i, j]), i, j)
        for i in range(len(quotes))
        for j in range(i + 1, len(quotes))
        if _same_utterance(
            quotes[i], quotes[j], float(similarity[i, j]), _contained(wordings[i], wordings[j])
        )
    ]
    candidates = _unambiguous(quotes, candidates)
    for _, i, j in sorted(candidates, reverse=True):
        left, right = group_of[i], group_of[j]
        if left == right:
            continue
        articles_left = {quotes[k].article for k in groups[left]}
        if any(quotes[k].article in articles_left for k in groups[right]):
            continue
        if _clash(_keys(quotes, groups[left]) | _keys(quotes, groups[right])):
            continue  # two named speakers never share a group, even through an unnamed one
        for k in groups[right]:
            group_of[k] = left
        groups[left].extend(groups.pop(right))
    return list(groups.values())


def _keys(quotes: Sequence[Quote], members: Sequence[int]) -> set[str]:
    """The named speakers' identity keys among ``members``."""
    speakers = (quotes[k].speaker for k in members)
    return {speaker.key for speaker in speakers if speaker is not None and speaker.key}


def _clash(keys: set[str]) -> bool:
    """True when ``keys`` name two speakers: two keys of one script. Keys of two scripts
    ("peskov", "ar:byskwf") cannot be compared, so they do not clash."""
    scripts = [key_script(key) for key in keys]
    return len(scripts) != len(set(scripts))


def _unambiguous(
    quotes: Sequence[Quote], candidates: list[tuple[float, int, int]]
) -> list[tuple[float, int, int]]:
    """Candidate pairs, less those that would give an unnamed speaker's quotation to one of
    several named speakers that it matches equally well (the same reported sentence under
    Trump's name and under Cruz's: the unnamed one could be either)."""
    partners: dict[int, set[str]] = {}
    for _, i, j in candidates:
        for one, other in ((i, j), (j, i)):
            partners.setdefault(one, set()).update(_keys(quotes, [other]))
    ambiguous = {i for i, keys in partners.items() if not _keys(quotes, [i]) and _clash(keys)}
    return [
        (score, i, j)
        for score, i, j in candidates
        if not ((i in ambiguous and _keys(quotes, [j])) or (j in ambiguous and _keys(quotes, [i])))
    ]


def _same_utterance(a: Quote, b: Quote, similarity: float, contained: bool) -> bool:
    if a.article == b.article:
        return False
    key_a = a.speaker.key if a.speaker else ""
    key_b = b.speaker.key if b.speaker else ""
    if key_script(key_a) != key_script(key_b):
        key_a = key_b = ""  # names in two scripts cannot be compared: as if unnamed
    if key_a and key_b and key_a != key_b:
        return False
    if QuoteKind.INDIRECT in (a.kind, b.kind):
        if key_a and key_b:
            return similarity >= VARIANT_THRESHOLD_INDIRECT
        # a speaker named on one side at most ("the Russian general", a translation with no
        # name): the same words, or nearly a translation of them
        return contained or similarity >= VARIANT_THRESHOLD_INDIRECT_NO_SPEAKER
    if key_a and key_b:
        return key_a == key_b and (contained or similarity >= VARIANT_THRESHOLD)
    return contained or similarity >= VARIANT_THRESHOLD_NO_SPEAKER


def _wording(quote: Quote) -> tuple[str, ...]:
    """The quotation's words, case, accents and punctuation aside."""
    return tuple(fold(w) or w for w in _WORDS.findall(quote.text))


def _contained(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when the shorter wording, long enough, runs verbatim inside the longer."""
    short, long = sorted((a, b), key=len)
    if len(short) < VARIANT_CONTAINED_WORDS:
        return False
    first = short[0]
    return any(
        long[i : i + len(short)] == short
        for i in range(len(long) - len(short) + 1)
        if long[i] == first
    )


def _roles(quotes: Sequence[Quote]) -> dict[str, str]:
    """Speaker key -> the first role any quotation of that speaker gives (reading order)."""
    roles: dict[str, str] = {}
    for quote in quotes:
        if quote.speaker and quote.speaker.key and quote.speaker.role:
            roles.setdefault(quote.speaker.key, quote.speaker.role)
    return roles


def _group(
    group_id: str,
    quotes: list[Quote],
    similarity: npt.NDArray[np.float32],
    indexes: list[int],
    roles: dict[str, str],
    came_before: Callable[[str, str], bool],
) -> QuoteGroup:
    reference = quotes[0]
    wordings: dict[tuple[str, ...], int] = {}
    carriers: dict[tuple[str, ...], list[str]] = {}
    for quote in quotes:
        carriers.setdefault(_wording(quote), []).append(quote.article)
    group_articles = [quote.article for quote in quotes]
    variants = []
    for quote, index in zip(quotes, indexes, strict=True):
        wording = _wording(quote)
        # first of its wording: known to come before the others that carry it; a wording
        # only one article carries is first only when that article is known to come
        # before every other article of the group (it carried the utterance first). A
        # quotation no other article carries is never first: there is no one to be first
        # against, and "first" is always a claim of known publication order.
        rivals = [other for other in carriers[wording] if other != quote.article] or [
            other for other in group_articles if other != quote.article
        ]
        first = bool(rivals) and all(came_before(quote.article, other) for other in rivals)
        number = wordings.setdefault(wording, len(wordings))
        if quote is reference:
            variants.append(QuoteVariant(quote, 1.0, [], number, first))
            continue
        score = round(float(similarity[indexes[0], index]), 4)
        changes = word_changes(reference.text, quote.text)
        variants.append(QuoteVariant(quote, score, changes, number, first))
    speakers = [q.speaker for q in quotes if q.speaker and q.speaker.key]
    if not speakers:
        return QuoteGroup(group_id, None, variants)
    key = speakers[0].key
    named = [s for s in speakers if s.key == key]
    fullest = max(named, key=lambda s: (len(s.name.split()), len(s.name)))
    role = next((s.role for s in named if s.role), roles.get(key))
    return QuoteGroup(group_id, key, variants, fullest.name, role)


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
