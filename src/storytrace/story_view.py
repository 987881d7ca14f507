"""One stored story as ``storytrace show`` and the web workspace present it.

Its derivation graph (who derives from whom, with evidence), each article's same-story
fit, and, where asked, its quotations grouped into variants. Analyses and alignments are
computed the first time a story is shown and kept in the store (``storytrace.store.keep``);
later views load no model until the story's articles change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from storytrace.model import AnalysedArticle, Article, Comparison, ReusedPassage, Story, StoryGraph
from storytrace.store.db import Store
from storytrace.store.graph_tallies import graph_key, load_graph_tally, save_graph_tally
from storytrace.store.keep import keep
from storytrace.store.quote_tallies import members_digest

# Words per n-gram offered as evidence, and how many n-grams of a passage are looked up.
EVIDENCE_NGRAM = 4
EVIDENCE_LOOKUPS = 24
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class StoryView:
    """A story's derivation graph (with fits), its articles, and its quotations (None
    where not asked for)."""

    graph: StoryGraph
    articles: list[Article]
    quotations: Comparison | None


def story_view(
    store: Store, story: Story, articles: Sequence[Article], quotations: bool = False
) -> StoryView:
    """The view of ``story`` (loaded with ``store.stories.load_story``) and its
    ``articles``; ``quotations``: also extract (or load) and group its quotations."""
    # the derivation and the store's story tables load the models: imported when run
    from storytrace.align.pairs import align_articles
    from storytrace.cli.story_articles import analysed_articles
    from storytrace.provenance import derive_story
    from storytrace.store.alignments import kept_alignments
    from storytrace.store.corrections import wrong_edges
    from storytrace.store.stories import reuse_touching

    analysed = analysed_articles(store, articles)
    verbatim = reuse_touching(store, story.article_ids)
    wrong = wrong_edges(store, story.id)
    graph = derive_story(
        story,
        analysed,
        verbatim,
        rare_ngrams=_evidence(store, articles),
        align=kept_alignments(store, story.id, align_articles),
        ruled_out={(str(s), str(t)) for s, t in wrong},
    )
    key = graph_key(members_digest(articles), wrong)
    if load_graph_tally(store, story.id, key) != len(graph.derivations):
        keep(store, lambda db: save_graph_tally(db, story.id, key, len(graph.derivations)))
    graph = _with_fits(store, graph, articles)
    found = _quotations(store, analysed) if quotations else None
    return StoryView(graph, list(articles), found)


def _quotations(store: Store, analysed: Sequence[AnalysedArticle]) -> Comparison:
    """The story's quotations and their groups (as `storytrace quotes` finds them), for the
    story page's quotations section; extracted and stored the first time."""
    from storytrace.cli.quotes import stored_vectors, story_groups
    from storytrace.marked import marked_quotes

    articles = [item.article for item in analysed]
    found = marked_quotes(store, articles)
    groups = story_groups(found, articles, stored_vectors(store, found, articles))
    quotes = [quote for article in articles for quote in found[article.id]]
    return Comparison(list(analysed), [], {}, quotes, groups)


def _with_fits(store: Store, graph: StoryGraph, articles: Sequence[Article]) -> StoryGraph:
    """``graph`` with each timeline entry's same-story fit, where its features are stored."""
    from storytrace.store.headlines import stored_headlines
    from storytrace.store.stories import corpus_frequencies, saved_features
    from storytrace.stories.same_story import member_fits

    features = saved_features(store, [article.id for article in articles])
    headlines = stored_headlines(store, [a for a in articles if a.id in features])
    fits = member_fits(articles, features, corpus_frequencies(store), headlines)
    timeline = tuple(replace(entry, fit=fits.get(entry.article)) for entry in graph.timeline)
    return replace(graph, timeline=timeline)


def _evidence(store: Store, articles: Sequence[Article]) -> Callable[[ReusedPassage], list[str]]:
    """Rare shared phrases of a passage: its word n-grams found in the fewest articles."""
    from storytrace.store.stories import phrase_frequency

    texts = {a.id: a.text for a in articles}

    def rare_ngrams(passage: ReusedPassage, limit: int = 3) -> list[str]:
        text = texts.get(passage.target, "")[passage.target_start : passage.target_end]
        words = _WORD.findall(text)
        grams = [words[i : i + EVIDENCE_NGRAM] for i in range(len(words) - EVIDENCE_NGRAM + 1)]
        step = max(1, len(grams) // EVIDENCE_LOOKUPS)
        counted = [(phrase_frequency(store, gram), " ".join(gram)) for gram in grams[::step]]
        counted = [item for item in counted if item[0] > 0]
        return [phrase for _, phrase in sorted(counted)[:limit]]

    return rare_ngrams
