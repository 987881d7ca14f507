"""The Microsoft Research Paraphrase Corpus (MSRP), as copied into ../shared/data/msrp/."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pair:
    label: int
    first: str
    second: str


_ID_RE = re.compile(r"^\d+$")


def parse_msrp(path: Path) -> list[Pair]:
    """Read MSRP pairs in file order.

    The shared copy is tab-separated with CSV-style quoting (``"..."`` with ``""`` for a
    literal quote) and had some commas turned into tabs, so the column count is not trusted:
    the label is the first column and the two sentences are the last two non-empty text
    columns (numeric ID columns are skipped). Rows without a 0/1 label or two sentences
    (e.g. the header) are dropped.
    """
    pairs: list[Pair] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quotechar='"'):
            if not row:
                continue
            label = row[0].strip()
            if label not in ("0", "1"):
                continue
            texts = [c.strip() for c in row[1:] if c.strip() and not _ID_RE.match(c.strip())]
            if len(texts) < 2:
                continue
            pairs.append(Pair(int(label), texts[-2], texts[-1]))
    return pairs
