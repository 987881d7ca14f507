"""Metadata on real saved pages: title, publication time, language and outlet, and where each
came from (issue 14, points 1 and 2).

Reads ``../shared/data/realpages`` (or ``$STORYTRACE_SHARED_DATA/realpages``) as ingest does
(``read_html`` then ``clean_document``) and prints:

- on the 20 newspaper4k pages with checked metadata: how many get the title, the publication
  day, the publication time to the minute (only where the label gives a time with its zone)
  and the language right;
- on all 140 pages: how many outlets come from each basis ("declared: og:site_name", "URL
  host", "text line", ...), and the outlets that look like junk rather than a name (a
  copyright mark, a month, a single generic word, a "Source:" credit, a comma list).

A label's time is "with a time" unless it is exactly midnight; a day is compared in the
label's own zone where it gives one (a page published 05:50 in Tokyo is that day's page),
else in UTC. Usage: python benchmarks/realpages_metadata.py
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from storytrace.clean.document import clean_document
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.model import Article
from storytrace.provenance.timing import parse_time

ROOT = Path(__file__).resolve().parents[1]
REALPAGES = (
    Path(os.environ.get("STORYTRACE_SHARED_DATA", ROOT / "../shared/data")) / "realpages"
).resolve()

# Words that are no outlet name when a line holds nothing else: ad labels, page furniture,
# totals, months (the junk outlets issue 14 reported, and their kin).
GENERIC_WORDS = frozenset(
    (
        "ad",
        "ads",
        "advertisement",
        "anzeige",
        "reklama",
        "werbung",
        "gesamt",
        "start",
        "home",
        "menu",
        "news",
        "login",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
)
_JUNK_MARKS = re.compile(r"©|\(c\)|copyright|\bquelle\b|\bsource\s*:|\bfoto\b|\bphoto\b", re.I)


@dataclass
class LabelledScore:
    """Right answers on the labelled pages, out of the pages whose label gives the field."""

    title: list[int] = field(default_factory=lambda: [0, 0])
    day: list[int] = field(default_factory=lambda: [0, 0])
    minute: list[int] = field(default_factory=lambda: [0, 0])
    language: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)


@dataclass
class OutletScore:
    pages: int = 0
    unreadable: int = 0
    by_basis: Counter[str] = field(default_factory=Counter)
    suspicious: list[tuple[str, str, str]] = field(default_factory=list)  # page, outlet, basis


@functools.cache
def read_page(path: Path) -> Article | None:
    """The article ingest would store for ``path``, or None where ingest rejects it (each
    page is read once per process: trafilatura takes about 0.2 s a page)."""
    try:
        return clean_document(read_html(path.read_bytes(), str(path)), "a1")
    except InputError:
        return None


def looks_like_junk_outlet(outlet: str) -> bool:
    """True for an outlet that reads as a stray line rather than a name."""
    text = outlet.strip()
    folded = text.casefold().strip(".:")
    if len(text) < 2 or folded in GENERIC_WORDS or _JUNK_MARKS.search(text):
        return True
    return "," in text or re.fullmatch(r"[\d\W]+", text) is not None


def score_labelled(folder: Path) -> LabelledScore:
    score = LabelledScore()
    for label_path in sorted((folder / "metadata").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        page = folder / "html" / f"{label_path.stem}.html"
        article = read_page(page)
        name = label_path.stem
        if label.get("title"):
            right = article is not None and _same_text(article.title, label["title"])
            _tally(score, score.title, right, f"{name}: title {article and article.title!r}")
        if label.get("language"):
            right = article is not None and article.language == label["language"]
            _tally(score, score.language, right, f"{name}: language {article and article.language}")
        if label.get("publish_date"):
            _score_time(score, name, label["publish_date"], article)
    return score


def _score_time(score: LabelledScore, name: str, labelled: str, article: Article | None) -> None:
    expected = datetime.fromisoformat(labelled)
    found = parse_time(article.published) if article and article.published else None
    shown = f"{name}: published {article and article.published!r}, label {labelled}"
    if found is None:
        day_right = False
    elif found.day_only or expected.tzinfo is None:
        day_right = found.instant.date() == expected.date()
    else:
        day_right = found.instant.astimezone(expected.tzinfo).date() == expected.date()
    _tally(score, score.day, day_right, shown)
    if expected.tzinfo is not None and expected.time() != time():
        minute_right = (
            found is not None
            and not found.day_only
            and abs(found.instant - expected) < timedelta(minutes=1)
        )
        _tally(score, score.minute, minute_right, shown + " (to the minute)")


def _tally(score: LabelledScore, counts: list[int], right: bool, miss: str) -> None:
    counts[1] += 1
    if right:
        counts[0] += 1
    else:
        score.misses.append(miss)


def _same_text(found: str | None, expected: str) -> bool:
    return found is not None and " ".join(found.split()) == " ".join(expected.split())


def score_outlets(realpages: Path) -> OutletScore:
    score = OutletScore()
    pages = sorted((realpages / "newspaper4k" / "html").glob("*.html"))
    pages += sorted((realpages / "trafilatura_cache").glob("*.html"))
    for page in pages:
        score.pages += 1
        article = read_page(page)
        if article is None:
            score.unreadable += 1
            continue
        basis = article.basis_of("outlet") or ("none" if article.outlet is None else "unrecorded")
        score.by_basis[basis] += 1
        if article.outlet is not None and looks_like_junk_outlet(article.outlet):
            score.suspicious.append((page.name, article.outlet, basis))
    return score


def share(counts: list[int]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


def figures(realpages: Path) -> dict[str, float]:
    """The shares ``tests/eval/floors.json`` keeps floors for (keys ``realpages_metadata_*``)."""
    labelled = score_labelled(realpages / "newspaper4k")
    outlets = score_outlets(realpages)
    read = outlets.pages - outlets.unreadable
    named = read - outlets.by_basis["none"]
    declared = sum(n for basis, n in outlets.by_basis.items() if basis.startswith("declared"))
    return {
        "realpages_metadata_title": share(labelled.title),
        "realpages_metadata_day": share(labelled.day),
        "realpages_metadata_minute": share(labelled.minute),
        "realpages_metadata_language": share(labelled.language),
        "realpages_metadata_outlet_declared": declared / read if read else 0.0,
        "realpages_metadata_outlet_not_suspicious": (
            1 - len(outlets.suspicious) / named if named else 0.0
        ),
    }


def main() -> int:
    if not REALPAGES.is_dir():
        print(f"{REALPAGES} not found: the real pages of ../shared/data are absent")
        return 1
    labelled = score_labelled(REALPAGES / "newspaper4k")
    print("Labelled newspaper4k pages (right / labelled):")
    for name in ("title", "day", "minute", "language"):
        counts = getattr(labelled, name)
        print(f"  {name:10s} {counts[0]:3d} / {counts[1]:3d}  ({share(counts):.2f})")
    for miss in labelled.misses:
        print(f"    miss  {miss}")
    outlets = score_outlets(REALPAGES)
    print(
        f"\nOutlets on {outlets.pages} pages ({outlets.unreadable} rejected by ingest), by basis:"
    )
    for basis, count in outlets.by_basis.most_common():
        print(f"  {count:4d}  {basis}")
    print(f"Suspicious outlets: {len(outlets.suspicious)}")
    for page, outlet, basis in outlets.suspicious:
        print(f"  {page}: {outlet!r} ({basis})")
    print("\nShares kept as floors in tests/eval/floors.json:")
    for name, value in figures(REALPAGES).items():
        print(f"  {name:44s} {value:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
