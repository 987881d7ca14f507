"""Model files are checked against the sha256 digests recorded in ``nlp.model_files``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storytrace.nlp.model_files import (
    MODELS,
    USE_MULTILINGUAL,
    ModelFileError,
    ModelFiles,
    file_sha256,
    package_folder,
    verify_file,
    verify_model,
)

_VOCABULARY = "resources/sp.model"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.package)
def test_installed_model_files_match_their_recorded_digests(model: ModelFiles) -> None:
    verify_model(model)


def _copy_of_use_vocabulary(tmp_path: Path) -> Path:
    copy = tmp_path / "sp.model"
    shutil.copyfile(package_folder(USE_MULTILINGUAL.package) / _VOCABULARY, copy)
    return copy


def test_an_unchanged_copy_is_accepted(tmp_path: Path) -> None:
    verify_file(_copy_of_use_vocabulary(tmp_path), USE_MULTILINGUAL.sha256[_VOCABULARY])


def test_a_tampered_copy_is_refused_naming_file_and_both_digests(tmp_path: Path) -> None:
    copy = _copy_of_use_vocabulary(tmp_path)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))
    expected = USE_MULTILINGUAL.sha256[_VOCABULARY]
    with pytest.raises(ModelFileError) as refused:
        verify_file(copy, expected)
    message = str(refused.value)
    assert str(copy) in message
    assert expected in message
    assert file_sha256(copy) in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="missing"):
        verify_file(tmp_path / "weights.npz", USE_MULTILINGUAL.sha256["resources/weights.npz"])


def test_a_package_with_a_changed_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "tampered_model"
    (package / "resources").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "resources" / "weights.bin").write_bytes(b"weights as recorded")
    recorded = file_sha256(package / "resources" / "weights.bin")
    model = ModelFiles("tampered_model", {"resources/weights.bin": recorded})
    monkeypatch.syspath_prepend(str(tmp_path))
    verify_model(model)
    (package / "resources" / "weights.bin").write_bytes(b"weights swapped after install")
    with pytest.raises(ModelFileError, match=r"weights\.bin"):
        verify_model(model)


def test_an_absent_model_package_is_an_import_error() -> None:
    with pytest.raises(ImportError, match="no_such_model_package"):
        verify_model(ModelFiles("no_such_model_package", {}))
