"""Quotations and their speakers, in one article: direct, indirect and mixed.

Two sources meet here. The dependency parse (``syntax``) finds reporting cues with their
subject and clausal content ("Trump said that the deal was dead"); quotation marks
(``marks``) find the quoted words. A parsed content that overlaps quoted words takes the
whole quotation (the parse of a quotation of several sentences only reaches its last one):
it is direct when it lies inside the marks, mixed when it reaches beyond them. Quoted words
that no cue in the parse claims are handled by ``marked``: a speech cue framing them, the
quotation they continue, or the words around them name the speaker.

English text is parsed. Russian, French, German, Spanish, Italian, Polish, Turkish, Arabic
and Chinese text gets its cues and speakers from word patterns (``foreign``,
``verb_final_first``; German reported speech in the subjunctive: ``german``); other
languages get their quotations from the marks alone, with a note saying that no speaker was
searched for. A speaker that names no one ("It", "Today", a page's label) is dropped
(``credible``), the quotation kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.model import (
    AnalysedArticle,
    Article,
    Entity,
    Quote,
    QuoteKind,
    Speaker,
)
from storytrace.nlp.names import fold
from storytrace.nlp.pipeline import analyse_text
from storytrace.quotes.colon import colon_attributions
from storytrace.quotes.credible import credible_speaker
from storytrace.quotes.draft import NOTE_UNBALANCED, Draft, to_quote
from storytrace.quotes.foreign import (
    PATTERN_LANGUAGES,
    PRONOUNS,
    reported_speech,
    speaker_around,
)
from storytrace.quotes.german import CONTINUED
from storytrace.quotes.marked import add_marked, nearby_cue, with_cue
from storytrace.quotes.marks import Quoted, quotations
from storytrace.quotes.mentions import speaker_from_mention
from storytrace.quotes.parse import Parse, parse_text, parse_texts
from storytrace.quotes.speakers import Cue
from storytrace.quotes.syntax import Found
from storytrace.quotes.verb_final_first import LANGUAGES as VERB_FINAL_FIRST
from storytrace.quotes.verb_final_first import OUTLET_CUES, refers_to

# Names the extraction rules; quotations stored by another version are extracted again.
# Change it with any change to what extraction finds.
EXTRACTOR_VERSION = "quotes-22"
# Quoted spans shorter than this are terms or scare quotes ("flirting"), not quotations.
QUOTE_MIN_WORDS = 4
# Words of a parsed content outside the marks that make a quotation mixed, not direct.
MIXED_MIN_WORDS = 3
NOTE_NOT_ENGLISH = (
    "no speaker searched: cue words are known for English, Russian, French, German, "
    "Spanish, Italian, Polish, Turkish, Arabic and Chinese only"
)
# Chinese and Japanese characters: no spaces between words, about two characters a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CJK_CHARS_PER_WORD = 2


def quotes_in_article(article: Article) -> list[Quote]:
    """Quotations of one article that has not been analysed: English text is parsed once,
    its sentences taken from the parse; other languages are split into sentences first."""
    return quotes_in_articles([article])[0]


def quotes_in_articles(articles: Sequence[Article]) -> list[list[Quote]]:
    """The quotations of each of ``articles`` (not analysed), in order, as
    ``quotes_in_article`` finds them; the English ones are parsed together in batches."""
    return extract_all(
        [
            AnalysedArticle(article, [], [])
            if is_english(article)
            else AnalysedArticle(article, *analyse_text(article.text, article.language))
            for article in articles
        ]
    )


def extract_all(analysed: Sequence[AnalysedArticle]) -> list[list[Quote]]:
    """``extract_quotes`` of each of ``analysed``, in order, the English texts parsed
    together in batches (faster than one at a time). An article analysed already (it has
    sentences) lends the parse its entities."""
    english = [i for i, item in enumerate(analysed) if is_english(item.article)]
    texts = [analysed[i].article.text for i in english]
    entities = [analysed[i].entities if analysed[i].sentences else None for i in english]
    parses = dict(zip(english, parse_texts(texts, entities), strict=True))
    return [extract_quotes(item, parses.get(index)) for index, item in enumerate(analysed)]


def is_english(article: Article) -> bool:
    """Whether ``article`` is parsed as English (its language, or none known)."""
    return (article.language or "en") == "en"


def extract_quotes(analysed: AnalysedArticle, parse: Parse | None = None) -> list[Quote]:
    """Direct, indirect and mixed quotations of ``analysed``, in text order. ``parse``: the
    parse of an English article's text where the caller has it (``parse_texts``)."""
    article = analysed.article
    text = article.text
    marked = quotations(text)
    drafts: list[Draft] = []
    notes: list[str] = []
    entities: Sequence[Entity] = analysed.entities
    subjects: frozenset[int] = frozenset()
    language = article.language or "en"
    found: list[Found] = []
    spoken: list[Found] = []
    if language in PATTERN_LANGUAGES:
        found = reported_speech(text, language)
    elif language != "en":
        notes.append(NOTE_NOT_ENGLISH)
    else:
        if parse is None:
            parse = parse_text(text, analysed.entities if analysed.sentences else None)
        found, spoken = list(parse.found), parse.spoken
        entities, subjects = parse.entities, parse.subjects
        found += colon_attributions(text, entities)
        if not analysed.sentences:
            analysed = AnalysedArticle(article, parse.sentences, list(entities))
    claimed: set[int] = set()
    for item in found:
        if item.source is not None and fold(text[item.source[0] : item.source[1]]) == "you":
            continue  # "you will notice that ...": the writer addressing the reader
        if any(q.start <= item.cue[0] < q.end for q in marked):
            continue  # "I think", "as I said" inside a quotation: the speaker's own words
        drafts.append(_from_parse(text, item, marked, claimed, entities, subjects))
    drafts.sort(key=lambda d: d.parts[0][0])
    for index, quoted in enumerate(marked):
        words = quote_words(text[quoted.start : quoted.end])
        if index in claimed or len(words) < QUOTE_MIN_WORDS or is_title(words):
            continue
        if language in PATTERN_LANGUAGES:
            nearby = speaker_around(text, language, quoted.start, quoted.end)
        else:
            nearby = nearby_cue(text, quoted, spoken)
        if nearby is not None:
            drafts.append(with_cue(text, quoted, nearby, entities, subjects))
            continue
        add_marked(
            analysed, quoted, drafts, entities, subjects, english=language == "en" and not notes
        )
    drafts.sort(key=lambda d: d.parts[0][0])
    if language in PATTERN_LANGUAGES:
        _resolve_pronouns(drafts, language)
    for draft in drafts:
        draft.speaker = credible_speaker(draft.speaker, entities)
    return [to_quote(article.id, n, text, draft, notes) for n, draft in enumerate(drafts)]


