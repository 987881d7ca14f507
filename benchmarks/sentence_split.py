"""Sentence units on the real pages of ../shared/data/realpages, before and after issue 14.

Reads every page as ``storytrace ingest`` does (``read_html``, then ``clean_document``) and
splits its text into alignment units twice:

- before: spaCy's rule-based ``sentencizer`` (``spacy.blank("xx")``) for every language but
  English, which cuts at every period ("am 31." | "Oktober ..."); fragments were joined to
  the next piece only where a piece had no closing punctuation;
- now: ``storytrace.nlp.pipeline.analyse_text``: sentencex's per-language rules, and a
  piece that ends in a period is also joined to the next when that goes on in lower case
  or with a month after a number (``storytrace.nlp.segment.continues_sentence``).

English goes through the English spaCy pipeline both times (only the joining changed).
Long sentences are cut at clauses both times. Per language it prints the units, the share
that are fragments, and the time of the splitting. A unit is a fragment when it ends in a
number with a period and the next unit goes on in lower case or with a month name ("cut at
a number"), or when it is too short to be a sentence: under 3 words, or under 6 letters in
languages written without spaces.

Measured (sentencex 1.0.32; 138 pages with text: de 69, en 52, fr 6, zh 4, ja 2 and one
each of ar, es, lv, my, th; about 2 minutes, mostly the English model):

- German: fragments 439 of 3,913 units (11.2 %: 48 cut at a number, 391 short) before,
  324 of 3,681 (8.8 %: 0 cut at a number) now; splitting 1.1 s before, 0.2 s now;
- English: 234/3,346 (7.0 %, 4 cut at a number, in references) before, 225/3,337 (6.7 %)
  now; the time is the English pipeline's, as before (about 16 s);
- Spanish 3/48 -> 2/53, Latvian 5/30 -> 4/29, French 7/329 -> 7/311, Thai, Arabic,
  Burmese none either way, Chinese 7/69 and Japanese 5/27 unchanged (short lines).

Most short units left are headings, captions and list lines, not cut sentences. sentencex
alone still cuts "am 26. | Oktober, einem Freitag" (a month followed by a comma) and "der
2. | Platz"; ``continues_sentence`` joins those.

Usage: python benchmarks/sentence_split.py [--data DIR]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storytrace.clean import clean_document
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.nlp.pipeline import analyse_text, english_pipeline, text_chunks
from storytrace.nlp.segment import ends_sentence, split_clauses

DATA = Path(__file__).resolve().parents[1] / "../shared/data/realpages"
WITHOUT_SPACES = {"zh", "ja", "th", "my", "lo", "km"}
_NUMBER_PERIOD = re.compile(r"\d\.$")
# Month names in the pages' main languages, independent of the rule under test.
_MONTH = re.compile(
    r"(?i)(?:jan|feb|mär|mar|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|enero|febrero|"
    r"marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)"
)

Splitter = Callable[[str, str | None], list[str]]


@dataclass
class Tally:
    pages: int = 0
    units: int = 0
    cut_at_number: int = 0
    short: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    @property
    def fragments(self) -> int:
        return self.cut_at_number + self.short


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/data/realpages")
    parser.add_argument("--examples", type=int, default=0, help="print N cut units per language")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data} not found: the benchmark reads the real pages of ../shared/data")
        return 0
    pages = load_pages(args.data)
    english_pipeline()("Warm up.")  # load the model outside the timings
    before = tally(pages, units_before)
    now = tally(pages, units_now)
    print(f"{len(pages)} pages with text; fragments / units (cut at a number + too short), time")
    print(f"{'lang':5} {'pages':>5} {'before':>26} {'now':>26}")
    for language in sorted(before, key=lambda code: -before[code].units):
        old, new = before[language], now[language]
        print(f"{language:5} {old.pages:5} {_cell(old):>26} {_cell(new):>26}")
        for example in new.examples[: args.examples]:
            print(f"      still cut: {example}")
    total_old = sum(t.seconds for t in before.values())
    total_new = sum(t.seconds for t in now.values())
    print(f"splitting time, all pages: before {total_old:.2f} s, now {total_new:.2f} s")
    return 0


def _cell(t: Tally) -> str:
    share = t.fragments / max(t.units, 1)
    return f"{t.fragments}/{t.units} {share:6.1%} ({t.cut_at_number}+{t.short}) {t.seconds:5.2f}s"


def load_pages(data: Path) -> list[tuple[str, str | None, str]]:
    """(name, language, text) of every page under ``data`` that has article text."""
    pages = []
    for path in sorted(data.glob("**/*.htm*")):
        try:
            article = clean_document(read_html(path.read_bytes(), str(path)), "a1")
        except InputError:
            continue  # a page with no article text (a redirect stub, a feed)
        pages.append((path.name, article.language, article.text))
    return pages


def tally(pages: list[tuple[str, str | None, str]], split: Splitter) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for _, language, text in pages:
        started = time.perf_counter()
        units = split(text, language)
        t = tallies[language or "?"]
        t.seconds += time.perf_counter() - started
        t.pages += 1
        t.units += len(units)
        for unit, following in zip(units, [*units[1:], ""], strict=True):
            if _cut_at_number(unit, following):
                t.cut_at_number += 1
                t.examples.append(f"{unit[-30:]!r} | {following[:30]!r}")
            elif _too_short(unit, language):
                t.short += 1
    return tallies


def _cut_at_number(unit: str, following: str) -> bool:
    if not _NUMBER_PERIOD.search(unit) or not following:
        return False
    return following[0].islower() or _MONTH.match(following) is not None


def _too_short(unit: str, language: str | None) -> bool:
    if language in WITHOUT_SPACES:
        return sum(ch.isalnum() for ch in unit) < 6
    return len(unit.split()) < 3


def units_now(text: str, language: str | None) -> list[str]:
    sentences, _ = analyse_text(text, language)
    return [sentence.text for sentence in sentences]


def units_before(text: str, language: str | None) -> list[str]:
    """The units as ``analyse_text`` made them before issue 14."""
    nlp = english_pipeline() if language in (None, "en") else _generic_pipeline()
    spans: list[tuple[int, int]] = []
    for offset, chunk in text_chunks(text):
        for sent in nlp(chunk).sents:
            spans.extend(_pieces(text, offset + sent.start_char, offset + sent.end_char))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        joined = merged and "\n\n" not in text[merged[-1][1] : start]
        if joined and not ends_sentence(text[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return [
        text[start:end]
        for sent_start, sent_end in merged
        for start, end in split_clauses(text, sent_start, sent_end)
    ]


@lru_cache(maxsize=1)
def _generic_pipeline() -> Any:
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at blank lines, each piece trimmed of spaces."""
    pieces = []
    for match in re.finditer(r"(?:(?!\n\n).)+", text[start:end], re.DOTALL):
        piece = match.group()
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            pieces.append((start + match.start() + left, start + match.start() + right))
    return pieces


if __name__ == "__main__":
    raise SystemExit(main())
