"""When an article came out, how sure we are of it, and which of two came first.

``publication_time`` reads, in this order:

1. ``Article.published``: ISO 8601 ("2016-10-19", "2016-10-19T08:30:00Z"), RFC 2822 as
   feeds write it ("Wed, 19 Oct 2016 08:30:00 GMT"), or a written date ("19 October
   2016", "Oct. 19, 2016");
2. the dateline's date (``Article.dateline.date``): "Oct 19", "October 19, 2016",
   "19 October 2016". A date without a year takes ``default_year`` (the year every dated
   article of the story shares, see ``story_year``) or is left unknown.

``Article.published`` of kind "crawled" or "updated" (``Article.published_kind``) is not a
publication time: the page was out by then, no more. It is kept as a latest bound (basis
"crawled" or "updated") when nothing else dates the article, to be shown as such; it never
orders the article against another (a crawled-only article is never first by its crawl
date), has no lag, and is never shown as a publication time.

A datetime without a zone is read as UTC; one at exactly midnight without a zone is a date
padded with zeros and counts as a date. A date alone is a whole calendar day in an unknown
time zone, so ``order`` is conservative: two dates are ordered by the calendar, but a date
and a datetime only when the datetime falls outside every time zone's version of that day.
Anything that cannot be read is unknown (``None``), never guessed.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from storytrace.model import Article

# A calendar day starts up to 14 hours before UTC's (UTC+14, Kiribati) and ends up to 12
# hours after it (UTC-12): the widest a date-only publication time can sit from UTC's day.
DAY_STARTS_BEFORE_UTC = timedelta(hours=14)
DAY_ENDS_AFTER_UTC = timedelta(hours=12)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"\b(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>\d{4})"
_WRITTEN_DATES = (
    re.compile(rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?", re.IGNORECASE),
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Kinds of ``Article.published`` that only say the page existed by then.
LATEST_BOUND_KINDS = frozenset({"crawled", "updated"})
_BEFORE_ANY_TIME = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class PublicationTime:
    """A publication time: an instant in UTC, or a calendar day when only the day is known."""

    instant: datetime  # aware, UTC; midnight UTC of the day when ``day_only``
    day_only: bool
    # "published", "dateline", "dateline, year assumed"; or "crawled" / "updated": then
    # ``instant`` is only a latest bound (see the module docstring)
    basis: str

    @property
    def is_publication(self) -> bool:
        """False for a latest bound (a crawl or update time), True for a publication time."""
        return self.basis not in LATEST_BOUND_KINDS

    def iso(self) -> str:
        """ISO 8601: the date for a day, the UTC datetime to the second otherwise."""
        if self.day_only:
            return self.instant.date().isoformat()
        return self.instant.isoformat(timespec="seconds")

    def middle(self) -> datetime:
        """The instant itself, or noon UTC of the day: the best single point for sorting."""
        return self.instant + timedelta(hours=12) if self.day_only else self.instant

    def earliest(self) -> datetime:
        if not self.is_publication:
            return _BEFORE_ANY_TIME  # published at any time up to the bound
        return self.instant - DAY_STARTS_BEFORE_UTC if self.day_only else self.instant

    def latest(self) -> datetime:
        if self.day_only:
            return self.instant + timedelta(days=1) + DAY_ENDS_AFTER_UTC
        return self.instant


def publication_time(article: Article, default_year: int | None = None) -> PublicationTime | None:
    """The publication time of ``article`` (see the module docstring), or ``None``.

    A crawl or update time comes back as a latest bound (``is_publication`` False), and
    only when neither ``published`` nor the dateline gives a publication time.
    """
    bound = _is_bound(article)
    if article.published and not bound:
        parsed = parse_time(article.published)
        if parsed is not None:
            return parsed
    if article.dateline is not None and article.dateline.date:
        day, year_given = _written_date(article.dateline.date, default_year)
        if day is not None:
            basis = "dateline" if year_given else "dateline, year assumed"
            return PublicationTime(_midnight(day), True, basis)
    if article.published and bound:
        parsed = parse_time(article.published)
        if parsed is not None:
            return replace(parsed, basis=article.published_kind or "crawled")
    return None


def publication_times(articles: Sequence[Article]) -> dict[str, PublicationTime | None]:
    """Each article's ``publication_time``, dateline dates without a year completed with
    the year the articles share (``story_year``)."""
    year = story_year(articles)
    return {article.id: publication_time(article, year) for article in articles}


def parse_time(text: str) -> PublicationTime | None:
    """Read a declared publication time (ISO, RFC 2822 or a written date with a year)."""
    text = text.strip()
    if not text:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = _rfc2822(text)
    if parsed is not None:
        if _ISO_DATE.fullmatch(text) or (parsed.tzinfo is None and parsed.time() == time()):
            return PublicationTime(_midnight(parsed.date()), True, "published")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return PublicationTime(parsed.astimezone(UTC), False, "published")
    day, year_given = _written_date(text, None)
    if day is not None and year_given:
        return PublicationTime(_midnight(day), True, "published")
    return None


def story_year(articles: Iterable[Article]) -> int | None:
    """The year every article with a declared publication time shares, or ``None``.

    Used to complete dateline dates without a year; ``None`` when no article is dated or
    the dates span more than one year (then such a date could belong to either).
    """
    years = set()
    for article in articles:
        declared = article.published and not _is_bound(article)
        parsed = parse_time(article.published) if article.published and declared else None
        if parsed is not None:
            years.add(parsed.instant.year)
    return years.pop() if len(years) == 1 else None


def order(a: PublicationTime | None, b: PublicationTime | None) -> int | None:
    """-1 when ``a`` came out first, 1 when ``b`` did, ``None`` when that is not known
    (either time unknown or only a latest bound, the same day, overlapping days)."""
    if a is None or b is None or not (a.is_publication and b.is_publication):
        return None
    if a.day_only and b.day_only:
        if a.instant == b.instant:
            return None
        return -1 if a.instant < b.instant else 1
    if a.latest() < b.earliest():
        return -1
    if b.latest() < a.earliest():
        return 1
    return None


def lag_seconds(source: PublicationTime | None, target: PublicationTime | None) -> float | None:
    """Seconds from ``source`` to ``target`` when their order is known, else ``None``.

    Negative when ``target`` came out first (a credit may overrule a timestamp).
    """
    if source is None or target is None or order(source, target) is None:
        return None
    if source.day_only == target.day_only:
        return (target.instant - source.instant).total_seconds()
    return (target.middle() - source.middle()).total_seconds()


def _is_bound(article: Article) -> bool:
    return article.published_kind in LATEST_BOUND_KINDS


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _rfc2822(text: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _written_date(text: str, default_year: int | None) -> tuple[date | None, bool]:
    """A date written in words; returns (the date or None, whether the text gave the year)."""
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            month = _MONTHS.get(match.group("month")[:3].casefold())
            if month is None:
                continue
            year_text = match.group("year")
            year = int(year_text) if year_text else default_year
            if year is None:
                return None, False
            try:
                return date(year, month, int(match.group("day"))), year_text is not None
            except ValueError:
                return None, False
    return None, False
