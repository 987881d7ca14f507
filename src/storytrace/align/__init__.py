"""Alignment of articles: shared verbatim passages, matched units, and what only one carries."""

from storytrace.align.pairs import align_articles, only_here

__all__ = ["align_articles", "only_here"]
