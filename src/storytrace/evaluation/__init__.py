"""Quality evaluations on real labelled data (the corpora in ../shared/data/).

Run ``python -m storytrace.evaluation`` to print every figure; the test suite checks them
against the floors in ``tests/eval/floors.json``.
"""
