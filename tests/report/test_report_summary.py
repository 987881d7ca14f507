"""The comparison report opens with a summary, and explains its scores where they are shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import unescape
from pathlib import Path

from conftest import invented_text
from storytrace import compare_paths
from storytrace.model import Comparison, MatchKind
from storytrace.report import to_html


def _summary(page: str) -> str:
    """The summary section's text, tags removed."""
    section = page.split('id="summary"')[1].split("</section>")[0]
    return unescape(re.sub(r"<[^>]+>", " ", section.split(">", 1)[1]).replace("  ", " "))


def test_the_summary_comes_before_the_texts_and_counts_each_article(
    comparison: Comparison,
) -> None:
    page = to_html(comparison)
    assert page.index('id="summary"') < page.index('id="texts"')
    summary = _summary(page)
    # a1: sentence 1 copied, sentence 0 paraphrased; a2 the same, and sentence 2 only here
    assert (
        "GPA (a1): 2 of 2 sentences (100%) in another article: "
        "1 copied, 1 paraphrased, 0 translated; only here: 0."
    ) in summary
    assert "Radio Habana Cuba (a2): 2 of 3 sentences (67%) in another article" in summary
    assert "only here: 1." in summary
    assert "3 quotations; 1 utterance carried by more than one article, worded" in summary
    assert "unknown: no article carries a publication time" in summary


def test_the_summary_names_who_published_first_only_when_times_tell(
    make_comparison: Callable[..., Comparison],
) -> None:
    comparison = make_comparison()
    gpa, rhc = comparison.articles
    dated = replace(
        comparison,
        articles=[
            replace(gpa, article=replace(gpa.article, published="2017-10-05T08:00:00+00:00")),
            replace(rhc, article=replace(rhc.article, published="2017-10-05T11:30:00+00:00")),
        ],
    )
    assert "Published first" in _summary(to_html(dated))
    assert "GPA, 2017-10-05 08:00 UTC" in _summary(to_html(dated))
    same_day = replace(
        dated,
        articles=[
            dated.articles[0],
            replace(rhc, article=replace(rhc.article, published="2017-10-05")),
        ],
    )
    first = _summary(to_html(same_day)).split("Per article")[0]
    assert "unknown: " in first and "came out on 2017-10-05" in first
    assert "GPA" in first and "Radio Habana Cuba" in first


def test_the_score_column_and_the_legend_explain_the_score(comparison: Comparison) -> None:
    page = to_html(comparison)
    assert re.search(r'<th scope="col" title="score \(0 to 1\): [^"]+">Score</th>', page)
    legend = unescape(page.split('aria-labelledby="legend-title"')[1].split("</section>")[0])
    assert "Score (0 to 1): how alike the two sentences are" in legend


def _summary_markup(page: str) -> str:
    """The summary section's markup, as the page carries it."""
    return page.split('id="summary"')[1].split("</section>")[0]


def _text_at(page: str, element_id: str) -> str:
    """The text from the element with ``element_id`` on, tags removed (for its first words)."""
    assert page.count(f'id="{element_id}"') == 1, element_id
    after = page.split(f'id="{element_id}"', 1)[1].split(">", 1)[1]
    return unescape(re.sub(r"<[^>]+>", "", after))


def test_the_summary_gives_each_seed_article_its_share_found_in_another_article(
    seed_comparison: Comparison,
) -> None:
    summary = _summary(to_html(seed_comparison))
    for analysed in seed_comparison.articles:
        article_id = analysed.article.id
        total = len(analysed.sentences)
        only = len(seed_comparison.only_here[article_id])
        carried = total - only
        assert 0 < carried < total  # the seeds share some sentences, not all
        share = round(100 * carried / total)
        assert (
            f"({article_id}): {carried} of {total} sentences ({share}%) in another article: "
        ) in summary
        assert f"only here: {only}" in summary


