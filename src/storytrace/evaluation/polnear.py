"""Attribution quality on PolNeAR: who said what, scored span by span.

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in 2016 US-election news
from seven outlets: a source (the speaker), a cue ("said", "according to") and a content span,
each as character offsets into ``text/<article>.txt``. It annotates every attribution, not
only speech: beliefs ("think"), intentions ("wants") and readings of evidence ("shows") too.

The metrics follow BBC's Citron evaluation, so that its published figures (PARC 3.0) are a
fair anchor, computed on word tokens so that a quotation mark or a final full stop inside or
outside a span does not decide a match:

- **content exact**: a predicted attribution is right when some gold attribution has a cue
  overlapping its cue (by characters: a cue may be a colon) and exactly the same content
  words; recall counts the gold attributions so matched.
- **content overlap**: content words of the predictions that lie in gold content spans, over
  all predicted content words (precision) and over all gold content words (recall).
- **speaker**: like content exact, for the source span (the mention at the cue: "he", "Mr.
  Trump").

Only quotations with a cue count as predicted attributions. Where several annotators did
one article, the first annotator (by id) is the gold. A quotation-marks rule (every span
between double quotation marks of four words or more) is scored for content overlap in the
same run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storytrace.evaluation.metrics import f1_score
from storytrace.model import Article, Quote, QuoteKind
from storytrace.quotes import quotes_in_article
from storytrace.quotes.marks import quoted_spans

_WORD = re.compile(r"\w+", re.UNICODE)
Spans = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Attribution:
    """Word-token index sets of one attribution's source and content, character offsets of
    its cue (empty where a part is missing)."""

    cue: frozenset[int]
    source: frozenset[int]
    content: frozenset[int]
    # gold: inside quotation marks; predicted: a direct or mixed quotation in marks (not a
    # transcript line, "Name: ...", whose speech has none)
    direct: bool = False


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class AttributionQuality:
    content_exact: Scores
    content_overlap: Scores
    speaker: Scores
    cue: Scores  # a predicted cue overlapping a gold cue
    baseline_content_overlap: Scores  # quotation marks alone
    articles: int
    gold: int
    predicted: int


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: list[Attribution]


def load_gold(data_dir: Path, split: str) -> list[GoldArticle]:
    """The annotated articles of ``split`` ("train" or "dev"), one annotator each."""
    rows = []
    with (data_dir / "attributions.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["split"] == split:
                rows.append(row)
    chosen: dict[str, dict[str, object]] = {}
    for row in sorted(rows, key=lambda r: (r["article"], r["annotator"])):
        chosen.setdefault(row["article"], row)
    articles = []
    for name, row in sorted(chosen.items()):
        text = (data_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        words = word_offsets(text)
        relations = row["attributions"]
        assert isinstance(relations, list)
        attributions = [
            Attribution(
                _characters(relation.get("cue", {}).get("spans", [])),
                _tokens(words, relation.get("source", {}).get("spans", [])),
                _tokens(words, relation.get("content", {}).get("spans", [])),
                bool(relation.get("is_direct_quote")),
            )
            for relation in relations
        ]
        articles.append(GoldArticle(name, text, [a for a in attributions if a.content]))
    return articles


def word_offsets(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _tokens(words: list[tuple[int, int]], spans: Iterable[Sequence[int]]) -> frozenset[int]:
    found = set()
    for start, end in spans:
        for index, (word_start, word_end) in enumerate(words):
            if word_start >= end:
                break
            if word_end > start and word_start < end:
                found.add(index)
    return frozenset(found)


def _characters(spans: Iterable[Sequence[int]]) -> frozenset[int]:
    """Character offsets of cue spans: a cue may be punctuation alone ("Trump: ...")."""
    return frozenset(offset for start, end in spans for offset in range(start, end))


def predicted_attributions(text: str, quotes: Sequence[Quote]) -> list[Attribution]:
    """The quotations that name a cue, as token sets."""
    words = word_offsets(text)
    found = []
    for quote in quotes:
        if quote.cue_start is None or quote.cue_end is None:
            continue
        source: list[tuple[int, int]] = []
        if quote.speaker and quote.speaker.start is not None and quote.speaker.end is not None:
            source = [(quote.speaker.start, quote.speaker.end)]
        parts = quote.parts or ((quote.start, quote.end),)
        found.append(
            Attribution(
                _characters([(quote.cue_start, quote.cue_end)]),
                _tokens(words, source),
                _tokens(words, parts),
                quote.kind != QuoteKind.INDIRECT and quote.cue != ":",
            )
        )
    return found


def evaluate_attribution(
    data_dir: Path, split: str = "dev"
) -> tuple[AttributionQuality, AttributionQuality]:
    """Run quotation extraction over ``split`` of PolNeAR and score it: on every attribution,
    and on direct quotations alone (gold inside quotation marks against our direct and mixed
    quotations), where the quotation-marks rule is the natural baseline."""
    every, direct = _Counts(), _Counts()
    gold_articles = load_gold(data_dir, split)
    for item in gold_articles:
        article = Article(item.name, str(data_dir / "text" / item.name), item.text, language="en")
        predicted = predicted_attributions(item.text, quotes_in_article(article))
        baseline = _marks_baseline(item.text)
        every.add(item.attributions, predicted, baseline)
        direct.add(
            [a for a in item.attributions if a.direct], [p for p in predicted if p.direct], baseline
        )
    return every.quality(len(gold_articles)), direct.quality(len(gold_articles))


def _marks_baseline(text: str) -> list[Attribution]:
    words = word_offsets(text)
    spans = [(s, e) for s, e in quoted_spans(text) if len(text[s:e].split()) >= 4]
    return [Attribution(frozenset(), frozenset(), _tokens(words, [span])) for span in spans]


class _Counts:
    def __init__(self) -> None:
        self.exact = [0, 0, 0]  # true positives over predictions, predictions, gold matched
        self.speaker = [0, 0]
        self.cue = [0, 0]
        self.gold = 0
        self.predicted = 0
        self.overlap = [0, 0, 0]  # overlap, predicted length, gold length
        self.baseline = [0, 0]  # overlap, predicted length

    def add(
        self, gold: list[Attribution], predicted: list[Attribution], baseline: list[Attribution]
    ) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.exact[0] += sum(any(_content_match(p, g) for g in gold) for p in predicted)
        self.exact[2] += sum(any(_content_match(p, g) for p in predicted) for g in gold)
        self.speaker[0] += sum(any(_source_match(p, g) for g in gold) for p in predicted)
        self.speaker[1] += sum(any(_source_match(p, g) for p in predicted) for g in gold)
        self.cue[0] += sum(any(p.cue & g.cue for g in gold) for p in predicted)
        self.cue[1] += sum(any(p.cue & g.cue for p in predicted) for g in gold)
        gold_words = [g.content for g in gold]
        self.overlap[0] += sum(len(p.content & g) for p in predicted for g in gold_words)
        self.overlap[1] += sum(len(p.content) for p in predicted)
        self.overlap[2] += sum(len(g) for g in gold_words)
        self.baseline[0] += sum(len(b.content & g) for b in baseline for g in gold_words)
        self.baseline[1] += sum(len(b.content) for b in baseline)

    def quality(self, articles: int) -> AttributionQuality:
        def scores(precision_hits: int, predicted: int, recall_hits: int, gold: int) -> Scores:
            precision = precision_hits / predicted if predicted else 0.0
            recall = recall_hits / gold if gold else 0.0
            return Scores(
                round(precision, 4), round(recall, 4), round(f1_score(precision, recall), 4)
            )

        return AttributionQuality(
            content_exact=scores(self.exact[0], self.predicted, self.exact[2], self.gold),
            content_overlap=scores(
                self.overlap[0], self.overlap[1], self.overlap[0], self.overlap[2]
            ),
            speaker=scores(self.speaker[0], self.predicted, self.speaker[1], self.gold),
            cue=scores(self.cue[0], self.predicted, self.cue[1], self.gold),
            baseline_content_overlap=scores(
                self.baseline[0], self.baseline[1], self.baseline[0], self.overlap[2]
            ),
            articles=articles,
            gold=self.gold,
            predicted=self.predicted,
        )


def _content_match(predicted: Attribution, gold: Attribution) -> bool:
    return bool(predicted.cue & gold.cue) and predicted.content == gold.content


def _source_match(predicted: Attribution, gold: Attribution) -> bool:
    return bool(predicted.cue & gold.cue) and bool(gold.source) and predicted.source == gold.source
