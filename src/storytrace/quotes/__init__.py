"""Quotations: who said what, and how one statement reads in each outlet."""

from storytrace.quotes.extract import extract_quotes
from storytrace.quotes.variants import group_quotes, word_changes

__all__ = ["extract_quotes", "group_quotes", "word_changes"]
