"""Attribution quality on PolNeAR: who said what, scored span by span.

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in 2016 US-election news
from seven outlets: a source (the speaker), a cue ("said", "according to") and a content span,
each as character offsets into ``text/<article>.txt``. It annotates every attribution, not
only speech: beliefs ("think"), intentions ("wants") and readings of evidence ("shows") too.

The metrics borrow the names of BBC's Citron evaluation (content exact, content overlap,
source) but are not Citron's: they are computed on word-token *sets*, so that a quotation
mark or a final full stop inside or outside a span does not decide a match, which is more
lenient than Citron's comparison of span lists; and PolNeAR is another corpus than Citron's
PARC 3.0. Citron's published figures are therefore no anchor to beat, only a rough scale.

- **content exact**: a predicted attribution is right when it is paired with a gold
  attribution whose cue overlaps its cue (by characters: a cue may be a colon) and whose
  content words are exactly its own. Pairs are one to one (a maximum matching), so two
  predictions never both take credit for one gold attribution; precision is the pairs over
  the predictions, recall the pairs over the gold attributions.
- **content overlap**: each word counted once. Per article, the union of the content words
  of all predictions is set against the union of the gold content words: precision is the
  words of the predicted union that lie in the gold union over the words of the predicted
  union, recall the words of the gold union that lie in the predicted union over the words
  of the gold union; both summed over articles before dividing. (Predicted quotations and
  gold attributions nest and overlap, so summing over every pair would count a word several
  times.)
- **speaker**: like content exact, for the source span (the mention at the cue: "he", "Mr.
  Trump"); gold attributions without a source are never matched.
- **cue**: like content exact, a predicted cue overlapping a gold cue.

Only quotations with a cue count as predicted attributions. Where several annotators did
one article, the first annotator (by id) is the gold. A quotation-marks rule (every span
between double quotation marks of four words or more) is scored for content overlap in the
same run, with the same union-based count.

Both parts of the corpus served to choose rules: the development part (84 articles) is the
one commit messages cite ("PolNeAR dev exact F1 0.510 -> 0.512"), and the stance and intent
verb lists of ``quotes/syntax.py`` were chosen by counting right contents on the training
part (840 articles). Every PolNeAR figure is therefore a tuning figure.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from storytrace.evaluation.basis import Basis, figure_line, open_section
from storytrace.evaluation.metrics import f1_score
from storytrace.model import Article, Quote, QuoteKind
from storytrace.quotes import quotes_in_article
from storytrace.quotes.marks import quoted_spans

_WORD = re.compile(r"\w+", re.UNICODE)
Spans = Sequence[tuple[int, int]]
# Where the basis of each split's figures is stated in full (module docstring).
_SPLIT_BASIS = {
    "dev": (Basis.TUNING, "rules chosen on it (commit messages cite it)"),
    "train": (Basis.TUNING, "cue verb lists chosen on it (quotes/syntax.py)"),
}


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


def load_gold(data_dir: Path, split: str, first: int | None = None) -> list[GoldArticle]:
    """The annotated articles of ``split`` ("train" or "dev"), one annotator each, sorted by
    name; only the ``first`` of them where given."""
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
    for name, row in sorted(chosen.items())[:first]:
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
    data_dir: Path, split: str = "dev", first: int | None = None
) -> tuple[AttributionQuality, AttributionQuality]:
    """Run quotation extraction over ``split`` of PolNeAR (its ``first`` articles in name
    order where given) and score it: on every attribution, and on direct quotations alone
    (gold inside quotation marks against our direct and mixed quotations), where the
    quotation-marks rule is the natural baseline."""
    every, direct = _Counts(), _Counts()
    gold_articles = load_gold(data_dir, split, first)
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


Match = Callable[[Attribution, Attribution], bool]


def matched_pairs(
    predicted: Sequence[Attribution], gold: Sequence[Attribution], match: Match
) -> int:
    """The most (prediction, gold) pairs that ``match``, each side used at most once."""
    if not predicted or not gold:
        return 0
    allowed = np.array([[match(p, g) for g in gold] for p in predicted], dtype=np.int64)
    rows, columns = linear_sum_assignment(allowed, maximize=True)
    return int(allowed[rows, columns].sum())


def union_overlap(
    predicted: Sequence[Attribution], gold: Sequence[Attribution]
) -> tuple[int, int, int]:
    """(words in both unions, words of the predicted union, words of the gold union) of the
    content words of one article: each word counted once however many spans hold it."""
    predicted_words = frozenset().union(*(p.content for p in predicted))
    gold_words = frozenset().union(*(g.content for g in gold))
    return len(predicted_words & gold_words), len(predicted_words), len(gold_words)


class _Counts:
    def __init__(self) -> None:
        self.exact = 0  # one-to-one pairs
        self.speaker = 0
        self.cue = 0
        self.gold = 0
        self.predicted = 0
        self.overlap = [0, 0, 0]  # words in both unions, predicted union, gold union
        self.baseline = [0, 0, 0]

    def add(
        self, gold: list[Attribution], predicted: list[Attribution], baseline: list[Attribution]
    ) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.exact += matched_pairs(predicted, gold, _content_match)
        self.speaker += matched_pairs(predicted, gold, _source_match)
        self.cue += matched_pairs(predicted, gold, _cue_match)
        for total, counts in (
            (self.overlap, union_overlap(predicted, gold)),
            (self.baseline, union_overlap(baseline, gold)),
        ):
            for index, count in enumerate(counts):
                total[index] += count

    def quality(self, articles: int) -> AttributionQuality:
        def scores(hits: int, predicted: int, recall_hits: int, gold: int) -> Scores:
            precision = hits / predicted if predicted else 0.0
            recall = recall_hits / gold if gold else 0.0
            return Scores(
                round(precision, 4), round(recall, 4), round(f1_score(precision, recall), 4)
            )

        both, predicted_words, gold_words = self.overlap
        baseline_both, baseline_words, _ = self.baseline
        return AttributionQuality(
            content_exact=scores(self.exact, self.predicted, self.exact, self.gold),
            content_overlap=scores(both, predicted_words, both, gold_words),
            speaker=scores(self.speaker, self.predicted, self.speaker, self.gold),
            cue=scores(self.cue, self.predicted, self.cue, self.gold),
            baseline_content_overlap=scores(
                baseline_both, baseline_words, baseline_both, gold_words
            ),
            articles=articles,
            gold=self.gold,
            predicted=self.predicted,
        )


def _content_match(predicted: Attribution, gold: Attribution) -> bool:
    return bool(predicted.cue & gold.cue) and predicted.content == gold.content


def _source_match(predicted: Attribution, gold: Attribution) -> bool:
    return bool(predicted.cue & gold.cue) and bool(gold.source) and predicted.source == gold.source


def _cue_match(predicted: Attribution, gold: Attribution) -> bool:
    return bool(predicted.cue & gold.cue)


def report(data: Path, train_articles: int | None = None) -> None:
    """Print the PolNeAR figures of the development part and of the training part (its first
    ``train_articles`` in name order where given; the whole part takes minutes to parse)."""
    folder = data / "polnear"
    if not open_section(
        "PolNeAR attribution (cue, source and content words compared as sets)", folder
    ):
        return
    for split, first in (("dev", None), ("train", train_articles)):
        started = time.perf_counter()
        every, direct = evaluate_attribution(folder, split, first)
        basis, why = _SPLIT_BASIS[split]
        print(
            f" {split} part: {every.articles} articles, {every.gold} attributions "
            f"({direct.gold} direct), {time.perf_counter() - started:.0f} s; {basis}: {why}"
        )
        for label, quality in (("every attribution", every), ("direct quotations", direct)):
            for name, scores in (
                ("content exact F1", quality.content_exact),
                ("content overlap F1 (each word once)", quality.content_overlap),
                ("speaker F1", quality.speaker),
                ("cue F1", quality.cue),
                ("quotation-marks rule: overlap F1", quality.baseline_content_overlap),
            ):
                detail = f"P {scores.precision:.3f} R {scores.recall:.3f}; {label}"
                print(figure_line(f"{split} {name}", scores.f1, basis, detail))
    print(
        "  not comparable: Citron on PARC 3.0 test (its model card), content spans 0.593 exact /"
        " 0.833 overlap, all quote spans 0.567 / 0.832; another corpus, span lists not word sets"
    )
