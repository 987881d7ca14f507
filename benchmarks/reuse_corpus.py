"""Verbatim reuse across a corpus: storytrace's reuse index beside datasketch MinHash LSH.

The corpus, per size (2,000 and 20,000 articles by default), is built from the real text in
../shared/data/ and carries reuse injected with known offsets:

1. Pool: the real articles of PolNeAR, PTC, BASIL, ECB+ (detokenised) and the SemEval-2022
   Task 8 pairs (every language but Chinese, which has no spaces between words), then the
   CheckThat! 2020 verified claims and EUvsDisinfo claim titles as extra real sentences. They
   are cut into sentences, and a sentence is dropped when six or more of its folded words lie
   in 5-word runs of sentences kept before it (the real sets retell the same events, quote
   the same people and translate the same texts): so two pool sentences share at most five
   such words, and two articles can only share a passage where the construction put it.
2. Articles: the pool articles (shuffled, seeded) are read as one stream of sentences per
   language and cut into pieces of ``L`` words, each sentence used once. The real text is
   about 1.8 million words after deduplication, so ``L`` is 500 words at 2,000 articles but
   only 76 at 20,000 (about 100 with the injected passages and sign-offs): the pool is too
   small for 20,000 articles of 500 words without repeating sentences, which would plant
   reuse that no gold records, so we chose shorter articles instead (the figures give ``L``
   and the mean). The timing run at the goal's article length is described below.
3. Injected reuse between articles that take part in no other injection:
   - verbatim copies of one or two paragraphs, or of a run of 1-5 sentences, from a source
     into 1-3 targets (so the targets also share text with each other: gold pairs as well);
   - the same with 1-3 light edits per copy (a word changed, dropped, or 1-3 words inserted);
   - reordered paragraphs: 2-4 consecutive source paragraphs set into the target in another
     order, each at its own place (one gold passage per paragraph);
   - paraphrases: 1-3 MSRP pairs labelled paraphrase, sentence 1 into the source and
     sentence 2 into the target (the MSRP sentences pass the same deduplication).
4. Boilerplate trap: a sign-off line from five templates with varying names, outlets, cities
   and years ("Reporting by X; Editing by Y", "Copyright 2019 Prensa Latina. All rights
   reserved...") is appended to ``SIGN_OFF_SHARE`` of the articles; it is never gold reuse.

Gold is computed from the construction only: a pair is a reuse pair when an injected
verbatim, edited or reordered passage links it; pairs linked by paraphrases alone are scored
apart (a detector of verbatim reuse that flags them is neither right nor wrong; the count is
printed). A gold passage counts as found when a detected passage of its pair overlaps it by
at least half of its characters in the target (the later article in the corpus).

Measured, each method in a fresh process on the same corpus file, one after the other
(``--repeat`` times, the median time kept): wall time of the method alone (imports and
reading the corpus excluded), the peak resident set size of that process (``VmHWM``:
interpreter, imports and the corpus in memory included; the RSS after loading the corpus is
printed beside it), and pair precision, recall and F1 (columns FP: wrong pairs; para:
paraphrase-only pairs flagged, which count neither way). storytrace is
``ReuseIndex(articles).passages()``; MinHash LSH is datasketch (128 permutations,
threshold 0.5, word 5-gram shingles, insert then query every article) in two forms:
datasketch's default hashing of shingle strings, and the faster path storytrace's ingest
uses (CRC-32 word hashes combined with numpy, permutations drawn once). The time ratio is
taken against the faster.

Because the real text cannot fill 20,000 articles of ~500 words, a last timing run
(``--nominal``) uses ten copies of the 2,000-article corpus, every copy but the first with
its words renamed (each word to another of the same length, by a seeded permutation): real
word frequencies and sentence shapes, no n-gram shared across copies, gold carried over,
but not readable text. Its quality figures are printed for completeness; the real-text
sizes are the ones that measure quality.

CPU time (``time.process_time``) is printed beside wall time: the machine may be shared.

Paraphrase recall is a within-story measurement: storytrace's sentence aligner
(``align_articles`` over ``analyse``) is run on the gold paraphrase pairs only, never on the
corpus, and an injected paraphrase counts as found when a sentence match links the unit
holding sentence 1 with the unit holding sentence 2.

Goals (issue "Stories and provenance", points 3 and 5): passage recall >= 0.83, pair
F1 >= 0.90, time <= 2x MinHash LSH, peak RSS < 2 GB at 20,000 articles.

Usage: python benchmarks/reuse_corpus.py [--size 2000] [--size 20000] [--json FILE]
       [--seed N] [--repeat 3] [--nominal 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEFAULT_SIZES = (2000, 20000)
SEED = 2024
# A pool sentence is dropped when this many of its folded words lie in 5-word runs found in
# sentences kept before: two sentences then share at most five words covered by common
# 5-grams, half of the ten a detected passage needs, so no accidental reuse is left for the
# detector to find (an 8-word exact rule, tried first, let real near-duplicates through: ECB+
# retellings, SemEval translations of one text, PolNeAR's repeated poll figures).
DEDUPE_WORDS = 5
DEDUPE_COVERED = 6
MAX_WORDS_PER_ARTICLE = 500
SIGN_OFF_SHARE = 0.30
# Share of the articles that are the source of each kind of injected reuse.
EVENT_SHARES = {"verbatim": 0.05, "edited": 0.04, "reordered": 0.03, "paraphrase": 0.03}
REUSE_KINDS = ("verbatim", "edited", "reordered")
# Targets per copied passage, with weights (syndication to several outlets).
FAN_OUT = ((1, 0.7), (2, 0.2), (3, 0.1))
MIN_COPY_WORDS = 12
OVERLAP_FOUND = 0.5
# The timing run at the article length of the goal: copies of the 2,000-article corpus.
NOMINAL_BASE = 2000
NOMINAL_SIZE = 20000
GOALS = {"passage_recall": 0.83, "pair_f1": 0.90, "time_ratio": 2.0, "peak_rss_mb": 2048}

_WORD = re.compile(r"[^\W_]+")

# ---------------------------------------------------------------------------------------
# The pool of real sentences


@dataclass
class PoolArticle:
    name: str
    language: str
    paragraphs: list[list[str]]  # sentences per paragraph


def detokenise(text: str) -> str:
    """ECB+ and MSRP come tokenised ("her rep told People ."): undo the common cases."""
    text = text.replace("``", '"').replace("''", '"')
    text = re.sub(r" ([.,;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r'" ([^"]*?) "', r'"\1"', text)
    return text.strip()


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph (a regular expression split; fragments joined back)."""
    parts = re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"”»’])\s+", paragraph.strip())
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and len(part.split()) < 4:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def split_article(text: str) -> list[list[str]]:
    return [s for p in re.split(r"\n\s*\n|\n", text) if (s := sentences(p))]


