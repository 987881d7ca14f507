"""Each article's opening read by multilingual-e5-small, for links across languages.

An article's opening is its headline, or the first ``TITLE_CHARS`` characters of its text
where it has none. The grouping blends the two openings' cosine into the link score of two
articles in different languages (``storytrace.stories.similarity.OPENING_WEIGHT``). The
encoder costs about ten times the lead encoder a text, so openings are read only for the
articles of such pairs, when the grouping first needs them: a corpus in one language never
reads one.

An ``OpeningSource`` gives the opening vectors of article ids: ``openings_of`` computes them
from articles in memory (the evaluations); ``storytrace.store.openings`` keeps them in the
store, so that a later run reads each one once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from storytrace.model import Article
from storytrace.nlp.title_embeddings import HEADLINE_VERSION, TITLE_CHARS, embed_titles
from storytrace.stories.same_story import TitleVector

# Names the encoder and what it reads: stored opening vectors of another version are
# computed again.
OPENING_VERSION = f"{HEADLINE_VERSION}/opening"

OpeningSource = Callable[[Sequence[str]], Mapping[str, TitleVector]]


def opening_text(title: str | None, text: str) -> str:
    """What is read of an article: its headline, else the start of its text."""
    headline = " ".join((title or "").split())
    return headline or " ".join(text[: TITLE_CHARS * 2].split())[:TITLE_CHARS]


def opening_vectors(openings: Sequence[str]) -> list[TitleVector]:
    """The unit vectors of ``openings`` (``opening_text``), in one batch."""
    return list(embed_titles(list(openings)))


def openings_of(articles: Sequence[Article]) -> OpeningSource:
    """A source over ``articles`` held in memory; each opening is read once, when asked."""
    by_id = {article.id: article for article in articles}
    known: dict[str, TitleVector] = {}

    def source(article_ids: Sequence[str]) -> Mapping[str, TitleVector]:
        missing = [i for i in dict.fromkeys(article_ids) if i not in known and i in by_id]
        if missing:
            texts = [opening_text(by_id[i].title, by_id[i].text) for i in missing]
            known.update(zip(missing, opening_vectors(texts), strict=True))
        return {i: known[i] for i in article_ids if i in known}

    return source
