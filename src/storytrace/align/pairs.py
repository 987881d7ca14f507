"""Aligning the pairs of articles in a comparison: every pair, or the ones asked for."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import combinations

from storytrace.align.evidence import UnitFacts, shares_evidence, unit_facts
from storytrace.align.lexical import content_terms, tfidf_matrix
from storytrace.align.sentences import match_units
from storytrace.align.verbatim import shared_spans
from storytrace.model import AnalysedArticle, MatchKind, PairAlignment, SharedSpan
from storytrace.nlp.names import Token, tokenize

# What aligns the given pairs (positions) of a story's articles: ``align_articles``, or one
# that reads and keeps them in the store (``storytrace.store.alignments.kept_alignments``).
Aligner = Callable[[Sequence[AnalysedArticle], Sequence[tuple[int, int]]], list[PairAlignment]]


def align_articles(
    articles: Sequence[AnalysedArticle], pairs: Iterable[tuple[int, int]] | None = None
) -> list[PairAlignment]:
    """Shared spans and matched units for every pair of ``articles`` (in input order), or
    for ``pairs`` alone (positions in ``articles``, each pair in the order given)."""
    tokens = {item.article.id: tokenize(item.article.text) for item in articles}
    facts: dict[str, UnitFacts] = {}
    for item in articles:
        per_unit = _tokens_per_unit(item, tokens[item.article.id])
        terms = [content_terms(unit_tokens) for unit_tokens in per_unit]
        facts[item.article.id] = unit_facts(item.article.text, item.sentences, terms, per_unit)
    weights = tfidf_matrix([terms for item in articles for terms in facts[item.article.id].terms])
    rows: dict[str, slice] = {}
    offset = 0
    for item in articles:
        rows[item.article.id] = slice(offset, offset + len(item.sentences))
        offset += len(item.sentences)
    aligned = []
    chosen = combinations(range(len(articles)), 2) if pairs is None else pairs
    for i, j in chosen:
        a, b = articles[i], articles[j]
        id_a, id_b = a.article.id, b.article.id
        lexical = weights[rows[id_a]] @ weights[rows[id_b]].T
        spans = shared_spans(id_a, a.article.text, tokens[id_a], id_b, b.article.text, tokens[id_b])
        evidence = partial(_evidence, facts[id_a], a, facts[id_b], b, spans)
        aligned.append(PairAlignment(id_a, id_b, spans, match_units(a, b, lexical, evidence)))
    return aligned


def _evidence(
    facts_a: UnitFacts,
    a: AnalysedArticle,
    facts_b: UnitFacts,
    b: AnalysedArticle,
    spans: list[SharedSpan],
    i: int,
    j: int,
) -> bool:
    return shares_evidence(facts_a, a.sentences[i], facts_b, b.sentences[j], spans)


def _tokens_per_unit(item: AnalysedArticle, tokens: list[Token]) -> list[list[Token]]:
    """The tokens of each unit, taken from the article's tokens by offset."""
    units: list[list[Token]] = [[] for _ in item.sentences]
    starts = [sentence.start for sentence in item.sentences]
    for token in tokens:
        at = bisect_right(starts, token.start) - 1
        if at >= 0 and token.start < item.sentences[at].end:
            units[at].append(token)
    return units


def only_here(
    articles: Sequence[AnalysedArticle], pairs: Sequence[PairAlignment]
) -> dict[str, list[int]]:
    """For each article, the indexes of its units that no other article carries: a unit
    whose only counterparts are on the same topic (``MatchKind.SAME_TOPIC``) is only here."""
    carried: dict[str, set[int]] = {item.article.id: set() for item in articles}
    for pair in pairs:
        for match in pair.matches:
            if match.kind == MatchKind.SAME_TOPIC:
                continue
            carried[match.article_a].add(match.sentence_a)
            carried[match.article_b].add(match.sentence_b)
    return {
        item.article.id: [
            s.index for s in item.sentences if s.index not in carried[item.article.id]
        ]
        for item in articles
    }