# Capitalised words of four letters or more that make a quoted phrase ending in "!" a title
# or a slogan ("Make America Great Again!") rather than an exclamation ("Help!").
TITLE_EXCLAIMED_WORDS = 2


def quote_words(span: str) -> list[str]:
    """The words of ``span``; runs of Chinese or Japanese characters count one word per
    ``CJK_CHARS_PER_WORD`` characters."""
    words = _CJK.sub(" ", span).split()
    characters = "".join(_CJK.findall(span))
    return words + [
        characters[i : i + CJK_CHARS_PER_WORD]
        for i in range(0, len(characters) - CJK_CHARS_PER_WORD + 1, CJK_CHARS_PER_WORD)
    ]


def is_title(words: list[str]) -> bool:
    """True for a quoted title ("Crippled America: How to Make America Great Again"): every
    word of four letters or more capitalised, and no sentence end; an exclamation mark ends
    a title too when two or more such words show it is one ("Make America Great Again!")."""
    long_words = [w.strip(",.:;!?'’\"") for w in words]
    long_words = [w for w in long_words if len(w) >= 4]
    ends = words[-1].rstrip("'’\"”") if words else ""
    if not long_words or not all(w[:1].isupper() for w in long_words):
        return False
    if ends.endswith("!"):
        return len(long_words) >= TITLE_EXCLAIMED_WORDS
    return not ends.endswith((".", "?"))


