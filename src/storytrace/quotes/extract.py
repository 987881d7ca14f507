"""Direct quotations and their speakers, in one analysed article."""

from __future__ import annotations

from storytrace.model import AnalysedArticle, Quote
from storytrace.quotes.marks import quoted_spans
from storytrace.quotes.speakers import find_speaker

# Quoted spans shorter than this are terms or scare quotes ("flirting"), not quotations.
QUOTE_MIN_WORDS = 4


def extract_quotes(analysed: AnalysedArticle) -> list[Quote]:
    """Direct quotations of ``analysed`` with speaker and cue where the text names them."""
    text = analysed.article.text
    quotes: list[Quote] = []
    for start, end in quoted_spans(text):
        content = text[start:end]
        if len(content.split()) < QUOTE_MIN_WORDS:
            continue
        context = _context(analysed, start, end)
        speaker, cue = find_speaker(text, start, end, context, analysed.entities)
        quote_id = f"{analysed.article.id}-q{len(quotes)}"
        quotes.append(Quote(quote_id, analysed.article.id, start, end, content, speaker, cue))
    return quotes


def _context(analysed: AnalysedArticle, start: int, end: int) -> tuple[int, int]:
    """The span of the units that the quotation touches (its sentence, or sentences)."""
    touching = [s for s in analysed.sentences if s.end > start - 1 and s.start < end + 1]
    if not touching:
        return start - 1, end + 1
    return min(s.start for s in touching), max(s.end for s in touching)
