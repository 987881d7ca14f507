"""The BLAS thread setting: one thread unless the user chose, applied before numpy loads."""

from __future__ import annotations

import os
import subprocess
import sys

from storytrace.threads import BLAS_THREAD_VARIABLES, blas_threads, limit_blas_threads

# In a fresh interpreter: import the command line as the ``storytrace`` entry point does, then
# print the variable and the thread count OpenBLAS itself reports (``-`` where numpy's
# OpenBLAS is not the bundled scipy-openblas, whose functions are asked by name).
PROBE = """
import storytrace.cli
import ctypes, glob, os
import numpy
libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs",
                              "libscipy_openblas*.so"))
count = "-"
if libs:
    library = ctypes.CDLL(libs[0])
    count = str(library.scipy_openblas_get_num_threads64_())
print(os.environ["OPENBLAS_NUM_THREADS"], count)
"""


def probe(**variables: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    environ.update(variables)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_unset_variables_get_one_thread_and_set_ones_are_kept() -> None:
    environ = {"MKL_NUM_THREADS": "3"}
    assert limit_blas_threads(environ) == {"OPENBLAS_NUM_THREADS": "1"}
    assert environ == {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "3"}
    assert limit_blas_threads(environ) == {}


def test_an_empty_value_counts_as_unset() -> None:
    environ = {"OPENBLAS_NUM_THREADS": " "}
    limit_blas_threads(environ)
    assert environ["OPENBLAS_NUM_THREADS"] == "1"


def test_blas_threads_reads_a_positive_count_or_falls_back_to_one() -> None:
    assert blas_threads({"OPENBLAS_NUM_THREADS": "2"}) == 2
    assert blas_threads({"OPENBLAS_NUM_THREADS": "0"}) == 1
    assert blas_threads({"OPENBLAS_NUM_THREADS": "many"}) == 1
    assert blas_threads({}) == 1


def test_the_command_line_runs_openblas_on_one_thread() -> None:
    variable, reported = probe()
    assert variable == "1"
    assert reported in {"1", "-"}


def test_the_command_line_keeps_the_users_thread_count() -> None:
    variable, reported = probe(OPENBLAS_NUM_THREADS="2")
    assert variable == "2"
    assert reported in {"2", "-"}
