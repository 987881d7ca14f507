"""``storytrace show STORY``: a story's timeline and derivation graph."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import click

from storytrace.cli.options import db_option
from storytrace.cli.story_articles import analysed_articles, reading_store, stored_story
from storytrace.cli.story_reference import REFERENCE_METAVAR, parse_reference, story_to_open
from storytrace.model import AnalysedArticle, Article, Comparison, ReusedPassage, StoryGraph
from storytrace.report.story_html import story_to_html
from storytrace.report.story_json import story_to_json
from storytrace.report.story_text import story_to_text
from storytrace.store.db import Store

# Words per n-gram offered as evidence, and how many n-grams of a passage are looked up.
EVIDENCE_NGRAM = 4
EVIDENCE_LOOKUPS = 24
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@click.command("show")
@click.argument("reference", metavar=REFERENCE_METAVAR, nargs=-1, required=True)
@db_option
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=(
        "Also write the story as a self-contained HTML page: a summary, the graph drawn, "
        "the texts with linked passages, and the quotations."
    ),
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Also write the story as JSON ('-' prints it instead of the text view).",
)
def show_command(
    reference: tuple[str, ...], db_path: Path, html_path: Path | None, json_path: Path | None
) -> None:
    """Show one story: its timeline, who derived from whom, and each outlet's role.

    \b
    Which story:
      storytrace show story 12      story 12, as `storytrace stories` lists it
      storytrace show article 529   the story that article 529 is in, as
                                    `storytrace search` and `export` name articles
      storytrace show 12            a bare number is a story id; where article 12 is
                                    in another story, a note on standard error says so

    story:12 and article:529 work too. Article and story ids are two separate number
    ranges, and every listing names them "story 12" and "article 529".

    Edges of the derivation graph are typed
    (credited syndication, verbatim copy, paraphrase, translation) and carry their evidence:
    the shared passages, rare shared phrases, the time lag, and a confidence. Where nothing
    tells which of two articles came first (no dates, one day, only crawl or update times,
    no credit), the edge, the passage's first carrier and the timeline say "order unknown"
    instead of guessing. Articles of no known outlet are each "unknown outlet (article N)".
    Each article's
    fit is its highest same-story score (0 to 1) with another article of the story,
    from lead, words, names and headlines: a low fit marks a likely stray. Articles are
    analysed (sentences, entities, embeddings) and their pairs aligned the first time a
    story is shown, and both are kept in the store; later runs load no model and align
    nothing until the story's articles change. While another run writes to
    the store, show does not wait: it shows the story and keeps nothing it computed (a
    note on standard error says so).
    """
    # the derivation and the store's story tables load the models: imported when run
    from storytrace.align.pairs import align_articles
    from storytrace.provenance import derive_story
    from storytrace.store.alignments import kept_alignments
    from storytrace.store.stories import reuse_touching

    kind, number = parse_reference(reference)
    store = reading_store(db_path)
    with store:
        story_id = story_to_open(store, kind, number, db_path, "show")
        story, articles = stored_story(store, story_id, db_path)
        analysed = analysed_articles(store, articles)
        verbatim = reuse_touching(store, story.article_ids)
        graph = derive_story(
            story,
            analysed,
            verbatim,
            rare_ngrams=_evidence(store, articles),
            align=kept_alignments(store, story.id, align_articles),
        )
        graph = _with_fits(store, graph, articles)
        quotations = _quotations(store, analysed) if html_path is not None else None
    if html_path is not None:
        html_path.write_text(story_to_html(graph, articles, quotations), encoding="utf-8")
        click.echo(f"wrote {html_path}", err=True)
    if json_path is not None:
        document = story_to_json(graph, articles)
        if str(json_path) == "-":
            click.echo(document)
            return
        json_path.write_text(document, encoding="utf-8")
        click.echo(f"wrote {json_path}", err=True)
    click.echo(story_to_text(graph, articles))


def _quotations(store: Store, analysed: Sequence[AnalysedArticle]) -> Comparison:
    """The story's quotations and their groups (as `storytrace quotes` finds them), for the
    story page's quotations section; extracted and stored the first time."""
    from storytrace.cli.quotes import stored_quotes, stored_vectors, story_groups

    articles = [item.article for item in analysed]
    found = stored_quotes(store, articles)
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


__all__ = ["show_command"]
