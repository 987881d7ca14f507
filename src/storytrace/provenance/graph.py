"""The derivation graph of one story: which article derives from which, how, and on what evidence.

``derive_story`` runs this cascade:

1. Publication times from metadata or datelines (``timing``), credits in each text
   (``credits``).
2. Evidence per pair of articles (``evidence``): the verbatim passages given, then the
   pair alignment's verbatim runs and matched sentences where those add to them (every
   pair of a small story; each article's nearest members in a large one: ``candidates``).
3. Direction of each pair, first rule that decides:

   a. a credit that only one of the two texts gives to the other's outlet, when the
      publication times disagree with it or are unknown (a text cannot credit an outlet
      that has not yet published; a timestamp is often the time of a later update);
   b. publication times: the earlier article is the source;
   c. coverage: the article whose text the shared passages cover more (by at least
      ``COVERAGE_MARGIN``) is the target; a copy keeps most of what it takes and adds
      little, its source carries more besides;
   d. otherwise the direction is unknown (``ORDER_UNKNOWN``): the edge links the two
      without claiming which came first, and its source/target are only the pair's
      order. The story's order (ingest order where nothing dates the articles) is never
      taken for evidence.

4. Enough evidence (``measure``): shared quotations and loose rewordings do not count;
   what is left must carry two target sentences verbatim, cover half of the target, or
   retell a good part of the shorter text in the same order. Outlets that merely report
   the same facts and quote the same people fall short of these (see ``measure`` for the
   rules and their calibration on BASIL).
5. The kind: credited syndication when the target credits the source's outlet, or both
   credit one agency in their datelines; else translation when the languages differ or
   translated passages dominate; else verbatim copy when verbatim passages cover at least
   half of what is shared; else paraphrase.
6. The evidence's strength: the amount of evidence (carried sentences, covered share)
   times the passages' similarity (``EdgeEvidence.strength``). The edge's ``passages``
   and ``shared_share`` include the shared quotations, which its text does carry.
7. Each target's most likely direct source (``direct_sources``): all edges stay, but the
   one from the source that best explains the target is marked. Edges of unknown
   direction are never anyone's direct source.
8. The confidence (``confidence``): the probability that one article of the edge derives
   from the other, directly or not, from the strength and whether a common source
   explains the pair (two copies of one text), by a monotone table fitted on the
   derivation benchmark's tuning part. The direction is not in it: the edge's basis says
   how the direction was told.
9. Passage origins (``origins``) and outlet profiles (``outlets``), from the directed
   edges only; the timeline marks every article whose place in it is not known.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from storytrace.align.pairs import Aligner, align_articles
from storytrace.model import (
    ORDER_UNKNOWN,
    AnalysedArticle,
    Article,
    Derivation,
    DerivationKind,
    ReusedPassage,
    Story,
    StoryGraph,
    TimelineEntry,
)
from storytrace.provenance.candidates import pairs_to_align
from storytrace.provenance.confidence import ConfidenceMap, calibrated, common_source_pairs
from storytrace.provenance.credits import credit_for, find_credits
from storytrace.provenance.evidence import covered, flip, pair_passages
from storytrace.provenance.measure import EdgeEvidence, is_strong, measure
from storytrace.provenance.origins import passage_origins
from storytrace.provenance.outlets import outlet_names, outlet_profiles
from storytrace.provenance.timing import (
    PublicationTime,
    lag_seconds,
    order,
    publication_times,
)
from storytrace.quotes.marks import quoted_spans

# Coverage decides a direction when one side is covered by this much more than the other;
# closer than that, the two texts are too alike in shape to tell.
COVERAGE_MARGIN = 0.1
# Shares within this of each other cover "as much" of a target (sentence offsets and
# verbatim runs of one passage differ by a few characters).
BYPASS_TOLERANCE = 0.05
# At most this many rare n-grams are kept per edge: enough to show, few enough to read.
MAX_RARE_NGRAMS = 5

RareNgrams = Callable[[ReusedPassage], list[str]]


@dataclass(frozen=True)
class _Edge:
    derivation: Derivation
    basis: str


def derive_story(
    story: Story,
    articles: Sequence[AnalysedArticle],
    verbatim: Sequence[ReusedPassage],
    rare_ngrams: RareNgrams | None = None,
    align: Aligner = align_articles,
    confidence: ConfidenceMap = calibrated,
    ruled_out: Collection[tuple[str, str]] = (),
) -> StoryGraph:
    """The derivation graph of ``story`` (see the module docstring for the method).

    Args:
        story: the story; its ``article_ids`` list undated articles, never as evidence.
        articles: the story's analysed articles (with embeddings); articles not in the
            story are ignored, and story ids without an article here are left out.
        verbatim: verbatim passages found by the n-gram index, in either direction;
            passages with an article outside the story are ignored.
        rare_ngrams: returns the shared n-grams of a passage that are rare in the corpus,
            rarest first; without it edges carry no rare n-grams.
        align: aligns the chosen pairs of members (``align_articles`` by default).
        confidence: maps an edge's evidence strength, and whether a common source
            explains its pair, to its confidence (``calibrated`` by default; the
            calibration passes the strength through to fit the table).
        ruled_out: ``(source, target)`` edges a person marked wrong: left out, as if
            their evidence had not been found, before direct sources, origins and the
            outlets' roles are decided.

    Returns:
        The ``StoryGraph``; a story with fewer than two articles has no edges.

    Raises:
        ValueError: two articles share an id, or an article has no embeddings.
    """
    members = _members(story, articles)
    texts = {item.article.id: item.article.text for item in members}
    times = publication_times([item.article for item in members])
    chosen = pairs_to_align(members, verbatim)
    alignments = align(members, chosen) if chosen else []
    quotes = {article_id: quoted_spans(text) for article_id, text in texts.items()}
    by_id = {item.article.id: item for item in members}
    edges = []
    for (first, second), passages in pair_passages(members, alignments, verbatim).items():
        edge = _derive_pair(by_id[first], by_id[second], passages, times, quotes, rare_ngrams)
        if edge is not None and (edge.derivation.source, edge.derivation.target) not in ruled_out:
            edges.append(edge)
    timeline = _timeline([item.article for item in members], times)
    rank = {entry.article: i for i, entry in enumerate(timeline)}
    directed = [edge.derivation for edge in edges if edge.basis != ORDER_UNKNOWN]
    direct = direct_sources(directed)
    edges = _with_confidence(edges, direct, confidence)
    directed = [edge.derivation for edge in edges if edge.basis != ORDER_UNKNOWN]
    edges.sort(
        key=lambda e: (
            rank[e.derivation.target],
            direct.get(e.derivation.target) != e.derivation.source,
            -e.derivation.confidence,
            rank[e.derivation.source],
        )
    )
    derivations = [edge.derivation for edge in edges]
    in_order = sorted((item.article for item in members), key=lambda a: rank[a.id])
    return StoryGraph(
        story=story,
        derivations=tuple(derivations),
        origins=tuple(passage_origins(derivations, texts, rank, times, directed)),
        outlets=tuple(outlet_profiles(in_order, directed, direct)),
        timeline=tuple(timeline),
        direct_sources=tuple(sorted(direct.items(), key=lambda item: rank[item[0]])),
        direction_basis=tuple((e.derivation.source, e.derivation.target, e.basis) for e in edges),
    )


def direct_sources(derivations: Sequence[Derivation]) -> dict[str, str]:
    """For each target, its most likely direct source among the edges into it.

    Preferred, in order: a source the target credits; a source not bypassed (S is
    bypassed when S -> S2 and S2 -> target are edges too and S2 -> target covers at least
    as much of the target, less ``BYPASS_TOLERANCE``: the target more likely took the text
    from S2, which took it from S); the larger covered share; the higher confidence
    (``derive_story`` calls it with the evidence's strength there).
    """
    edges = {(d.source, d.target): d for d in derivations}
    incoming: dict[str, list[Derivation]] = {}
    for derivation in derivations:
        incoming.setdefault(derivation.target, []).append(derivation)
    chosen = {}
    for target, candidates in incoming.items():

        def bypassed(edge: Derivation, target: str = target) -> bool:
            return any(
                (edge.source, other.source) in edges
                and other.shared_share >= edge.shared_share - BYPASS_TOLERANCE
                for other in incoming[target]
                if other.source != edge.source
            )

        best = max(
            candidates,
            key=lambda d: (
                d.kind == DerivationKind.SYNDICATION,
                not bypassed(d),
                d.shared_share,
                d.confidence,
            ),
        )
        chosen[target] = best.source
    return chosen


def _with_confidence(
    edges: Sequence[_Edge], direct: Mapping[str, str], confidence: ConfidenceMap
) -> list[_Edge]:
    """The edges with their confidence (step 8); ``derivation.confidence`` holds the
    strength until then."""
    common = common_source_pairs(
        ((e.derivation.source, e.derivation.target, e.basis != ORDER_UNKNOWN) for e in edges),
        direct,
    )
    return [
        _Edge(
            replace(
                edge.derivation,
                confidence=confidence(
                    edge.derivation.confidence,
                    frozenset((edge.derivation.source, edge.derivation.target)) in common,
                ),
            ),
            edge.basis,
        )
        for edge in edges
    ]


def _members(story: Story, articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    seen: dict[str, AnalysedArticle] = {}
    for item in articles:
        if item.article.id in seen:
            raise ValueError(f"two articles have the id {item.article.id!r}; ids must be unique")
        seen[item.article.id] = item
    return [
        seen[article_id] for article_id in dict.fromkeys(story.article_ids) if article_id in seen
    ]


def _derive_pair(
    first: AnalysedArticle,
    second: AnalysedArticle,
    passages: Sequence[ReusedPassage],
    times: Mapping[str, PublicationTime | None],
    quotes: Mapping[str, list[tuple[int, int]]],
    rare_ngrams: RareNgrams | None,
) -> _Edge | None:
    source, target, basis = _direction(first, second, passages, times)
    texts = {first.article.id: first.article.text, second.article.id: second.article.text}
    oriented = tuple(p if p.source == source.article.id else flip(p, texts) for p in passages)
    evidence = measure(
        source, target, oriented, quotes[source.article.id], quotes[target.article.id]
    )
    if not evidence.enough():
        return None
    # The edge shows the shared quotations too (its text carries them), not the loose
    # matches of the same fact told twice.
    shown = [p for p in oriented if is_strong(p)]
    credit = syndication_credit(source.article, target.article)
    derivation = Derivation(
        source=source.article.id,
        target=target.article.id,
        kind=_kind(credit, source.article, target.article, evidence),
        confidence=round(evidence.strength(), 3),  # the strength until step 8
        passages=tuple(sorted(shown, key=lambda p: (p.target_start, p.source_start))),
        rare_ngrams=_rare(evidence.passages, rare_ngrams),
        lag_seconds=lag_seconds(times[source.article.id], times[target.article.id]),
        credit=credit,
        shared_share=round(_share(target, shown), 4),
    )
    return _Edge(derivation, basis)


def _direction(
    first: AnalysedArticle,
    second: AnalysedArticle,
    passages: Sequence[ReusedPassage],
    times: Mapping[str, PublicationTime | None],
) -> tuple[AnalysedArticle, AnalysedArticle, str]:
    """(source, target, basis) by the rules of step 3; passages run first -> second."""
    a, b = first.article, second.article
    b_credits_a = credit_for(b, a.outlet) is not None
    a_credits_b = credit_for(a, b.outlet) is not None
    credited = 0 if b_credits_a == a_credits_b else (1 if b_credits_a else -1)
    step = order(times[a.id], times[b.id])
    if step is not None:
        by_time = 1 if step == -1 else -1  # 1: first is the source
        if credited == 0:
            basis = "publication time"
        elif credited == by_time:
            basis = "publication time and credit"
        else:
            basis, by_time = "credit against publication time", credited
        return (first, second, basis) if by_time == 1 else (second, first, basis)
    if credited:
        return (first, second, "credit") if credited == 1 else (second, first, "credit")
    share_first = covered((p.source_start, p.source_end) for p in passages) / max(len(a.text), 1)
    share_second = covered((p.target_start, p.target_end) for p in passages) / max(len(b.text), 1)
    if share_first - share_second >= COVERAGE_MARGIN:
        return second, first, "coverage"
    if share_second - share_first >= COVERAGE_MARGIN:
        return first, second, "coverage"
    return first, second, ORDER_UNKNOWN


def syndication_credit(source: Article, target: Article) -> str | None:
    """The credit that makes ``target`` a credited syndication of ``source``, or ``None``.

    Either ``target`` credits the source's outlet (dateline agency, "via X", ...), or both
    texts credit one agency in their datelines ("(AFP)" in each: both carry its copy).
    """
    credit = credit_for(target, source.outlet)
    if credit is not None:
        return credit.phrase
    for own in find_credits(source):
        if own.in_dateline:
            shared = credit_for(target, own.name)
            if shared is not None and shared.in_dateline:
                return shared.phrase
    return None


def _kind(
    credit: str | None, source: Article, target: Article, evidence: EdgeEvidence
) -> DerivationKind:
    if credit is not None:
        return DerivationKind.SYNDICATION
    languages = {source.language, target.language}
    if (None not in languages and len(languages) > 1) or evidence.translated > max(
        evidence.copied, evidence.reworded - evidence.translated
    ):
        return DerivationKind.TRANSLATION
    if evidence.copied * 2 >= evidence.copied + evidence.reworded:
        return DerivationKind.VERBATIM
    return DerivationKind.PARAPHRASE


def _share(target: AnalysedArticle, passages: Sequence[ReusedPassage]) -> float:
    """Share of the target's text that all passages cover, quotations included."""
    ranges = [(p.target_start, p.target_end) for p in passages]
    return covered(ranges) / max(len(target.article.text), 1)


def _rare(passages: Sequence[ReusedPassage], rare_ngrams: RareNgrams | None) -> tuple[str, ...]:
    if rare_ngrams is None:
        return ()
    found: dict[str, None] = {}
    for passage in passages:
        for ngram in rare_ngrams(passage):
            found.setdefault(ngram, None)
            if len(found) >= MAX_RARE_NGRAMS:
                return tuple(found)
    return tuple(found)


def _timeline(
    articles: Sequence[Article], times: Mapping[str, PublicationTime | None]
) -> list[TimelineEntry]:
    """Articles by publication time, earliest first; the rest last, in story order.

    An article without a publication time (none, or only a crawl or update time), or whose
    time cannot be ordered against another article's, is marked ``order_known=False``.
    """
    position = {article.id: i for i, article in enumerate(articles)}
    names = outlet_names(articles)
    dated = {
        article_id: time
        for article_id, time in times.items()
        if time is not None and time.is_publication
    }

    def key(article: Article) -> tuple[int, str, int]:
        time = dated.get(article.id)
        if time is None:
            return (1, "", position[article.id])
        return (0, time.middle().isoformat(), position[article.id])

    def placed(article_id: str) -> bool:
        time = dated.get(article_id)
        return time is not None and all(
            order(time, other) is not None
            for other_id, other in dated.items()
            if other_id != article_id
        )

    entries = []
    for article in sorted(articles, key=key):
        time = times[article.id]
        published: str | None
        basis: str | None
        if time is not None and not time.is_publication:
            published, basis = None, f"{time.basis} {time.iso()}, published by then"
        else:
            published = time.iso() if time is not None else None
            basis = time.basis if time is not None else None
        entries.append(
            TimelineEntry(
                article=article.id,
                outlet=names[article.id],
                published=published,
                basis=basis,
                order_known=placed(article.id),
            )
        )
    return entries