def _resolve_pronouns(drafts: list[Draft], language: str) -> None:
    """Without a parse, a pronoun ("Он сообщил, что ...") is the last named speaker's, and in
    Turkish, Arabic and Chinese a description is the last named speaker whose mention
    holds it (``verb_final_first.refers_to``). An outlet that an "according to" report
    names ("据新华社报道") is no one a pronoun refers back to."""
    named: list[Speaker] = []
    for draft in drafts:
        speaker = draft.speaker
        if speaker is None:
            continue
        if speaker.key:
            if draft.cue is None or draft.cue[0] not in OUTLET_CUES:
                named.append(speaker)
            continue
        if fold(speaker.name) in PRONOUNS and named:
            last: Speaker | None = named[-1]
        elif language in VERB_FINAL_FIRST:
            last = next((s for s in reversed(named) if refers_to(speaker.name, s)), None)
        else:
            last = None
        if last is not None:
            draft.speaker = Speaker(
                last.name, last.key, last.role, speaker.start, speaker.end, speaker.name
            )


def _from_parse(
    text: str,
    item: Found,
    marked: list[Quoted],
    claimed: set[int],
    entities: Sequence[Entity],
    subjects: frozenset[int],
) -> Draft:
    anchor = item.content[0] if item.lemma == CONTINUED else item.cue[0]
    start, end = _within_paragraph(text, item.content, anchor)
    inner = any(q.start <= item.cue[0] < q.end for q in marked)
    hits = [
        i
        for i, q in enumerate(marked)
        if q.start < end and q.end > start and not (q.start <= item.cue[0] < q.end)
    ]
    speaker = item.speaker
    if speaker is None and item.source is not None:
        speaker = speaker_from_mention(text, *item.source, entities, subjects)
    cue = Cue(item.cue_text, item.cue[0], item.cue[1])
    if item.lemma == ":" and not hits:
        # a transcript's or a headline's speech is the speaker's own words
        return Draft([(start, end)], QuoteKind.DIRECT, speaker, cue)
    if inner or not hits:
        parts = [_within_paragraph(text, part, item.cue[0]) for part in item.parts]
        parts = [(s, e) for s, e in parts if e > s] or [(start, end)]
        return Draft(parts, QuoteKind.INDIRECT, speaker, cue)
    claimed.update(hits)
    quoted = [marked[i] for i in hits]
    outside = _words_outside(text, start, end, quoted)
    draft_notes = [NOTE_UNBALANCED] if any(not q.closed for q in quoted) else []
    if outside >= MIXED_MIN_WORDS and not item.parts:
        # (a content taken as the rest of the sentence around a parenthetical cue holds the
        # writer's words too: there the quotation alone is the content)
        extent = (min(start, quoted[0].start), max(end, quoted[-1].end))
        return Draft([extent], QuoteKind.MIXED, speaker, cue, draft_notes)
    parts = [(q.start, q.end) for q in quoted]
    return Draft(parts, QuoteKind.DIRECT, speaker, cue, draft_notes, not quoted[-1].closed)


def _within_paragraph(text: str, span: tuple[int, int], cue: int) -> tuple[int, int]:
    """``span`` cut to the paragraph of the cue: the parser's sentences may cross a blank
    line, reported speech does not (a quotation reopened there is found from its marks)."""
    start, end = span
    before = text.rfind("\n\n", 0, cue)
    after = text.find("\n\n", cue)
    if before != -1:
        start = max(start, before + 2)
    if after != -1:
        end = min(end, after)
    return start, max(start, end)


def _words_outside(text: str, start: int, end: int, quoted: list[Quoted]) -> int:
    chars = [c for c in range(start, end) if not any(q.start <= c < q.end for q in quoted)]
    outside = "".join(text[c] if c in chars else " " for c in range(start, end))
    return sum(1 for word in outside.split() if any(ch.isalnum() for ch in word))
