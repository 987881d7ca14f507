"""storytrace: trace one news story across outlets.

The public API is the functions the command line wraps::

    from pathlib import Path
    from storytrace import compare_paths, to_html

    comparison = compare_paths([Path("a.txt"), Path("b.html")])
    Path("report.html").write_text(to_html(comparison))

Names are imported on first use, so ``import storytrace.model`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("storytrace")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_EXPORTS = {
    "compare_articles": "storytrace.compare",
    "compare_paths": "storytrace.compare",
    "load_articles": "storytrace.compare",
    "InputError": "storytrace.errors",
    "NotEnoughArticlesError": "storytrace.errors",
    "StorytraceError": "storytrace.errors",
    "Article": "storytrace.model",
    "Comparison": "storytrace.model",
    "Quote": "storytrace.model",
    "QuoteGroup": "storytrace.model",
    "to_html": "storytrace.report",
    "to_json": "storytrace.report",
    "to_markdown": "storytrace.report",
    "to_summary": "storytrace.report",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storytrace' has no attribute {name!r}")
    return getattr(import_module(module), name)
