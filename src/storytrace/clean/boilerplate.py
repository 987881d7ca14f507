"""Lines that are not the article: tags, image credits, link teasers, share widgets.

Each rule looks at one line (and, for tag lines, the line of text before it) and is bounded
by a word count, so that a long line of prose can never match: boilerplate lines are short,
prose paragraphs rarely are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storytrace.clean.lines import Line, Paragraph, ends_sentence, words

# Tag lines: at least three keywords (two could be a stray fragment), at most a long tag
# list; prose has many function words ("isis united states US daesh us support for
# terrorists" has 1 in 9, a wrapped prose line 4 in 10 or more). An unlabelled tag line
# must start in lower case and follow a line that ends a sentence: on the 140 real saved
# pages a rule blind to case would drop 199 more lines, headings and article text almost
# all, and without the line before it, wrapped prose (benchmarks/rule_firings.py).
TAG_MIN_WORDS = 3
TAG_MAX_WORDS = 40
TAG_MAX_FUNCTION_SHARE = 0.25

# Credits, teasers and widgets are short; the longest credit seen ("By U.S. Army (url)
# [Public domain], via Wikimedia Commons" style, with a long author) stays under 30 words.
CREDIT_MAX_WORDS = 30
RELATED_MAX_WORDS = 30
SHARE_MAX_WORDS = 25

# A handful of very common function words in the languages we meet most; a line of
# keywords has almost none of them.
FUNCTION_WORDS = frozenset(
    word
    for language in (
        "a an the of to in on at for from by with and or but as is are was were be been has "
        "have had that this it its he she they we you his her their not no said says will would",
        "le la les de des du un une et est en au aux que qui dans pour sur",  # French
        "el los las del y es por con una que se",  # Spanish
        "der die das den dem ein eine und ist im zu mit von nicht",  # German
        "и в не на что с по как это он она они",  # Russian
    )
    for word in language.split()
)

_NO_TAG_PUNCTUATION = re.compile(r"[.!?;:\"“”«»„()]")
_TAGS_LABEL = re.compile(r"^(?:tags?|tagged(?: with)?|keywords?|topics?|filed under)\s*:", re.I)

_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|graphics?|"
    r"video|footage|foto|bild|credits?|source image)(?:\s+(?:credits?|courtesy|source))?"
    r"\s*[:|©]",
    re.I,
)
_CREDIT_BY = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|images?|pictures?|illustrations?)\s+(?:by|courtesy(?: of)?)\b",
    re.I,
)
_CREDIT_MARK = re.compile(
    r"wikimedia commons|\[public domain\]|\bgetty images\b|\bAP Photo\b|\bshutterstock\b|"
    r"\bistock(?:photo)?\b|\bcreative commons\b|\bCC[- ]BY(?:[- ](?:SA|ND|NC))*\b|"
    r"\bflickr\b|\bAFP PHOTO\b|\bREUTERS/",
    re.I,
)

_RELATED = re.compile(
    r"^(?:related(?: articles?| stories| news| coverage| content| posts?| reading| links?)?|"
    r"read (?:more|also|next|this)|also read|see also|more on this(?: story)?|more|"
    r"you (?:may|might) also like|recommended(?: for you)?|further reading|must read|"
    r"don'?t miss|watch|listen)\s*(?:[:|»>\-–—]|$)",
    re.I,
)

_SUBSCRIBE = re.compile(
    r"^(?:please\s+)?(?:subscribe|sign up|follow|like us|join us|join our|download (?:our|the)|"
    r"get (?:our|the) (?:newsletter|app))\b",
    re.I,
)
_CHANNEL = re.compile(
    r"\b(?:newsletter|facebook|twitter|x\.com|telegram|instagram|youtube|tiktok|linkedin|"
    r"whatsapp|rss|updates|channel|mailing list|inbox|podcast)\b|@\w+",
    re.I,
)
_CLICK_HERE = re.compile(r"^(?:click|tap) here\b", re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.I
)

# Words of share widgets; a short line made only of them is a widget ("Share Tweet Email").
_WIDGET_TEXT = (
    "share tweet email e-mail print pin it save comment comments facebook twitter linkedin "
    "reddit whatsapp telegram messenger copy link this article story advertisement"
)
SHARE_WIDGET_WORDS = frozenset(_WIDGET_TEXT.split())
SHARE_WIDGET_MAX_WORDS = 8

_URL_LINE = re.compile(r"^(?:(?:source|via|link|url)\s*:\s*)?<?(?:https?://|www\.)\S+?>?$", re.I)


def is_url_line(text: str) -> bool:
    """True when the line is a bare URL (maybe in ``<>`` or after ``Source:``/``Via:``)."""
    return _URL_LINE.match(text) is not None


def boilerplate_kind(text: str, previous: str | None = None) -> str | None:
    """Name the boilerplate rule a line matches, or ``None`` for a line of the article.

    Args:
        text: the line, Markdown already stripped.
        previous: the line of text before it (in this paragraph or the one before), if any.

    Returns:
        ``"tags"``, ``"image_credit"``, ``"related"``, ``"share"``, ``"copyright"``,
        ``"url"`` or ``None``.
    """
    if not text:
        return None
    count = len(words(text))
    for kind, rule in _RULES:
        if rule(text, count, previous):
            return kind
    return None


def drop_boilerplate(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Line]]:
    """Remove every boilerplate line; returns the paragraphs left and the removed lines.

    Each line is judged with the line of text before it (headings aside), across paragraph
    breaks: extracted pages often give each wrapped line of prose a paragraph of its own.
    """
    kept: list[Paragraph] = []
    removed: list[Line] = []
    previous: str | None = None
    for paragraph in paragraphs:
        current: Paragraph = []
        for line in paragraph:
            if line.heading:
                current.append(line)
                continue
            if boilerplate_kind(line.text, previous) is None:
                current.append(line)
            else:
                removed.append(line)
            previous = line.text
        if current:
            kept.append(current)
    return kept, removed


def is_tag_line(text: str, previous: str | None = None) -> bool:
    """True when ``text`` is a line of tags (``previous``: the line before it, if any)."""
    return bool(text) and _is_tag_line(text, len(words(text)), previous)


def _is_tag_line(text: str, count: int, previous: str | None) -> bool:
    if _TAGS_LABEL.match(text):
        return count <= TAG_MAX_WORDS
    if not text[0].islower() or not TAG_MIN_WORDS <= count <= TAG_MAX_WORDS:
        return False
    if _NO_TAG_PUNCTUATION.search(text):
        return False
    if previous is not None and not ends_sentence(previous):
        return False  # most likely a wrapped line of prose continuing the one above
    tokens = [token.lower() for token in words(text)]
    share = sum(token in FUNCTION_WORDS for token in tokens) / len(tokens)
    return share <= TAG_MAX_FUNCTION_SHARE


def _is_image_credit(text: str, count: int, previous: str | None) -> bool:
    if count > CREDIT_MAX_WORDS:
        return False
    if _CREDIT_LABEL.match(text):
        return True
    closes_like_credit = not ends_sentence(text) or text.endswith(")")
    return closes_like_credit and (_CREDIT_BY.match(text) or _CREDIT_MARK.search(text)) is not None


def _is_related(text: str, count: int, previous: str | None) -> bool:
    return count <= RELATED_MAX_WORDS and _RELATED.match(text) is not None


def _is_share(text: str, count: int, previous: str | None) -> bool:
    if count > SHARE_MAX_WORDS:
        return False
    if _SUBSCRIBE.match(text) and _CHANNEL.search(text):
        return True
    if _CLICK_HERE.match(text):
        return True
    tokens = [token.lower() for token in words(text)]
    return 0 < len(tokens) <= SHARE_WIDGET_MAX_WORDS and all(
        token in SHARE_WIDGET_WORDS for token in tokens
    )


def _is_copyright(text: str, count: int, previous: str | None) -> bool:
    return count <= SHARE_MAX_WORDS and _COPYRIGHT.search(text) is not None


def _is_url(text: str, count: int, previous: str | None) -> bool:
    return is_url_line(text)


_RULES: tuple[tuple[str, Callable[[str, int, str | None], bool]], ...] = (
    ("url", _is_url),
    ("related", _is_related),
    ("image_credit", _is_image_credit),
    ("share", _is_share),
    ("copyright", _is_copyright),
    ("tags", _is_tag_line),
)
