"""Real text for the derivation benchmark: ECB+ event reports and MSRP paraphrase pairs.

Both corpora are tokenised (``Reid 's``, ```` quoted ''``); ``detokenise`` writes their
sentences back as a news page prints them, so that storytrace reads quotation marks and
punctuation as it would on the web.

- ECB+ (``ecbplus/docs.jsonl``): per event (``subtopic``), its documents as lists of
  sentences. A line counts as a sentence when it ends like one; the headline and date line
  at the top of the newer documents do not. Two documents of one event that share a run of
  ``SHARED_RUN_WORDS`` words may carry one wire story; only documents sharing no such run
  with one another are kept, so the reports kept are independent as far as the text tells.
- MSRP (``msrp/msr_paraphrase_train.txt``): the pairs after the first ``MSRP_TUNING_PAIRS``
  (those were used to choose the sentence matcher's constants, see
  ``storytrace.evaluation.matching``), split into paraphrases and non-paraphrases.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storytrace.evaluation.msrp import parse_msrp

# The first MSRP pairs, used to choose constants of the sentence matcher: never used here.
MSRP_TUNING_PAIRS = 1000
# Two documents sharing a run of this many words may carry one agency story.
SHARED_RUN_WORDS = 8
# A document needs this many sentences to be an original or an independent report.
MIN_SENTENCES = 4

_SENTENCE_END = re.compile(r"[.!?](?:\s*(?:''|\"|'))?$")
_DETOKENISE = (
    (re.compile(r"(\d) , (\d{3})\b"), r"\1,\2"),  # 12 , 000 -> 12,000
    (re.compile(r"``\s*(.*?)\s*''"), r'"\1"'),  # `` quoted '' -> "quoted"
    (re.compile(r"(?:``|'')"), '"'),  # an unpaired mark
    (re.compile(r'"\s+(.*?)\s+"'), r'"\1"'),  # MSRP's " quoted "
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m|')(?=\W|$)", re.IGNORECASE), r"\1"),
    (re.compile(r"\s+([.,:;!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$£€])\s+"), r"\1"),
    (re.compile(r"([“‘])\s+"), r"\1"),
    (re.compile(r"\s+([”’])"), r"\1"),
    (re.compile(r"’\s+(s|t|re|ve|ll|d|m)\b"), r"’\1"),  # McDermott’ s -> McDermott’s
    (re.compile(r"\s{2,}"), " "),
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class EventReports:
    """The independent reports of one ECB+ event, each a list of sentences."""

    event: str  # the ECB+ subtopic, "12ecbplus"
    topic: int
    reports: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ParaphrasePairs:
    """MSRP sentence pairs not used for tuning: (first, second) sentences, detokenised."""

    paraphrases: tuple[tuple[str, str], ...]
    non_paraphrases: tuple[tuple[str, str], ...]


def detokenise(text: str) -> str:
    """``text`` with the spaces of tokenisation taken out (quotes, clitics, punctuation)."""
    for pattern, replacement in _DETOKENISE:
        text = pattern.sub(replacement, text)
    return text.strip()


def ecbplus_events(folder: Path, topics: Sequence[int]) -> list[EventReports]:
    """The events of ECB+ ``topics`` with at least two independent reports, in file order.

    Raises:
        FileNotFoundError: ``folder/docs.jsonl`` is missing.
    """
    wanted = set(topics)
    by_event: dict[str, list[tuple[str, ...]]] = {}
    topic_of: dict[str, int] = {}
    with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            topic = int(record["topic"])
            if topic not in wanted:
                continue
            sentences = tuple(
                detokenise(text)
                for text in record["text"].splitlines()
                if _SENTENCE_END.search(text.strip())
            )
            if len(sentences) >= MIN_SENTENCES:
                by_event.setdefault(record["subtopic"], []).append(sentences)
                topic_of[record["subtopic"]] = topic
    events = []
    for event, reports in by_event.items():
        kept = independent(reports)
        if len(kept) >= 2:
            events.append(EventReports(event, topic_of[event], tuple(kept)))
    return events


def independent(reports: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The reports, in order, that share no run of ``SHARED_RUN_WORDS`` words with one
    kept before them."""
    kept: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for report in reports:
        runs = _runs(" ".join(report))
        if runs & seen:
            continue
        kept.append(report)
        seen |= runs
    return kept


def msrp_pairs(folder: Path) -> ParaphrasePairs:
    """MSRP pairs after the first ``MSRP_TUNING_PAIRS``, detokenised, in file order.

    Raises:
        FileNotFoundError: ``folder/msr_paraphrase_train.txt`` is missing.
    """
    pairs = parse_msrp(folder / "msr_paraphrase_train.txt")[MSRP_TUNING_PAIRS:]
    clean = [(pair.label, detokenise(pair.first), detokenise(pair.second)) for pair in pairs]
    return ParaphrasePairs(
        paraphrases=tuple((a, b) for label, a, b in clean if label == 1),
        non_paraphrases=tuple((a, b) for label, a, b in clean if label == 0),
    )


def _runs(text: str) -> set[tuple[str, ...]]:
    words = [word.lower() for word in _WORD.findall(text)]
    size = SHARED_RUN_WORDS
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
