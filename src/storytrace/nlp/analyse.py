"""The analysis stage: articles in, articles with sentences, entities and embeddings out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storytrace.model import AnalysedArticle, Article
from storytrace.nlp.embeddings import embed
from storytrace.nlp.pipeline import analyse_texts


def analyse(articles: Sequence[Article]) -> list[AnalysedArticle]:
    """Split each article into sentences, find entities, and embed every sentence.

    The articles go through spaCy together, and the sentences of all articles are embedded
    in one batch, which is several times faster than one call per article.
    """
    found = analyse_texts([(article.text, article.language) for article in articles])
    analysed = [
        AnalysedArticle(article, *each) for article, each in zip(articles, found, strict=True)
    ]
    texts = [sentence.text for item in analysed for sentence in item.sentences]
    vectors = embed(texts)
    offset = 0
    for item in analysed:
        count = len(item.sentences)
        item.embeddings = np.ascontiguousarray(vectors[offset : offset + count])
        offset += count
    return analysed
