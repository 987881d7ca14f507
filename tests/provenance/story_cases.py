"""Hand-made stories for the derivation tests, analysed once per session with the real models.

The flood story (texts written for these tests):

- a1, Agence France-Presse, 06:00 UTC: the original, four paragraphs;
- a2, Daily Ledger, 09:30: "PARIS, Oct 19 (AFP) -" and paragraphs 1-2, plus its own line;
- a3, Copy Courier, 15:00: its own intro, paragraphs 1 and 3, no credit;
- a4, Sports Wire, 18:00: the same facts in its own words and a story of its own;
- r1, Rewrite Times, 11:00: a1's first three paragraphs retold in other words (a story of
  its own with a1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from conftest import FIXTURES
from storytrace.clean.dateline import parse_dateline
from storytrace.model import AnalysedArticle, Article, Story, StoryGraph
from storytrace.nlp.analyse import analyse
from storytrace.provenance import derive_story

P1 = (
    "Flooding in the northern province of Kharvan has forced more than 12,000 people from "
    "their homes, regional officials said on Wednesday. Rescue teams used boats to reach "
    "villages cut off by the swollen Tesla river overnight."
)
P2 = (
    "The governor of Kharvan, Mirela Dostova, said three bridges had collapsed and the main "
    "road to the provincial capital was under a metre of water. She asked the national "
    "government for helicopters and drinking water."
)
P3 = (
    "Meteorologists expect more heavy rain until Friday, and the water level at the Orlin dam "
    "is close to its record set in 1998. Engineers have begun controlled releases to protect "
    "the dam wall."
)
P4 = (
    "It is the third major flood in the region in ten years. Residents have long complained "
    "that drainage works promised after the 2009 disaster were never finished."
)
ORIGINAL = "\n\n".join([P1, P2, P3, P4])
SYNDICATED = (
    f"PARIS, Oct 19 (AFP) - {P1}\n\n{P2}\n\nThe Daily Ledger has asked the ministry of "
    "emergencies for comment on the relief effort and will update this story."
)
COPIED = (
    "Thousands of families spent the night in school gyms and sports halls as the waters "
    f"kept rising.\n\n{P1}\n\n{P3}"
)
SAME_FACTS = (
    "Heavy rain in Kharvan province: about 12,000 residents have left their homes, local "
    "officials say. The national football league postponed two weekend matches in the "
    "region. Ticket holders will be refunded, the league said, and the matches will be "
    "replayed in November. The league's chairman praised the volunteers."
)

# a1's first three paragraphs retold in other words, in the same order.
RETOLD = (
    "More than 12,000 residents of Kharvan, in the north, have had to leave their homes "
    "because of floods, local authorities announced on Wednesday. Overnight, rescuers took "
    "boats to villages that the rising Tesla river had isolated.\n\n"
    "Three bridges have fallen and the road to the provincial capital lies under about a "
    "metre of water, the Kharvan governor Mirela Dostova said. She has requested helicopters "
    "and drinking water from the national government.\n\n"
    "Forecasters say heavy rain will continue until Friday. The Orlin dam is nearly at the "
    "record level it reached in 1998, and engineers have started releasing water in a "
    "controlled way to protect it."
)

WIRE_REPORT = (
    "The central bank of Norland raised its main interest rate by half a point to 4.5 percent "
    "on Thursday, its first increase in six years. Governor Anton Vik said inflation had "
    "stayed above the bank's target for eleven months and that further rises were possible. "
    "The krone gained two percent against the euro after the announcement."
)
WIRE_COPY = (
    "The central bank of Norland raised its main interest rate by half a point to 4.5 percent "
    "on Thursday, its first increase in six years, according to Reuters. Governor Anton Vik "
    "said inflation had stayed above the bank's target for eleven months and that further "
    "rises were possible. Shops in the capital expect a quiet weekend."
)


def article(
    article_id: str,
    text: str,
    outlet: str | None,
    published: str | None = None,
    language: str | None = "en",
) -> Article:
    """An article as cleaning makes it: its dateline read from the text."""
    return Article(
        article_id,
        f"tests/{article_id}.txt",
        text,
        title=f"Title of {article_id}",
        outlet=outlet,
        published=published,
        dateline=parse_dateline(text),
        language=language,
    )


FLOOD = (
    article("a1", ORIGINAL, "Agence France-Presse", "2016-10-19T06:00:00+00:00"),
    article("a2", SYNDICATED, "Daily Ledger", "2016-10-19T09:30:00+00:00"),
    article("a3", COPIED, "Copy Courier", "2016-10-19T15:00:00+00:00"),
    article("a4", SAME_FACTS, "Sports Wire", "2016-10-19T18:00:00+00:00"),
)
PARAPHRASE = (
    FLOOD[0],
    article("r1", RETOLD, "Rewrite Times", "2016-10-19T11:00:00+00:00"),
)
# Without dates: only the credit in w2 tells which came first.
WIRE = (
    article("w1", WIRE_REPORT, "Reuters"),
    article("w2", WIRE_COPY, "Norland Daily"),
)
TRANSLATION = (
    article(
        "t1",
        (FIXTURES / "translation" / "en.txt").read_text("utf-8"),
        "Radio Habana Cuba",
        "2017-10-05T10:00:00Z",
    ),
    article(
        "t2",
        (FIXTURES / "translation" / "ru.txt").read_text("utf-8"),
        "Example RU",
        "2017-10-05T14:00:00Z",
        "ru",
    ),
)


@cache
def analysed() -> dict[str, AnalysedArticle]:
    """Every article above, analysed in one batch (sentences, entities, embeddings)."""
    items = analyse([*FLOOD, PARAPHRASE[1], *WIRE, *TRANSLATION])
    return {item.article.id: item for item in items}


def members(articles: Sequence[Article]) -> list[AnalysedArticle]:
    """The analysed versions of ``articles``, with the articles' own metadata.

    The analysis depends on the text and language only, so an article whose metadata a
    test changes (a date removed) reuses its analysis.
    """
    cached = analysed()
    return [
        AnalysedArticle(
            item, cached[item.id].sentences, cached[item.id].entities, cached[item.id].embeddings
        )
        for item in articles
    ]


def story(articles: Sequence[Article], story_id: int = 1) -> Story:
    """A story of ``articles`` in the given order."""
    return Story(story_id, tuple(a.id for a in articles), articles[0].title, None, None)


def undated(items: Sequence[Article]) -> list[Article]:
    """The articles without their publication dates."""
    return [replace(item, published=None) for item in items]


@cache
def flood_graph() -> tuple[StoryGraph, tuple[Article, ...]]:
    """The flood story's graph with a4's date removed (so one time is unknown)."""
    articles = (*FLOOD[:3], replace(FLOOD[3], published=None))
    return derive_story(story(articles), members(articles), []), articles
