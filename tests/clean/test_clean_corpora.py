"""Cleaning real, already clean news prose (BASIL, PolNeAR) must not eat the prose.

The corpora live in ../shared/data and are not copied into the repository; the tests skip
with a clear message where they are absent.
"""

from __future__ import annotations

import json
import re

from conftest import shared_data
from storytrace.clean import clean_document
from storytrace.ingest import read_inputs
from storytrace.model import Article, RawDocument

# Share of characters cleaning must keep. These texts are prose; what goes is at most a
# "Follow X on Twitter" line or a caption, so the whole sample keeps far more than this.
MIN_KEPT_SHARE = 0.97

# One short article can lose a bit more to one legitimate line ("Follow Pam Key on
# Twitter @pamkeyNEN." is 7% of a 500-character PolNeAR piece).
MIN_KEPT_SHARE_PER_ARTICLE = 0.90

# A removed line longer than this would be prose: boilerplate lines are short.
MAX_REMOVED_WORDS = 30

POLNEAR_SAMPLE = 50

# "WASHINGTON —", "KANSAS CITY, Mo. —", "HARTFORD, Conn. —": a place in capitals and a dash.
_CAPITALS_DATELINE = re.compile(r"^([A-Z][A-Z.' ]+[A-Z.](?:, [A-Z][\w.]+)*) ?(?:—|―|--| - )")


def _clean(source: str, text: str) -> Article:
    return clean_document(RawDocument(source=source, text=text, format="text"), "a1")


def _basil() -> list[tuple[str, str]]:
    path = shared_data("basil") / "docs.jsonl"
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [(record["doc_id"], record["text"]) for record in records]


def _polnear_sample() -> list[tuple[str, str]]:
    files = sorted((shared_data("polnear") / "text").glob("*.txt"))
    step = max(1, len(files) // POLNEAR_SAMPLE)
    return [
        (path.name, path.read_text(encoding="utf-8")) for path in files[::step][:POLNEAR_SAMPLE]
    ]


def _assert_prose_kept(texts: list[tuple[str, str]]) -> None:
    kept = total = 0
    for source, text in texts:
        article = _clean(source, text)
        share = len(article.text) / len(text.strip())
        assert share >= MIN_KEPT_SHARE_PER_ARTICLE, (source, share, article.removed)
        for line in article.removed:
            assert len(line.split()) <= MAX_REMOVED_WORDS, (source, line)
        kept += len(article.text)
        total += len(text.strip())
    assert kept / total >= MIN_KEPT_SHARE


def test_basil_prose_is_kept() -> None:
    texts = _basil()
    _assert_prose_kept(texts)
    for source, text in texts:
        assert len(_clean(source, text).text) >= MIN_KEPT_SHARE * len(text.strip()), source


def test_polnear_prose_is_kept() -> None:
    texts = _polnear_sample()
    assert len(texts) == POLNEAR_SAMPLE
    _assert_prose_kept(texts)


def test_basil_capital_datelines_parse() -> None:
    opened = 0
    for source, text in _basil():
        match = _CAPITALS_DATELINE.match(text)
        article = _clean(source, text)
        if match is None:
            continue
        opened += 1
        assert article.dateline is not None, (source, text[:60])
        assert article.dateline.place == match.group(1)
        assert not article.text[article.dateline.end].isspace()  # end is past the spaces
    assert opened >= 20  # BASIL has dozens of "WASHINGTON —" openings


def test_basil_ordinary_openings_have_no_dateline() -> None:
    for source, text in _basil():
        head = text[:40]
        if not re.search(r"[—―–(]|--| - ", head):
            assert _clean(source, text).dateline is None, (source, head)


def test_polnear_files_read_as_articles() -> None:
    """The same texts through the reader, as files come from disk."""
    files = sorted((shared_data("polnear") / "text").glob("*.txt"))[:5]
    documents, errors = read_inputs(files)
    assert errors == []
    assert [document.encoding for document in documents] == ["utf-8"] * 5
