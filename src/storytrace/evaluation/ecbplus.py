"""Same-event grouping on ECB+: storytrace's stories beside a TF-IDF clustering baseline.

ECB+ holds, per topic, reports of two distinct events of one kind (two earthquakes, two
celebrity rehab stays); the gold group of a document is its ``subtopic``. The texts are
tokenised one sentence a line; the newer (``ecbplus``) documents open with their headline
and a date line, which stands in here for the publication date a web page's metadata gives.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from storytrace.evaluation.clustering import ClusterScores, cluster_scores
from storytrace.model import Article
from storytrace.stories import StoryFeatures, StoryGrouper, story_features

# The baseline: TF-IDF cosine, average-linkage clustering cut at this similarity (the best
# cut for it on ECB+ topics 1-35, so the baseline is given its best case).
BASELINE_CUT = 0.15
# Lines at the top of a document searched for its date line.
DATE_LINES = 4

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Date lines as the ECB+ pages print them: "July 29, 2004", "Sunday, November 27 - 2005",
# "29 July 2004", "2004-07-29", and the US numeric "4 / 9 / 2007" or "04 / 28 / 09" (month
# first; a two-digit year is 20YY). Day-first numeric dates ("08. 07. 2012") are ambiguous
# and left alone.
_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*[,-]?\s*{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s*{_YEAR}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<month>\d{1,2}) / (?P<day>\d{1,2}) / (?P<year>(?:19|20)?\d\d)\b"),
]
_DETOKENISE = [
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r"``\s*|\s*''"), '"'),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
]


@dataclass(frozen=True)
class EcbDocument:
    doc_id: str
    topic: str
    event: str
    article: Article


@dataclass(frozen=True)
class GroupingQuality:
    storytrace: ClusterScores  # all documents in one run
    storytrace_in_runs: ClusterScores  # in EVALUATION_RUNS runs, as a corpus grows
    baseline: ClusterScores
    documents: int


# Consecutive runs the documents are also grouped in: later runs join stored stories.
EVALUATION_RUNS = 4


def load_ecbplus(path: Path) -> list[EcbDocument]:
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = detokenise(row["text"])
            day = header_date(text)
            article = Article(
                id=row["doc_id"],
                source=f"{path}:{row['doc_id']}",
                text=text,
                published=day.isoformat() if day else None,
                language="en",
            )
            documents.append(EcbDocument(row["doc_id"], row["topic"], row["subtopic"], article))
    return documents


def detokenise(text: str) -> str:
    for pattern, replacement in _DETOKENISE:
        text = pattern.sub(replacement, text)
    return text


def header_date(text: str) -> date | None:
    head = "\n".join(text.splitlines()[:DATE_LINES])
    for pattern in _DATES:
        for match in pattern.finditer(head):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
            year = int(match["year"])
            try:
                return date(year + 2000 if year < 100 else year, number, int(match["day"]))
            except ValueError:
                continue
    return None


def group_with_storytrace(documents: list[EcbDocument], runs: int = 1) -> list[int]:
    """Story ids, from grouping the documents in publication order (undated first) in
    ``runs`` consecutive ``stories`` runs of equal size (one run by default)."""
    return group_in_runs(_in_publication_order(documents), runs)


def _in_publication_order(documents: list[EcbDocument]) -> list[tuple[int, StoryFeatures]]:
    order = sorted(range(len(documents)), key=lambda i: (documents[i].article.published or "", i))
    features = story_features([documents[i].article for i in order])
    return list(zip(order, features, strict=True))


def group_in_runs(ordered: list[tuple[int, StoryFeatures]], runs: int) -> list[int]:
    """Story ids by document index, from grouping ``ordered`` (document index, features) in
    ``runs`` consecutive runs of equal size."""
    grouper = StoryGrouper()
    size = -(-len(ordered) // max(runs, 1))
    for start in range(0, len(ordered), size):
        grouper.add_batch([features for _, features in ordered[start : start + size]])
    labels = [0] * len(ordered)
    for position, (i, _) in enumerate(ordered):
        labels[i] = grouper.story_of[position]
    return labels


def group_with_tfidf(texts: Sequence[str]) -> list[int]:
    """The baseline: TF-IDF vectors of words, average linkage cut at ``BASELINE_CUT``."""
    counts = [Counter(re.findall(r"\w{3,}", text.lower())) for text in texts]
    frequency: Counter[str] = Counter()
    for words in counts:
        frequency.update(words.keys())
    vocabulary = {word: i for i, word in enumerate(frequency)}
    matrix = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for row, words in enumerate(counts):
        for word, count in words.items():
            idf = np.log(len(texts) / frequency[word])
            matrix[row, vocabulary[word]] = (1 + np.log(count)) * idf
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    distance = np.clip(1.0 - matrix @ matrix.T, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, 1.0 - BASELINE_CUT, "distance")]


def evaluate_grouping(path: Path) -> GroupingQuality:
    documents = load_ecbplus(path)
    gold = [d.event for d in documents]
    ordered = _in_publication_order(documents)
    return GroupingQuality(
        storytrace=cluster_scores(group_in_runs(ordered, 1), gold),
        storytrace_in_runs=cluster_scores(group_in_runs(ordered, EVALUATION_RUNS), gold),
        baseline=cluster_scores(group_with_tfidf([d.article.text for d in documents]), gold),
        documents=len(documents),
    )
