"""Direct quotations and their speakers, in one analysed article."""

from __future__ import annotations

from storytrace.model import AnalysedArticle, Article, Quote
from storytrace.nlp.pipeline import analyse_text
from storytrace.nlp.segment import ends_sentence
from storytrace.quotes.marks import quoted_spans
from storytrace.quotes.speakers import find_speaker

# Quoted spans shorter than this are terms or scare quotes ("flirting"), not quotations.
QUOTE_MIN_WORDS = 4
# A quotation that opens this close after an attributed one, in the same paragraph, continues
# it (room for '," he said in a statement on Monday. "').
CONTINUATION_GAP = 60


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
        if speaker is None and quotes and _continues(text, quotes[-1], start):
            speaker, cue = quotes[-1].speaker, quotes[-1].cue
        quote_id = f"{analysed.article.id}-q{len(quotes)}"
        quotes.append(Quote(quote_id, analysed.article.id, start, end, content, speaker, cue))
    return quotes


def quotes_in_article(article: Article) -> list[Quote]:
    """Quotations of one article, without the embedding stage (sentences and entities only)."""
    sentences, entities = analyse_text(article.text, article.language)
    return extract_quotes(AnalysedArticle(article, sentences, entities))


def _continues(text: str, previous: Quote, start: int) -> bool:
    """True when a quotation goes on right after the previous one, in the same paragraph.

    '"We must apologise," he said. "This is America's war."' -- the second part has no cue
    of its own; it is the same speaker's.
    """
    gap = text[previous.end : start]
    return previous.speaker is not None and "\n" not in gap and len(gap) <= CONTINUATION_GAP


def _context(analysed: AnalysedArticle, start: int, end: int) -> tuple[int, int]:
    """The sentence or sentences that the quotation touches.

    Units are clauses of long sentences; the speaker usually stands in an earlier clause
    ("Mr. Steele, seeking to clarify his remarks, issued a statement, saying, "..."), so the
    context reaches back over units that do not end a sentence.
    """
    units = analysed.sentences
    touching = [u.index for u in units if u.end > start - 1 and u.start < end + 1]
    if not touching:
        return start - 1, end + 1
    first = touching[0]
    while first > 0 and not ends_sentence(units[first - 1].text):
        first -= 1
    return units[first].start, units[touching[-1]].end
