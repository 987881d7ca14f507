"""Metadata at the edges of a text: title at the top, source URL and outlet name at the end.

Cascade, from the top (stops at the first line of prose):

1. URL lines become the URL; boilerplate lines are dropped.
2. A short title-like line followed by a heading (or by the declared title) is the outlet.
3. A Markdown heading is the title; so is a paragraph equal to the declared title, or a
   plain first line that reads like a headline (see ``is_plain_title``).

and from the bottom: URL lines, boilerplate and one outlet line (a short title-like
paragraph of its own, "Radio Habana Cuba"), in any order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storytrace.clean.boilerplate import boilerplate_kind, is_url_line
from storytrace.clean.dateline import parse_dateline
from storytrace.clean.lines import Line, Paragraph, ends_sentence, words
from storytrace.provenance.timing import PublicationTime, parse_time

# An outlet name is a few words ("Radio Habana Cuba", "The New York Times", "Al Jazeera
# English"); longer title-case lines are headlines or bylines.
OUTLET_MAX_WORDS = 6
OUTLET_MAX_CHARS = 60

# A headline on a plain-text first line: long enough not to be a stray label, short
# enough not to be a paragraph of prose (headlines run 5-15 words).
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200
# Fewer characters than this left of a title after taking a site name off it: keep it whole.
TITLE_MIN_CHARS = 4

# Lowercase words that may sit inside a title-case name ("Voice of America", "El País").
_CONNECTOR_TEXT = "of the and for on in at de la el del du des di da y et und der die das & - –"
NAME_CONNECTORS = frozenset(_CONNECTOR_TEXT.split())

# Single words that head or close a page's text without being an outlet: ad labels, page
# furniture, totals, months (en, de, fr, es). Issue 14 saw "Ad", "Reklama", "Gesamt",
# "Start" and "Jan" taken for outlets.
_NOT_OUTLET_WORDS = frozenset(
    (
        "ad",
        "ads",
        "advert",
        "advertisement",
        "anzeige",
        "reklama",
        "werbung",
        "publicidad",
        "publicité",
        "sponsored",
        "gesamt",
        "total",
        "start",
        "home",
        "menu",
        "menü",
        "startseite",
        "index",
        "news",
        "neu",
        "new",
        "more",
        "mehr",
        "top",
        "login",
        "share",
        "teilen",
        "print",
        "drucken",
        "kommentare",
        "comments",
        "foto",
        "photo",
        "bild",
        "video",
        "audio",
        "quelle",
        "source",
        "credit",
        "credits",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "märz",
        "mai",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    )
)
# Credits and copyright lines ("© Spox 2022", "Quelle der Polizeimeldung: Kapo BE",
# "Foto: dpa") name a rights holder or a source of one item, not the outlet.
_CREDIT = re.compile(
    r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|^(?:quelle|foto|photo|bild|image|credit)s?\b",
    re.I,
)
_FINAL_PUNCTUATION = re.compile(r"[.!?;:,…]$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What sets a site name off a page title: "Title | Site", "Title -- Site", "Site: Title".
_TRAILING_SEPARATOR = re.compile(r"\s+(?:\||-{1,2}|–|—|::|»|·)\s+")
_LEADING_SEPARATOR = re.compile(r"\s*(?:\||-{1,2}|–|—|::|»|·|:)\s+")
_URL_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_SOURCE_LABEL = re.compile(r"^(?:source|via|from)\s*:\s*", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.I)


@dataclass
class EdgeMetadata:
    """What the edges of a text gave: metadata and the lines taken out for it."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    removed: list[Line] = field(default_factory=list)


