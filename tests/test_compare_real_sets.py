"""Real multi-outlet sets beyond the seeds: an ECB+ sub-event (bundled) and BASIL triplets."""

from __future__ import annotations

import json

from conftest import FIXTURES, shared_data
from storytrace import compare_articles, compare_paths
from storytrace.model import Article


def test_ecbplus_subevent_from_jsonl() -> None:
    comparison = compare_paths([FIXTURES / "ecbplus" / "tara_reid_rehab.jsonl"])
    assert len(comparison.articles) == 3
    assert all(pair.matches for pair in comparison.pairs)
    # the publicist's statement is carried by all three outlets: one group, three variants
    (group,) = [
        g for g in comparison.quote_groups if any("appreciate" in v.quote.text for v in g.variants)
    ]
    assert len(group.variants) == 3
    assert {v.quote.article for v in group.variants} == {"a1", "a2", "a3"}
    keyed = [v.quote.speaker.key for v in group.variants if v.quote.speaker]
    assert "ketsoyan" in keyed


def test_basil_triplets_share_content_and_keep_offsets() -> None:
    folder = shared_data("basil")
    stories: dict[str, list[dict[str, str]]] = {}
    with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            stories.setdefault(doc["story"], []).append(doc)
    triplets = [docs for docs in stories.values() if len(docs) == 3][:3]
    assert triplets
    for docs in triplets:
        articles = [
            Article(
                f"a{i + 1}", doc["doc_id"], doc["text"], title=doc["title"], outlet=doc["source"]
            )
            for i, doc in enumerate(docs)
        ]
        comparison = compare_articles(articles)
        assert sum(len(pair.matches) for pair in comparison.pairs) >= 3
        for quote in comparison.quotes:
            text = comparison.article(quote.article).article.text
            assert quote.parts[0][0] == quote.start and quote.parts[-1][1] == quote.end
            assert " ".join(text[s:e].strip() for s, e in quote.parts) == quote.text
        assert any(q.speaker is not None for q in comparison.quotes)
