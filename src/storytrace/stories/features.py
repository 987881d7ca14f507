"""What the story grouping knows of one article: a lead vector, words, names and a day.

1. Lead vector: the multilingual sentence encoder on the title and the opening of the text
   (``LEAD_CHARS``). News puts the event in its first lines, and the encoder maps the
   languages it knows into one space, so a translated report lands near its original.
2. Words: content words (three letters or more, folded), hashed into ``HASH_BUCKETS``
   buckets, with sublinear term frequencies. Weighted by the corpus's inverse document
   frequency when two articles are compared, so the weights follow the corpus as it grows.
3. Names: capitalised words that do not open a sentence, and numbers of two digits or more.
   Two events of the same kind (two earthquakes, two product recalls) share their words
   but not their places, people and figures.
4. Day: the publication date (or the dateline's date, when it is a full ISO date).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from storytrace.model import Article
from storytrace.nlp.embeddings import EMBEDDING_SIZE, embed
from storytrace.nlp.names import fold

# Names the feature recipe: stored features of another version are computed again.
FEATURES_VERSION = "story-features-1"
# Characters of title + text given to the encoder. On SemEval-2022 Task 8 the lead's cosine
# correlates with the gold similarity at 0.71 for 600 characters, 0.67 for 200 and 0.72 for
# 1,000; 600 costs a third of the time of 1,000.
LEAD_CHARS = 600
# Hashed vocabulary size: collisions between two frequent words are rare at 2**20.
HASH_BUCKETS = 1 << 20
# Words shorter than this are mostly function words in the languages we read.
MIN_WORD_CHARS = 3

_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])\s+|\n+")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

Ids = npt.NDArray[np.uint32]
Weights = npt.NDArray[np.float32]


@dataclass(frozen=True)
class TermVector:
    """Sparse term frequencies: sorted hashed term ids and their sublinear counts."""

    ids: Ids
    weights: Weights

    @staticmethod
    def from_counts(counts: Counter[str]) -> TermVector:
        if not counts:
            return TermVector(np.zeros(0, np.uint32), np.zeros(0, np.float32))
        hashed: dict[int, float] = {}
        for term, count in counts.items():
            bucket = zlib.crc32(term.encode()) % HASH_BUCKETS
            hashed[bucket] = hashed.get(bucket, 0.0) + count
        ids = np.fromiter(sorted(hashed), dtype=np.uint32, count=len(hashed))
        weights = np.array([1.0 + np.log(hashed[int(i)]) for i in ids], dtype=np.float32)
        return TermVector(ids, weights)


@dataclass(frozen=True)
class StoryFeatures:
    article_id: str
    language: str | None
    day: date | None
    lead: npt.NDArray[np.float32]  # L2-normalised lead embedding
    words: TermVector
    names: TermVector

    def to_blob(self) -> bytes:
        """A compact encoding for the store (``from_blob`` reads it back)."""
        header = json.dumps(
            {
                "language": self.language,
                "day": self.day.isoformat() if self.day else None,
                "words": len(self.words.ids),
                "names": len(self.names.ids),
            }
        ).encode()
        parts = [
            len(header).to_bytes(4, "little"),
            header,
            self.lead.astype("<f2").tobytes(),
            self.words.ids.astype("<u4").tobytes(),
            self.words.weights.astype("<f2").tobytes(),
            self.names.ids.astype("<u4").tobytes(),
            self.names.weights.astype("<f2").tobytes(),
        ]
        return b"".join(parts)

    @staticmethod
    def from_blob(article_id: str, blob: bytes) -> StoryFeatures:
        size = int.from_bytes(blob[:4], "little")
        header = json.loads(blob[4 : 4 + size])
        offset = 4 + size
        arrays: list[npt.NDArray[np.generic]] = []
        for dtype, count in [
            ("<f2", EMBEDDING_SIZE),
            ("<u4", header["words"]),
            ("<f2", header["words"]),
            ("<u4", header["names"]),
            ("<f2", header["names"]),
        ]:
            array = np.frombuffer(blob, dtype=dtype, count=count, offset=offset)
            arrays.append(array)
            offset += array.nbytes
        lead, word_ids, word_weights, name_ids, name_weights = arrays
        return StoryFeatures(
            article_id=article_id,
            language=header["language"],
            day=date.fromisoformat(header["day"]) if header["day"] else None,
            lead=lead.astype(np.float32),
            words=TermVector(word_ids.astype(np.uint32), word_weights.astype(np.float32)),
            names=TermVector(name_ids.astype(np.uint32), name_weights.astype(np.float32)),
        )


def story_features(articles: Sequence[Article]) -> list[StoryFeatures]:
    """Features of each article; the leads of all articles are embedded in one batch."""
    leads = embed([lead_text(article) for article in articles])
    return [
        StoryFeatures(
            article_id=article.id,
            language=article.language,
            day=article_day(article),
            lead=leads[i],
            words=TermVector.from_counts(word_counts(article.text)),
            names=TermVector.from_counts(name_counts(article.text)),
        )
        for i, article in enumerate(articles)
    ]


def as_stored(features: Sequence[StoryFeatures]) -> list[StoryFeatures]:
    """``features`` as the store gives them back (half-precision lead and weights), so that
    features computed in a run and features read back by a resumed run group alike."""
    return [StoryFeatures.from_blob(f.article_id, f.to_blob()) for f in features]


def lead_text(article: Article) -> str:
    title = (article.title or "").strip()
    text = article.text.strip()
    if title and not text.startswith(title):
        text = f"{title}. {text}"
    return text[:LEAD_CHARS]


def article_day(article: Article) -> date | None:
    """The day an article was published, where its metadata gives a full date."""
    candidates = [article.published]
    if article.dateline is not None:
        candidates.append(article.dateline.date)
    for value in candidates:
        match = _ISO_DAY.match(value or "")
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def word_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = fold(match.group()) or match.group().lower()
        if len(word) >= MIN_WORD_CHARS:
            counts["w:" + word] += 1
    return counts


def name_counts(text: str) -> Counter[str]:
    """Capitalised words that do not open a sentence or line, and numbers of 2+ digits."""
    counts: Counter[str] = Counter()
    for sentence in _SENTENCE_BREAK.split(text):
        for position, match in enumerate(_WORD.finditer(sentence)):
            word = match.group()
            if word.isdigit():
                if len(word) >= 2:
                    counts["n:" + word] += 1
            elif position > 0 and len(word) >= 2 and word[0].isupper():
                counts["p:" + (fold(word) or word.lower())] += 1
    return counts
