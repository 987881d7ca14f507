"""The comparison as one JSON document, for tools and for archiving.

Schema (``format_version`` 1; keys are only ever added, never renamed or removed)::

    {
      "format_version": 1,
      "storytrace_version": "0.1.0",
      "articles": [{
        "id", "source", "title", "outlet", "url", "published", "language", "text",
        "dateline": {"place", "date", "agency", "start", "end"} | null,
        "sentences": [{"index", "start", "end", "text"}],
        "entities": [{"text", "label", "start", "end"}],
        "only_here": [sentence index, ...],
        "removed": [boilerplate line, ...]
      }],
      "pairs": [{
        "article_a", "article_b",
        "shared_spans": [{"start_a", "end_a", "text_a", "start_b", "end_b", "text_b", "tokens"}],
        "sentence_matches": [{"sentence_a", "sentence_b", "kind", "score", "semantic", "lexical"}]
      }],
      "quotes": [{"id", "article", "start", "end", "text",
                  "kind": "direct" | "indirect" | "mixed",
                  "cue", "cue_start", "cue_end",
                  "parts": [[start, end], ...],
                  "notes": [reason, ...],
                  "speaker": {"name", "key", "role", "mention", "start", "end"} | null}],
      "quote_groups": [{"id", "speaker_key", "speaker_name", "speaker_role",
                        "variants": [{"quote": quote id, "similarity", "wording", "first",
                                      "changes": [{"op", "reference", "variant"}]}]}],
      "rejected": [{"source", "reason"}]
    }

Offsets index the article's ``text``, zero-based and half-open. Scores are rounded to four
decimals; a non-finite score is written as ``null``. Sentence embeddings are left out: they
are large and only meaningful to the model that made them.

A quote's ``start``/``end`` bound its whole content, quotation marks excluded; ``parts``
are the content's pieces when a cue interrupts it (one piece otherwise), and ``text`` is
the pieces joined by a space. ``cue_start``/``cue_end`` locate the cue (``null`` when
unknown); ``notes`` record what was unusual about the input ("unbalanced quotation mark").
The speaker's ``name`` is the person a mention resolves to and ``mention`` the words at
the quote when they differ ("he"). In a group the first variant is the reference;
variants with the same words share a ``wording`` number, and ``first`` is true for the
earliest article carrying its wording (false for all where the publication times do not
tell which came first). The quote and group records are shared with
``storytrace quotes --json`` (``storytrace.report.quotes_json``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from storytrace.model import (
    AnalysedArticle,
    Comparison,
    PairAlignment,
    Quote,
    QuoteGroup,
    Speaker,
)
from storytrace.report._common import storytrace_version

FORMAT_VERSION = 1

# Four decimals keep scores readable and diffs of two runs quiet; finer digits carry noise.
_SCORE_DIGITS = 4


def to_json(comparison: Comparison) -> str:
    """Render ``comparison`` as the JSON document described in this module's docstring.

    Returns pretty-printed UTF-8-safe text ending in a newline; raises nothing on valid input.
    """
    document = {
        "format_version": FORMAT_VERSION,
        "storytrace_version": storytrace_version(),
        "articles": [_article(analysed, comparison) for analysed in comparison.articles],
        "pairs": [_pair(pair) for pair in comparison.pairs],
        "quotes": [quote_record(quote) for quote in comparison.quotes],
        "quote_groups": [group_record(group) for group in comparison.quote_groups],
        "rejected": [
            {"source": source, "reason": reason} for source, reason in comparison.rejected
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def score(value: float) -> float | None:
    """Return ``value`` rounded for the JSON documents, or ``None`` when it is not finite."""
    return round(value, _SCORE_DIGITS) if math.isfinite(value) else None


def _article(analysed: AnalysedArticle, comparison: Comparison) -> dict[str, Any]:
    article = analysed.article
    dateline = article.dateline
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "dateline": None
        if dateline is None
        else {
            "place": dateline.place,
            "date": dateline.date,
            "agency": dateline.agency,
            "start": dateline.start,
            "end": dateline.end,
        },
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text}
            for s in analysed.sentences
        ],
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end}
            for e in analysed.entities
        ],
        "only_here": list(comparison.only_here.get(article.id, [])),
        "removed": list(article.removed),
    }


def _pair(pair: PairAlignment) -> dict[str, Any]:
    return {
        "article_a": pair.article_a,
        "article_b": pair.article_b,
        "shared_spans": [
            {
                "start_a": span.start_a,
                "end_a": span.end_a,
                "text_a": span.text_a,
                "start_b": span.start_b,
                "end_b": span.end_b,
                "text_b": span.text_b,
                "tokens": span.tokens,
            }
            for span in pair.spans
        ],
        "sentence_matches": [
            {
                "sentence_a": match.sentence_a,
                "sentence_b": match.sentence_b,
                "kind": match.kind.value,
                "score": score(match.score),
                "semantic": score(match.semantic),
                "lexical": score(match.lexical),
            }
            for match in pair.matches
        ],
    }


def speaker_record(speaker: Speaker | None) -> dict[str, Any] | None:
    """Return the JSON record of a quote's speaker (``null`` when nobody was found)."""
    if speaker is None:
        return None
    return {
        "name": speaker.name,
        "key": speaker.key,
        "role": speaker.role,
        "mention": speaker.mention or None,
        "start": speaker.start,
        "end": speaker.end,
    }


def quote_record(quote: Quote) -> dict[str, Any]:
    """Return the JSON record of one quotation (schema in this module's docstring)."""
    parts = quote.parts or ((quote.start, quote.end),)
    return {
        "id": quote.id,
        "article": quote.article,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind.value,
        "speaker": speaker_record(quote.speaker),
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "parts": [[start, end] for start, end in parts],
        "notes": list(quote.notes),
    }


def group_record(group: QuoteGroup) -> dict[str, Any]:
    """Return the JSON record of one quote group; variants name their quote by id."""
    return {
        "id": group.id,
        "speaker_key": group.speaker_key,
        "speaker_name": group.speaker_name,
        "speaker_role": group.speaker_role,
        "variants": [
            {
                "quote": variant.quote.id,
                "similarity": score(variant.similarity),
                "wording": variant.wording,
                "first": variant.first,
                "changes": [
                    {"op": change.op, "reference": change.reference, "variant": change.variant}
                    for change in variant.changes
                ],
            }
            for variant in group.variants
        ],
    }
