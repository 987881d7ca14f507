"""BLAS threads: one per process unless the user chose otherwise.

numpy's BLAS (OpenBLAS in the wheels; MKL in some distributions) starts one thread per core
for every matrix product. The sentence encoder multiplies small matrices (a few leads at a
time), so those threads mostly wait on each other, and on a machine whose cores are busy
they oversubscribe them: on the 2-core machine under load, 1,000 leads took 83 s with two
BLAS threads and 14 s with one (see "Performance" in docs/performance.md). Work that should
use every core runs in several processes, each with one BLAS thread.

The libraries read these variables once, when they are loaded, so ``limit_blas_threads``
must run before numpy is first imported: the ``storytrace`` command calls it first thing.
A value the user set is kept.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

# The variables OpenBLAS and MKL read for their thread count. Not OMP_NUM_THREADS: it also
# sets the threads of OpenMP code (faiss), which is not what oversubscribed the cores.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DEFAULT_BLAS_THREADS = 1


def limit_blas_threads(environ: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set each BLAS thread variable the user left unset to ``DEFAULT_BLAS_THREADS``;
    returns the variables it set. ``environ`` defaults to ``os.environ``."""
    target = os.environ if environ is None else environ
    chosen: dict[str, str] = {}
    for name in BLAS_THREAD_VARIABLES:
        if not target.get(name, "").strip():
            target[name] = chosen[name] = str(DEFAULT_BLAS_THREADS)
    return chosen


def blas_threads(environ: MutableMapping[str, str] | None = None) -> int:
    """The BLAS threads this process asked for: ``OPENBLAS_NUM_THREADS`` where it is a
    positive whole number, else ``DEFAULT_BLAS_THREADS``."""
    value = (os.environ if environ is None else environ).get("OPENBLAS_NUM_THREADS", "")
    return int(value) if value.strip().isdigit() and int(value) > 0 else DEFAULT_BLAS_THREADS
