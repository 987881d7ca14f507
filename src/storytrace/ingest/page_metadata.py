"""What an HTML page declares about itself: its site name, publication time and language.

trafilatura gives the publication day only and guesses a site name from the URL where the
page declares none; this module reads the declarations themselves, each with the name of
the one that gave it (the basis shown to the user):

- outlet: ``og:site_name``, else JSON-LD ``publisher.name`` (in ``@graph`` too, an
  ``{"@id": ...}`` reference resolved), else ``<meta>`` ``application-name``,
  ``dc.publisher`` or ``publisher``;
- publication time, the first that parses, in this order: ``<meta>`` tags made for it
  (``article:published_time``, ``og:published_time``, ``itemprop="datePublished"``,
  ``pubdate``, Dublin Core, ...), JSON-LD ``datePublished``, a ``<time datetime>`` marked
  ``pubdate`` or ``itemprop="datePublished"``. A day alone is refined by a later
  candidate with a time that falls on that day (``<time datetime>`` included).
  With none of these the caller's day (trafilatura's) stands; with no day at all, a
  modification time (``article:modified_time``, JSON-LD ``dateModified``) is kept as kind
  ``"updated"``;
- language: ``<html lang>``, else ``og:locale``, else JSON-LD ``inLanguage``. Evidence only:
  the article's language is decided from its text
  (``storytrace.nlp.language.choose_language``), this breaks ties.

Times are normalised to UTC ISO 8601 ("2024-03-05T14:02:00Z"), a day alone to
"2024-03-05" (``storytrace.clean.metadata.time_text``). Values are page text: they are
unescaped and length-capped, never trusted further.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storytrace.clean.metadata import is_plausible_outlet, time_text
from storytrace.provenance.timing import PublicationTime, parse_time

# Declarations are looked for in this much of a page (JSON-LD may sit late in the body).
DECLARATION_SNIFF_CHARS = 1_000_000
# A declared value past this length is a paragraph or a dump, not a name or a time.
MAX_VALUE_CHARS = 200

# Tags are found by ``_tags``, not by ``<meta\b[^>]*>``: that expression rescans to the end
# of the page from every ``<meta`` when no ``>`` follows, quadratic on hostile pages.
_META_OPEN = re.compile(r"<meta\b", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
# ``<html lang>`` is looked for where the element opens: in the page's first characters.
HTML_LANG_SNIFF_CHARS = 4096
_JSON_LD_LANGUAGE = re.compile(r'"inLanguage"\s*:\s*"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)"')
_TIME_OPEN = re.compile(r"<time\b", re.I)
# A name starts where a run of name characters starts: tried from inside a run, the
# expression rescanned the run each time (quadratic on one long attribute).
_TAG_ATTRIBUTE = re.compile(r"""(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_JSON_LD_TYPE = re.compile(r"""\btype\s*=\s*["']?application/ld\+json""", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")

# <meta> keys (name, property or itemprop, lower case) that carry a publication time, best first.
PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
)
MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)


@dataclass(frozen=True)
class Declared:
    """A value a page declares, and the declaration that gave it ("og:site_name")."""

    value: str
    source: str


@dataclass(frozen=True)
class DeclaredTime:
    """A normalised time (UTC ISO 8601, or a day), its kind and the declaration that gave it."""

    value: str
    kind: str  # "published" or "updated"
    source: str


@dataclass(frozen=True)
class PageMetadata:
    outlet: Declared | None
    published: DeclaredTime | None
    language: str | None = None  # the declared language tag ("de", "de_DE", "es-ES")


@dataclass(frozen=True)
class _Candidate:
    time: PublicationTime
    source: str


def read_page_metadata(page: str, day: str | None = None) -> PageMetadata:
    """The site name and publication time ``page`` declares (see the module docstring).

    Args:
        page: the decoded HTML.
        day: the publication day found otherwise (trafilatura's), "YYYY-MM-DD", or None;
            used where the page declares no publication time, refined by the page's first
            ``<time datetime>`` when that falls on the day.
    """
    head = page[:DECLARATION_SNIFF_CHARS]
    meta = _meta_values(head)
    objects = list(_json_ld_objects(head))
    return PageMetadata(
        outlet=_declared_outlet(meta, objects),
        published=_declared_time(head, meta, objects, day),
        language=_declared_language(head, meta),
    )


def declared_language(page: str) -> str | None:
    """The language tag ``page`` declares (see the module docstring), or None."""
    head = page[:DECLARATION_SNIFF_CHARS]
    return _declared_language(head, _meta_values(head))


def _declared_language(head: str, meta: dict[str, str]) -> str | None:
    match = _HTML_LANG.search(head[:HTML_LANG_SNIFF_CHARS])
    if match:
        return match.group(1).lower()
    locale = meta.get("og:locale")
    if locale:
        return locale
    json_ld = _JSON_LD_LANGUAGE.search(head)
    return json_ld.group(1) if json_ld else None


def _meta_values(head: str) -> dict[str, str]:
    """The first ``content`` of every ``<meta>`` key (name, property, itemprop; lower case)."""
    values: dict[str, str] = {}
    for tag in _tags(head, _META_OPEN):
        attributes = _attributes(tag)
        content = _clean_value(attributes.get("content"))
        if content is None:
            continue
        for key in ("property", "name", "itemprop"):
            name = html_entities.unescape(attributes.get(key, "")).strip().lower()
            if name:
                values.setdefault(name, content)
    return values


def _attributes(tag: str) -> dict[str, str]:
    return {
        html_entities.unescape(str(name)).lower(): str(double or single or bare)
        for name, double, single, bare in _TAG_ATTRIBUTE.findall(tag)
    }


