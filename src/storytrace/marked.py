"""What a person marked wrong (``storytrace.store.corrections``), applied to what the
machine found: a quotation whose speaker was marked wrong is shown with the speaker the
person gave, or with none ("speaker not found") where they gave none, and says so in its
notes. (Derivation edges marked wrong are left out by ``provenance.derive_story``.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from storytrace.model import Article, Quote, Speaker
from storytrace.nlp.names import name_key
from storytrace.store.corrections import Correction, speaker_marks
from storytrace.store.db import Store


def with_speaker_marks(
    quotes: Sequence[Quote], marks: Mapping[tuple[int, int], Correction]
) -> list[Quote]:
    """``quotes`` (of one article) with the speaker marks ``marks`` (by the quotation's
    ``(start, end)``) applied."""
    return [_marked(quote, marks[(quote.start, quote.end)]) if (quote.start, quote.end) in marks
            else quote for quote in quotes]  # fmt: skip


def _marked(quote: Quote, mark: Correction) -> Quote:
    correct = mark.detail.get("correct")
    speaker = Speaker(correct, name_key(correct)) if correct else None
    note = f"speaker marked wrong by {mark.made_by}" + (f"; said by {correct}" if correct else "")
    return replace(quote, speaker=speaker, notes=(*quote.notes, note))


def speakers_marked(
    quotes: Mapping[str, Sequence[Quote]], marks: Mapping[int, Mapping[tuple[int, int], Correction]]
) -> dict[str, list[Quote]]:
    """Each article's quotations (by article id) with its speaker marks applied."""
    return {
        article: with_speaker_marks(found, marks.get(int(article), {}))
        for article, found in quotes.items()
    }


def marked_quotes(store: Store, articles: Sequence[Article]) -> dict[str, list[Quote]]:
    """The quotations of stored ``articles`` (as ``storytrace quotes`` finds them: stored,
    or extracted and kept now), with the speaker marks in force applied."""
    from storytrace.cli.quotes import stored_quotes  # the models: imported when run

    marks = speaker_marks(store, [int(article.id) for article in articles])
    return speakers_marked(stored_quotes(store, articles), marks)
