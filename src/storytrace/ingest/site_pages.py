"""Site pages: a site's "about us", contact, legal and help pages, which report no event.

A crawl or a folder of saved pages holds a site's own pages beside its articles. They clean
to honest prose ("We are a non-profit that ...") and pass every other rule, but they report
nothing, and two of them ("What we do" of one organisation, "Über uns" of another) look
enough alike to be grouped into a false story. ``site_page_reason`` knows them by what
names them, in the languages we read:

1. the URL's path: its last segment (without an extension such as ``.html``) is one of
   ``SITE_PAGE_SLUGS`` and the path is at most ``MAX_SITE_PAGE_DEPTH`` segments deep
   (``/about``, ``/de/ueber-uns``, ``/company/impressum.html``), where an article's path
   ends in a long slug or an id;
2. the title: one of its parts (a title is often "Page | Site") is one of
   ``SITE_PAGE_TITLES`` as a whole, not a word inside a headline.

A page's declared type does not tell them apart: WordPress declares every page
``og:type=article``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from storytrace.model import Article
from storytrace.nlp.names import fold

# The last segment of a site page's path. Kept to what a site says about itself, how to reach
# it and its legal terms, in English, German, French, Spanish, Italian, Polish, Portuguese,
# Dutch and Russian (transliterated); never words a headline's slug is made of alone.
_SITE_PAGE_SLUGS = """
    about about-us aboutus about_us who-we-are what-we-do our-mission our-team our-story
    contact contact-us contactus contacts imprint impressum legal legal-notice privacy
    privacy-policy privacy-notice cookie-policy cookies terms terms-of-use terms-of-service
    terms-and-conditions disclaimer sitemap faq careers jobs advertise advertising
    ueber-uns uber-uns wir-ueber-uns kontakt datenschutz datenschutzerklaerung agb
    nutzungsbedingungen karriere mediadaten
    a-propos apropos qui-sommes-nous nous-contacter contactez-nous mentions-legales
    quienes-somos sobre-nosotros acerca-de contacto aviso-legal politica-de-privacidad
    chi-siamo contatti note-legali
    o-nas kontakt-z-nami polityka-prywatnosci
    quem-somos sobre-nos fale-conosco
    over-ons
    kontakty o-proekte
"""
# Whole title parts that name a site page, compared folded (``storytrace.nlp.names.fold``).
_SITE_PAGE_TITLES = """
    About|About us|Who we are|Contact|Contact us|Imprint|Impressum|Legal notice|Privacy policy|
    Terms of use|Terms of service|Terms and conditions|Über uns|Wir über uns|Kontakt|
    Datenschutz|Datenschutzerklärung|À propos|Qui sommes-nous|Mentions légales|Contactez-nous|
    Quiénes somos|Sobre nosotros|Aviso legal|Contacto|Chi siamo|Contatti|O nas|Kontakt z nami|
    Quem somos|Over ons|О нас|Контакты
"""
# Segments of a site page's path at most: /about, /de/ueber-uns, /en/company/about-us.
MAX_SITE_PAGE_DEPTH = 3

_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$")
_TITLE_PARTS = re.compile(r"\s+[|–—:·•»/-]+\s+|\s*[|·•»]\s*")


def site_page_reason(article: Article) -> str | None:
    """Why ``article`` is a site page rather than an article (the detail of a
    ``not_article`` refusal), or None."""
    slug = _path_slug(article.url)
    if slug is not None:
        return f"a site's own about, contact or legal page: its URL path ends in /{slug}"
    title = _site_page_title(article.title)
    if title is not None:
        return f"a site's own about, contact or legal page: it is titled {title!r}"
    return None


def _path_slug(url: str | None) -> str | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    segments = [segment for segment in unquote(path).lower().split("/") if segment]
    if not segments or len(segments) > MAX_SITE_PAGE_DEPTH:
        return None
    last = _EXTENSION.sub("", segments[-1])
    return last if last in SITE_PAGE_SLUGS else None


def _site_page_title(title: str | None) -> str | None:
    if not title:
        return None
    for part in _TITLE_PARTS.split(title):
        if _folded(part) in SITE_PAGE_TITLES:
            return part.strip()
    return None


def _folded(text: str) -> str:
    """``text`` folded word by word as names are (case, accents, script, punctuation)."""
    return " ".join(word for word in map(fold, text.split()) if word)


SITE_PAGE_SLUGS = frozenset(_SITE_PAGE_SLUGS.split())
SITE_PAGE_TITLES = frozenset(_folded(title) for title in _SITE_PAGE_TITLES.split("|"))
