"""``conftest.shared_data``: a missing corpus skips on a user's clone and fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest


def test_a_present_folder_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "basil").mkdir()
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    assert conftest.shared_data("basil") == tmp_path / "basil"


def test_a_missing_folder_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="basil not found"):
        conftest.shared_data("basil")


def test_a_missing_folder_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"cannot run in CI: .*basil not found"):
        conftest.shared_data("basil")
