"""Clean: raw documents to articles (main text, metadata, and an audit of what was removed)."""

from storytrace.clean.dateline import parse_dateline
from storytrace.clean.document import clean_document

__all__ = ["clean_document", "parse_dateline"]