def load_pool() -> tuple[list[PoolArticle], list[PoolArticle]]:
    """(real articles, claim lists), in a fixed order."""
    articles: list[PoolArticle] = []
    for path in sorted((DATA / "polnear/text").glob("*.txt")):
        articles.append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
    for path in sorted((DATA / "ptc/train-articles").glob("*.txt")):
        articles.append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
    with (DATA / "basil/docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            articles.append(PoolArticle(doc["doc_id"], "en", split_article(doc["text"])))
    with (DATA / "ecbplus/docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            lines = [detokenise(s) for s in doc["text"].splitlines() if s.strip()]
            paragraphs = [lines[i : i + 2] for i in range(0, len(lines), 2)]
            articles.append(PoolArticle(doc["doc_id"], "en", paragraphs))
    csv.field_size_limit(10_000_000)
    with (DATA / "semeval2022_task8/training_set.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                language = row[f"lang{side}"]
                if language != "zh":
                    name = f"semeval-{row['pair_id']}-{side}"
                    articles.append(PoolArticle(name, language, split_article(row[f"text{side}"])))
    claims: list[str] = []
    with (DATA / "checkthat2020/verified_claims.docs.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            claims.append((row["vclaim"] or "").strip())
    with (DATA / "euvsdisinfo/posts.csv").open(encoding="utf-8") as handle:
        claims += [(row["title"] or "").strip() for row in csv.DictReader(handle)]
    claims = [c for c in claims if len(c.split()) >= 4]
    claim_lists = [
        PoolArticle(f"claims-{i}", "en", [claims[j : j + 3] for j in range(i, i + 30, 3)])
        for i in range(0, len(claims), 30)
    ]
    return articles, claim_lists


def load_msrp() -> list[tuple[str, str]]:
    pairs = []
    with (DATA / "msrp/msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            # This copy turned some commas into tabs: the two sentences are the last fields.
            if len(fields) >= 5 and fields[0] == "1":
                first, second = "\t".join(fields[3:-1]), fields[-1]
                pairs.append((detokenise(first), detokenise(second)))
    return pairs


class Deduper:
    """Keeps a sentence unless DEDUPE_COVERED or more of its folded words lie in runs of
    DEDUPE_WORDS words that a sentence kept before also has (an exact repeat of a short
    sentence is dropped too)."""

    def __init__(self) -> None:
        from storytrace.nlp.names import fold

        self._fold = fold
        self._seen: set[int] = set()

    def grams(self, sentence: str) -> list[int]:
        words = [f for w in _WORD.findall(sentence) if (f := self._fold(w))]
        if len(words) < DEDUPE_WORDS:
            return [hash(("short", *words))]
        return [
            hash(tuple(words[i : i + DEDUPE_WORDS])) for i in range(len(words) - DEDUPE_WORDS + 1)
        ]

    def repeats(self, grams: list[int]) -> bool:
        covered: set[int] = set()
        for at, gram in enumerate(grams):
            if gram in self._seen:
                covered.update(range(at, at + DEDUPE_WORDS))
        return len(covered) >= min(DEDUPE_COVERED, DEDUPE_WORDS * len(grams))

    def fresh(self, *sentences: str) -> bool:
        """True (and remembered) when none of ``sentences`` repeats kept text."""
        grams = [self.grams(s) for s in sentences]
        if any(self.repeats(g) for g in grams):
            return False
        for g in grams:
            self._seen.update(g)
        return True


def deduplicate(
    msrp: list[tuple[str, str]], *groups: list[PoolArticle]
) -> tuple[list[tuple[str, str]], list[list[PoolArticle]]]:
    """The MSRP pairs and each group of pool articles, with repeating sentences dropped
    (earlier ones win: MSRP first, then the groups in order)."""
    deduper = Deduper()
    kept_msrp = [pair for pair in msrp if deduper.fresh(*pair)]
    kept_groups: list[list[PoolArticle]] = []
    for group in groups:
        kept: list[PoolArticle] = []
        for article in group:
            paragraphs = [
                [s for s in paragraph if deduper.fresh(s)] for paragraph in article.paragraphs
            ]
            paragraphs = [p for p in paragraphs if p]
            if paragraphs:
                kept.append(PoolArticle(article.name, article.language, paragraphs))
        kept_groups.append(kept)
    return kept_msrp, kept_groups


# ---------------------------------------------------------------------------------------
# Building one corpus


@dataclass
class Segment:
    """One sentence of a built article; ``tags`` name the injected units it belongs to."""

    text: str
    tags: list[tuple[int, int]] = field(default_factory=list)  # (event, part)


@dataclass
class Doc:
    language: str
    paragraphs: list[list[Segment]]
    busy: bool = False  # already takes part in an injection

    def words(self) -> int:
        return sum(len(s.text.split()) for p in self.paragraphs for s in p)


@dataclass
class Event:
    kind: str
    docs: list[int]  # source first
    parts: int


def count_words(article: PoolArticle) -> int:
    return sum(len(s.split()) for p in article.paragraphs for s in p)


def cut(paragraphs: list[list[str]], language: str, length: int) -> list[Doc]:
    """Consecutive pieces of at least ``length`` words (cut after a sentence; a paragraph
    may be split), the last short piece dropped."""
    docs: list[Doc] = []
    piece: list[list[Segment]] = []
    words = 0
    for paragraph in paragraphs:
        piece.append([])
        for sentence in paragraph:
            piece[-1].append(Segment(sentence))
            words += len(sentence.split())
            if words >= length:
                docs.append(Doc(language, piece))
                piece, words = [[]], 0
        piece = [p for p in piece if p]
    return docs


def base_docs(
    rng: random.Random, articles: list[PoolArticle], claims: list[PoolArticle], size: int
) -> tuple[list[Doc], int]:
    """``size`` articles of real text, each sentence used once, and the length aimed at.

    The pool articles, shuffled, are read as one stream per language (claim lists last) and
    cut into pieces of ``length`` words, so one piece may end one article and begin the next.
    """
    order = articles[:]
    rng.shuffle(order)
    claim_order = claims[:]
    rng.shuffle(claim_order)
    streams: dict[str, list[list[str]]] = defaultdict(list)
    for article in order + claim_order:
        streams[article.language].extend(article.paragraphs)
    total = sum(len(s.split()) for stream in streams.values() for p in stream for s in p)
    length = min(MAX_WORDS_PER_ARTICLE, total // size)
    while True:
        docs = [
            doc for language in sorted(streams) for doc in cut(streams[language], language, length)
        ]
        if len(docs) >= size:
            break
        length = int(length * 0.97)
    rng.shuffle(docs)
    return docs[:size], length


def paragraph_boundary(rng: random.Random, doc: Doc) -> int:
    return rng.randint(0, len(doc.paragraphs))


def copy_passage(rng: random.Random, doc: Doc) -> list[list[Segment]] | None:
    """Paragraphs (one or two whole ones) or a run of 1-5 sentences of ``doc``, or None."""
    paragraphs = doc.paragraphs
    if rng.random() < 0.5:
        first = rng.randrange(len(paragraphs))
        chosen = paragraphs[first : first + rng.choice((1, 1, 2))]
    else:
        flat = [s for p in paragraphs for s in p]
        start = rng.randrange(len(flat))
        chosen = [flat[start : start + rng.randint(1, 5)]]
    words = sum(len(s.text.split()) for p in chosen for s in p)
    return chosen if words >= MIN_COPY_WORDS else None


def edit(rng: random.Random, text: str, vocabulary: list[str]) -> str:
    """One light edit: a word changed, dropped, or one to three words inserted."""
    words = text.split()
    at = rng.randrange(len(words))
    operation = rng.choice(("change", "drop", "insert"))
    if operation == "change":
        words[at] = rng.choice(vocabulary)
    elif operation == "drop" and len(words) > 3:
        del words[at]
    else:
        words[at:at] = [rng.choice(vocabulary) for _ in range(rng.randint(1, 3))]
    return " ".join(words)


SIGN_OFFS = (
    "Reporting by {r}; Editing by {e}",
    "Follow {o} on Twitter and Facebook for the latest news and updates.",
    "Copyright {y} {o}. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "Additional reporting by {r} in {c}; Writing by {r2}; Editing by {e}",
    "Subscribe to the {o} newsletter to get the day's top stories delivered to your inbox.",
)
REPORTERS = [
    "Andrew Osborn",
    "Polina Devitt",
    "Maria Tsvetkova",
    "Dmitry Antonov",
    "Tom Balmforth",
    "Gleb Stolyarov",
    "Jonathan Landay",
    "Humeyra Pamuk",
    "Idrees Ali",
    "Phil Stewart",
    "Steve Holland",
    "Jeff Mason",
    "Ellen Francis",
    "Suleiman Al-Khalidi",
    "Tuvan Gumrukcu",
    "Ece Toksabay",
    "Pavel Polityuk",
    "Natalia Zinets",
    "Matthias Williams",
    "Sabine Siebold",
    "Andreas Rinke",
    "John Irish",
    "Michel Rose",
    "Crispian Balmer",
]
EDITORS = [
    "Mark Heinrich",
    "Alex Richardson",
    "Peter Graff",
    "Angus MacSwan",
    "Gareth Jones",
    "William Maclean",
    "Mary Milliken",
    "Howard Goller",
    "Daniel Wallis",
    "Leslie Adler",
    "Jonathan Oatis",
    "Nick Macfie",
]
OUTLETS = [
    "Reuters",
    "Prensa Latina",
    "Radio Habana Cuba",
    "TASS",
    "RIA Novosti",
    "Sputnik International",
    "The Associated Press",
    "Agence France-Presse",
    "Anadolu Agency",
    "Xinhua News Agency",
    "Deutsche Welle",
    "The Moscow Times",
]
CITIES = [
    "Moscow",
    "Kyiv",
    "Ankara",
    "Berlin",
    "Paris",
    "Washington",
    "Damascus",
    "Beirut",
    "Havana",
]


def sign_off(rng: random.Random) -> str:
    template = rng.choice(SIGN_OFFS)
    return template.format(
        r=rng.choice(REPORTERS),
        r2=rng.choice(REPORTERS),
        e=rng.choice(EDITORS),
        o=rng.choice(OUTLETS),
        c=rng.choice(CITIES),
        y=rng.randint(2015, 2021),
    )


@dataclass
class Corpus:
    texts: list[str]
    languages: list[str]
    words_aimed: int
    events: list[Event]
    # (event, part, doc) -> character span of that unit in that doc
    spans: dict[tuple[int, int, int], tuple[int, int]]
    sign_offs: int


def build_corpus(
    seed: int,
    size: int,
    articles: list[PoolArticle],
    claims: list[PoolArticle],
    msrp: list[tuple[str, str]],
) -> Corpus:
    rng = random.Random(seed * 1_000_003 + size)
    docs, length = base_docs(rng, articles, claims, size)
    vocabulary = sorted(
        {w for d in docs[:200] for p in d.paragraphs for s in p for w in s.text.split()}
    )
    free = list(range(size))
    rng.shuffle(free)
    english = [i for i in free if docs[i].language == "en"]
    events: list[Event] = []

    def take(pool: list[int]) -> int | None:
        while pool:
            index = pool.pop()
            if not docs[index].busy:
                docs[index].busy = True
                return index
        return None

    paraphrases = msrp[:]
    rng.shuffle(paraphrases)
    for kind, share in EVENT_SHARES.items():
        for _ in range(round(share * size)):
            event_id = len(events)
            if kind == "paraphrase":
                source, target = take(english), take(english)
                if source is None or target is None or not paraphrases:
                    break
                count = min(rng.randint(1, 3), len(paraphrases))
                for part in range(count):
                    first, second = paraphrases.pop()
                    for index, sentence in ((source, first), (target, second)):
                        paragraph = rng.choice(docs[index].paragraphs)
                        paragraph.insert(
                            rng.randint(0, len(paragraph)), Segment(sentence, [(event_id, part)])
                        )
                events.append(Event(kind, [source, target], count))
                continue
            source = take(free)
            if source is None:
                break
            fan_out = rng.choices([f for f, _ in FAN_OUT], [w for _, w in FAN_OUT])[0]
            targets = [t for t in (take(free) for _ in range(fan_out)) if t is not None]
            if kind == "reordered":
                units = reordered_units(rng, docs[source])
            else:
                chosen = None
                for _ in range(10):
                    chosen = chosen or copy_passage(rng, docs[source])
                units = [chosen] if chosen else []
            if not units or not targets:
                continue
            for part, unit in enumerate(units):
                for segment in (s for p in unit for s in p):
                    segment.tags.append((event_id, part))
            for target in targets:
                copies = [
                    [[Segment(s.text, [(event_id, part)]) for s in p] for p in unit]
                    for part, unit in enumerate(units)
                ]
                if kind == "edited":
                    segments = [s for unit in copies for p in unit for s in p]
                    for _ in range(rng.randint(1, 3)):
                        segment = rng.choice(segments)
                        segment.text = edit(rng, segment.text, vocabulary)
                if kind == "reordered":
                    order = list(range(len(copies)))
                    while order == sorted(order):
                        rng.shuffle(order)
                    for part in order:
                        at = paragraph_boundary(rng, docs[target])
                        docs[target].paragraphs[at:at] = copies[part]
                else:
                    at = paragraph_boundary(rng, docs[target])
                    docs[target].paragraphs[at:at] = copies[0]
            events.append(Event(kind, [source, *targets], len(units)))
    sign_offs = 0
    for doc in docs:
        if rng.random() < SIGN_OFF_SHARE:
            doc.paragraphs.append([Segment(sign_off(rng))])
            sign_offs += 1
    texts, spans = [], {}
    for index, doc in enumerate(docs):
        text, doc_spans = render(doc)
        texts.append(text)
        for key, span in doc_spans.items():
            spans[(*key, index)] = span
    return Corpus(texts, [d.language for d in docs], length, events, spans, sign_offs)


def reordered_units(rng: random.Random, doc: Doc) -> list[list[list[Segment]]]:
    """2-4 consecutive paragraphs of ``doc`` (each one unit), or runs of sentences when the
    article has too few paragraphs."""
    count = rng.randint(2, 4)
    paragraphs = doc.paragraphs
    if len(paragraphs) < count:
        flat = [s for p in paragraphs for s in p]
        size = max(1, len(flat) // count)
        paragraphs = [flat[i : i + size] for i in range(0, len(flat), size)]
    if len(paragraphs) < 2:
        return []
    count = min(count, len(paragraphs))
    first = rng.randrange(len(paragraphs) - count + 1)
    units = [[p] for p in paragraphs[first : first + count]]
    units = [u for u in units if sum(len(s.text.split()) for s in u[0]) >= MIN_COPY_WORDS]
    return units if len(units) >= 2 else []


def render(doc: Doc) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """The article's text, and the character span of each tagged unit in it."""
    parts: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    offset = 0
    for p_index, paragraph in enumerate(doc.paragraphs):
        if p_index:
            parts.append("\n\n")
            offset += 2
        for s_index, segment in enumerate(paragraph):
            if s_index:
                parts.append(" ")
                offset += 1
            for tag in segment.tags:
                start, end = spans.get(tag, (offset, offset))
                spans[tag] = (min(start, offset), max(end, offset + len(segment.text)))
            parts.append(segment.text)
            offset += len(segment.text)
    return "".join(parts), spans


@dataclass(frozen=True)
class GoldPassage:
    kind: str
    first: int  # doc indexes, first < second
    second: int
    first_span: tuple[int, int]
    second_span: tuple[int, int]


def gold(corpus: Corpus) -> tuple[list[GoldPassage], dict[tuple[int, int], set[str]]]:
    """Gold passages (every pair of docs carrying one unit) and the kinds linking each pair."""
    passages: list[GoldPassage] = []
    kinds: dict[tuple[int, int], set[str]] = defaultdict(set)
    for event_id, event in enumerate(corpus.events):
        for part in range(event.parts):
            carriers = sorted(d for d in event.docs if (event_id, part, d) in corpus.spans)
            for first, second in combinations(carriers, 2):
                passages.append(
                    GoldPassage(
                        event.kind,
                        first,
                        second,
                        corpus.spans[(event_id, part, first)],
                        corpus.spans[(event_id, part, second)],
                    )
                )
                kinds[(first, second)].add(event.kind)
    return passages, kinds


# ---------------------------------------------------------------------------------------
# The methods, each in a fresh process


def read_corpus(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def rss_now_kb() -> int:
    return _status_kb("VmRSS")


def peak_rss_kb() -> int:
    """The process's peak RSS since it started its program. ``ru_maxrss`` would not do: on
    Linux it keeps the peak of the forked parent across ``exec``, so a child of this (large)
    benchmark process would report the parent's size."""
    return _status_kb("VmHWM")


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_storytrace(corpus_path: Path) -> dict[str, Any]:
    from storytrace.model import Article
    from storytrace.reuse import ReuseIndex

    articles = [
        Article(id=r["id"], source=r["id"], text=r["text"]) for r in read_corpus(corpus_path)
    ]
    loaded = rss_now_kb()
    started, cpu = time.perf_counter(), time.process_time()
    passages = ReuseIndex(articles).passages()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    position = {a.id: i for i, a in enumerate(articles)}
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rss_loaded_kb": loaded,
        "peak_rss_kb": peak_rss_kb(),
        "passages": [
            [position[p.source], position[p.target], p.source_start, p.source_end,
             p.target_start, p.target_end, p.tokens, p.score]
            for p in passages
        ],
    }  # fmt: skip


def child_minhash(corpus_path: Path, fast: bool) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    from storytrace.ingest.dedupe import shingle_hashes

    records = read_corpus(corpus_path)
    loaded = rss_now_kb()
    started, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    signatures = []
    if fast:
        permutations = MinHash(num_perm=128, scheme="affine32").permutations
    for number, record in enumerate(records):
        if fast:
            minhash = MinHash(
                num_perm=128, hashfunc=int, permutations=permutations, scheme="affine32"
            )
            minhash.update_batch(shingle_hashes(record["text"]))
        else:
            words = re.findall(r"\w+", record["text"].casefold())
            shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
            minhash = MinHash(num_perm=128)
            minhash.update_batch([s.encode("utf-8") for s in shingles])
        lsh.insert(number, minhash, check_duplication=False)
        signatures.append(minhash)
    pairs = sorted(
        {
            (min(number, other), max(number, other))
            for number, minhash in enumerate(signatures)
            for other in lsh.query(minhash)
            if other != number
        }
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rss_loaded_kb": loaded,
        "peak_rss_kb": peak_rss_kb(),
        "pairs": pairs,
    }


def run_child(method: str, corpus_path: Path, out: Path, repeat: int) -> dict[str, Any]:
    """The method's result from ``repeat`` fresh processes: the median time, the largest
    peak RSS."""
    runs = []
    for _ in range(repeat):
        subprocess.run(
            [sys.executable, __file__, "--child", method, str(corpus_path), str(out)],
            check=True,
            cwd=ROOT,
        )
        runs.append(json.loads(out.read_text(encoding="utf-8")))
    result: dict[str, Any] = dict(runs[-1])
    result["seconds"] = statistics.median(r["seconds"] for r in runs)
    result["seconds_all"] = [r["seconds"] for r in runs]
    result["cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in runs)
    result["peak_rss_kb"] = max(r["peak_rss_kb"] for r in runs)
    return result


# ---------------------------------------------------------------------------------------
# Scores


def pair_scores(
    found: set[tuple[int, int]], reuse: set[tuple[int, int]], paraphrase_only: set[tuple[int, int]]
) -> dict[str, float]:
    judged = found - paraphrase_only
    true = len(judged & reuse)
    precision = true / len(judged) if judged else 1.0
    recall = true / len(reuse) if reuse else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "found": len(found),
        "false_positives": len(judged) - true,
        "paraphrase_only_flagged": len(found & paraphrase_only),
    }


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def passage_scores(detected: list[list[Any]], passages: list[GoldPassage]) -> dict[str, Any]:
    by_pair: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for source, target, _, _, start, end, _, _ in detected:
        by_pair[(source, target)].append((start, end))
    recall_by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_by_pair: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for passage in passages:
        gold_by_pair[(passage.first, passage.second)].append(passage.second_span)
        if passage.kind == "paraphrase":
            continue
        span = passage.second_span
        hit = any(
            overlap(span, d) >= OVERLAP_FOUND * (span[1] - span[0])
            for d in by_pair.get((passage.first, passage.second), [])
        )
        recall_by_kind[passage.kind][0] += hit
        recall_by_kind[passage.kind][1] += 1
    correct = sum(
        any(overlap(d, g) >= OVERLAP_FOUND * (d[1] - d[0]) for g in gold_by_pair.get(pair, []))
        for pair, spans in by_pair.items()
        for d in spans
    )
    found = sum(v[0] for v in recall_by_kind.values())
    total = sum(v[1] for v in recall_by_kind.values())
    return {
        "passage_recall": found / total if total else 1.0,
        "passage_precision": correct / len(detected) if detected else 1.0,
        "gold_passages": total,
        "detected_passages": len(detected),
        "recall_by_kind": {k: v[0] / v[1] for k, v in sorted(recall_by_kind.items())},
    }


def paraphrase_recall(corpus: Corpus) -> dict[str, Any]:
    """Within-story: the sentence aligner on each gold paraphrase pair alone."""
    from storytrace.align.pairs import align_articles
    from storytrace.model import Article
    from storytrace.nlp.analyse import analyse

    events = [(i, e) for i, e in enumerate(corpus.events) if e.kind == "paraphrase"]
    docs = sorted({d for _, e in events for d in e.docs})
    started = time.perf_counter()
    analysed = dict(
        zip(
            docs,
            analyse([Article(id=f"d{d}", source=f"d{d}", text=corpus.texts[d], language="en")
                     for d in docs]),
            strict=True,
        )
    )  # fmt: skip
    found = total = pairs_found = 0
    for event_id, event in events:
        source, target = event.docs
        [alignment] = align_articles([analysed[source], analysed[target]])
        linked = {(m.sentence_a, m.sentence_b) for m in alignment.matches}
        any_found = False
        for part in range(event.parts):
            if (event_id, part, source) not in corpus.spans:
                continue
            units_a = units_over(analysed[source], corpus.spans[(event_id, part, source)])
            units_b = units_over(analysed[target], corpus.spans[(event_id, part, target)])
            hit = any((a, b) in linked for a in units_a for b in units_b)
            found += hit
            total += 1
            any_found |= hit
        pairs_found += any_found
    return {
        "sentence_recall": found / total if total else 1.0,
        "sentences": total,
        "pair_recall": pairs_found / len(events) if events else 1.0,
        "pairs": len(events),
        "seconds": time.perf_counter() - started,
    }


def units_over(analysed: Any, span: tuple[int, int]) -> list[int]:
    return [s.index for s in analysed.sentences if overlap((s.start, s.end), span) > 0]


# ---------------------------------------------------------------------------------------
# One size, and the report


def run_size(
    size: int,
    seed: int,
    pool: tuple[list[PoolArticle], list[PoolArticle], list[tuple[str, str]]],
    workdir: Path,
    repeat: int,
) -> tuple[Corpus, dict[str, Any]]:
    """The corpus of ``size`` articles and its figures."""
    started = time.perf_counter()
    corpus = build_corpus(seed, size, *pool)
    built = time.perf_counter() - started
    figures = measure(corpus, f"{size}", workdir, repeat)
    figures["build_seconds"] = built
    figures["paraphrase"] = paraphrase_recall(corpus)
    return corpus, figures


def replicate(corpus: Corpus, copies: int, seed: int) -> Corpus:
    """``copies`` copies of the corpus, every copy but the first with its words renamed.

    Each copy maps every word (``\\w+``) to another word of the same length, by a seeded
    random permutation of the corpus's words of that length: the copies share no n-grams,
    word frequencies and sentence shapes stay those of the real text, character offsets do
    not move (so the gold carries over), but the text is no longer readable. Used only to
    time the methods at the article length the goal is stated for.
    """
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted({w for text in corpus.texts for w in re.findall(r"\w+", text)}):
        by_length[len(word)].append(word)
    size, events = len(corpus.texts), len(corpus.events)
    texts, all_events, spans = list(corpus.texts), list(corpus.events), dict(corpus.spans)
    for copy in range(1, copies):
        rng = random.Random(seed * 7919 + copy)
        renamed: dict[str, str] = {}
        for words in by_length.values():
            shuffled = words[:]
            rng.shuffle(shuffled)
            renamed.update(zip(words, shuffled, strict=True))
        rename = partial(_renamed, renamed)
        texts += [re.sub(r"\w+", rename, text) for text in corpus.texts]
        all_events += [
            Event(e.kind, [d + copy * size for d in e.docs], e.parts) for e in corpus.events
        ]
        spans.update(
            {
                (e + copy * events, part, d + copy * size): span
                for (e, part, d), span in corpus.spans.items()
            }
        )
    return Corpus(
        texts,
        corpus.languages * copies,
        corpus.words_aimed,
        all_events,
        spans,
        corpus.sign_offs * copies,
    )


def _renamed(renamed: dict[str, str], match: re.Match[str]) -> str:
    return renamed[match.group()]


def measure(corpus: Corpus, name: str, workdir: Path, repeat: int) -> dict[str, Any]:
    """Every method on the corpus, each in fresh processes, and their scores."""
    passages, kinds = gold(corpus)
    corpus_path = workdir / f"corpus-{name}.jsonl"
    with corpus_path.open("w", encoding="utf-8") as handle:
        for index, text in enumerate(corpus.texts):
            handle.write(json.dumps({"id": f"d{index:06d}", "text": text}) + "\n")
    reuse = {pair for pair, k in kinds.items() if k & set(REUSE_KINDS)}
    paraphrase_only = {pair for pair, k in kinds.items() if k == {"paraphrase"}}
    words = [len(t.split()) for t in corpus.texts]
    methods: dict[str, Any] = {}
    for method in ("storytrace", "minhash-fast", "minhash-default"):
        result = run_child(method, corpus_path, workdir / f"{method}-{name}.json", repeat)
        if method == "storytrace":
            found = {(p[0], p[1]) for p in result["passages"]}
            scores = {**pair_scores(found, reuse, paraphrase_only)}
            scores.update(passage_scores(result["passages"], passages))
        else:
            found = {(a, b) for a, b in result["pairs"]}
            scores = pair_scores(found, reuse, paraphrase_only)
        methods[method] = {
            "seconds": result["seconds"],
            "seconds_all": result["seconds_all"],
            "cpu_seconds": result["cpu_seconds"],
            "peak_rss_mb": result["peak_rss_kb"] / 1024,
            "rss_loaded_mb": result["rss_loaded_kb"] / 1024,
            **scores,
        }
    storytrace, minhash = methods["storytrace"], methods["minhash-fast"]
    return {
        "size": len(corpus.texts),
        "words_aimed": corpus.words_aimed,
        "words_mean": sum(words) / len(words),
        "words_total": sum(words),
        "gold_reuse_pairs": len(reuse),
        "gold_paraphrase_only_pairs": len(paraphrase_only),
        "gold_passages": sum(p.kind != "paraphrase" for p in passages),
        "events": {k: sum(e.kind == k for e in corpus.events) for k in EVENT_SHARES},
        "sign_offs": corpus.sign_offs,
        "methods": methods,
        "time_ratio": storytrace["seconds"] / minhash["seconds"],
        "cpu_ratio": storytrace["cpu_seconds"] / minhash["cpu_seconds"],
        "time_ratio_default": storytrace["seconds"] / methods["minhash-default"]["seconds"],
    }


def print_size(figures: dict[str, Any], nominal: bool = False) -> None:
    title = (
        "timing at the goal's article length: renamed copies of the 2,000-article corpus"
        if nominal
        else "real text"
    )
    print(
        f"\n== {figures['size']:,} articles ({title}): {figures['words_total']:,} words, "
        f"mean {figures['words_mean']:.0f} (aimed {figures['words_aimed']}); gold: "
        f"{figures['gold_reuse_pairs']} reuse pairs, {figures['gold_passages']} passages, "
        f"{figures['gold_paraphrase_only_pairs']} paraphrase-only pairs; events "
        f"{figures['events']}; sign-off on {figures['sign_offs']} articles"
    )
    print(
        f"{'method':<16} {'time s':>7} {'cpu s':>7} {'peak MB':>8} {'loaded':>7} {'pairs':>6} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'FP':>4} {'para':>5} {'pass. R':>8} {'pass. P':>8}"
    )
    for name, m in figures["methods"].items():
        passage_r = f"{m['passage_recall']:.3f}" if "passage_recall" in m else "-"
        passage_p = f"{m['passage_precision']:.3f}" if "passage_precision" in m else "-"
        print(
            f"{name:<16} {m['seconds']:>7.2f} {m['cpu_seconds']:>7.2f} {m['peak_rss_mb']:>8.0f} "
            f"{m['rss_loaded_mb']:>7.0f} {m['found']:>6} {m['precision']:>6.3f} "
            f"{m['recall']:>6.3f} {m['f1']:>6.3f} {m['false_positives']:>4} "
            f"{m['paraphrase_only_flagged']:>5} {passage_r:>8} {passage_p:>8}"
        )
    st = figures["methods"]["storytrace"]
    print(
        "passage recall by kind: "
        + ", ".join(f"{k} {v:.3f}" for k, v in st["recall_by_kind"].items())
    )
    print(
        f"time storytrace / MinHash LSH: {figures['time_ratio']:.2f} wall, "
        f"{figures['cpu_ratio']:.2f} CPU (fast datasketch path); "
        f"{figures['time_ratio_default']:.2f} wall (datasketch defaults)"
    )
    if "paraphrase" in figures:
        para = figures["paraphrase"]
        print(
            f"paraphrase recall (sentence aligner on the {para['pairs']} gold pairs only, "
            f"within story): {para['sentence_recall']:.3f} of {para['sentences']} sentences, "
            f"{para['pair_recall']:.3f} of pairs ({para['seconds']:.1f} s)"
        )
    goals = [
        ("passage recall", st["passage_recall"], ">=", GOALS["passage_recall"]),
        ("pair F1", st["f1"], ">=", GOALS["pair_f1"]),
        ("time ratio", figures["time_ratio"], "<=", GOALS["time_ratio"]),
        ("peak RSS MB", st["peak_rss_mb"], "<", GOALS["peak_rss_mb"]),
    ]
    print(
        "goals: "
        + "; ".join(
            f"{name} {value:.3g} {op} {goal}: "
            + ("met" if (value >= goal if op == ">=" else value <= goal) else "MISSED")
            for name, value, op, goal in goals
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, action="append", help="articles (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--repeat", type=int, default=3, help="fresh processes per method (median time)"
    )
    parser.add_argument(
        "--nominal",
        type=int,
        default=NOMINAL_SIZE,
        help="also time this many articles of ~500 words (renamed copies; 0: skip)",
    )
    parser.add_argument("--keep", type=Path, help="keep the corpus files in this folder")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, corpus_path, out = args.child
        if method == "storytrace":
            result = child_storytrace(Path(corpus_path))
        else:
            result = child_minhash(Path(corpus_path), fast=method == "minhash-fast")
        Path(out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if not DATA.exists():
        print(
            f"{DATA} not found: the labelled corpora of ../shared/data are needed", file=sys.stderr
        )
        return 2
    sizes = args.size or list(DEFAULT_SIZES)
    started = time.perf_counter()
    articles, claims = load_pool()
    msrp = load_msrp()
    msrp, (articles, claims) = deduplicate(msrp, articles, claims)
    pool_words = sum(count_words(a) for a in articles + claims)
    print(
        f"pool: {len(articles)} real articles and {len(claims)} claim lists, {pool_words:,} "
        f"words after deduplication; {len(msrp)} MSRP paraphrase pairs "
        f"({time.perf_counter() - started:.1f} s)"
    )
    figures: list[dict[str, Any]] = []
    nominal: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        base: Corpus | None = None
        for size in sizes:
            corpus, size_figures = run_size(
                size, args.seed, (articles, claims, msrp), workdir, args.repeat
            )
            figures.append(size_figures)
            print_size(size_figures)
            if size == NOMINAL_BASE:
                base = corpus
        if args.nominal:
            if base is None:
                base = build_corpus(args.seed, NOMINAL_BASE, articles, claims, msrp)
            copies = max(1, args.nominal // NOMINAL_BASE)
            replicated = replicate(base, copies, args.seed)
            nominal = measure(replicated, f"nominal-{len(replicated.texts)}", workdir, args.repeat)
            print_size(nominal, nominal=True)
    if args.json:
        document = {"seed": args.seed, "sizes": figures, "nominal_length": nominal}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
