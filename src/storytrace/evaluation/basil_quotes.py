"""Quotation quality on BASIL: are the quotations a bias annotator marked found, and who said them.

BASIL (Fan et al., EMNLP 2019) marks bias spans in 210 articles (70 events, each reported by
Fox News, the New York Times and HuffPost). Every span carries a quote flag: ``"yes"`` when it
lies inside a quotation, ``"no"`` when it is the outlet's own words. A quote span's
``speaker`` names who said it ("Michael_Steele") or only the side they take ("other_anti",
"other_pro", "other_neutral"). The spans mark biased words, not whole quotations, and many
quotations carry no span, so no figure here is a span-level F1. Each rule that marks text as
quotation (storytrace's quotations, its direct and mixed ones alone, and two baselines) is
scored by:

- **coverage** (a recall): the share of quote spans lying at least half inside the text the
  rule marks (for storytrace, the content parts of the quotations ``quotes_in_article``
  finds);
- **precision**: of the bias spans the rule covers (by the same half rule), the share flagged
  as quotation. The non-quote spans are text the annotators read and judged to be outside any
  quotation, so one that a rule covers is a false firing. It depends on BASIL's mix of quote
  and non-quote spans (497 and 636) and counts reported speech ("X said that ..."), which
  BASIL flags as the outlet's words, against a rule that marks it;
- **text share**: the mean share of an article's characters the rule marks: the price of
  its coverage (marking every word covers every span);
- **speaker accuracy** (storytrace only): over covered spans whose gold speaker is a named
  person, the share where the covering quotation's ``Speaker.key``, unified across the
  event's three articles, names that person (the folded surname; with a given name where two
  people share it).

The baselines: **quotation marks** marks the text between double quotation marks, straight
or curly; **marked paragraphs** marks every paragraph (line) holding a quotation mark.

Quotation and speaker rules were developed with these figures in the quality gate (a
speaker rule's commit, 70e5ea1, raised the BASIL floors with it), so every BASIL figure is a
tuning figure; the baselines have nothing to tune and are measured on the same articles.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytrace.evaluation.basis import Basis, figure_line, open_section
from storytrace.model import Article, Quote, QuoteKind
from storytrace.nlp.names import fold
from storytrace.quotes import quotes_in_article, unify_speakers

# A span counts as found when at least this share of its characters lies inside a quotation.
COVERED_SHARE = 0.5
# Gold speakers that name a group, not a person ("Tea_Party", "Republican_Lawmakers"): their
# last word is one of these, or they are written in lower case ("plaintiffs", "Obama_campaign").
_GROUP_WORDS = frozenset(
    {"party", "lawmakers", "democrats", "republicans", "officials", "campaign", "now"}
)
_MARKED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_QUOTATION_MARK = re.compile(r"[\"“”]")
_LINE = re.compile(r"[^\n]+")

Spans = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Coverage:
    """How a rule that marks text as quotation fares against BASIL's quote flags."""

    recall: float  # quote spans covered / quote spans
    precision: float  # covered quote spans / covered bias spans of either flag
    text_share: float  # mean share of an article's characters marked
    covered_other: int  # non-quote spans covered (false firings)


@dataclass(frozen=True)
class BasilQuotes:
    storytrace: Coverage  # every quotation found
    storytrace_direct: Coverage  # direct and mixed quotations only
    quotation_marks: Coverage  # baseline: text between double quotation marks
    marked_paragraphs: Coverage  # baseline: each paragraph holding a quotation mark
    speaker_accuracy: float  # speakers unified across each event's three articles
    speaker_accuracy_per_article: float
    documents: int
    quote_spans: int
    other_spans: int
    named_speaker_spans: int
    named_speaker_covered: int
    quotations: int
    seconds: float  # spent extracting quotations


