"""One corpus of the reuse benchmark (``reuse_corpus.py``): real text with known reuse.

1. Background articles: the background pool (``reuse_pool``; shuffled, seeded) is read as
   one stream of sentences per language and cut into pieces of ``L`` words, each sentence
   used once (``L`` is 500 words, or less where the pool cannot fill the size).
2. Hard negatives: whole ``TrapGroup``s (ECB+ topics, BASIL stories, boilerplate articles),
   drawn in a seeded order up to ``TRAP_SHARE`` of the articles; they take part in no
   injection, so any pair found between two of them is a false positive (whatever real
   reuse between them the data holds is unlabelled: see ``reuse_scores.trap_scores``).
3. Injected reuse between background articles that take part in no other injection:
   - verbatim copies of one or two paragraphs, or of a run of 1-5 sentences, from a source
     into 1-3 targets (so the targets also share text with each other: gold pairs as well);
   - the same with 1-3 light edits per copy (a word changed, dropped, or 1-3 words inserted);
   - reordered paragraphs: 2-4 consecutive source paragraphs set into the target in another
     order, each at its own place (one gold passage per paragraph);
   - paraphrases: 1-3 MSRP pairs labelled paraphrase, sentence 1 into the source and
     sentence 2 into the target (scored apart: neither right nor wrong for verbatim reuse);
   - near misses (a trap, never gold): 1-3 MSRP pairs labelled NOT paraphrase, placed the
     same way.
4. Templated sign-offs (the old trap, which ``reuse/index.py`` has filters written for):
   a line from five templates with varying names, outlets, cities and years is appended to
   ``SIGN_OFF_SHARE`` of the articles.

Gold is computed from the construction only.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations

from reuse_pool import PoolArticle, TrapGroup

MAX_WORDS_PER_ARTICLE = 500
SIGN_OFF_SHARE = 0.30
# Share of the articles that are the source of each kind of injection.
EVENT_SHARES = {
    "verbatim": 0.05,
    "edited": 0.04,
    "reordered": 0.03,
    "paraphrase": 0.03,
    "near miss": 0.03,
}
REUSE_KINDS = ("verbatim", "edited", "reordered")
SENTENCE_PAIR_KINDS = ("paraphrase", "near miss")
# Targets per copied passage, with weights (syndication to several outlets).
FAN_OUT = ((1, 0.7), (2, 0.2), (3, 0.1))
MIN_COPY_WORDS = 12
# At most this share of a corpus is hard-negative articles, split among the kinds of group.
TRAP_SHARE = 0.30
TRAP_KIND_SHARES = {"ecb+ topic": 0.4, "basil story": 0.3, "boilerplate line": 0.3}


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
    # doc -> (kind, name) of the hard-negative group it belongs to
    traps: dict[int, tuple[str, str]] = field(default_factory=dict)
    # (kind, doc, doc) of each planted near-miss pair of whole articles, first doc first
    trap_pairs: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Pool:
    """Everything a corpus is built from (``reuse_pool``)."""

    articles: list[PoolArticle]
    claims: list[PoolArticle]
    paraphrases: list[tuple[str, str]]
    near_misses: list[tuple[str, str]]
    traps: list[TrapGroup]


def choose_traps(rng: random.Random, traps: list[TrapGroup], size: int) -> list[TrapGroup]:
    """Whole groups, in a seeded order, up to each kind's share of ``TRAP_SHARE * size``."""
    chosen: list[TrapGroup] = []
    for kind, share in TRAP_KIND_SHARES.items():
        budget = round(TRAP_SHARE * share * size)
        groups = [g for g in traps if g.kind == kind]
        rng.shuffle(groups)
        for group in groups:
            if len(group.articles) <= budget:
                chosen.append(group)
                budget -= len(group.articles)
    return chosen


def build_corpus(seed: int, size: int, pool: Pool) -> Corpus:
    rng = random.Random(seed * 1_000_003 + size)
    trap_groups = choose_traps(rng, pool.traps, size)
    trap_count = sum(len(g.articles) for g in trap_groups)
    docs, length = base_docs(rng, pool.articles, pool.claims, size - trap_count)
    vocabulary = sorted(
        {w for d in docs[:200] for p in d.paragraphs for s in p for w in s.text.split()}
    )
    trap_docs = [
        (group, number, Doc(a.language, [[Segment(s) for s in p] for p in a.paragraphs], True))
        for group in trap_groups
        for number, a in enumerate(group.articles)
    ]
    order = list(range(size))
    rng.shuffle(order)
    placed: list[Doc | None] = [None] * size
    at_doc: dict[tuple[int, int], int] = {}
    traps: dict[int, tuple[str, str]] = {}
    for position, (group, number, doc) in zip(order, trap_docs, strict=False):
        placed[position] = doc
        at_doc[(id(group), number)] = position
        traps[position] = (group.kind, group.name)
    background = iter(docs)
    docs = [doc if doc is not None else next(background) for doc in placed]
    trap_pairs: list[tuple[str, int, int]] = []
    for group in trap_groups:
        for a, b in group.pairs:
            low, high = sorted((at_doc[(id(group), a)], at_doc[(id(group), b)]))
            trap_pairs.append((group.kind, low, high))
    trap_pairs.sort()
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

    sentence_pairs = {"paraphrase": pool.paraphrases[:], "near miss": pool.near_misses[:]}
    for pairs in sentence_pairs.values():
        rng.shuffle(pairs)
    for kind, share in EVENT_SHARES.items():
        for _ in range(round(share * size)):
            event_id = len(events)
            if kind in SENTENCE_PAIR_KINDS:
                paraphrases = sentence_pairs[kind]
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
    languages = [d.language for d in docs]
    return Corpus(texts, languages, length, events, spans, sign_offs, traps, trap_pairs)


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
    """Gold passages (every pair of docs carrying one unit) and the kinds linking each pair
    (near misses included: they are traps, never reuse)."""
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
        {d + copy * size: t for copy in range(copies) for d, t in corpus.traps.items()},
        [
            (kind, a + copy * size, b + copy * size)
            for copy in range(copies)
            for kind, a, b in corpus.trap_pairs
        ],
    )


def _renamed(renamed: dict[str, str], match: re.Match[str]) -> str:
    return renamed[match.group()]