def _clean_value(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(html_entities.unescape(value).split())
    return text if text and len(text) <= MAX_VALUE_CHARS else None


def _json_ld_objects(head: str) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks, top level and ``@graph`` members."""
    for block in _json_ld_blocks(head):
        try:
            data = json.loads(_JSON_WRAPPERS.sub("", block.strip()), strict=False)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the page's other declarations still count
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    yield from (member for member in graph if isinstance(member, dict))


def _tags(head: str, opening: re.Pattern[str]) -> list[str]:
    """Every tag that ``opening`` starts, up to its ``>``, in a time linear in ``head``."""
    tags: list[str] = []
    position = 0
    while (start := opening.search(head, position)) is not None:
        end = head.find(">", start.end())
        if end == -1:
            break  # no later tag can close either
        tags.append(head[start.start() : end + 1])
        position = end + 1
    return tags


def _json_ld_blocks(head: str) -> Iterator[str]:
    """The content of every ``<script type="application/ld+json">``, in linear time."""
    position = 0
    while (start := _SCRIPT_OPEN.search(head, position)) is not None:
        tag_end = head.find(">", start.end())
        if tag_end == -1:
            return
        if _JSON_LD_TYPE.search(head, start.end(), tag_end) is None:
            position = tag_end + 1
            continue
        close = _SCRIPT_CLOSE.search(head, tag_end + 1)
        if close is None:
            return  # no later script closes either
        yield head[tag_end + 1 : close.start()]
        position = close.end()


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(name, str) and ("Article" in name or "Posting" in name) for name in names)


def _by_preference(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Article objects first: a page's JSON-LD also describes the site, breadcrumbs, videos."""
    return [item for item in objects if _is_article(item)] + [
        item for item in objects if not _is_article(item)
    ]


def _declared_outlet(meta: dict[str, str], objects: list[dict[str, Any]]) -> Declared | None:
    """The first plausible site name (``is_plausible_outlet``): one page declared "U.S."
    as its ``og:site_name`` and "Reuters" as its JSON-LD publisher."""
    for candidate in _outlet_candidates(meta, objects):
        if is_plausible_outlet(candidate.value):
            return candidate
    return None


def _outlet_candidates(meta: dict[str, str], objects: list[dict[str, Any]]) -> Iterator[Declared]:
    site_name = meta.get("og:site_name")
    if site_name:
        yield Declared(site_name, "og:site_name")
    by_id = {item["@id"]: item for item in objects if isinstance(item.get("@id"), str)}
    for item in _by_preference(objects):
        name = _publisher_name(item.get("publisher"), by_id)
        if name:
            yield Declared(name, "JSON-LD publisher")
    for key in ("application-name", "dc.publisher", "publisher"):
        name = meta.get(key)
        if name and "://" not in name:
            yield Declared(name, f"meta {key}")


def _publisher_name(publisher: Any, by_id: dict[str, dict[str, Any]]) -> str | None:
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, str):
        return _clean_value(publisher)
    if not isinstance(publisher, dict):
        return None
    if "name" not in publisher and isinstance(publisher.get("@id"), str):
        publisher = by_id.get(publisher["@id"], publisher)
    return _clean_value(publisher.get("name"))


def _declared_time(
    head: str, meta: dict[str, str], objects: list[dict[str, Any]], day: str | None
) -> DeclaredTime | None:
    published = list(_published_candidates(head, meta, objects))
    if published:
        return _best(published, "published")
    day_time = parse_time(day) if day else None
    if day_time is not None:
        refined = [_Candidate(day_time, "page date (htmldate)"), *_time_tags(head, False)]
        return _best(refined, "published")
    modified = list(_modified_candidates(meta, objects))
    return _best(modified, "updated") if modified else None


def _published_candidates(
    head: str, meta: dict[str, str], objects: list[dict[str, Any]]
) -> Iterator[_Candidate]:
    for key in PUBLISHED_KEYS:
        yield from _candidate(meta.get(key), key)
    for item in _by_preference(objects):
        yield from _candidate(_clean_value(item.get("datePublished")), "JSON-LD datePublished")
    yield from _time_tags(head, marked=True)


def _modified_candidates(
    meta: dict[str, str], objects: list[dict[str, Any]]
) -> Iterator[_Candidate]:
    for key in MODIFIED_KEYS:
        yield from _candidate(meta.get(key), key)
    for item in _by_preference(objects):
        yield from _candidate(_clean_value(item.get("dateModified")), "JSON-LD dateModified")


def _time_tags(head: str, marked: bool) -> Iterator[_Candidate]:
    """``<time datetime>`` values: those marked as the publication time, or (``marked``
    False) the first one of the page, which only refines a known day."""
    for tag in _tags(head, _TIME_OPEN):
        attributes = _attributes(tag)
        is_marked = "pubdate" in tag.lower() or attributes.get("itemprop") == "datePublished"
        if marked and not is_marked:
            continue
        yield from _candidate(_clean_value(attributes.get("datetime")), "<time datetime>")
        if not marked:
            return


def _candidate(value: str | None, source: str) -> Iterator[_Candidate]:
    parsed = parse_time(value) if value else None
    if parsed is not None:
        yield _Candidate(parsed, source)


def _best(candidates: list[_Candidate], kind: str) -> DeclaredTime:
    """The first candidate; where it is a day alone, the first later one with a time on it."""
    first = candidates[0]
    if first.time.day_only:
        for later in candidates[1:]:
            instant = later.time.instant
            if not later.time.day_only and first.time.earliest() <= instant <= first.time.latest():
                return DeclaredTime(time_text(later.time), kind, later.source)
    return DeclaredTime(time_text(first.time), kind, first.source)