def evaluate_basil_quotes(data_dir: Path) -> BasilQuotes:
    """Coverage, precision and text share of storytrace's quotations and of two baselines,
    and speaker accuracy, on BASIL.

    ``data_dir`` holds ``docs.jsonl`` and ``spans.jsonl``.

    Raises:
        FileNotFoundError: a file of the corpus is missing.
    """
    docs = _read_jsonl(data_dir / "docs.jsonl")
    # one span (in a title) has no offset into the text
    every_span = [s for s in _read_jsonl(data_dir / "spans.jsonl") if s["doc_start"] is not None]
    spans = [s for s in every_span if s["quote"] == "yes"]
    others = [s for s in every_span if s["quote"] != "yes"]
    texts: dict[str, str] = {doc["doc_id"]: doc["text"] for doc in docs}
    started = time.perf_counter()
    found = {
        doc["doc_id"]: quotes_in_article(
            Article(doc["doc_id"], "basil", doc["text"], language="en")
        )
        for doc in docs
    }
    seconds = time.perf_counter() - started
    unified = _unify_by_story(docs, found)
    content = {d: [p for q in quotes for p in _parts(q)] for d, quotes in found.items()}
    direct = {
        d: [p for q in quotes if q.kind != QuoteKind.INDIRECT for p in _parts(q)]
        for d, quotes in found.items()
    }

    def coverage(marked: Mapping[str, Spans]) -> Coverage:
        return _rule_coverage(spans, others, texts, marked)

    accuracy, named_covered = _speaker_accuracy(spans, unified, texts)
    return BasilQuotes(
        storytrace=coverage(content),
        storytrace_direct=coverage(direct),
        quotation_marks=coverage({d: marked_spans(text) for d, text in texts.items()}),
        marked_paragraphs=coverage({d: marked_paragraphs(text) for d, text in texts.items()}),
        speaker_accuracy=accuracy,
        speaker_accuracy_per_article=_speaker_accuracy(spans, found, texts)[0],
        documents=len(docs),
        quote_spans=len(spans),
        other_spans=len(others),
        named_speaker_spans=sum(_gold_person(s["speaker"], "") is not None for s in spans),
        named_speaker_covered=named_covered,
        quotations=sum(len(quotes) for quotes in found.values()),
        seconds=round(seconds, 1),
    )


