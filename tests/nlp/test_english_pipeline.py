"""The lean English pipeline (no tok2vec, tagger, parser, lemmatiser) finds what the model's
sentence splitter and entity recogniser find with the shared tok2vec layer run."""

from __future__ import annotations

import spacy

from conftest import SEEDS
from storytrace.nlp.pipeline import ENGLISH_MODEL, english_pipeline


def _read(doc: spacy.tokens.Doc) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return sentences, [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_leaving_tok2vec_out_changes_no_sentence_and_no_entity() -> None:
    lean = english_pipeline()
    assert "tok2vec" not in lean.pipe_names and {"senter", "ner"} <= set(lean.pipe_names)
    with_tok2vec = spacy.load(ENGLISH_MODEL, exclude=["parser", "tagger", "lemmatizer"])
    with_tok2vec.enable_pipe("senter")
    assert "tok2vec" in with_tok2vec.pipe_names
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts.append(
        "Lisbon, March 3 -- Dock workers ended a two-week strike on Tuesday. Maria Lopez, "
        "who leads the union, told Reuters the deal was fair. Ships sail again from Porto."
    )
    for text in texts:
        lean_read = _read(lean(text))
        assert lean_read == _read(with_tok2vec(text))
        assert lean_read[1]  # entities were found
