"""Quotation quality on BASIL: are the quotations a bias annotator marked found, and who said them.

BASIL (Fan et al., EMNLP 2019) marks bias spans in 210 articles (70 events, each reported by
Fox News, the New York Times and HuffPost). A span with ``quote == "yes"`` lies inside a
quotation; its ``speaker`` names who said it ("Michael_Steele") or only the side they take
("other_anti", "other_pro", "other_neutral"). The spans mark biased words, not whole
quotations, and many quotations carry no span, so BASIL measures recall only:

- **coverage**: the share of quote spans lying at least half inside the content (the parts)
  of some quotation ``quotes_in_article`` finds;
- **speaker accuracy**: over covered spans whose gold speaker is a named person, the share
  where the covering quotation's ``Speaker.key``, unified across the event's three articles,
  names that person (the folded surname; with a given name where two people share it);
- **baseline coverage**: the same share for text between double quotation marks, straight or
  curly, with no other rule: the figure a quotation-marks-only extractor would reach.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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

Spans = Sequence[tuple[int, int]]


def evaluate_basil_quotes(data_dir: Path) -> dict[str, float]:
    """Coverage, speaker accuracy, the quotation-marks baseline and counts on BASIL.

    ``data_dir`` holds ``docs.jsonl`` and ``spans.jsonl``. Returns figures by name: shares
    in [0, 1] (``*_text_share`` is the mean share of an article's characters that lie in
    quotations, the price paid for coverage), counts, and ``seconds`` spent extracting.

    Raises:
        FileNotFoundError: a file of the corpus is missing.
    """
    docs = _read_jsonl(data_dir / "docs.jsonl")
    spans = [s for s in _read_jsonl(data_dir / "spans.jsonl") if s["quote"] == "yes"]
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
    marked = {d: _marked_spans(text) for d, text in texts.items()}
    accuracy, named_covered = _speaker_accuracy(spans, unified, texts)
    return {
        "coverage_recall": _coverage(spans, content),
        "direct_coverage_recall": _coverage(spans, direct),
        "baseline_coverage_recall": _coverage(spans, marked),
        "quoted_text_share": _text_share(texts, content),
        "baseline_quoted_text_share": _text_share(texts, marked),
        "speaker_accuracy": accuracy,
        "speaker_accuracy_per_article": _speaker_accuracy(spans, found, texts)[0],
        "documents": len(docs),
        "quote_spans": len(spans),
        "named_speaker_spans": sum(_gold_person(s["speaker"], "") is not None for s in spans),
        "named_speaker_covered": named_covered,
        "quotations": sum(len(quotes) for quotes in found.values()),
        "seconds": round(seconds, 1),
    }


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


def _coverage(spans: Sequence[dict[str, Any]], found: Mapping[str, Spans]) -> float:
    inside = [_inside((s["doc_start"], s["doc_end"]), found[s["doc_id"]]) for s in spans]
    return sum(inside) / len(spans)


def _text_share(texts: dict[str, str], found: Mapping[str, Spans]) -> float:
    shares = []
    for doc_id, text in texts.items():
        covered = 0
        reached = 0  # spans may nest or overlap: count each character once
        for start, end in sorted(found[doc_id]):
            covered += max(0, end - max(start, reached))
            reached = max(reached, end)
        shares.append(covered / max(1, len(text)))
    return sum(shares) / len(shares)


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


def _marked_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start() + 1, m.end() - 1) for m in _MARKED.finditer(text)]


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
