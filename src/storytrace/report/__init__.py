"""Renderers that turn a ``Comparison`` into a report: JSON, Markdown, HTML or a terminal summary.

Each renderer is a pure function from the comparison to text; writing files is the caller's
job.
"""

from storytrace.report.html import to_html
from storytrace.report.json_report import to_json
from storytrace.report.markdown import to_markdown
from storytrace.report.terminal import to_summary

__all__ = ["to_html", "to_json", "to_markdown", "to_summary"]
