"""Quotations: who said what, and how one statement reads in each outlet."""

from storytrace.quotes.extract import extract_quotes, quotes_in_article
from storytrace.quotes.identity import unify_speakers
from storytrace.quotes.variants import group_quotes, word_changes

__all__ = ["extract_quotes", "group_quotes", "quotes_in_article", "unify_speakers", "word_changes"]
