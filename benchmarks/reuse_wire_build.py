"""The wire-story corpus of ``reuse_wire.py``: a reuse generator unlike ``reuse_build``'s.

``reuse_build`` injects whole passages into real text; this one builds stories the way wire
copy spreads. Each story has a wire text, 8-20 consecutive sentences of one real article
(never used as background anywhere), plus 0-2 MSRP sentences labelled paraphrase (side 1 in
the wire). The story has 2-12 articles, each of ordinary length (300-800 words): background
paragraphs read, in a seeded order, from OTHER real articles (PolNeAR, PTC, BASIL, ECB+, the
English SemEval-2022 Task 8 articles), with 1-4 wire sentences of at least ``MIN_WIRE_WORDS``
words set in at distinct sentence boundaries (at least one background sentence between two),
a different random subset in each article, in another order in ``REORDER_SHARE`` of them.
Each inserted sentence gets one edit (``EDIT_WEIGHTS``; ``reuse_wire_edits``): verbatim;
``deletion`` (a clause or 2-4 words dropped); ``numbers`` (digits or number words changed);
``synonyms`` (every word of ``SYNONYMS`` swapped); ``combined`` (two of those three);
``paraphrase`` (MSRP side 2, for the MSRP wire sentences only). An edit that does not apply
(no number, no table word) falls back to another, then to verbatim; the gold records the
edit applied.

Hard negatives, never gold: MSRP pairs labelled NOT paraphrase (one side in each of two
articles of different stories); a "Reporting by ...; Editing by ..." sign-off with varying
names closing ``SIGN_OFF_SHARE`` of the articles (added after any renaming, see below);
SemEval-2022 pairs rated the same story (Overall <= 1.5, both English) opening the
background of two articles of different stories. All the real text (``reuse_wire_pool``) is
deduplicated first (``reuse_pool.Deduper``: a sentence repeating 6 words of 5-word runs kept
before is dropped), so the same-story pairs share no copied sentence and no
accidental reuse is left. Articles outside stories (``STORY_SHARE``) carry background only.

The real English text fills about ``capacity`` articles; a larger size is built in blocks of
at most that many, each with its own stories, and every block but the first has its words
renamed (each word to another of the same length by a seeded permutation, as
``reuse_build.replicate`` does): offsets stay, the blocks share no n-grams, the text of those
blocks is no longer readable.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from math import ceil

from reuse_build import CITIES, EDITORS, REPORTERS
from reuse_pool import PoolArticle
from reuse_wire_edits import edited
from reuse_wire_pool import WirePool

STORY_SHARE = 0.6
STORY_ARTICLES = (2, 12)
WIRE_SENTENCES = (8, 20)
MIN_WIRE_WORDS = 8
ARTICLE_WORDS = (300, 800)
INSERTS = ((1, 0.35), (2, 0.3), (3, 0.2), (4, 0.15))
REORDER_SHARE = 0.3
# MSRP paraphrase sentences added to a wire text, with weights.
WIRE_PARAPHRASES = ((0, 0.2), (1, 0.4), (2, 0.4))
SIGN_OFF_SHARE = 0.25
NEAR_MISS_SHARE = 0.03  # MSRP "not paraphrase" pairs per article
SAME_TOPIC_SHARE = 0.01  # same-story SemEval pairs per article
SIGN_OFF_TEMPLATES = (
    "Reporting by {r}; Editing by {e}",
    "Reporting by {r} in {c}; Additional reporting by {r2}; Editing by {e}",
    "Reporting by {r} and {r2}; Writing by {r}; Editing by {e} and {e2}",
)


@dataclass(frozen=True)
class Insert:
    """One sentence set into an article: a wire sentence (``story``, ``wire`` index, ``edit``)
    or a hard negative (``kind`` "near miss" or "sign-off"; ``story`` -1)."""

    kind: str
    story: int
    wire: int
    edit: str
    span: tuple[int, int]


@dataclass
class WireCorpus:
    texts: list[str]
    story_of: list[int]  # -1: no story
    inserts: list[list[Insert]]  # per article
    wires: list[list[str]]  # per story: the wire sentences
    near_miss_pairs: list[tuple[int, int]] = field(default_factory=list)
    same_topic_pairs: list[tuple[int, int]] = field(default_factory=list)
    blocks: int = 1


@dataclass(frozen=True)
class GoldPair:
    """Two articles carrying one wire sentence: spans and edits of each side, a < b."""

    a: int
    b: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    a_edit: str
    b_edit: str
    kind: str  # "verbatim" when both texts are equal, the edited side's edit, or "both edited"


def capacity(pool: WirePool) -> int:
    """Articles one block of real text fills (a tenth kept for wire texts and leads)."""
    return int(pool.words() * 0.92 / (sum(ARTICLE_WORDS) / 2))


def build_wire_corpus(seed: int, size: int, pool: WirePool) -> WireCorpus:
    """``size`` articles in blocks of at most ``capacity(pool)``, the later ones renamed."""
    blocks = max(1, ceil(size / max(1, capacity(pool))))
    corpus: WireCorpus | None = None
    for block in range(blocks):
        count = size // blocks + (block < size % blocks)
        part = _build_block(random.Random(seed * 1_000_003 + block), count, pool)
        if block:
            part = _renamed(part, random.Random(seed * 7919 + block))
        _sign_offs(random.Random(seed * 31 + block), part)
        corpus = part if corpus is None else _joined(corpus, part)
    assert corpus is not None
    corpus.blocks = blocks
    return corpus


class _Stream:
    """Background sentences, read in order from the shuffled pool articles, paragraphs kept
    (one cut where an article ends mid-paragraph)."""

    def __init__(self, articles: list[PoolArticle]) -> None:
        self._paragraphs = [list(p) for a in articles for p in a.paragraphs]
        self._at = 0

    def take(self, words: int) -> list[list[str]]:
        taken: list[list[str]] = []
        count = 0
        while count < words:
            if self._at >= len(self._paragraphs):
                raise ValueError("the pool of real text is too small for this many articles")
            paragraph = self._paragraphs[self._at]
            taken.append([])
            while paragraph and count < words:
                taken[-1].append(paragraph.pop(0))
                count += len(taken[-1][-1].split())
            if not paragraph:
                self._at += 1
        return taken


def _build_block(rng: random.Random, size: int, pool: WirePool) -> WireCorpus:
    articles = pool.articles[:]
    rng.shuffle(articles)
    paraphrases, near_misses = pool.paraphrases[:], pool.near_misses[:]
    rng.shuffle(paraphrases)
    rng.shuffle(near_misses)
    order = list(range(size))
    rng.shuffle(order)
    story_of = [-1] * size
    wires: list[list[str]] = []
    wire_paraphrase: list[dict[int, str]] = []  # per story: wire index -> MSRP side 2
    members: list[list[int]] = []
    taken = 0
    candidates = iter(articles)
    used: set[str] = set()
    while taken + STORY_ARTICLES[0] <= STORY_SHARE * size:
        wire = _wire(rng, candidates, used)
        if wire is None:
            break
        paraphrased: dict[int, str] = {}
        extra = _weighted(rng, WIRE_PARAPHRASES)
        for _ in range(min(extra, len(paraphrases))):
            first, second = paraphrases.pop()
            at = rng.randint(0, len(wire))
            wire.insert(at, first)
            paraphrased = {(k + (k >= at)): v for k, v in paraphrased.items()}
            paraphrased[at] = second
        count = min(rng.randint(*STORY_ARTICLES), size - taken)
        members.append(order[taken : taken + count])
        for article in members[-1]:
            story_of[article] = len(wires)
        taken += count
        wires.append(wire)
        wire_paraphrase.append(paraphrased)
    stream = _Stream([a for a in articles if a.name not in used])
    planned: list[list[tuple[str, int, int, str, str]]] = [[] for _ in range(size)]
    for story, wire in enumerate(wires):
        eligible = [i for i, s in enumerate(wire) if len(s.split()) >= MIN_WIRE_WORDS]
        for article in members[story]:
            count = min(len(eligible), _weighted(rng, INSERTS))
            chosen = sorted(rng.sample(eligible, count))
            if rng.random() < REORDER_SHARE:
                rng.shuffle(chosen)
            for index in chosen:
                edit, text = edited(rng, wire[index], wire_paraphrase[story].get(index))
                planned[article].append(("wire", story, index, edit, text))
    near_miss_pairs = _apart(rng, story_of, round(NEAR_MISS_SHARE * size), len(near_misses))
    for (a, b), (first, second) in zip(near_miss_pairs, near_misses, strict=False):
        for article, side in ((a, first), (b, second)):
            at = rng.randint(0, len(planned[article]))
            planned[article].insert(at, ("near miss", -1, -1, "", side))
    same_topic_pairs = _apart(rng, story_of, round(SAME_TOPIC_SHARE * size), len(pool.same_topic))
    leads: dict[int, PoolArticle] = {}
    chosen_pairs = rng.sample(pool.same_topic, len(same_topic_pairs))
    for (a, b), (lead_a, lead_b) in zip(same_topic_pairs, chosen_pairs, strict=True):
        leads[a], leads[b] = lead_a, lead_b
    texts, inserts = [], []
    for article in range(size):
        target = rng.randint(*ARTICLE_WORDS)
        lead = [list(p) for p in leads[article].paragraphs] if article in leads else []
        have = sum(len(s.split()) for p in lead for s in p)
        have += sum(len(u[4].split()) for u in planned[article])
        paragraphs = lead + stream.take(max(1, target - have))
        text, placed = _render(rng, paragraphs, planned[article])
        texts.append(text)
        inserts.append(placed)
    return WireCorpus(texts, story_of, inserts, wires, near_miss_pairs, same_topic_pairs)


def _weighted(rng: random.Random, weights: tuple[tuple[int, float], ...]) -> int:
    return rng.choices([v for v, _ in weights], [w for _, w in weights])[0]


def _wire(
    rng: random.Random, candidates: Iterator[PoolArticle], used: set[str]
) -> list[str] | None:
    """8-20 consecutive sentences of the next pool article that has enough long ones."""
    for article in candidates:
        flat = [s for p in article.paragraphs for s in p]
        if len(flat) < WIRE_SENTENCES[0]:
            continue
        length = min(len(flat), rng.randint(*WIRE_SENTENCES))
        start = rng.randint(0, len(flat) - length)
        wire = flat[start : start + length]
        if sum(len(s.split()) >= MIN_WIRE_WORDS for s in wire) >= 3:
            used.add(article.name)
            return list(wire)
    return None


def _apart(
    rng: random.Random, story_of: list[int], wanted: int, most: int
) -> list[tuple[int, int]]:
    """Up to ``wanted`` pairs of distinct articles of different stories (or none)."""
    pairs: list[tuple[int, int]] = []
    for _ in range(min(wanted, most) * 20):
        if len(pairs) >= min(wanted, most) or len(story_of) < 2:
            break
        a, b = rng.sample(range(len(story_of)), 2)
        if story_of[a] == -1 or story_of[a] != story_of[b]:
            pairs.append((a, b))
    return pairs


def _render(
    rng: random.Random, paragraphs: list[list[str]], planned: list[tuple[str, int, int, str, str]]
) -> tuple[str, list[Insert]]:
    """The article's text: ``planned`` sentences set before distinct background sentences
    (or at the end); and where each one lies."""
    slots: list[list[tuple[str, tuple[str, int, int, str] | None]]] = [
        [(s, None) for s in p] for p in paragraphs
    ]
    flat = [(p, s) for p, paragraph in enumerate(slots) for s in range(len(paragraph) + 1)]
    flat = [(p, s) for p, s in flat if s < len(slots[p]) or p == len(slots) - 1]
    gaps = sorted(rng.sample(range(len(flat)), min(len(planned), len(flat))), reverse=True)
    for gap, unit in zip(gaps, reversed(planned[: len(gaps)]), strict=True):
        p, s = flat[gap]
        slots[p].insert(s, (unit[4], unit[:4]))
    parts: list[str] = []
    placed: list[Insert] = []
    offset = 0
    for paragraph in slots:
        if parts:
            parts.append("\n\n")
            offset += 2
        for number, (sentence, tag) in enumerate(paragraph):
            if number:
                parts.append(" ")
                offset += 1
            if tag is not None:
                placed.append(Insert(*tag, (offset, offset + len(sentence))))
            parts.append(sentence)
            offset += len(sentence)
    return "".join(parts), placed


def _sign_offs(rng: random.Random, corpus: WireCorpus) -> None:
    """A sign-off paragraph at the end of ``SIGN_OFF_SHARE`` of the articles (after any
    renaming: boilerplate is shared across blocks, as at real scale)."""
    for number, text in enumerate(corpus.texts):
        if rng.random() < SIGN_OFF_SHARE:
            line = _sign_off(rng)
            start = len(text) + 2
            corpus.texts[number] = f"{text}\n\n{line}"
            corpus.inserts[number].append(
                Insert("sign-off", -1, -1, "", (start, start + len(line)))
            )


def _sign_off(rng: random.Random) -> str:
    return rng.choice(SIGN_OFF_TEMPLATES).format(
        r=rng.choice(REPORTERS), r2=rng.choice(REPORTERS), e=rng.choice(EDITORS),
        e2=rng.choice(EDITORS), c=rng.choice(CITIES),
    )  # fmt: skip


def _renamed(corpus: WireCorpus, rng: random.Random) -> WireCorpus:
    by_length: dict[int, list[str]] = {}
    for word in sorted({w for text in corpus.texts for w in re.findall(r"\w+", text)}):
        by_length.setdefault(len(word), []).append(word)
    renamed: dict[str, str] = {}
    for words in by_length.values():
        shuffled = words[:]
        rng.shuffle(shuffled)
        renamed.update(zip(words, shuffled, strict=True))
    corpus.texts = [re.sub(r"\w+", lambda m: renamed[m.group()], t) for t in corpus.texts]
    corpus.wires = [[re.sub(r"\w+", lambda m: renamed.get(m.group(), m.group()), s) for s in w]
                    for w in corpus.wires]  # fmt: skip
    return corpus


def _joined(first: WireCorpus, second: WireCorpus) -> WireCorpus:
    shift, stories = len(first.texts), len(first.wires)
    return WireCorpus(
        first.texts + second.texts,
        first.story_of + [s + stories if s >= 0 else -1 for s in second.story_of],
        first.inserts
        + [[Insert(i.kind, i.story + stories if i.story >= 0 else -1, i.wire, i.edit, i.span)
            for i in units] for units in second.inserts],
        first.wires + second.wires,
        first.near_miss_pairs + [(a + shift, b + shift) for a, b in second.near_miss_pairs],
        first.same_topic_pairs + [(a + shift, b + shift) for a, b in second.same_topic_pairs],
    )  # fmt: skip


def gold_pairs(corpus: WireCorpus) -> list[GoldPair]:
    """Every pair of articles carrying one wire sentence (each side's span and edit)."""
    carriers: dict[tuple[int, int], list[tuple[int, Insert]]] = {}
    for article, units in enumerate(corpus.inserts):
        for unit in units:
            if unit.kind == "wire":
                carriers.setdefault((unit.story, unit.wire), []).append((article, unit))
    pairs = []
    for sides in carriers.values():
        for (a, one), (b, two) in combinations(sorted(sides, key=lambda s: s[0]), 2):
            text_a = corpus.texts[a][one.span[0] : one.span[1]]
            text_b = corpus.texts[b][two.span[0] : two.span[1]]
            if text_a == text_b:
                kind = "verbatim"
            elif "paraphrase" in (one.edit, two.edit):
                kind = "paraphrase"
            elif "verbatim" in (one.edit, two.edit):
                kind = two.edit if one.edit == "verbatim" else one.edit
            else:
                kind = "both edited"
            pairs.append(GoldPair(a, b, one.span, two.span, one.edit, two.edit, kind))
    return pairs
