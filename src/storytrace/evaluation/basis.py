"""How a quality figure was obtained, printed beside it so that no figure says more than it is.

- ``tuning``: measured on data that some constant of the method was chosen on; an
  optimistic figure, shown for continuity only.
- ``cross-validated``: the constants chosen on some folds and scored on the fold left out,
  with folds fixed in code; the mean and the worst fold are reported.
- ``untouched``: measured on a part of the data never used to choose any constant.
"""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    TUNING = "tuning"
    CROSS_VALIDATED = "cross-validated"
    UNTOUCHED = "untouched"


def figure_line(name: str, value: float, basis: Basis, detail: str = "") -> str:
    """One printed figure: ``  name  0.9360  [untouched]  detail``."""
    line = f"  {name:44s} {value:.4f}  [{basis}]"
    return f"{line}  {detail}" if detail else line