def take_edges(
    paragraphs: list[Paragraph], declared_title: str | None = None
) -> tuple[list[Paragraph], EdgeMetadata]:
    """Take title, URL and outlet lines off the top and bottom of ``paragraphs``.

    Returns:
        The paragraphs left (the input list is not changed) and the metadata found.
    """
    paragraphs = [list(paragraph) for paragraph in paragraphs]
    found = EdgeMetadata()
    _take_top(paragraphs, found, declared_title)
    _take_bottom(paragraphs, found)
    return [paragraph for paragraph in paragraphs if paragraph], found


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` ("www.radiohc.cu" -> "radiohc.cu"), or None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.removeprefix("www.") if host else None


def is_outlet_name(text: str) -> bool:
    """True for a short title-case line without sentence punctuation ("Radio Habana Cuba")
    that is no credit, copyright mark, list or single generic word (see ``is_plausible_outlet``)."""
    names = text.split()
    if not 1 <= len(names) <= OUTLET_MAX_WORDS or len(text) > OUTLET_MAX_CHARS:
        return False
    if _ends_clause(text) or "@" in text or _URL.search(text) or not is_plausible_outlet(text):
        return False
    if "," in text or ":" in text or _YEAR.search(text):  # lists, labels, dates
        return False
    if not names[0][0].isupper():
        return False
    return all(name[0].isupper() or name[0].isdigit() or name in NAME_CONNECTORS for name in names)


def is_plausible_outlet(text: str) -> bool:
    """False for what cannot name an outlet even where a page declares it: a copyright or
    credit line, a single generic word or month ("Ad", "Start", "Jan"), fewer than three
    letters ("U.S." was one page's ``og:site_name``), or over ``OUTLET_MAX_CHARS`` characters.
    """
    stripped = text.strip()
    if len(stripped) > OUTLET_MAX_CHARS or sum(char.isalpha() for char in stripped) < 3:
        return False
    if _CREDIT.search(stripped):
        return False
    return stripped.casefold().strip(".:|-– ") not in _NOT_OUTLET_WORDS


def strip_site_name(title: str, outlet: str | None) -> str:
    """``title`` without the site name a page adds to it: a trailing segment that names the
    outlet ("Ferries run again | CNN Politics" for outlet "CNN"; for a host, its first
    label), or the outlet itself heading the title ("Site: Ferries run again"). Unchanged
    where nothing names the outlet, or where fewer than ``TITLE_MIN_CHARS`` would be left."""
    if not outlet:
        return title
    if title.casefold().startswith(outlet.casefold()):
        separator = _LEADING_SEPARATOR.match(title, len(outlet))
        if separator and len(title[separator.end() :].strip()) >= TITLE_MIN_CHARS:
            return title[separator.end() :].strip()
    name = _name_key(outlet.split(".")[0] if _URL_HOST.fullmatch(outlet) else outlet)
    separators = list(_TRAILING_SEPARATOR.finditer(title))
    if len(name) < 3 or not separators:
        return title
    last = separators[-1]
    key, rest = _name_key(title[last.end() :]), title[: last.start()].strip()
    if len(key) >= 3 and (key.startswith(name) or name.startswith(key)):
        return rest if len(rest) >= TITLE_MIN_CHARS else title
    return title


def _name_key(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


def time_text(time: PublicationTime) -> str:
    """A time as stored: UTC ISO 8601 to the second ("2024-03-05T14:02:00Z"), or the day
    alone ("2024-03-05") when only the day is known."""
    if time.day_only:
        return time.instant.date().isoformat()
    return time.instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_timestamp(text: str | None) -> str | None:
    """A declared time (ISO 8601 with any zone, RFC 2822, a written date with a year) as
    ``time_text`` writes it; None when it cannot be read."""
    parsed = parse_time(text) if text else None
    return time_text(parsed) if parsed is not None else None


def is_plain_title(paragraphs: list[Paragraph]) -> bool:
    """True when the first paragraph is one headline-like line with text after it.

    Headline-like: 2-25 words, no final sentence punctuation, starts with a capital, digit
    or quote, and is not a dateline opening ("Moscow (GPA) – The ...").
    """
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1:
        return False
    text = paragraphs[0][0].text
    if not TITLE_MIN_WORDS <= len(words(text)) <= TITLE_MAX_WORDS or len(text) > TITLE_MAX_CHARS:
        return False
    if _ends_clause(text) or not (text[0].isupper() or text[0] in "0123456789\"“'‘«"):
        return False
    return parse_dateline(text) is None and not is_url_line(text)


def _take_top(paragraphs: list[Paragraph], found: EdgeMetadata, declared_title: str | None) -> None:
    while paragraphs and paragraphs[0]:
        line = paragraphs[0][0]
        if is_url_line(line.text) or boilerplate_kind(line.text) is not None:
            _note_url(found, line.text)
        elif (
            found.outlet is None
            and found.title is None
            and _leading_outlet(paragraphs, declared_title)
        ):
            found.outlet = _outlet_name(line.text)
        elif found.title is None and _is_title(paragraphs, declared_title):
            found.title = line.text
        else:
            return
        found.removed.append(paragraphs[0].pop(0))
        if not paragraphs[0]:
            paragraphs.pop(0)


def _take_bottom(paragraphs: list[Paragraph], found: EdgeMetadata) -> None:
    while paragraphs and paragraphs[-1]:
        line = paragraphs[-1][-1]
        if is_url_line(line.text) or boilerplate_kind(line.text) is not None:
            _note_url(found, line.text)
        elif found.outlet is None and len(paragraphs) > 1 and _trailing_outlet(paragraphs[-1]):
            found.outlet = _outlet_name(line.text)
        else:
            return
        found.removed.append(paragraphs[-1].pop())
        if not paragraphs[-1]:
            paragraphs.pop()


def _is_title(paragraphs: list[Paragraph], declared_title: str | None) -> bool:
    first = paragraphs[0]
    if first[0].heading:
        return True
    if declared_title is not None:
        return len(first) == 1 and _same_title(first[0].text, declared_title)
    return is_plain_title(paragraphs)


def _leading_outlet(paragraphs: list[Paragraph], declared_title: str | None) -> bool:
    """An outlet line heads the text only when a title comes right after it."""
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1 or paragraphs[0][0].heading:
        return False
    if not is_outlet_name(_outlet_name(paragraphs[0][0].text)):
        return False
    following = paragraphs[1][0]
    return following.heading or (
        declared_title is not None and _same_title(following.text, declared_title)
    )


def _trailing_outlet(paragraph: Paragraph) -> bool:
    return len(paragraph) == 1 and is_outlet_name(_outlet_name(paragraph[0].text))


def _outlet_name(text: str) -> str:
    return _SOURCE_LABEL.sub("", text).strip()


def _note_url(found: EdgeMetadata, text: str) -> None:
    """Keep the first URL a URL line gives (from the bottom, that is the last line)."""
    match = _URL.search(text)
    if found.url is None and match is not None and is_url_line(text):
        found.url = match.group(0).rstrip(">").rstrip(".,;")


def _ends_clause(text: str) -> bool:
    return ends_sentence(text) or _FINAL_PUNCTUATION.search(text) is not None


def _same_title(text: str, title: str) -> bool:
    return _title_key(text) == _title_key(title)


def _title_key(text: str) -> str:
    return " ".join(words(text.casefold()))
