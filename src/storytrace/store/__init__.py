"""Persistence: one SQLite file holds articles, their provenance, and what was refused."""

from storytrace.store.db import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "Store"]
