"""Pages that are no article: link lists, text without sentences, keyword-stuffed spam.

A crawl holds many pages that clean to some text but report nothing: section fronts and
link farms (a list of headlines or links), song lyrics and navigation dumps (no sentence
at all), and gambling or SEO spam (the same few words over and over). Grouped with real
articles they only make false stories, so ``refuse_if_not_article`` quarantines them with
a reason and a detail naming the signal and its figures:

1. ``not_article`` (*a link list*): under ``MIN_PROSE_SHARE`` of the words stand in
   paragraphs of at least ``PROSE_PARAGRAPH_WORDS`` words. An article is mostly prose;
   a link list or a menu is short lines.
2. ``not_article`` (*no sentences*): not one sentence-ending mark (``.!?`` and their
   equivalents in other scripts) in the whole text. Skipped for Thai, Lao and Khmer,
   which end sentences with a space.
3. ``spam`` (*keyword stuffing*): the three most frequent words of four characters or
   more make ``STUFFED_TOP3_SHARE`` of all words, or the most frequent one alone
   ``STUFFED_TOP1_SHARE``. Words are letters and digits (a brand like "ZD36VD" is one
   word; numbers are left out). On the 125 real pages in spaced scripts of
   ``../shared/data/realpages`` that are articles they make 2-16% and 1-9%; stuffed
   pages repeat a brand and two keywords far more. Not applied to scripts written
   without spaces, where a "word" is one character.

``refuse_if_not_article`` applies the ``too_short`` rule first
(``storytrace.ingest.too_short``), then refuses a site's own pages (about us, contact,
legal: ``storytrace.ingest.site_pages``) as ``not_article``. Every rule here needs
``MIN_WORDS_TO_JUDGE`` words: shorter texts are judged by the ``too_short`` rule alone,
since a brief of 30 words says too little either way. The thresholds are set so that no
real article is refused: none of the 138 readable pages of ``../shared/data/realpages``
that are articles, and none of the 2,300 articles of the labelled corpora there (BASIL,
ECB+, PTC, PolNeAR) or the bundled samples. On the real pages they quarantine two
non-articles: a song-lyrics page (little prose) and a CMS template dump (its three
template words make 28% of it).
"""

from __future__ import annotations

import re
from collections import Counter

from storytrace.errors import InputError
from storytrace.ingest.site_pages import site_page_reason
from storytrace.ingest.too_short import UNSPACED_SCRIPTS, refuse_if_too_short, word_count
from storytrace.model import Article

MIN_WORDS_TO_JUDGE = 50
PROSE_PARAGRAPH_WORDS = 10
MIN_PROSE_SHARE = 0.25
STUFFED_TOP3_SHARE = 0.25
STUFFED_TOP1_SHARE = 0.12
STUFFING_WORD_LETTERS = 4

_SENTENCE_END = re.compile(r"[.!?;:…。！？｡।॥။።۔؟։།]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Scripts that end sentences with a space rather than a mark.
_SPACE_ENDED = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff]")
# Scripts written without spaces, where the word count counts characters.
_UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]")
_LETTERS = re.compile(r"[^\W\d_]+")
# Words for the stuffing count: letters and digits, so that a brand like "ZD36VD" is one.
_TOKEN = re.compile(r"[^\W_]+")


def refuse_if_not_article(article: Article) -> None:
    """Raise ``InputError`` (``"too_short"``, ``"not_article"`` or ``"spam"``, with the
    signal and its figures as detail) when the cleaned text is too short, is a site page,
    reads as a link list, has no sentence, or is keyword-stuffed; return quietly for
    anything that may be an article."""
    refuse_if_too_short(article)
    site_page = site_page_reason(article)
    if site_page is not None:
        raise InputError(article.source, "not_article", site_page)
    reason = not_article_reason(article.text)
    if reason is not None:
        raise InputError(article.source, *reason)


def not_article_reason(text: str) -> tuple[str, str] | None:
    """``(reason code, detail)`` when ``text`` is no article (see the module docstring),
    else None."""
    words = word_count(text)
    if words < MIN_WORDS_TO_JUDGE:
        return None
    prose = _prose_words(text)
    if prose / words < MIN_PROSE_SHARE:
        return (
            "not_article",
            f"little prose (a link list, menu or verse): only {prose} of its {words} words "
            f"stand in paragraphs of {PROSE_PARAGRAPH_WORDS} words or more",
        )
    if _share(text, _SPACE_ENDED) < 0.5 and not _SENTENCE_END.search(text):
        return ("not_article", f"no sentences: not one sentence-ending mark in {words} words")
    if _share(text, _UNSPACED) < 0.5:
        return _stuffing(text, words)
    return None


def _prose_words(text: str) -> int:
    counts = (word_count(paragraph) for paragraph in _PARAGRAPH_BREAK.split(text))
    return sum(count for count in counts if count >= PROSE_PARAGRAPH_WORDS)


def _stuffing(text: str, words: int) -> tuple[str, str] | None:
    frequent = Counter(
        token.casefold()
        for token in _TOKEN.findall(text)
        if len(token) >= STUFFING_WORD_LETTERS and not token.isdigit()
    ).most_common(3)
    if not frequent:
        return None
    top3 = sum(count for _, count in frequent)
    if top3 / words < STUFFED_TOP3_SHARE and frequent[0][1] / words < STUFFED_TOP1_SHARE:
        return None
    listed = ", ".join(f"{word!r} {count}x" for word, count in frequent)
    return ("spam", f"keyword stuffing: {listed} make {top3 / words:.0%} of its {words} words")


def _share(text: str, script: re.Pattern[str]) -> float:
    """The share of ``text``'s letters that are in ``script``."""
    letters = sum(len(run) for run in _LETTERS.findall(text))
    return len(script.findall(text)) / letters if letters else 0.0
