"""Loading, once per process, what reading and cleaning a first article would load.

The HTML extractor and the language model load on first use, which takes longer than some
inputs do. ``warm_up`` reads and cleans one small built-in page, untimed, so that the time
limit of the first real input (``storytrace.limits``) measures that input alone.
"""

from __future__ import annotations

from functools import cache

from storytrace.clean import clean_document
from storytrace.ingest.html import read_html
from storytrace.ingest.not_article import refuse_if_not_article

_PAGE = (
    b"<html><head><title>Bridge repairs</title></head><body><p>The council said on Tuesday "
    b"that repairs to the old bridge over the river would start in May and last a year, "
    b"and that buses would take a longer route meanwhile.</p></body></html>"
)


@cache
def warm_up() -> None:
    """Read and clean one small page, once per process (later calls do nothing)."""
    refuse_if_not_article(clean_document(read_html(_PAGE, "warm-up.html"), "warm-up"))
