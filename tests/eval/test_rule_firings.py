"""Rules written on the seed pair, checked on news text they were not written on.

Regression guards for the counts ``benchmarks/rule_firings.py`` prints (it shows the
examples): in one English corpus, two frequent capitalised words with one name key are two
names merged, and a line of article text taken for a tag line is text lost.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from conftest import shared_data
from storytrace.clean.boilerplate import boilerplate_kind, drop_boilerplate
from storytrace.clean.lines import split_paragraphs
from storytrace.nlp.names import fold, tokenize

# Measured with benchmarks/rule_firings.py on all 924 PolNeAR articles: 8 of 2,055 frequent
# capitalised words share a key (Carl = Karl, Marc = Mark, Major = Mayor, New = Nev.); the
# consonant-skeleton key merged 690.
POLNEAR_MERGED_NAMES = 8
FREQUENT = 5


def _polnear_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted((shared_data("polnear") / "text").glob("*.txt"))]


def test_few_frequent_names_share_a_key_on_polnear() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for text in _polnear_texts():
        counts.update((t.key, fold(t.text)) for t in tokenize(text) if t.key[0] == "~")
    spellings: dict[str, set[str]] = defaultdict(set)
    for (key, word), n in counts.items():
        if n >= FREQUENT:
            spellings[key].add(word)
    merged = sum(len(words) for words in spellings.values() if len(words) > 1)
    assert merged <= POLNEAR_MERGED_NAMES


def test_no_line_of_polnear_text_is_taken_for_a_tag_line() -> None:
    for text in _polnear_texts():
        _, removed = drop_boilerplate(split_paragraphs(text))
        # the other rules do not look at the line before, so a removed line that only the
        # tag-line rule matches was removed as a tag line
        assert not [line.text for line in removed if boilerplate_kind(line.text) == "tags"]
