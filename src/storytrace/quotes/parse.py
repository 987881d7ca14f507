"""The dependency parse quotations of English text are read from, one text or many at once.

Many texts go through spaCy's ``pipe`` in batches, which the parser runs faster than one
call per text (about a quarter less time on news articles; see ``benchmarks/corpus_speed.py``).
Each text is given to the parser in pieces of at most ``CHUNK_CHARS`` characters
(``text_chunks``), its dateline blanked out. Named entities are not the parser's: they are
those the sentence pass finds in the text itself (``english_entities``), taken from the
caller where it has them (``compare`` has analysed its articles), so that no text goes
through the entity recogniser twice; the dateline's own are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storytrace.clean.dateline import parse_dateline
from storytrace.model import Entity, Sentence
from storytrace.nlp.pipeline import english_entities, parsing_pipeline, text_chunks
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


def parse_text(text: str, entities: Sequence[Entity] | None = None) -> Parse:
    """The parse of one English ``text`` (``parse_texts``)."""
    return parse_texts([text], [entities])[0]


def parse_texts(
    texts: Sequence[str], entities: Sequence[Sequence[Entity] | None] | None = None
) -> list[Parse]:
    """The parses of English ``texts``, in order, parsed together in batches.
    ``entities``: each text's named entities as ``english_entities`` finds them, where the
    caller has them (None: found here)."""
    known = list(entities) if entities is not None else [None] * len(texts)
    if len(known) != len(texts):
        raise ValueError(f"{len(known)} lists of entities for {len(texts)} texts")
    missing = [texts[i] for i, given in enumerate(known) if given is None]
    found = iter(english_entities(missing, PIPE_BATCH) if missing else [])
    every = [next(found) if given is None else given for given in known]
    blanks = [_dateline_end(text) for text in texts]
    pieces = [
        text_chunks(" " * blank + text[blank:]) for text, blank in zip(texts, blanks, strict=True)
    ]
    docs = parsing_pipeline().pipe(
        (chunk for each in pieces for _, chunk in each), batch_size=PIPE_BATCH
    )
    return [
        _read(
            text,
            [(offset, next(docs)) for offset, _ in pieces[index]],
            [e for e in every[index] if e.start >= blanks[index]],
        )
        for index, text in enumerate(texts)
    ]


def _dateline_end(text: str) -> int:
    # the dateline ("Moscow, October 5 (RHC) -- Russia has accused ...") is blanked out,
    # offsets kept, so that the parser does not take the place for the subject
    dateline = parse_dateline(text)
    return dateline.end if dateline is not None else 0


def _read(text: str, docs: list[tuple[int, Any]], entities: list[Entity]) -> Parse:
    found: list[Found] = []
    spoken: list[Found] = []
    subjects: set[int] = set()
    sentences: list[Sentence] = []
    for offset, doc in docs:
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        _mark_entities(doc, offset, entities)
        found += [shifted(item, offset) for item in attributions(doc)]
        spoken += [shifted(item, offset) for item in speech_cues(doc)]
        subjects.update(
            offset + t.idx
            for t in doc
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
        )
    return Parse(found, spoken, entities, frozenset(subjects), sentences)


def _mark_entities(doc: Any, offset: int, entities: list[Entity]) -> None:
    """Set ``entities`` (offsets into the text) that fall in ``doc`` (the piece of the text
    at ``offset``) as its entities: the parse reads a word's entity type ("on Monday")."""
    from spacy.util import filter_spans

    end = offset + len(doc.text)
    spans = [
        span
        for e in entities
        if offset <= e.start
        and e.end <= end
        and (span := doc.char_span(e.start - offset, e.end - offset, e.label, "expand")) is not None
    ]
    doc.set_ents(filter_spans(spans), default="outside")
