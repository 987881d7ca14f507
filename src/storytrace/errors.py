"""Exceptions raised by storytrace.

Hierarchy::

    StorytraceError            anything storytrace raises on purpose
    ├── InputError             one input cannot become an article (names the source and reason)
    ├── NotEnoughArticlesError a comparison needs at least two usable articles
    └── StoreError             the database cannot be opened or used (names the file)

``InputError.reason`` is a short machine-readable code (see ``REASONS``); the message is the
one-line text shown to a person.
"""

from __future__ import annotations

REASONS = {
    "missing": "no such file",
    "unreadable": "cannot be read",
    "empty": "file is empty",
    "binary": "binary data, not text",
    "undecodable": "text encoding could not be determined",
    "empty_after_cleaning": "no article text left after cleaning",
    "bad_json": "not valid JSON",
    "no_text": "JSON record has no 'text' string",
    "unsupported": "unsupported input",
    "too_large": "too large for a news article",
    "too_complex": "beyond a limit that protects the machine (nesting, layers or time)",
    "duplicate": "exact duplicate of a stored article",
    "failed": "storytrace failed on this input (a bug: please report it with the file)",
    "not_article": "not a news article",
    "too_short": "too short to be a news article",
    "spam": "spam: the same few words repeated, not a news article",
    "refused": "address refused (private, loopback or link-local; use --allow-private)",
}


class StorytraceError(Exception):
    """Base class for every error storytrace raises on purpose."""


class InputError(StorytraceError):
    """One input (a file, or one line of a JSONL file) could not become an article."""

    def __init__(self, source: str, reason: str, detail: str | None = None) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason code {reason!r}; expected one of {sorted(REASONS)}")
        self.source = source
        self.reason = reason
        self.detail = detail
        self.description = REASONS[reason] if detail is None else f"{REASONS[reason]} ({detail})"
        super().__init__(f"{source}: {self.description}")

    @classmethod
    def from_os_error(cls, source: str, error: OSError) -> InputError:
        """The error for a file that could not be opened: missing, or unreadable and why."""
        if isinstance(error, FileNotFoundError):
            return cls(source, "missing")
        return cls(source, "unreadable", error.strerror or type(error).__name__)

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str | None]]:
        # Rebuilt from its fields: ingest workers send refused inputs back to the writer.
        return (InputError, (self.source, self.reason, self.detail))


class NotEnoughArticlesError(StorytraceError):
    """Raised when fewer than two usable articles are left to compare.

    ``rejected`` holds the inputs that could not be used, each with its reason.
    """

    def __init__(self, usable: int, rejected: list[InputError] | None = None) -> None:
        self.usable = usable
        self.rejected = list(rejected or [])
        super().__init__(f"compare needs at least two usable articles, got {usable}")


class StoreError(StorytraceError):
    """The store (a SQLite file) cannot be opened, migrated or written; names the file."""
