"""Loading, once per process, what reading and cleaning a first article would load.

The HTML extractor and the language model load on first use, which takes longer than some
inputs do. ``warm_up`` reads and cleans one small built-in text (and, where HTML may be
read, one small built-in page), untimed, so that the time limit of the first real input
(``storytrace.limits``) measures that input alone. Plain text and Markdown files never
load the HTML extractor (about 0.4 s): ``may_hold_html`` tells them apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from storytrace.clean import clean_document
from storytrace.ingest.html import read_html
from storytrace.ingest.not_article import refuse_if_not_article
from storytrace.ingest.readers import FORMATS_BY_EXTENSION
from storytrace.ingest.sources import InputUnit
from storytrace.model import RawDocument

_TEXT = (
    "The council said on Tuesday that repairs to the old bridge over the river would start "
    "in May and last a year, and that buses would take a longer route meanwhile."
)
_PAGE = f"<html><head><title>Bridge repairs</title></head><body><p>{_TEXT}</p></body></html>"
# Formats read without the HTML extractor.
_PLAIN_FORMATS = ("text", "markdown")


def warm_up(html: bool = True) -> None:
    """Read and clean one small text, and one small page unless ``html`` is False; each once
    per process (later calls do nothing)."""
    _warm_up_text()
    if html:
        _warm_up_html()


def may_hold_html(unit: InputUnit) -> bool:
    """Whether reading ``unit`` may use the HTML extractor: anything but a file named as
    plain text or Markdown (``.txt``, ``.md``, ...)."""
    suffix = Path(unit.name).suffix.lower()
    return unit.kind != "file" or FORMATS_BY_EXTENSION.get(suffix) not in _PLAIN_FORMATS


@cache
def _warm_up_text() -> None:
    refuse_if_not_article(clean_document(RawDocument("warm-up.txt", _TEXT, "text"), "warm-up"))


@cache
def _warm_up_html() -> None:
    page = read_html(_PAGE.encode(), "warm-up.html")
    refuse_if_not_article(clean_document(page, "warm-up"))
