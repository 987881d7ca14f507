"""The workspace in a real browser (Debian's chromium driven by Playwright) against the
server on a loopback port: a person searches, opens a story, reads its timeline and an
article; pages whose stored text carries script payloads run nothing."""

from __future__ import annotations

from conftest import SEEDS, opened_url
from serve_support import ServedStore, screenshot


def test_search_then_open_a_story_and_an_article(
    served_url: str, served_store: ServedStore
) -> None:
    with opened_url(f"{served_url}/") as opened:
        page = opened.page
        assert page.locator("h1").inner_text() == "Stories"
        page.get_by_label("Search the articles").fill("Konashenkov")
        page.get_by_label("Search the articles").press("Enter")
        page.wait_for_url("**/stories?q=Konashenkov")
        marked = page.locator(".snippet mark").first
        assert marked.inner_text() == "Konashenkov"
        screenshot(page, "stories")
        page.locator(f'a.story-link[href="/stories/{served_store.seeds_story}"]').click()
        page.wait_for_url(f"**/stories/{served_store.seeds_story}")
        assert page.locator("#timeline tbody tr").count() >= 2
        assert page.locator("#graph svg").count() == 1
        assert "Fit:" in page.locator("#timeline .note").inner_text()
        screenshot(page, "story")
        page.locator("#timeline tbody a").first.click()
        page.wait_for_url("**/articles/*")
        assert page.locator("#text p").count() >= 1
        assert page.locator("text=Where it came from").count() == 1
        assert opened.errors == []
        outside = [url for url in opened.requests if not url.startswith(served_url)]
        assert outside == []


def test_stored_script_payloads_run_nothing(served_url: str, served_store: ServedStore) -> None:
    paths = [
        f"/stories/{served_store.hostile_story}",
        f"/articles/{served_store.hostile_article}",
        "/stories?q=Payload",
    ]
    with opened_url(f"{served_url}{paths[0]}") as opened:
        page = opened.page
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            page.goto(f"{served_url}{path}")
            assert "__pwned" in page.locator("main").inner_text()  # shown as text
            page.locator("main").hover()
            assert page.evaluate("() => window.__pwned === undefined"), path
            assert page.locator("main img, main script, main a[href^='javascript:']").count() == 0
        assert dialogs == []
        assert opened.errors == []


def test_compare_two_articles_of_a_story_and_follow_a_passage(
    served_url: str, served_store: ServedStore
) -> None:
    with opened_url(f"{served_url}/stories/{served_store.seeds_story}") as opened:
        page = opened.page
        boxes = page.locator("#timeline input[type=checkbox]")
        assert boxes.count() >= 2
        assert page.locator("#timeline input[type=checkbox]:checked").count() == 2
        page.get_by_role("button", name="Compare these").click()
        page.wait_for_url("**/compare?article=*")
        assert page.locator("#texts .column").count() == 2
        # the summary on top quotes what only one article says, and it shows
        assert page.locator("#summary .only-here-first a[href^='#']").first.is_visible()
        sentence = page.locator("#texts a.sentence[data-counterparts]").first
        counterpart = sentence.get_attribute("data-counterparts").split()[0]
        sentence.click()  # the report's own script, served as a file, lights it up
        assert "hl" in (page.locator(f"[id='{counterpart}']").get_attribute("class") or "")
        screenshot(page, "compare")
        assert opened.errors == []
        assert all(url.startswith(served_url) for url in opened.requests)


def test_paste_two_texts_into_a_new_comparison(served_url: str) -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    with opened_url(f"{served_url}/stories") as opened:
        page = opened.page
        page.get_by_role("link", name="New comparison").click()
        page.wait_for_url("**/compare/new")
        page.get_by_label("Text 1", exact=True).fill(texts[0])
        page.get_by_label("Text 2", exact=True).fill(texts[1])
        page.get_by_role("button", name="Compare").click()
        page.wait_for_selector("#texts .column")
        assert page.locator("#texts .column").count() == 2
        assert page.locator("#texts a.sentence[data-counterparts]").count() > 0
        assert opened.errors == []


def test_a_storys_quotation_variants_sit_side_by_side_and_lead_to_their_text(
    served_url: str, served_store: ServedStore
) -> None:
    with opened_url(f"{served_url}/stories/{served_store.seeds_story}") as opened:
        page = opened.page
        variants = page.locator("#who-said-what .quote-group").first.locator("figure.variant")
        assert variants.count() >= 2
        first, second = variants.nth(0).bounding_box(), variants.nth(1).bounding_box()
        assert first is not None and second is not None
        assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"] / 2
        link = variants.nth(1).get_by_role("link", name="in the text")
        href = link.get_attribute("href") or ""
        assert href.startswith("/articles/") and "#quote-" in href
        link.click()
        page.wait_for_url(f"**{href}")
        quoted = page.locator(f"[id='{href.split('#')[1]}']")
        assert quoted.is_visible() and quoted.locator("q").inner_text()
        assert opened.errors == []


def test_an_edge_shows_its_shared_passages_side_by_side(
    served_url: str, served_store: ServedStore
) -> None:
    with opened_url(f"{served_url}/stories/{served_store.hostile_story}") as opened:
        page = opened.page
        edge = page.locator("ol.derivations li").first
        edge.locator("summary").click()
        row = edge.locator("table.passages tbody tr").first
        cells = row.locator("td")
        assert cells.count() == 3
        left, right = cells.nth(0).inner_text(), cells.nth(1).inner_text()
        assert left and right and set(left.split()) & set(right.split())
        assert page.evaluate("() => window.__pwned === undefined")
        assert opened.errors == []
