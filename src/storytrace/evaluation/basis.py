"""How a quality figure was obtained, printed beside it so that no figure says more than it is.

- ``tuning``: measured on data that some constant of the method was chosen on; an
  optimistic figure, shown for continuity only.
- ``cross-validated``: the constants chosen on some folds and scored on the fold left out,
  with folds fixed in code; the mean and the worst fold are reported.
- ``untouched``: measured on a part of the data never used to choose any constant.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class Basis(StrEnum):
    TUNING = "tuning"
    CROSS_VALIDATED = "cross-validated"
    UNTOUCHED = "untouched"


def figure_line(name: str, value: float, basis: Basis, detail: str = "") -> str:
    """One printed figure: ``  name  0.9360  [untouched]  detail``."""
    line = f"  {name:44s} {value:.4f}  [{basis}]"
    return f"{line}  {detail}" if detail else line


def open_section(title: str, *inputs: Path) -> bool:
    """Print a section's title; False, with a line naming what is missing, where an input
    (a corpus file or folder) is absent, so that the section is skipped."""
    print(title)
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        print(f"  skipped: {', '.join(missing)} not found")
    return not missing
