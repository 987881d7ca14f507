"""Story corpora with known sources: the derivation benchmark's generator.

Every story holds one original, articles derived from it (or from one another, in chains)
and independent reports of the same event that derive from nothing. What each derived
article takes is real text, only cut, joined and credited here:

- event stories: the original and the independent reports are ECB+ reports of one event
  (``derivation_sources``); each derived article is a credited syndication or an
  uncredited verbatim copy of its parent: the whole text or a run of its sentences, with a
  light edit (a sentence dropped, "said" written "stated"). Credits are written as the
  press writes them: an agency dateline ("MOSCOW (Reuters) - "), "according to X",
  "X reported".
- paraphrase stories: the original is the first sentences of MSRP pairs labelled
  paraphrase, the paraphrase is their second sentences in the same order (a paraphrase
  written by another newsroom, not by a rule of ours); the independent reports are the two
  sides of MSRP pairs labelled not paraphrase (the same news told differently).
- translation stories: the original is English sentences of ``parallel_sentences``, each
  translation their Russian, French, German or Spanish versions, credited in the
  translation's language where it is a syndication ("selon l'AFP", "laut dpa", "según EFE",
  "сообщает ТАСС"); the independent report holds the other sentences.

Derived articles may be copied again (a chain). Each article gets a publication time: the
parent's plus a lag of 15 minutes to 30 hours (log-uniform), given as a datetime, a date
only, or not at all. Articles come in a shuffled order, so neither the order of a story nor
an article's key tells its role. Everything random is drawn from one ``random.Random(seed)``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from storytrace.evaluation.derivation_sources import EventReports, ParaphrasePairs
from storytrace.evaluation.parallel_sentences import LANGUAGES, TRANSLATIONS
from storytrace.model import DerivationKind

# Lags of derived articles, drawn log-uniform between these (seconds).
SHORTEST_LAG = 15 * 60
LONGEST_LAG = 30 * 3600
# Shares of articles published with a datetime, with a date only; the rest have neither.
WITH_DATETIME = 0.7
WITH_DATE_ONLY = 0.15
# A derived article copies the original with this probability, else an earlier copy.
FROM_ORIGINAL = 0.7
# Sentences of an original in a paraphrase story, and of each independent report there.
PARAPHRASED_SENTENCES = (5, 7)
INDEPENDENT_SENTENCES = 5
# Sentences of an original in a translation story (of the ten parallel rows).
TRANSLATED_SENTENCES = 6

FIRST_DAY = datetime(2016, 3, 1, 6, tzinfo=UTC)
PLACES = ("MOSCOW", "PARIS", "WASHINGTON", "MADRID", "BERLIN", "LONDON", "GENEVA")


@dataclass(frozen=True)
class Originator:
    """An outlet whose copy others carry, and its name as each language credits it."""

    name: str  # the outlet as its own articles declare it
    names: dict[str, str]  # language -> the name in a credit ("l'AFP")
    dateline: str | None = None  # the agency in a dateline ("AFP"); None for a newspaper


ORIGINATORS = (
    Originator(
        "Agence France-Presse",
        {"en": "AFP", "fr": "l'AFP", "de": "AFP", "es": "AFP", "ru": "AFP"},
        "AFP",
    ),
    Originator("Reuters", dict.fromkeys(("en", *LANGUAGES), "Reuters"), "Reuters"),
    Originator(
        "Associated Press",
        {"en": "the Associated Press", "fr": "l'AP", "de": "AP", "es": "AP", "ru": "AP"},
        "AP",
    ),
    Originator("dpa", dict.fromkeys(("en", *LANGUAGES), "dpa"), "dpa"),
    Originator("EFE", dict.fromkeys(("en", *LANGUAGES), "EFE"), "EFE"),
    Originator("TASS", {"en": "TASS", "fr": "TASS", "de": "TASS", "es": "TASS", "ru": "ТАСС"}),
    Originator("Harbor Gazette", dict.fromkeys(("en", *LANGUAGES), "Harbor Gazette")),
)
# Outlets of derived articles and independent reports (made up; none is an agency).
OUTLETS = (
    "Valley Times",
    "Metro Daily",
    "Coastal Herald",
    "Capital Observer",
    "Lakeside Tribune",
    "Morning Dispatch",
    "River City News",
    "Northern Courier",
    "Evening Ledger",
    "Plains Sentinel",
)
# A credit added to a sentence, by language: "..., according to Reuters."
CREDIT_CLAUSES = {
    "en": (", according to {name}.", ", {name} reported."),
    "fr": (", selon {name}.",),
    "de": (", berichtete {name}.",),
    "es": (", según {name}.",),
    "ru": (", сообщает {name}.",),
}
# Light edits of a copy: one of these words replaced in one sentence.
EDITS = {" said ": " stated ", " says ": " states ", " told ": " informed "}


class Role(StrEnum):
    ORIGINAL = "original"
    DERIVED = "derived"
    INDEPENDENT = "independent"


class Relation(StrEnum):
    """How two articles of a generated story are related."""

    DIRECT = "direct"  # one derives from the other
    INDIRECT = "indirect"  # one derives from the other through a third
    SIBLING = "sibling"  # both derive from one article, neither from the other
    NONE = "none"  # independent


@dataclass(frozen=True)
class GeneratedArticle:
    """One article of a generated story, with the truth about it."""

    key: str  # unique in the corpus: "s3.d1"
    role: Role
    outlet: str
    language: str
    body: tuple[str, ...]  # its sentences, before any credit
    text: str  # as published: paragraphs, dateline and credit included
    true_time: datetime
    published: str | None  # as declared: a datetime, a date, or nothing
    parent: str | None = None
    kind: DerivationKind | None = None  # how it derives from ``parent``
    rows: tuple[int, ...] = ()  # rows of ``TRANSLATIONS`` in a translation story


@dataclass(frozen=True)
class GeneratedStory:
    """One story: its articles in the shuffled order they are ingested in."""

    id: int
    articles: tuple[GeneratedArticle, ...]
    by_key: dict[str, GeneratedArticle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {a.key: a for a in self.articles})

    def ancestors(self, key: str) -> list[str]:
        """The parent of ``key``, its parent, and so on."""
        found = []
        parent = self.by_key[key].parent
        while parent is not None:
            found.append(parent)
            parent = self.by_key[parent].parent
        return found

    def relation(self, a: str, b: str) -> Relation:
        if self.by_key[b].parent == a or self.by_key[a].parent == b:
            return Relation.DIRECT
        above_a, above_b = self.ancestors(a), self.ancestors(b)
        if a in above_b or b in above_a:
            return Relation.INDIRECT
        if set(above_a) & set(above_b):
            return Relation.SIBLING
        return Relation.NONE

    def source_of(self, a: str, b: str) -> str | None:
        """The article of the pair the other derives from, directly or not; else None."""
        if a in self.ancestors(b):
            return a
        if b in self.ancestors(a):
            return b
        return None


@dataclass(frozen=True)
class CorpusSources:
    """The real text the generator draws on."""

    events: Sequence[EventReports]
    paraphrases: ParaphrasePairs
    translation_rows: Sequence[int] = tuple(range(len(TRANSLATIONS)))


@dataclass(frozen=True)
class Layout:
    """How many stories of each sort a corpus holds."""

    event_stories: int
    paraphrase_stories: int
    translation_stories: int


def generate_corpus(sources: CorpusSources, seed: int, layout: Layout) -> list[GeneratedStory]:
    """Stories with known derivations, drawn from ``sources`` with ``random.Random(seed)``.

    Raises:
        ValueError: ``sources`` hold too few events or MSRP pairs for ``layout``.
    """
    if layout.event_stories > len(sources.events):
        raise ValueError(
            f"{layout.event_stories} event stories asked, {len(sources.events)} events given"
        )
    rng = random.Random(seed)
    maker = _StoryMaker(rng, sources)
    stories: list[GeneratedStory] = []
    events = rng.sample(list(sources.events), layout.event_stories)
    for event in events:
        stories.append(maker.event_story(len(stories) + 1, event))
    for _ in range(layout.paraphrase_stories):
        stories.append(maker.paraphrase_story(len(stories) + 1))
    for _ in range(layout.translation_stories):
        stories.append(maker.translation_story(len(stories) + 1))
    return stories


def render(
    body: Sequence[str], rng: random.Random, credit: str | None = None, dateline: str = ""
) -> str:
    """Sentences as published: paragraphs of one to three sentences, the credit clause at
    the end of the first sentence, the dateline before it."""
    sentences = list(body)
    if credit is not None:
        sentences[0] = sentences[0].rstrip(" .!?") + credit
    paragraphs = []
    while sentences:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    return dateline + "\n\n".join(paragraphs)


def copy_of(body: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """A copy of ``body`` that differs from it: a run of three sentences or more, or the
    whole with one word edited or one sentence dropped. (An exact duplicate is for
    deduplication to find, not a derivation: ingest refuses it.)"""
    sentences = list(body)
    editable = [i for i, s in enumerate(sentences) if any(w in s for w in EDITS)]
    if len(sentences) > 3 and rng.random() < 0.5:
        length = rng.randint(3, len(sentences) - 1)
        start = rng.randint(0, len(sentences) - length)
        return tuple(sentences[start : start + length])
    if editable and (len(sentences) <= 3 or rng.random() < 0.5):
        i = rng.choice(editable)
        word = next(w for w in EDITS if w in sentences[i])
        sentences[i] = sentences[i].replace(word, EDITS[word], 1)
    else:
        del sentences[rng.randrange(1, len(sentences))]
    return tuple(sentences)


class _StoryMaker:
    def __init__(self, rng: random.Random, sources: CorpusSources) -> None:
        self.rng = rng
        self.sources = sources
        self.paraphrases = list(sources.paraphrases.paraphrases)
        self.non_paraphrases = list(sources.paraphrases.non_paraphrases)
        rng.shuffle(self.paraphrases)
        rng.shuffle(self.non_paraphrases)

    def event_story(self, story_id: int, event: EventReports) -> GeneratedStory:
        rng = self.rng
        reports = rng.sample(list(event.reports), min(3, len(event.reports)))
        start = self._start(story_id)
        outlets = self._outlets()
        originator = rng.choice(ORIGINATORS)
        original = self._article(
            f"s{story_id}.o", Role.ORIGINAL, originator.name, "en", reports[0], start
        )
        articles = [original]
        for i, report in enumerate(reports[1:], start=1):
            time = start + timedelta(hours=rng.uniform(-12, 36))
            articles.append(
                self._article(
                    f"s{story_id}.i{i}", Role.INDEPENDENT, next(outlets), "en", report, time
                )
            )
        derived: list[GeneratedArticle] = []
        for i in range(1, rng.randint(2, 3) + 1):
            parent = (
                original if not derived or rng.random() < FROM_ORIGINAL else rng.choice(derived)
            )
            kind = rng.choice((DerivationKind.SYNDICATION, DerivationKind.VERBATIM))
            body = copy_of(parent.body, rng)
            credit, dateline = None, ""
            if kind == DerivationKind.SYNDICATION:
                credit, dateline = self._credit(parent, originator, "en")
            derived.append(
                self._derived(
                    f"s{story_id}.d{i}", parent, next(outlets), "en", body, kind, credit, dateline
                )
            )
        return self._story(story_id, articles + derived)

    def paraphrase_story(self, story_id: int) -> GeneratedStory:
        rng = self.rng
        count = rng.randint(*PARAPHRASED_SENTENCES)
        pairs = self._take(self.paraphrases, count, "paraphrase")
        start = self._start(story_id)
        outlets = self._outlets()
        originator = rng.choice(ORIGINATORS)
        original = self._article(
            f"s{story_id}.o",
            Role.ORIGINAL,
            originator.name,
            "en",
            tuple(a for a, _ in pairs),
            start,
        )
        retold = self._derived(
            f"s{story_id}.d1",
            original,
            next(outlets),
            "en",
            tuple(b for _, b in pairs),
            DerivationKind.PARAPHRASE,
        )
        articles = [original, retold]
        if rng.random() < 0.5:
            parent = rng.choice((original, retold))
            body = copy_of(parent.body, rng)
            articles.append(
                self._derived(
                    f"s{story_id}.d2", parent, next(outlets), "en", body, DerivationKind.VERBATIM
                )
            )
        unrelated = self._take(self.non_paraphrases, INDEPENDENT_SENTENCES, "non-paraphrase")
        for i, side in enumerate((0, 1), start=1):
            time = start + timedelta(hours=rng.uniform(-12, 36))
            body = tuple(pair[side] for pair in unrelated)
            articles.append(
                self._article(
                    f"s{story_id}.i{i}", Role.INDEPENDENT, next(outlets), "en", body, time
                )
            )
        return self._story(story_id, articles)

    def translation_story(self, story_id: int) -> GeneratedStory:
        rng = self.rng
        rows = tuple(rng.sample(list(self.sources.translation_rows), TRANSLATED_SENTENCES))
        start = self._start(story_id)
        outlets = self._outlets()
        originator = rng.choice(ORIGINATORS)
        english = tuple(TRANSLATIONS[row][0] for row in rows)
        original = replace(
            self._article(f"s{story_id}.o", Role.ORIGINAL, originator.name, "en", english, start),
            rows=rows,
        )
        articles = [original]
        languages = rng.sample(LANGUAGES, rng.randint(1, 2))
        for i, language in enumerate(languages, start=1):
            body = tuple(TRANSLATIONS[row][1 + LANGUAGES.index(language)] for row in rows)
            kind = rng.choice((DerivationKind.SYNDICATION, DerivationKind.TRANSLATION))
            credit = None
            if kind == DerivationKind.SYNDICATION:
                credit = rng.choice(CREDIT_CLAUSES[language]).format(
                    name=originator.names[language]
                )
            articles.append(
                self._derived(
                    f"s{story_id}.d{i}", original, next(outlets), language, body, kind, credit
                )
            )
        if rng.random() < 0.5:
            parent = rng.choice(articles[1:])
            body = copy_of(parent.body, rng)
            articles.append(
                self._derived(
                    f"s{story_id}.c1",
                    parent,
                    next(outlets),
                    parent.language,
                    body,
                    DerivationKind.VERBATIM,
                )
            )
        others = [row for row in self.sources.translation_rows if row not in rows]
        language = rng.choice(LANGUAGES)
        body = tuple(TRANSLATIONS[row][1 + LANGUAGES.index(language)] for row in others)
        time = start + timedelta(hours=rng.uniform(-12, 36))
        articles.append(
            self._article(f"s{story_id}.i1", Role.INDEPENDENT, next(outlets), language, body, time)
        )
        return self._story(story_id, articles)

    def _credit(
        self, parent: GeneratedArticle, originator: Originator, language: str
    ) -> tuple[str | None, str]:
        """(credit clause, dateline) crediting ``parent``'s outlet."""
        if parent.role == Role.ORIGINAL and originator.dateline and self.rng.random() < 0.5:
            return None, f"{self.rng.choice(PLACES)} ({originator.dateline}) - "
        name = originator.names[language] if parent.role == Role.ORIGINAL else parent.outlet
        return self.rng.choice(CREDIT_CLAUSES[language]).format(name=name), ""

    def _derived(
        self,
        key: str,
        parent: GeneratedArticle,
        outlet: str,
        language: str,
        body: tuple[str, ...],
        kind: DerivationKind,
        credit: str | None = None,
        dateline: str = "",
    ) -> GeneratedArticle:
        lag = math.exp(self.rng.uniform(math.log(SHORTEST_LAG), math.log(LONGEST_LAG)))
        time = parent.true_time + timedelta(seconds=round(lag))
        article = self._article(key, Role.DERIVED, outlet, language, body, time, credit, dateline)
        return replace(article, parent=parent.key, kind=kind)

    def _article(
        self,
        key: str,
        role: Role,
        outlet: str,
        language: str,
        body: tuple[str, ...],
        time: datetime,
        credit: str | None = None,
        dateline: str = "",
    ) -> GeneratedArticle:
        draw = self.rng.random()
        published: str | None = None
        if draw < WITH_DATETIME:
            published = time.isoformat(timespec="seconds")
        elif draw < WITH_DATETIME + WITH_DATE_ONLY:
            published = time.date().isoformat()
        text = render(body, self.rng, credit, dateline)
        return GeneratedArticle(key, role, outlet, language, body, text, time, published)

    def _start(self, story_id: int) -> datetime:
        return FIRST_DAY + timedelta(days=3 * story_id, hours=self.rng.uniform(0, 10))

    def _outlets(self) -> Iterator[str]:
        """The story's outlets, each used once, in a random order."""
        return iter(self.rng.sample(OUTLETS, len(OUTLETS)))

    def _story(self, story_id: int, articles: list[GeneratedArticle]) -> GeneratedStory:
        self.rng.shuffle(articles)
        return GeneratedStory(story_id, tuple(articles))

    @staticmethod
    def _take(pool: list[tuple[str, str]], count: int, what: str) -> list[tuple[str, str]]:
        if len(pool) < count:
            raise ValueError(f"too few MSRP {what} pairs left for another story")
        taken = pool[-count:]
        del pool[-count:]
        return taken
