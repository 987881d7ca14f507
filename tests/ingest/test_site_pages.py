"""A site's own pages (about us, contact, legal) are refused as no article, by their URL path
or their title; articles whose URL or headline merely mentions such words are not."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SEEDS, shared_data
from storytrace.compare import load_inputs
from storytrace.errors import InputError
from storytrace.ingest.not_article import refuse_if_not_article
from storytrace.ingest.site_pages import site_page_reason
from storytrace.model import Article

PROSE = (
    "We are a small team that builds open tools for newsrooms across Europe. Founded in 2009 "
    "by two reporters and an engineer, the association now counts forty members in eleven "
    "countries. Our work is funded by foundations and by the fees of the workshops we give. "
    "Write to us if you would like to join, to report a problem or to propose a project."
)


def page(url: str | None = None, title: str | None = None) -> Article:
    return Article(id="a1", source="page.html", text=PROSE, url=url, title=title)


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://creativecommons.org/about/", "about"),
        ("https://www.example.de/de/ueber-uns", "ueber-uns"),
        ("https://example.fr/societe/mentions-legales.html", "mentions-legales"),
        ("http://example.com/en/company/Contact-Us.php", "contact-us"),
        ("https://example.pl/o-nas/", "o-nas"),
    ],
)
def test_site_pages_are_known_by_their_url_path(url: str, slug: str) -> None:
    reason = site_page_reason(page(url=url))
    assert reason is not None and reason.endswith(f"its URL path ends in /{slug}")
    with pytest.raises(InputError) as refused:
        refuse_if_not_article(page(url=url))
    assert refused.value.reason == "not_article"
    assert str(refused.value) == f"page.html: not a news article ({reason})"


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Über uns | fairkom", "Über uns"),
        ("Impressum", "Impressum"),
        ("Privacy Policy – The Daily Example", "Privacy Policy"),
        ("Qui sommes-nous ?", "Qui sommes-nous ?"),
        ("О нас", "О нас"),
    ],
)
def test_site_pages_are_known_by_their_title(title: str, named: str) -> None:
    assert site_page_reason(page(title=title)) == (
        f"a site's own about, contact or legal page: it is titled {named!r}"
    )


@pytest.mark.parametrize(
    ("url", "title"),
    [
        # slugs and headlines that only mention the words
        ("https://example.com/2024/05/01/what-we-know-about-the-vote", "What we know about it"),
        ("https://example.com/news/world/europe/2024/contact", "Contact lost with Mars probe"),
        ("https://example.com/about-time-for-a-new-deal", "About time: unions sign the deal"),
        ("https://example.com/privacy-row-deepens", "Privacy row deepens at the ministry"),
        (None, "Kontakt zu Entführern abgebrochen"),
        ("https://example.com/", None),
        ("not a url at all", "Terms of the ceasefire agreed"),
    ],
)
def test_articles_that_mention_such_words_are_not_site_pages(url: str | None, title: str) -> None:
    assert site_page_reason(page(url=url, title=title)) is None
    refuse_if_not_article(page(url=url, title=title))


def test_compare_refuses_a_site_page_like_ingest(tmp_path: Path) -> None:
    about = tmp_path / "about.md"
    about.write_text(f"# Über uns | fairkom\n\n{PROSE}\n", encoding="utf-8")
    loaded = load_inputs([about, *SEEDS])
    assert len(loaded.articles) == len(SEEDS)
    assert [(error.source, error.reason) for error in loaded.rejected] == [
        (str(about), "not_article")
    ]


def _labelled_urls_and_titles() -> Iterator[Article]:
    """The URLs of every publication EUvsDisinfo lists (news and propaganda sites) and the
    headlines of SemEval-2022's articles: real articles, none of them a site page."""
    csv.field_size_limit(sys.maxsize)
    publications = shared_data("euvsdisinfo") / "publications.csv"
    with publications.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            yield page(url=row["publication"])
    semeval = shared_data("semeval2022_task8") / "training_set.csv"
    with semeval.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            for text in (row["text1"], row["text2"]):
                yield page(title=text.split("  ")[0])


def test_no_labelled_real_article_is_a_site_page() -> None:
    articles = list(_labelled_urls_and_titles())
    assert sum(a.url is not None for a in articles) == 15_093  # the figures in the README
    assert sum(a.title is not None for a in articles) == 2_566
    assert [(a.url or a.title) for a in articles if site_page_reason(a)] == []
