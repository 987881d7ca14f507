"""Link lists, text without sentences and keyword-stuffed spam are quarantined; real
articles are not (checked on the labelled real pages of ../shared/data/realpages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, shared_data
from storytrace.clean import clean_document
from storytrace.errors import InputError
from storytrace.ingest.not_article import (
    MIN_WORDS_TO_JUDGE,
    not_article_reason,
    refuse_if_not_article,
)
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.readers import read_file
from storytrace.ingest.sources import iter_inputs
from storytrace.model import Article, RawDocument
from storytrace.store import Store

# Modelled on the injected gambling pages of a Common Crawl sample (outlet "ZD36VD").
STUFFED = (
    "ZD36VD: Situs Slot Gacor Hari Ini dan Link Slot Online Terpercaya\n\n"
    "ZD36VD adalah situs slot gacor hari ini dengan link slot online terpercaya. Main slot "
    "gacor di ZD36VD, situs slot online gacor gampang menang. Daftar slot gacor ZD36VD "
    "sekarang dan nikmati slot online gacor maxwin setiap hari.\n\n"
    "Link slot gacor ZD36VD: slot online, slot gacor, slot maxwin, slot terpercaya. ZD36VD "
    "slot gacor hari ini, ZD36VD slot online terpercaya, ZD36VD link slot gacor resmi."
)
LINK_FARM = "Top offers of the day\n\n" + "\n\n".join(
    f"- {name} bonus code {number}"
    for number, name in enumerate(["Casino Royal", "Lucky Spin", "Mega Slots", "Jackpot City"] * 4)
)
NO_SENTENCES = "\n".join(
    ["Home News World Politics Business Tech Science Health Sport Culture Travel Weather"] * 5
)


def article(text: str, source: str = "page.html") -> Article:
    return Article(id="a1", source=source, text=text)


def test_keyword_stuffed_spam_is_refused_as_spam() -> None:
    with pytest.raises(InputError) as refused:
        refuse_if_not_article(article(STUFFED, "crawl.warc.gz#<urn:uuid:1>"))
    error = refused.value
    assert (error.source, error.reason) == ("crawl.warc.gz#<urn:uuid:1>", "spam")
    assert error.detail is not None and "'slot'" in error.detail and "'zd36vd'" in error.detail
    assert str(error).startswith("crawl.warc.gz#<urn:uuid:1>: spam")


@pytest.mark.parametrize(
    ("text", "signal"),
    [(LINK_FARM, "little prose"), (NO_SENTENCES, "no sentences")],
)
def test_link_lists_and_text_without_sentences_are_not_articles(text: str, signal: str) -> None:
    reason = not_article_reason(text)
    assert reason is not None and reason[0] == "not_article" and reason[1].startswith(signal)


def test_short_texts_and_unpunctuated_thai_are_left_to_other_rules() -> None:
    short = " ".join(["slot"] * (MIN_WORDS_TO_JUDGE - 1))
    assert not_article_reason(short) is None
    thai = "รัฐบาลประกาศมาตรการใหม่ในวันนี้ " * 40  # Thai ends sentences with a space
    assert not_article_reason(thai) is None


def test_bundled_seed_articles_are_articles() -> None:
    for seed in SEEDS:
        assert not_article_reason(seed.read_text(encoding="utf-8")) is None, seed.name


def _cleaned(path: Path) -> Article | None:
    (item,) = read_file(path)
    if isinstance(item, InputError):
        return None
    try:
        return clean_document(item, "a1")
    except InputError:
        return None


def test_no_labelled_real_article_is_refused() -> None:
    pages = shared_data("realpages") / "newspaper4k"
    labelled = sorted((pages / "metadata").glob("*.json"))
    assert len(labelled) == 20
    judged = 0
    for label in labelled:
        cleaned = _cleaned(pages / "html" / f"{label.stem}.html")
        assert cleaned is not None, label.stem
        assert not_article_reason(cleaned.text) is None, label.stem
        judged += 1
    assert judged == 20


@pytest.mark.parametrize(
    ("page", "reason", "signal"),
    [
        ("chineselyrics4u.com.zhineng.html", "not_article", "little prose"),
        ("lanouvellerepublique.fr.martin.html", "spam", "'contentdetailcontroller' 7x"),
    ],
)
def test_real_non_articles_are_refused(page: str, reason: str, signal: str) -> None:
    cleaned = _cleaned(shared_data("realpages") / "trafilatura_cache" / page)
    assert cleaned is not None
    refused = not_article_reason(cleaned.text)
    assert refused is not None and refused[0] == reason and signal in refused[1]


def test_ingest_quarantines_a_real_lyrics_page_and_stores_the_article(tmp_path: Path) -> None:
    lyrics = shared_data("realpages") / "trafilatura_cache" / "chineselyrics4u.com.zhineng.html"
    with Store(tmp_path / "s.db") as store:
        summary = ingest(store, iter_inputs([str(lyrics), str(SEEDS[0])]), workers=1)
        (detail,) = store.db.execute(
            "SELECT detail FROM quarantine WHERE source = ? AND reason = 'not_article'",
            (str(lyrics),),
        ).fetchone()
    assert summary.stored == 1 and dict(summary.quarantined) == {"not_article": 1}
    assert detail.startswith("little prose")


def test_compare_refuses_spam_like_ingest(tmp_path: Path) -> None:
    from storytrace.compare import load_inputs

    spam = tmp_path / "zd36vd.txt"
    spam.write_text(STUFFED, encoding="utf-8")
    loaded = load_inputs([spam, *SEEDS])
    assert len(loaded.articles) == len(SEEDS)
    assert [(error.source, error.reason) for error in loaded.rejected] == [(str(spam), "spam")]


def test_a_spam_jsonl_record_is_refused_once_cleaned() -> None:
    document = RawDocument(source="stdin:1", text=STUFFED, format="jsonl")
    with pytest.raises(InputError, match="spam"):
        refuse_if_not_article(clean_document(document, "a1"))
