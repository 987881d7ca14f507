"""The real text of the reuse benchmark (``reuse_corpus.py``): background and hard negatives.

- Background: the real articles of PolNeAR, PTC and the SemEval-2022 Task 8 pairs (every
  language but Chinese), then the CheckThat! 2020 verified claims and EUvsDisinfo claim
  titles, cut into sentences; a sentence is dropped when six or more of its folded words lie
  in 5-word runs of text kept before it, so the background holds no reuse of its own.
- Hard negatives, kept whole and never deduplicated against each other (real near-miss text
  that is not an injected copy; ``TrapGroup``):
  - ``ecb+ topic``: the ECB+ articles of one topic (two events of one kind, reported by
    several outlets each: shared names, figures, quotations and phrasing);
  - ``basil story``: BASIL's three reports (Fox News, New York Times, HuffPost) of one event;
  - ``boilerplate line``: PolNeAR, PTC and SemEval articles that share one or two real
    lines (8 words or more) found in 3 to 20 articles, and nothing else: real boilerplate
    ("Name This field is for validation purposes and should be left unchanged.", "Article
    posted with permission from ...", "Editor's note: Donald Trump regularly incites
    political violence and is a serial liar ...", reader polls, "As published in the
    International New York Times."). ``reuse/index.py`` has no filter written for them: its
    frequency cap (``MAX_SEED_DF``, 20 articles) does not reach lines this rare.
  - MSRP sentence pairs labelled NOT paraphrase (``load_msrp(paraphrase=False)``): two
    sentences of two articles on one story with many words in common.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# A pool sentence is dropped when this many of its folded words lie in 5-word runs found in
# sentences kept before: two sentences then share at most five words covered by common
# 5-grams, half of the ten a detected passage needs, so no accidental reuse is left for the
# detector to find (an 8-word exact rule, tried first, let real near-duplicates through: ECB+
# retellings, SemEval translations of one text, PolNeAR's repeated poll figures).
DEDUPE_WORDS = 5
DEDUPE_COVERED = 6
# A boilerplate line: a sentence of at least this many words found in SHARED_LINE_MIN_DF to
# SHARED_LINE_MAX_DF articles (more: the index ignores it by design, ``MAX_SEED_DF``); two
# articles sharing more than SHARED_LINE_MAX such sentences, or SHARED_LINE_MAX_SHARE of the
# sentences of the shorter one, are duplicates, not a trap (see ``boilerplate_lines``).
SHARED_LINE_WORDS = 8
SHARED_LINE_MIN_DF = 3
SHARED_LINE_MAX_DF = 20
SHARED_LINE_MAX = 2
SHARED_LINE_MAX_SHARE = 0.2

_WORD = re.compile(r"[^\W_]+")


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


@dataclass
class TrapGroup:
    """Real articles kept whole as hard negatives; ``pairs`` (indexes into ``articles``) are
    the near-miss pairs the group plants: every pair of a topic or story, or each pair of
    articles sharing a line."""

    kind: str
    name: str
    articles: list[PoolArticle]
    pairs: list[tuple[int, int]]


def load_pool() -> tuple[list[PoolArticle], list[PoolArticle], list[TrapGroup]]:
    """(background articles, claim lists, hard-negative groups), in a fixed order."""
    articles: list[PoolArticle] = []
    for path in sorted((DATA / "polnear/text").glob("*.txt")):
        articles.append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
    for path in sorted((DATA / "ptc/train-articles").glob("*.txt")):
        articles.append(PoolArticle(path.name, "en", split_article(path.read_text("utf-8"))))
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
    boilerplate_groups, articles = boilerplate_lines(articles)
    traps = ecbplus_topics() + basil_stories() + boilerplate_groups
    return articles, claim_lists, traps


def ecbplus_topics() -> list[TrapGroup]:
    """The ECB+ articles (detokenised, two sentence lines a paragraph), one group a topic."""
    topics: dict[str, list[PoolArticle]] = defaultdict(list)
    with (DATA / "ecbplus/docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            lines = [detokenise(s) for s in doc["text"].splitlines() if s.strip()]
            paragraphs = [lines[i : i + 2] for i in range(0, len(lines), 2)]
            topics[doc["topic"]].append(PoolArticle(doc["doc_id"], "en", paragraphs))
    return [_whole_group("ecb+ topic", name, group) for name, group in sorted(topics.items())]


def basil_stories() -> list[TrapGroup]:
    """BASIL's reports, one group per event (story)."""
    stories: dict[str, list[PoolArticle]] = defaultdict(list)
    with (DATA / "basil/docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            article = PoolArticle(doc["doc_id"], "en", split_article(doc["text"]))
            stories[doc["story"]].append(article)
    return [_whole_group("basil story", name, group) for name, group in sorted(stories.items())]


def _whole_group(kind: str, name: str, articles: list[PoolArticle]) -> TrapGroup:
    return TrapGroup(kind, name, articles, list(itertools.combinations(range(len(articles)), 2)))


def boilerplate_lines(articles: list[PoolArticle]) -> tuple[list[TrapGroup], list[PoolArticle]]:
    """The boilerplate groups (articles linked by the lines they share; pairs: those sharing
    one) and the articles left for the background.

    A boilerplate line is a sentence of ``SHARED_LINE_WORDS`` words or more carried by
    ``SHARED_LINE_MIN_DF`` to ``SHARED_LINE_MAX_DF`` articles. An article is left out when it
    shares a line with only one other article (most such lines are a real copied sentence:
    reuse, not a trap) or shares more than ``SHARED_LINE_MAX`` lines, or
    ``SHARED_LINE_MAX_SHARE`` of its sentences, with another (a duplicate).
    """
    carriers: dict[str, set[int]] = defaultdict(set)
    for position, article in enumerate(articles):
        for sentence in (s for p in article.paragraphs for s in p):
            if len(sentence.split()) >= SHARED_LINE_WORDS:
                carriers[sentence].add(position)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    boilerplate: set[tuple[int, int]] = set()
    copied: set[int] = set()
    for found_in in carriers.values():
        if len(found_in) == 2:
            copied.update(found_in)
        if 2 <= len(found_in) <= SHARED_LINE_MAX_DF:
            for pair in itertools.combinations(sorted(found_in), 2):
                shared[pair] += 1
                if len(found_in) >= SHARED_LINE_MIN_DF:
                    boilerplate.add(pair)
    counts = [sum(len(p) for p in a.paragraphs) for a in articles]
    duplicates = {
        n
        for (a, b), count in shared.items()
        if count > SHARED_LINE_MAX or count >= SHARED_LINE_MAX_SHARE * min(counts[a], counts[b])
        for n in (a, b)
    }
    pairs = sorted(p for p in boilerplate if not (set(p) & (copied | duplicates)))
    # Connected components of the pairs, by union-find.
    parent = list(range(len(articles)))

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = defaultdict(list)
    for number in sorted({n for pair in pairs for n in pair}):
        members[root(number)].append(number)
    groups = []
    for group_root, numbers in sorted(members.items()):
        at = {n: i for i, n in enumerate(numbers)}
        group_pairs = [(at[a], at[b]) for a, b in pairs if root(a) == group_root]
        groups.append(
            TrapGroup(
                "boilerplate line",
                articles[numbers[0]].name,
                [articles[n] for n in numbers],
                group_pairs,
            )
        )
    taken = {n for numbers in members.values() for n in numbers}
    return groups, [a for n, a in enumerate(articles) if n not in taken]


def load_msrp(paraphrase: bool = True) -> list[tuple[str, str]]:
    """MSRP training pairs labelled paraphrase (or, with ``paraphrase=False``, labelled not)."""
    label = "1" if paraphrase else "0"
    pairs = []
    with (DATA / "msrp/msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            # This copy turned some commas into tabs: the two sentences are the last fields.
            if len(fields) >= 5 and fields[0] == label:
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

    def remember(self, *sentences: str) -> None:
        """Keep ``sentences`` as seen text without testing them (hard negatives)."""
        for sentence in sentences:
            self._seen.update(self.grams(sentence))

    def fresh(self, *sentences: str) -> bool:
        """True (and remembered) when none of ``sentences`` repeats kept text."""
        grams = [self.grams(s) for s in sentences]
        if any(self.repeats(g) for g in grams):
            return False
        for g in grams:
            self._seen.update(g)
        return True


def deduplicate(
    traps: list[TrapGroup], msrp: list[tuple[str, str]], *groups: list[PoolArticle]
) -> tuple[list[tuple[str, str]], list[list[PoolArticle]]]:
    """The sentence pairs of ``msrp`` and each group of pool articles, with repeating
    sentences dropped: the hard negatives are kept whole and win, then the MSRP pairs (both
    sentences kept or neither), then the groups in order."""
    deduper = Deduper()
    for trap in traps:
        for article in trap.articles:
            deduper.remember(*(s for p in article.paragraphs for s in p))
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
