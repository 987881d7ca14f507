"""Each outlet's part in a story: how much of what it published derives from others.

For every outlet (``Article.outlet``, else the dateline's agency, else "unknown outlet
(article 12)": each article of no known outlet is its own unknown, never merged with
another; names of one outlet within the story are shown as one, see ``outlet_names``),
over the edges whose direction is known (an edge of unknown direction derives nothing):

1. ``derived_share``: characters of its articles covered by passages of edges coming from
   other outlets' articles, over all characters of its articles (each character once,
   however many edges cover it);
2. ``derived_from`` / ``source_for``: edges from / to other outlets' articles (an outlet
   updating its own article is not deriving from anyone);
3. ``median_lag_seconds``: the median lag of the edges from each of its articles' direct
   source (the most likely one, see ``StoryGraph.direct_sources``), where known;
4. ``role``, from the first two: amplifier when at least ``AMPLIFIER_MIN_DERIVED`` of its
   text is derived; originator when others derive from it and at most
   ``ORIGINATOR_MAX_DERIVED`` is; mixed when it is a source and derives more than that, or
   derives some without being a source; independent otherwise.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

from storytrace.model import Article, Derivation, OutletProfile, OutletRole
from storytrace.provenance.credits import same_outlet
from storytrace.provenance.evidence import covered

# Half of its text taken from others makes an outlet's story a relay of someone else's:
# below that its own reporting is at least as large as what it carries. Set by hand.
AMPLIFIER_MIN_DERIVED = 0.5
# An outlet whose text is at least four fifths its own still originates what others take
# from it; more borrowed than that and it is a relay as well. Set by hand: no corpus here
# labels outlets' roles.
ORIGINATOR_MAX_DERIVED = 0.2

UNKNOWN_OUTLET = "unknown outlet"


def outlet_name(article: Article) -> str:
    """The outlet an article counts for: its outlet, else its dateline's agency, else
    ``"unknown outlet (article 12)"``, an unknown of its own."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if article.dateline is not None and article.dateline.agency:
        return article.dateline.agency
    return unknown_outlet(article.id)


def unknown_outlet(article_id: str) -> str:
    """The name of the unknown outlet of one article: no two articles share it."""
    return f"{UNKNOWN_OUTLET} (article {article_id})"


def is_unknown_outlet(name: str) -> bool:
    """True for a name ``unknown_outlet`` gives."""
    return name.startswith(UNKNOWN_OUTLET + " (article ")


def outlet_names(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's outlet name, the spellings of one outlet within the story made one.

    "RHC" in one article's dateline and "Radio Habana Cuba" as another's outlet, or "AFP"
    and "Agence France-Presse", name one outlet (``credits.same_outlet``): all its articles
    get its longest spelling, first seen on ties.
    """
    raw = {article.id: outlet_name(article) for article in articles}
    groups: list[list[str]] = []
    for name in dict.fromkeys(raw.values()):
        if is_unknown_outlet(name):
            continue
        group = next((g for g in groups if any(same_outlet(name, o) for o in g)), None)
        if group is None:
            groups.append([name])
        else:
            group.append(name)
    canonical = {name: max(group, key=len) for group in groups for name in group}
    return {article_id: canonical.get(name, name) for article_id, name in raw.items()}


def outlet_profiles(
    articles: Sequence[Article],
    derivations: Sequence[Derivation],
    direct: Mapping[str, str],
) -> list[OutletProfile]:
    """One profile per outlet of ``articles``, in the order of each outlet's first article.

    ``derivations`` are the edges of known direction; ``direct`` maps each target article
    to its most likely direct source.
    """
    outlet_of = outlet_names(articles)
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(outlet_of[article.id], []).append(article)
    crossing = [
        d
        for d in derivations
        if d.source in outlet_of
        and d.target in outlet_of
        and outlet_of[d.source] != outlet_of[d.target]
    ]
    profiles = []
    for outlet, members in groups.items():
        ids = {article.id for article in members}
        incoming = [d for d in crossing if d.target in ids]
        outgoing = [d for d in crossing if d.source in ids]
        total = sum(len(article.text) for article in members)
        derived = sum(
            covered(
                (p.target_start, p.target_end)
                for d in incoming
                if d.target == article.id
                for p in d.passages
            )
            for article in members
        )
        share = derived / total if total else 0.0
        lags = [
            d.lag_seconds
            for d in incoming
            if d.lag_seconds is not None and direct.get(d.target) == d.source
        ]
        profiles.append(
            OutletProfile(
                outlet=outlet,
                role=_role(share, len(outgoing)),
                articles=tuple(article.id for article in members),
                derived_share=round(share, 4),
                median_lag_seconds=statistics.median(lags) if lags else None,
                derived_from=len(incoming),
                source_for=len(outgoing),
            )
        )
    return profiles


def _role(derived_share: float, source_for: int) -> OutletRole:
    if derived_share >= AMPLIFIER_MIN_DERIVED:
        return OutletRole.AMPLIFIER
    if source_for and derived_share <= ORIGINATOR_MAX_DERIVED:
        return OutletRole.ORIGINATOR
    if source_for or derived_share > ORIGINATOR_MAX_DERIVED:
        return OutletRole.MIXED
    return OutletRole.INDEPENDENT
