"""The dependency parse quotations of English text are read from, one text or many at once.

Many texts go through spaCy's ``pipe`` in batches, which the parser runs faster than one
call per text (about a quarter less time on news articles; see ``benchmarks/corpus_speed.py``).
Each text is given to the parser in pieces of at most ``CHUNK_CHARS`` characters
(``text_chunks``), its dateline blanked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storytrace.clean.dateline import parse_dateline
from storytrace.model import Entity, Sentence
from storytrace.nlp.pipeline import parsing_pipeline, text_chunks
from storytrace.quotes.syntax import Found, attributions, shifted, speech_cues

# Pieces of text the parser is given at once by ``parse_texts``.
PIPE_BATCH = 32


@dataclass(frozen=True)
class Parse:
    """What quotation extraction reads from the parse of one text (offsets index the text)."""

    found: list[Found]  # reporting cues with their source and content
    spoken: list[Found]  # speech cues, for quoted words no attribution claims
    entities: list[Entity]
    subjects: frozenset[int]  # where the subjects of main clauses stand (pronoun antecedents)
    sentences: list[Sentence]


def parse_text(text: str) -> Parse:
    """The parse of one English ``text``."""
    return parse_texts([text])[0]


def parse_texts(texts: Sequence[str]) -> list[Parse]:
    """The parses of English ``texts``, in order, parsed together in batches."""
    nlp = parsing_pipeline()
    pieces = [_pieces(text) for text in texts]
    docs = iter(nlp.pipe((chunk for each in pieces for _, chunk in each), batch_size=PIPE_BATCH))
    return [
        _read(text, [(offset, next(docs)) for offset, _ in each])
        for text, each in zip(texts, pieces, strict=True)
    ]


def _pieces(text: str) -> list[tuple[int, str]]:
    # the dateline ("Moscow, October 5 (RHC) -- Russia has accused ...") is blanked out,
    # offsets kept, so that the parser does not take the place for the subject
    dateline = parse_dateline(text)
    blank = dateline.end if dateline is not None else 0
    return text_chunks(" " * blank + text[blank:])


def _read(text: str, docs: list[tuple[int, Any]]) -> Parse:
    found: list[Found] = []
    spoken: list[Found] = []
    entities: list[Entity] = []
    subjects: set[int] = set()
    sentences: list[Sentence] = []
    for offset, doc in docs:
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        entities += [
            Entity(e.text, e.label_, offset + e.start_char, offset + e.end_char) for e in doc.ents
        ]
        found += [shifted(item, offset) for item in attributions(doc)]
        spoken += [shifted(item, offset) for item in speech_cues(doc)]
        subjects.update(
            offset + t.idx
            for t in doc
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
        )
    return Parse(found, spoken, entities, frozenset(subjects), sentences)