def test_the_summary_quotes_the_first_only_here_sentences_with_links_into_the_texts(
    seed_comparison: Comparison,
) -> None:
    page = to_html(seed_comparison)
    summary = _summary_markup(page)
    for analysed in seed_comparison.articles:
        article_id = analysed.article.id
        only = seed_comparison.only_here[article_id]
        assert len(only) > 3  # the seeds each say more than three things alone
        links = re.findall(rf'<a href="#({article_id}-s\d+)">“(.*?)”</a>', summary)
        assert [target for target, _ in links] == [f"{article_id}-s{i}" for i in only[:3]]
        for (target, shown), index in zip(links, only[:3], strict=True):
            sentence = next(s for s in analysed.sentences if s.index == index)
            words = unescape(shown).removesuffix("…")
            assert " ".join(sentence.text.split()).startswith(words)
            assert _text_at(page, target).startswith(words[:40])  # the anchor is in the texts
        assert f"and {len(only) - 3} more" in _summary(page)


def test_the_summary_names_the_quotation_the_seeds_word_differently(
    seed_comparison: Comparison,
) -> None:
    page = to_html(seed_comparison)
    summary = _summary_markup(page)
    assert "worded differently:" in _summary(page)
    block = next(
        item
        for item in summary.split('<ul class="quote-differences">')[1].split("<li><strong>")
        if "main obstacle" in item
    )
    assert block.startswith("Major General Igor Konashenkov</strong>")
    assert "in GPA (a1) and Radio Habana Cuba (a2)." in block
    # Radio Habana Cuba names the group "Islamic State" where GPA says only "Daesh"
    assert "Radio Habana Cuba (a2), compared with GPA (a1): " in block
    assert "<ins>Islamic State</ins>" in block
    target = re.search(r'href="#(group-[^"]+)"', block)
    assert target is not None and f'id="{target.group(1)}"' in page


def test_the_summary_says_when_shared_quotations_are_worded_the_same(
    comparison: Comparison,
) -> None:
    group = comparison.quote_groups[0]
    same = replace(group, variants=[replace(v, changes=[]) for v in group.variants])
    summary = _summary(to_html(replace(comparison, quote_groups=[same])))
    assert "1 utterance carried by more than one article, worded the same." in summary
    assert "compared with" not in summary


def test_an_only_here_sentence_of_invented_text_is_escaped_in_the_summary(
    tmp_path: Path,
) -> None:
    hostile = "Then <script>alert(1)</script> was all the note said."
    shared = f"{invented_text(1)}\n\n{invented_text(2)}"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(f"{shared}\n\n{hostile}\n\n{invented_text(3)}\n", encoding="utf-8")
    second.write_text(f"{shared}\n\n{invented_text(4)}\n", encoding="utf-8")
    comparison = compare_paths([first, second])
    page = to_html(comparison)
    summary = _summary_markup(page)
    assert "<script>alert(1)" not in page
    assert page.count("<script>") == 1  # only the report's own script
    escaped = "Then &lt;script&gt;alert(1)&lt;/script&gt; was all the note said."
    listed = summary.split('<ul class="only-here-first"')[1].split("</ul>")[0]
    assert escaped in listed
    target = re.search(r'<a href="#([^"]+)">“Then &lt;script&gt;', listed)
    assert target is not None and f'id="{target.group(1)}"' in page


def test_a_sentence_only_on_the_same_topic_elsewhere_counts_as_only_here(
    comparison: Comparison,
) -> None:
    pair = comparison.pairs[0]
    topical = [
        replace(m, kind=MatchKind.SAME_TOPIC) if m.sentence_a == 0 else m for m in pair.matches
    ]
    same_topic = replace(
        comparison,
        pairs=[replace(pair, matches=topical)],
        only_here={"a1": [0], "a2": [0, 2]},
    )
    summary = _summary(to_html(same_topic))
    assert (
        "GPA (a1): 1 of 2 sentences (50%) in another article: 1 copied, 0 paraphrased, "
        "0 translated; only here: 1 (1 of them on the same topic as a sentence elsewhere)."
    ) in summary
