"""A story's derivation graph as one JSON document, for tools.

Schema (``format_version`` 1; keys are only ever added, never renamed or removed)::

    {
      "format_version": 1,
      "storytrace_version": "0.1.0",
      "story": {"id", "title", "article_ids", "first_published", "last_published"},
      "articles": [{"id", "outlet", "title", "url", "language", "published",
                    "published_kind", "basis", "time", "time_basis", "fit",
                    "order_known"}],     # timeline order, unknown times last
      "derivations": [{
        "source", "target", "kind", "confidence", "lag_seconds", "credit", "shared_share",
        "direct", "direction_basis", "directed", "rare_ngrams": [str],
        "passages": [{"kind", "score", "tokens",
                      "source_start", "source_end", "source_text",
                      "target_start", "target_end", "target_text"}]
      }],
      "origins": [{"article", "start", "end", "text", "first_published", "first_known",
                   "kinds": [str],
                   "copies": [{"article", "start", "end", "text"}]}],
      "outlets": [{"outlet", "role", "articles": [id], "derived_share",
                   "median_lag_seconds", "derived_from", "source_for"}]
    }

``published`` is the article's declared date as given and ``published_kind`` what it is
("published", "updated", "crawled", "dateline" or ``null``); ``basis`` where each of its
metadata fields came from ({"outlet": "declared: og:site_name", "published": "crawl",
"language": "text", ...}; ``{}`` when not recorded); ``time`` the publication time
the derivation stage read (ISO 8601: a UTC datetime, or a date; ``null`` for a crawl or
update time, which only bounds it: then in ``time_basis``), ``time_basis`` where it came
from ("published", "dateline", "dateline, year assumed") or ``null``. Where the order is
not known nothing claims it: ``order_known`` is false for an article whose place in the
timeline is unknown, ``directed`` false for an edge whose direction nothing tells
(``direction_basis`` "order unknown"; ``source`` and ``target`` are then only its two
ends), ``first_known`` false for a passage whose first carrier is unknown (``article`` is
then only the carrier listed first). ``kind`` values are
``DerivationKind`` and ``MatchKind`` values ("credited syndication", "copied", ...).
Offsets index the article's text, zero-based, half-open; a text is ``null`` when the
article is not among those given. Scores and shares are rounded to four decimals.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from storytrace.model import (
    Article,
    Derivation,
    OutletProfile,
    PassageOrigin,
    ReusedPassage,
    StoryGraph,
)
from storytrace.report._common import storytrace_version

FORMAT_VERSION = 1

# As in the comparison report: four decimals keep diffs of two runs quiet.
_DIGITS = 4


def story_to_json(graph: StoryGraph, articles: Sequence[Article]) -> str:
    """Render ``graph`` as the JSON document of the module docstring, ending in a newline."""
    by_id = {article.id: article for article in articles}
    document = {
        "format_version": FORMAT_VERSION,
        "storytrace_version": storytrace_version(),
        "story": {
            "id": graph.story.id,
            "title": graph.story.title,
            "article_ids": list(graph.story.article_ids),
            "first_published": graph.story.first_published,
            "last_published": graph.story.last_published,
        },
        "articles": [
            {
                "id": entry.article,
                "outlet": entry.outlet,
                "title": _field(by_id, entry.article, "title"),
                "url": _field(by_id, entry.article, "url"),
                "language": _field(by_id, entry.article, "language"),
                "published": _field(by_id, entry.article, "published"),
                "published_kind": _field(by_id, entry.article, "published_kind"),
                "basis": dict(by_id[entry.article].basis) if entry.article in by_id else None,
                "time": entry.published,
                "time_basis": entry.basis,
                "fit": _number(entry.fit),
                "order_known": entry.order_known,
            }
            for entry in graph.timeline
        ],
        "derivations": [_derivation(graph, d, by_id) for d in graph.derivations],
        "origins": [_origin(origin, by_id) for origin in graph.origins],
        "outlets": [_outlet(profile) for profile in graph.outlets],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _derivation(
    graph: StoryGraph, derivation: Derivation, articles: Mapping[str, Article]
) -> dict[str, Any]:
    return {
        "source": derivation.source,
        "target": derivation.target,
        "kind": derivation.kind.value,
        "confidence": _number(derivation.confidence),
        "lag_seconds": _number(derivation.lag_seconds),
        "credit": derivation.credit,
        "shared_share": _number(derivation.shared_share),
        "direct": graph.is_direct(derivation),
        "direction_basis": graph.basis(derivation),
        "directed": graph.is_directed(derivation),
        "rare_ngrams": list(derivation.rare_ngrams),
        "passages": [_passage(p, articles) for p in derivation.passages],
    }


def _passage(passage: ReusedPassage, articles: Mapping[str, Article]) -> dict[str, Any]:
    return {
        "kind": passage.kind.value,
        "score": _number(passage.score),
        "tokens": passage.tokens,
        "source_start": passage.source_start,
        "source_end": passage.source_end,
        "source_text": _text(articles, passage.source, passage.source_start, passage.source_end),
        "target_start": passage.target_start,
        "target_end": passage.target_end,
        "target_text": _text(articles, passage.target, passage.target_start, passage.target_end),
    }


def _origin(origin: PassageOrigin, articles: Mapping[str, Article]) -> dict[str, Any]:
    return {
        "article": origin.article,
        "start": origin.start,
        "end": origin.end,
        "text": origin.text,
        "first_published": origin.first_published,
        "first_known": origin.first_known,
        "kinds": [kind.value for kind in origin.kinds],
        "copies": [
            {
                "article": copy.article,
                "start": copy.start,
                "end": copy.end,
                "text": _text(articles, copy.article, copy.start, copy.end),
            }
            for copy in origin.copies
        ],
    }


def _outlet(profile: OutletProfile) -> dict[str, Any]:
    return {
        "outlet": profile.outlet,
        "role": profile.role.value,
        "articles": list(profile.articles),
        "derived_share": _number(profile.derived_share),
        "median_lag_seconds": _number(profile.median_lag_seconds),
        "derived_from": profile.derived_from,
        "source_for": profile.source_for,
    }


def _field(articles: Mapping[str, Article], article_id: str, name: str) -> str | None:
    article = articles.get(article_id)
    value = getattr(article, name, None) if article is not None else None
    return value if isinstance(value, str) else None


def _text(articles: Mapping[str, Article], article_id: str, start: int, end: int) -> str | None:
    article = articles.get(article_id)
    if article is None or not 0 <= start < end <= len(article.text):
        return None
    return article.text[start:end]


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, _DIGITS)
