"""``python -m storytrace.evaluation [DATA_DIR]``: print the quality figures."""

from __future__ import annotations

import sys
from pathlib import Path

from storytrace.evaluation.basil_quotes import evaluate_basil_quotes
from storytrace.evaluation.matching import evaluate_matching
from storytrace.evaluation.polnear import evaluate_attribution


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    msrp = data / "msrp" / "msr_paraphrase_train.txt"
    if not msrp.exists():
        print(f"{msrp} not found: pass the folder of the labelled corpora", file=sys.stderr)
        return 2
    print("MSRP paraphrase pairs (first 1000): ROC AUC, cross-fitted accuracy")
    for quality in evaluate_matching(msrp):
        print(f"  {quality.name:26s} AUC {quality.auc:.4f}  accuracy {quality.accuracy:.4f}")
    basil = data / "basil"
    if basil.exists():
        print("BASIL quotations: bias spans inside quotations found, and their speakers")
        for name, value in evaluate_basil_quotes(basil).items():
            print(f"  {name:30s} {value:.4g}")
    polnear = data / "polnear"
    if polnear.exists():
        every, direct = evaluate_attribution(polnear, split="dev")
        for title, found in (("every attribution", every), ("direct quotations", direct)):
            print(f"PolNeAR dev, {title} ({found.gold} gold, {found.predicted} found): F1")
            print(
                f"  content exact {found.content_exact.f1:.4f}"
                f"  overlap {found.content_overlap.f1:.4f}"
                f"  speaker {found.speaker.f1:.4f}"
                f"  (quotation marks alone: overlap {found.baseline_content_overlap.f1:.4f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
