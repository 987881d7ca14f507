"""Too short to be an article: a record with fewer than ``MIN_ARTICLE_WORDS`` words.

A one-character JSONL record, a lone headline or a "Read more" stub is no article:
grouped with real articles it only makes false stories. The minimum is small on purpose:
the shortest real news items (agency flashes, one-paragraph briefs) run to 20-40 words, and
feed summaries of 60-300 characters (10-50 words) are another matter (marked as summaries,
not dropped); so only records that cannot be a report of anything (under 5 words) are
refused. Words are runs of letters or digits; in scripts written without spaces (Chinese,
Japanese, Thai, Lao, Khmer, Myanmar) each character counts as a word, so such text is never
refused for being written without spaces.
"""

from __future__ import annotations

import re

from storytrace.errors import InputError
from storytrace.model import Article

MIN_ARTICLE_WORDS = 5

# Character ranges of the scripts written without spaces, for a regular expression class.
UNSPACED_SCRIPTS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
)
_WORD = re.compile(rf"[{UNSPACED_SCRIPTS}]|[^\W{UNSPACED_SCRIPTS}]+")


def word_count(text: str) -> int:
    """The number of words in ``text`` (characters, in scripts written without spaces)."""
    return len(_WORD.findall(text))


def refuse_if_too_short(article: Article) -> None:
    """Raise ``InputError(reason="too_short")`` when the cleaned article text has fewer
    than ``MIN_ARTICLE_WORDS`` words; the message names the source and the count."""
    words = word_count(article.text)
    if words < MIN_ARTICLE_WORDS:
        detail = f"{words} word{'' if words == 1 else 's'}; the minimum is {MIN_ARTICLE_WORDS}"
        raise InputError(article.source, "too_short", detail)
