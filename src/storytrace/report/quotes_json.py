"""Quotations of stored stories as JSON (``storytrace quotes --json``).

One story (``storytrace quotes STORY --json FILE``), ``format_version`` 1; keys are only
ever added, never renamed or removed::

    {
      "format_version": 1,
      "storytrace_version": "0.1.0",
      "story": {"id", "requested", "title", "first_published", "last_published"},
      "speaker_filter": text | null,
      "articles": [{"id", "outlet", "title", "url", "published", "language"}],
      "quotes": [quote record, ...],
      "quote_groups": [group record, ...]
    }

The quote and group records are those of the ``compare`` report (schema and meaning in
``storytrace.report.json_report``): a quote has its article, offsets, text, kind, cue and
cue offsets, parts, notes and speaker (name, key, role, mention); a group its speaker
(key, name, role) and variants in publication order, each with its quote id, similarity
to the reference, wording number, ``first`` flag (true when no other article carries
the wording, or its article is known to come before the others that do; false where that
order is unknown) and word changes. Article ids are the
store's. ``requested`` is the id asked for, which differs from ``id`` when that story was
merged into another. A group with one variant is a quotation no other article carries.

The story list (``storytrace quotes --json FILE``), stories with quotations only::

    {
      "format_version": 1,
      "storytrace_version": "0.1.0",
      "speaker_filter": text | null,
      "stories": [{"id", "title", "articles", "quotes", "shared",
                   "speakers": [{"name", "quotes"}]}]
    }

``shared`` counts the utterances carried by more than one outlet; ``speakers`` are the
most quoted speakers, most quoted first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storytrace.model import Article, QuoteGroup, Story
from storytrace.report._common import storytrace_version
from storytrace.report.json_report import group_record, quote_record
from storytrace.report.quotes_text import QuoteTally

FORMAT_VERSION = 1


def story_quotes_to_json(
    story: Story,
    articles: Sequence[Article],
    groups: Sequence[QuoteGroup],
    *,
    requested: int | None = None,
    speaker_filter: str | None = None,
) -> str:
    """Render one story's quotation groups as the JSON document in this module's docstring.

    ``requested`` is the story id the user gave (``story.id`` when left out). Returns text
    ending in a newline.
    """
    document = {
        "format_version": FORMAT_VERSION,
        "storytrace_version": storytrace_version(),
        "story": {
            "id": story.id,
            "requested": story.id if requested is None else requested,
            "title": story.title,
            "first_published": story.first_published,
            "last_published": story.last_published,
        },
        "speaker_filter": speaker_filter,
        "articles": [_article(article) for article in articles],
        "quotes": [quote_record(v.quote) for group in groups for v in group.variants],
        "quote_groups": [group_record(group) for group in groups],
    }
    return _dump(document)


def tallies_to_json(tallies: Sequence[QuoteTally], *, speaker_filter: str | None = None) -> str:
    """Render the story list as the JSON document in this module's docstring."""
    document = {
        "format_version": FORMAT_VERSION,
        "storytrace_version": storytrace_version(),
        "speaker_filter": speaker_filter,
        "stories": [
            {
                "id": row.story,
                "title": row.title,
                "articles": row.articles,
                "quotes": row.quotes,
                "shared": row.shared,
                "speakers": [{"name": name, "quotes": count} for name, count in row.speakers],
            }
            for row in tallies
        ],
    }
    return _dump(document)


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "language": article.language,
    }


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
