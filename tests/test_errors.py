import pickle

import pytest

from storytrace.errors import InputError


def test_input_error_survives_pickling() -> None:
    error = InputError("a.txt", "binary", "PNG image")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.reason, copy.detail, str(copy)) == (
        error.source,
        error.reason,
        error.detail,
        str(error),
    )


def test_unknown_reason_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reason code"):
        InputError("a.txt", "nonsense")
