"""Scoring a derivation graph against a generated story's known sources.

An edge claims that one article derives from the other. Per corpus:

- precision: the share of edges between two articles of which one derives from the other,
  directly or through others (``Relation.DIRECT`` or ``INDIRECT``); an edge between two
  copies of one source (``SIBLING``) or to an independent report (``NONE``) is wrong;
  ``precision_without_siblings`` leaves the sibling edges out (storytrace keeps every
  edge and marks each target's direct source instead);
- recall: the share of true direct derivations (article and its parent) given an edge;
- direction accuracy: of the right edges that claim a direction, the share pointing from the
  earlier text to the one derived from it; an edge whose direction nothing told
  (``Edge.directed`` false) claims none and is counted apart (``directed_share``: the share of
  right edges that claim a direction);
- kind accuracy: of the direct derivations found, the share with the true kind (credited
  syndication, verbatim copy, paraphrase, translation), with the confusion by kind;
- calibration: an edge's confidence is the probability that it is right in the sense of
  precision above (one article derives from the other, directly or not; siblings and
  independent reports are wrong). The reliability table puts the edges in
  ``RELIABILITY_BINS`` equal-width bins of confidence and gives each bin's edges, mean
  confidence and observed precision; the expected calibration error (ECE) is the mean,
  weighted by edges, of each bin's |mean confidence - precision|; the Brier score is the
  mean squared difference between confidence and rightness (1 or 0);
- direct source: of the derived articles given any incoming edge, the share whose marked
  direct source is their true parent (storytrace only; ``None`` for a method without one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from storytrace.evaluation.derivation_corpus import GeneratedStory, Relation, Role
from storytrace.model import DerivationKind

# Equal-width bins of confidence for the reliability table and the ECE: [0, 0.1), ...,
# [0.9, 1]. Ten is the usual count; with a few hundred edges each bin that holds any
# has enough to show a precision.
RELIABILITY_BINS = 10


@dataclass(frozen=True)
class Edge:
    """One claimed derivation, by generated article keys."""

    source: str
    target: str
    kind: DerivationKind
    confidence: float = 1.0
    directed: bool = True  # False: the pair is linked, which came first is left unknown


@dataclass(frozen=True)
class StoryEdges:
    """What one method said about one story."""

    story: GeneratedStory
    edges: tuple[Edge, ...]
    direct_sources: Mapping[str, str] | None = None  # target -> its marked direct source


@dataclass
class DerivationScores:
    """Counts over a corpus; the figures are properties."""

    edges: int = 0
    right_edges: int = 0
    direct_pairs: int = 0
    direct_found: int = 0
    direction_right: int = 0
    directed_right_edges: int = 0  # right edges that claim a direction
    independent_pairs: int = 0
    independent_linked: int = 0
    sibling_pairs: int = 0
    sibling_linked: int = 0
    kinds: Counter[tuple[DerivationKind, DerivationKind]] = field(default_factory=Counter)
    judged: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right)
    direct_source_asked: int = 0
    direct_source_right: int = 0

    @property
    def precision(self) -> float:
        return self.right_edges / self.edges if self.edges else 0.0

    @property
    def precision_without_siblings(self) -> float:
        """Precision with edges between two copies of one source left out."""
        counted = self.edges - self.sibling_linked
        return self.right_edges / counted if counted else 0.0

    @property
    def recall(self) -> float:
        return self.direct_found / self.direct_pairs if self.direct_pairs else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def direction_accuracy(self) -> float:
        if not self.directed_right_edges:
            return 0.0
        return self.direction_right / self.directed_right_edges

    @property
    def directed_share(self) -> float:
        return self.directed_right_edges / self.right_edges if self.right_edges else 0.0

    @property
    def kind_accuracy(self) -> float:
        found = sum(self.kinds.values())
        return (
            sum(n for (true, said), n in self.kinds.items() if true == said) / found
            if found
            else 0.0
        )

    @property
    def independent_linked_share(self) -> float:
        return self.independent_linked / self.independent_pairs if self.independent_pairs else 0.0

    @property
    def sibling_linked_share(self) -> float:
        return self.sibling_linked / self.sibling_pairs if self.sibling_pairs else 0.0

    @property
    def direct_source_accuracy(self) -> float | None:
        if not self.direct_source_asked:
            return None
        return self.direct_source_right / self.direct_source_asked

    def reliability(self) -> list[tuple[str, int, float, float]]:
        """(bin label, edges in it, their mean confidence, their precision) per bin of
        confidence that holds any edge."""
        bins: dict[int, list[tuple[float, bool]]] = {}
        for confidence, right in self.judged:
            bins.setdefault(_bin(confidence), []).append((confidence, right))
        rows = []
        for i in sorted(bins):
            edges = bins[i]
            label = f"{i / RELIABILITY_BINS:.1f}-{(i + 1) / RELIABILITY_BINS:.1f}"
            mean = sum(c for c, _ in edges) / len(edges)
            rows.append((label, len(edges), mean, sum(r for _, r in edges) / len(edges)))
        return rows

    @property
    def calibration_error(self) -> float:
        """Expected calibration error over ``RELIABILITY_BINS`` equal-width bins."""
        if not self.judged:
            return 0.0
        return sum(n * abs(mean - right) for _, n, mean, right in self.reliability()) / len(
            self.judged
        )

    @property
    def brier(self) -> float:
        """Mean squared difference between each edge's confidence and its rightness."""
        if not self.judged:
            return 0.0
        return sum((c - r) ** 2 for c, r in self.judged) / len(self.judged)


def score(results: Sequence[StoryEdges]) -> DerivationScores:
    """Score every story's edges against its truth (see the module docstring)."""
    scores = DerivationScores()
    for result in results:
        _score_story(result, scores)
    return scores


def _score_story(result: StoryEdges, scores: DerivationScores) -> None:
    story = result.story
    claimed: dict[frozenset[str], Edge] = {}
    for given in result.edges:
        claimed.setdefault(frozenset((given.source, given.target)), given)
    for a, b in combinations([article.key for article in story.articles], 2):
        relation = story.relation(a, b)
        edge = claimed.get(frozenset((a, b)))
        if relation == Relation.DIRECT:
            scores.direct_pairs += 1
        elif relation == Relation.SIBLING:
            scores.sibling_pairs += 1
            scores.sibling_linked += edge is not None
        elif relation == Relation.NONE:
            scores.independent_pairs += 1
            scores.independent_linked += edge is not None
        if edge is None:
            continue
        right = relation in (Relation.DIRECT, Relation.INDIRECT)
        scores.edges += 1
        scores.right_edges += right
        scores.judged.append((edge.confidence, right))
        if right and edge.directed:
            scores.directed_right_edges += 1
            scores.direction_right += story.source_of(a, b) == edge.source
        if relation == Relation.DIRECT:
            scores.direct_found += 1
            child = story.by_key[b] if story.by_key[b].parent == a else story.by_key[a]
            assert child.kind is not None
            scores.kinds[(child.kind, edge.kind)] += 1
    if result.direct_sources is None:
        return
    for article in story.articles:
        marked = result.direct_sources.get(article.key)
        if article.role == Role.DERIVED and marked is not None:
            scores.direct_source_asked += 1
            scores.direct_source_right += marked == article.parent


def _bin(confidence: float) -> int:
    return min(max(int(confidence * RELIABILITY_BINS), 0), RELIABILITY_BINS - 1)
