"""``python -m storytrace.evaluation [DATA_DIR] [--only SECTION ...]``: print the quality figures.

Every quality figure of docs/quality.md is printed here, each labelled with how it was obtained
(``storytrace.evaluation.basis``): on tuning data, cross-validated, or on an untouched part.
"""

from __future__ import annotations

# ruff: noqa: E402 - the BLAS threads are set as the storytrace command sets them (one per
# process unless the user chose), before numpy loads: two threads per process oversubscribe
# a busy machine's cores (``storytrace.threads``)
from storytrace.threads import limit_blas_threads

limit_blas_threads()

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from storytrace.evaluation import (
    basil_quotes,
    basil_stories,
    derivation,
    ecbplus,
    matching,
    polnear,
    semeval,
)

# Each section prints its own figures from the corpora folder it is given.
SECTIONS: dict[str, Callable[[Path], None]] = {
    "msrp": matching.report,
    "ecbplus": ecbplus.report,
    "basil-stories": basil_stories.report,
    "semeval": semeval.report,
    "polnear": polnear.report,
    "basil-quotes": basil_quotes.report,
    "derivation": derivation.report,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storytrace.evaluation",
        description="Print storytrace's quality figures on the labelled corpora, each labelled "
        "tuning, cross-validated or untouched.",
    )
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=Path("../shared/data"),
        help="folder of the labelled corpora (default: ../shared/data)",
    )
    parser.add_argument(
        "--only", nargs="+", choices=sorted(SECTIONS), help="print these sections only"
    )
    options = parser.parse_args(argv)
    if not options.data.is_dir():
        print(f"{options.data} not found: pass the folder of the labelled corpora", file=sys.stderr)
        return 2
    for name in options.only or SECTIONS:
        SECTIONS[name](options.data)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