def report(data: Path) -> None:
    """Print the BASIL quotation figures: each rule's coverage, precision and text share."""
    folder = data / "basil"
    if not open_section(
        "BASIL quotations (bias spans flagged inside or outside a quotation)", folder
    ):
        return
    quality = evaluate_basil_quotes(folder)
    print(
        f" {quality.documents} articles, {quality.quote_spans} quote spans, "
        f"{quality.other_spans} other spans, {quality.quotations} quotations found "
        f"in {quality.seconds:.0f} s; {Basis.TUNING}: rules developed with these figures"
    )
    for name, rule in (
        ("storytrace quotations", quality.storytrace),
        ("storytrace direct and mixed", quality.storytrace_direct),
        ("baseline: quotation marks", quality.quotation_marks),
        ("baseline: paragraphs with a mark", quality.marked_paragraphs),
    ):
        share = f"text marked {rule.text_share:.2f}"
        print(figure_line(f"{name}: coverage", rule.recall, Basis.TUNING, share))
        false = f"{rule.covered_other} of {quality.other_spans} other spans covered"
        print(figure_line(f"{name}: precision", rule.precision, Basis.TUNING, false))
    print(
        figure_line(
            "storytrace speaker accuracy",
            quality.speaker_accuracy,
            Basis.TUNING,
            f"{quality.named_speaker_covered} covered spans of a named person",
        )
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _unify_by_story(
    docs: Sequence[dict[str, Any]], found: dict[str, list[Quote]]
) -> dict[str, list[Quote]]:
    """The quotations with speakers unified across each event's three articles."""
    by_story: dict[str, list[Quote]] = defaultdict(list)
    for doc in docs:
        by_story[doc["story"]].extend(found[doc["doc_id"]])
    unified: dict[str, list[Quote]] = {doc_id: [] for doc_id in found}
    for quotes in by_story.values():
        for quote in unify_speakers(quotes):
            unified[quote.article].append(quote)
    return unified


def _rule_coverage(
    spans: Sequence[dict[str, Any]],
    others: Sequence[dict[str, Any]],
    texts: dict[str, str],
    marked: Mapping[str, Spans],
) -> Coverage:
    # quotations nest and overlap: merge them so that each character counts once
    merged = {doc_id: _merged(marked[doc_id]) for doc_id in texts}
    covered = _covered(spans, merged)
    covered_other = _covered(others, merged)
    shares = [sum(e - s for s, e in merged[d]) / max(1, len(t)) for d, t in texts.items()]
    return Coverage(
        recall=covered / len(spans),
        precision=covered / (covered + covered_other) if covered else 0.0,
        text_share=sum(shares) / len(shares),
        covered_other=covered_other,
    )


def _merged(spans: Spans) -> list[tuple[int, int]]:
    """The same characters as ``spans``, as disjoint spans in text order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def _covered(spans: Sequence[dict[str, Any]], marked: Mapping[str, Spans]) -> int:
    """How many of ``spans`` lie at least half inside the disjoint ``marked`` spans of their
    article."""
    return sum(_inside((s["doc_start"], s["doc_end"]), marked[s["doc_id"]]) for s in spans)


def _speaker_accuracy(
    spans: Sequence[dict[str, Any]], quotes: dict[str, list[Quote]], texts: dict[str, str]
) -> tuple[float, int]:
    """Share of covered spans of a named person whose quotation names them; and how many."""
    right = total = 0
    for span in spans:
        quote = _covering((span["doc_start"], span["doc_end"]), quotes[span["doc_id"]])
        person = _gold_person(span["speaker"], texts[span["doc_id"]])
        if person is None or quote is None:
            continue
        total += 1
        right += _same_person(quote.speaker.key if quote.speaker else "", person)
    return (right / total if total else 0.0), total


def _overlap(bounds: tuple[int, int], spans: Spans) -> int:
    start, end = bounds
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


def _inside(bounds: tuple[int, int], spans: Spans) -> bool:
    return _overlap(bounds, spans) >= COVERED_SHARE * (bounds[1] - bounds[0])


def _covering(bounds: tuple[int, int], quotes: Sequence[Quote]) -> Quote | None:
    """The quotation holding most of the span, if one holds enough of it."""
    best = max(quotes, key=lambda q: _overlap(bounds, _parts(q)), default=None)
    return best if best is not None and _inside(bounds, _parts(best)) else None


def _parts(quote: Quote) -> Spans:
    return quote.parts or ((quote.start, quote.end),)


def marked_spans(text: str) -> list[tuple[int, int]]:
    """Baseline: the text between double quotation marks (straight or curly), marks excluded."""
    return [(m.start() + 1, m.end() - 1) for m in _MARKED.finditer(text)]


def marked_paragraphs(text: str) -> list[tuple[int, int]]:
    """Baseline: every paragraph (BASIL's texts hold one a line) holding a quotation mark."""
    return [m.span() for m in _LINE.finditer(text) if _QUOTATION_MARK.search(m.group())]


def _gold_person(speaker: str, text: str) -> tuple[str, str] | None:
    """(folded given name, folded surname) of a gold speaker who is a named person, else None.

    BASIL drops a name from its first non-ASCII letter on ("Felipe_Calder" for Calderón):
    a surname the text never writes whole is completed from the word of the text it begins.
    """
    parts = speaker.split("_")
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return None
    if fold(parts[-1]) in _GROUP_WORDS:
        return None
    surname = parts[-1]
    if not re.search(rf"\b{re.escape(surname)}\b", text):
        whole = re.search(rf"\b{re.escape(surname)}\w+", text)
        surname = whole.group() if whole else surname
    return fold(parts[0]), fold(surname)


def _same_person(key: str, person: tuple[str, str]) -> bool:
    """True when a speaker key ("rubio", "hillary clinton", "h clinton") names the person."""
    given, surname = person
    words = key.split()
    if not words or words[-1] != surname:
        return False
    return len(words) == 1 or given.startswith(words[0])
