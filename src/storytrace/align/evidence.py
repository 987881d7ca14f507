"""Whether two matched units share evidence that one was written from the other.

Two independent reports of one event say the same things in their own words: their
sentences reach a high embedding cosine and share the story's names and topic words
("Supreme Court", "Wal-Mart", "ruling"). That is the same topic, not derivation. A match is
called a paraphrase only when the two units also share something one outlet would not have
found on its own:

- shared wording: a verbatim run (``storytrace.align.verbatim``, five words or more) inside
  both units, or ``MIN_RARE_SHARED`` content words that are rare in both articles (in at most
  ``RARE_IN_ARTICLE`` of each one's units: not the story's topic words), one of them not a
  name ("aerial reconnaissance", "hired ... security");
- a shared specific fact: the same number ("544 store managers", "2036"), or the same word
  quoted in both ("whipsawed"), rare in both articles.

Measured by ``benchmarks/paraphrase_evidence.py`` on the first 20 BASIL events (three
independent outlets each, 60 pairs): 600 matches were labelled "paraphrased" before, 301
carry such evidence (299 are the same topic); on the seed pair 6 of its 7 same-language
matches do. The MSRP score (``python -m storytrace.evaluation --only msrp``) is unchanged:
this decides the label of a match, not whether there is one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.model import Sentence, SharedSpan
from storytrace.nlp.names import Token, is_stopword

# A term in at most this many units of an article is specific to them, not the topic.
RARE_IN_ARTICLE = 2
# Rare content words two units must share to count as shared wording.
MIN_RARE_SHARED = 2
# A number as written: "544", "1.6", "10-277", "2:1" (a docket number is not its first part).
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
# Quoted passages: typographic, straight, guillemet and German quotation marks.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|»[^«]*«|„[^“”]*[“”]")
# Keys of names and aliases start with these (``storytrace.nlp.names``).
_NAME_MARKS = ("~", "=")


@dataclass(frozen=True)
class UnitFacts:
    """What each unit of one article could share with another: its content terms, its
    numbers and its quoted words, and in how many of the article's units each occurs."""

    terms: list[set[str]]
    numbers: list[set[str]]
    quoted: list[set[str]]
    frequency: Counter[str]

    def rare(self, item: str) -> bool:
        return self.frequency[item] <= RARE_IN_ARTICLE


def unit_facts(
    text: str,
    sentences: Sequence[Sentence],
    terms: Sequence[set[str]],
    tokens: Sequence[Sequence[Token]],
) -> UnitFacts:
    """The facts of every unit of one article; ``terms`` and ``tokens`` are per unit."""
    numbers = [set(_NUMBER.findall(sentence.text)) for sentence in sentences]
    quoted_ranges = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    quoted = [
        {
            token.key
            for token in unit_tokens
            if not is_stopword(token.key)
            and any(start < token.start < end for start, end in quoted_ranges)
        }
        for unit_tokens in tokens
    ]
    frequency: Counter[str] = Counter()
    for unit_terms, unit_numbers, unit_quoted in zip(terms, numbers, quoted, strict=True):
        frequency.update(unit_terms | unit_numbers | {f"quoted:{key}" for key in unit_quoted})
    return UnitFacts([set(t) for t in terms], numbers, quoted, frequency)


def shares_evidence(
    a: UnitFacts,
    unit_a: Sentence,
    b: UnitFacts,
    unit_b: Sentence,
    spans: Sequence[SharedSpan],
) -> bool:
    """True when ``unit_a`` and ``unit_b`` share wording or a specific fact (module doc)."""
    i, j = unit_a.index, unit_b.index
    for span in spans:
        if (
            span.start_a < unit_a.end
            and span.end_a > unit_a.start
            and span.start_b < unit_b.end
            and span.end_b > unit_b.start
        ):
            return True
    if any(a.rare(n) and b.rare(n) for n in a.numbers[i] & b.numbers[j]):
        return True
    if any(
        a.rare(f"quoted:{key}") and b.rare(f"quoted:{key}") for key in a.quoted[i] & b.quoted[j]
    ):
        return True
    rare = [term for term in a.terms[i] & b.terms[j] if a.rare(term) and b.rare(term)]
    return len(rare) >= MIN_RARE_SHARED and any(not t.startswith(_NAME_MARKS) for t in rare)
