"""The derivation benchmark's baseline: word overlap, publication order and a credit search.

Given what storytrace is given (cleaned text, outlet, publication time, language, the
story's order), for each pair of a story's articles:

- an edge when the Jaccard similarity of their content words (storytrace's own
  ``content_terms``) reaches ``OverlapCuts.edge``;
- the earlier article is the source (``provenance.timing.order``, so a date and a datetime
  are compared as carefully as storytrace does); where that is unknown, the one earlier in
  the story's order;
- the kind: credited syndication when the target names the source's outlet, or the
  initials of its words (AFP, AP), as a word; else translation when the languages differ;
  else verbatim copy when the overlap reaches ``OverlapCuts.copy``; else paraphrase.

The two cuts are chosen on a tuning corpus (``choose_cuts``) by the same scoring as the
figures: the edge cut for the best F1 of edges, then the copy cut for the best kind
accuracy; the baseline is then scored on other corpora.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from storytrace.align.lexical import content_terms
from storytrace.evaluation.derivation_corpus import GeneratedStory
from storytrace.evaluation.derivation_scoring import Edge, StoryEdges, score
from storytrace.model import Article, DerivationKind
from storytrace.nlp.names import tokenize
from storytrace.provenance.timing import order, publication_time, story_year

# Cuts tried when choosing: 0.01 to 0.99.
CANDIDATE_CUTS = tuple(round(i / 100, 2) for i in range(1, 100))


@dataclass(frozen=True)
class OverlapCuts:
    edge: float
    copy: float


@dataclass(frozen=True)
class StoryInput:
    """A generated story as storytrace's store gives it: cleaned articles in story order,
    keyed by the generated article keys."""

    story: GeneratedStory
    articles: tuple[Article, ...]  # ``Article.id`` is the generated key


@dataclass(frozen=True)
class _Pair:
    source: str
    target: str
    overlap: float
    credited: bool
    languages_differ: bool


def baseline_edges(inputs: Sequence[StoryInput], cuts: OverlapCuts) -> list[StoryEdges]:
    """The baseline's edges for every story."""
    return [_edges(item.story, _pairs(item), cuts) for item in inputs]


def choose_cuts(inputs: Sequence[StoryInput]) -> OverlapCuts:
    """The edge cut with the best edge F1 on ``inputs``, then the copy cut with the best kind
    accuracy (the first best, from the lowest cut)."""
    pairs = [(item.story, _pairs(item)) for item in inputs]

    def scored(cuts: OverlapCuts) -> list[StoryEdges]:
        return [_edges(story, found, cuts) for story, found in pairs]

    edge = max(CANDIDATE_CUTS, key=lambda cut: (score(scored(OverlapCuts(cut, cut))).f1, -cut))
    cuts = OverlapCuts(edge, edge)
    copy = max(
        CANDIDATE_CUTS,
        key=lambda cut: (score(scored(replace(cuts, copy=cut))).kind_accuracy, -cut),
    )
    return replace(cuts, copy=copy)


def overlap(first: str, second: str) -> float:
    """Jaccard similarity of the two texts' content words."""
    a, b = content_terms(tokenize(first)), content_terms(tokenize(second))
    return len(a & b) / len(a | b) if a | b else 0.0


def names_outlet(text: str, outlet: str | None) -> bool:
    """Tell whether ``text`` names ``outlet``, or the initials of its words, as a word."""
    if not outlet:
        return False
    names = {outlet}
    words = [word for word in re.split(r"[\s\-]+", outlet) if word[:1].isupper()]
    if len(words) > 1:
        names.add("".join(word[0] for word in words))
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names)


def _pairs(item: StoryInput) -> list[_Pair]:
    articles = item.articles
    year = story_year(articles)
    times = {a.id: publication_time(a, year) for a in articles}
    found = []
    for a, b in combinations(articles, 2):  # story order: a before b
        step = order(times[a.id], times[b.id])
        source, target = (b, a) if step == 1 else (a, b)
        found.append(
            _Pair(
                source.id,
                target.id,
                overlap(a.text, b.text),
                names_outlet(target.text, source.outlet),
                a.language != b.language,
            )
        )
    return found


def _edges(story: GeneratedStory, pairs: Sequence[_Pair], cuts: OverlapCuts) -> StoryEdges:
    edges = []
    for pair in pairs:
        if pair.overlap < cuts.edge:
            continue
        if pair.credited:
            kind = DerivationKind.SYNDICATION
        elif pair.languages_differ:
            kind = DerivationKind.TRANSLATION
        elif pair.overlap >= cuts.copy:
            kind = DerivationKind.VERBATIM
        else:
            kind = DerivationKind.PARAPHRASE
        edges.append(Edge(pair.source, pair.target, kind, pair.overlap))
    return StoryEdges(story, tuple(edges))
