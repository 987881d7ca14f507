"""``storytrace show STORY``: a story's timeline and derivation graph."""

from __future__ import annotations

from pathlib import Path

import click

from storytrace.cli.options import db_option
from storytrace.cli.story_articles import reading_store, stored_story
from storytrace.cli.story_reference import REFERENCE_METAVAR, parse_reference, story_to_open
from storytrace.report.story_html import story_to_html
from storytrace.report.story_json import story_to_json
from storytrace.report.story_text import story_to_text


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
    from storytrace.story_view import story_view  # loads the models

    kind, number = parse_reference(reference)
    store = reading_store(db_path)
    with store:
        story_id = story_to_open(store, kind, number, db_path, "show")
        story, articles = stored_story(store, story_id, db_path)
        view = story_view(store, story, articles, quotations=html_path is not None)
    graph, quotations = view.graph, view.quotations
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


__all__ = ["show_command"]
