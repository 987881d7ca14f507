"""Quotations: who said what, and how one statement reads in each outlet."""

from storytrace.quotes.extract import (
    extract_all,
    extract_quotes,
    quotes_in_article,
    quotes_in_articles,
)
from storytrace.quotes.identity import unify_speakers
from storytrace.quotes.variants import group_quotes, word_changes

__all__ = [
    "extract_all",
    "extract_quotes",
    "group_quotes",
    "quotes_in_article",
    "quotes_in_articles",
    "unify_speakers",
    "word_changes",
]
