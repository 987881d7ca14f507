"""What ``stories`` lists of a story, read from a real store: outlets counted as the story's
pages name them (each unknown outlet its own), dates from publication times only."""

from __future__ import annotations

from pathlib import Path

from storytrace.ingest.dedupe import content_hash
from storytrace.model import Article
from storytrace.store import Store
from storytrace.store.stories import save_membership, story_summaries
from storytrace.store.writes import Origin, insert_article, start_run

REPORT = (
    "The river broke its banks overnight and the town's lower streets were under water by "
    "dawn, officials said, as {n} families were moved to the school hall."
)


def _store_story(db: Path, articles: list[tuple[str | None, str, str | None]]) -> Store:
    """Store one article per (outlet, published, published_kind), all in story 1."""
    store = Store(db)
    run = start_run(store, "test")
    ids = []
    with store.transaction() as connection:
        for n, (outlet, published, kind) in enumerate(articles):
            text = REPORT.format(n=n + 10)
            article = Article(
                id="",
                source=f"page{n}.html",
                text=text,
                outlet=outlet,
                published=published,
                published_kind=kind,
                language="en",
            )
            origin = Origin(source=f"page{n}.html", format="html", encoding="utf-8")
            ids.append(insert_article(connection, article, content_hash(text), b"", origin, run))
        save_membership(connection, run, [(i, 1, 0.9) for i in ids], 0)
    return store


def test_unknown_outlets_count_each_and_crawl_dates_are_no_publication(tmp_path: Path) -> None:
    store = _store_story(
        tmp_path / "s.db",
        [
            ("River Post", "2024-05-02T08:00:00Z", "published"),
            (None, "2024-05-02T11:00:00Z", "published"),
            ("", "2024-05-03", "published"),
            (None, "2021-01-01T00:00:00Z", "crawled"),  # a crawl date, years off
            ("River Post", "2025-01-01T00:00:00Z", "updated"),
        ],
    )
    with store:
        (summary,) = story_summaries(store)
    assert summary.articles == 5
    # River Post once, and three articles of no known outlet, each an outlet of its own
    assert summary.outlets == 4
    assert (summary.first_published, summary.last_published) == (
        "2024-05-02T08:00:00Z",
        "2024-05-03",
    )
