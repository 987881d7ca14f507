"""The dateline that opens a news text: "PLACE, Region, Date (AGENCY) -- ".

Shapes recognised (region, date and agency are each optional)::

    WASHINGTON (Reuters) - ...           MOSCOW, Oct 5 (Reuters) - ...
    Moscow (GPA) – ...                   Moscow, October 5 (RHC)-- ...
    WASHINGTON — ...                     PARIS, Oct. 5, 2017 (AFP) - ...
    TRENTON, N.J. (AP) — ...             KANSAS CITY, Mo. — ...

A place in ordinary capitalisation ("Moscow") needs a date or an agency to count: without
them "Russia – the country ..." would read as a dateline. A place in capitals needs only
the dash.
"""

from __future__ import annotations

import re

from storytrace.model import Dateline

# Datelines are short; looking further only invites matches inside the first sentence.
DATELINE_MAX_CHARS = 120

# An agency credit is a name of a few words: "(Reuters)", "(Agence France-Presse)".
AGENCY_MAX_WORDS = 4

# Lowercase words that may sit inside a place name ("Rio de Janeiro", "Dar es Salaam").
PLACE_CONNECTORS = frozenset(
    {
        "de",
        "del",
        "da",
        "do",
        "dos",
        "das",
        "la",
        "le",
        "les",
        "el",
        "es",
        "al",
        "am",
        "an",
        "upon",
        "sur",
    }
)

# Capitalised labels that open texts the way a place would but are not places.
NOT_PLACES = frozenset(
    {
        "breaking",
        "breaking news",
        "update",
        "updated",
        "exclusive",
        "watch",
        "video",
        "live",
        "opinion",
        "analysis",
        "editorial",
        "photos",
        "audio",
        "report",
        "note",
        "correction",
        "file",
        "comment",
        "commentary",
        "review",
        "interview",
        "factbox",
        "explainer",
    }
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Possessive: "AFL-CIO" is one word and never gives back "AFL" to a dash separator.
_WORD = r"[^\W\d_](?:[\w.'’]|-(?=\w))*+"
# Long dashes and "--" separate with or without spaces (NBSP too); a lone hyphen needs a
# space. "_" stands for a space that is not a newline.
_SEPARATOR = r"(?:_*(?:--|[–—―−])_*|_+-_*|-_+)(?=\S)".replace("_", r"[^\S\n]")
_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?: {_WORD}){{0,3}})"
    rf"(?P<region>, (?!{_MONTH}\b){_WORD}(?: {_WORD}){{0,2}})?"
    rf"(?:,? (?P<date>{_MONTH}\.? \d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}} {_MONTH}\.?(?: \d{{4}})?))?"
    r"(?: ?\((?P<agency>[^\W\d_][^()\n]{0,39})\))?" + _SEPARATOR
)


def parse_dateline(text: str) -> Dateline | None:
    """Find the dateline at the very start of ``text``.

    Args:
        text: a cleaned article text (the dateline, if any, is its first characters).

    Returns:
        A ``Dateline`` with the place as written (region included, "TRENTON, N.J."), the
        date and agency when given, ``start`` 0 and ``end`` just past the dash and the
        spaces after it; ``None`` when the text does not open with a dateline.
    """
    match = _DATELINE.match(text[:DATELINE_MAX_CHARS])
    if match is None:
        return None
    place, date, agency = match.group("place"), match.group("date"), match.group("agency")
    if not _is_place(place) or (agency is not None and not _is_agency(agency)):
        return None
    if date is None and agency is None and not place.isupper():
        return None
    region = match.group("region") or ""
    return Dateline(place=place + region, date=date, agency=agency, start=0, end=match.end())


def _is_place(place: str) -> bool:
    names = place.split(" ")
    if place.casefold() in NOT_PLACES or not names[0][0].isupper():
        return False
    return all(name[0].isupper() or name in PLACE_CONNECTORS for name in names)


def _is_agency(agency: str) -> bool:
    names = agency.split()
    return len(names) <= AGENCY_MAX_WORDS and not re.search(r"[,;:!?]", agency)
