"""Quotations and their speakers, in one article: direct, indirect and mixed.

Two sources meet here. The dependency parse (``syntax``) finds reporting cues with their
subject and clausal content ("Trump said that the deal was dead"); quotation marks
(``marks``) find the quoted words. A parsed content that overlaps quoted words takes the
whole quotation (the parse of a quotation of several sentences only reaches its last one):
it is direct when it lies inside the marks, mixed when it reaches beyond them. Quoted words
that no cue in the parse claims get their speaker from the words around them
(``speakers.find_speaker``), or continue the quotation before them ('"...," he said.
"..."', or a quotation reopened in the next paragraph) and become one of its parts.

English text is parsed; other languages get their quotations from the marks alone, with a
note saying that no speaker was searched for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storytrace.model import AnalysedArticle, Article, Entity, Quote, QuoteKind, Speaker
from storytrace.nlp.names import fold
from storytrace.nlp.pipeline import analyse_text, parsing_pipeline
from storytrace.nlp.segment import ends_sentence
from storytrace.quotes.marks import LONG_QUOTE, Quoted, quotations
from storytrace.quotes.speakers import Cue, find_speaker, speaker_from_mention
from storytrace.quotes.syntax import Found, attributions, speech_cues

# Quoted spans shorter than this are terms or scare quotes ("flirting"), not quotations.
QUOTE_MIN_WORDS = 4
# A quotation that opens this close after an attributed one, in the same paragraph, continues
# it (room for '," Mrs. Clinton said in an interview at a factory in Ohio on Monday. "').
CONTINUATION_GAP = 200
# How far a parsed speech cue may stand after a quotation ('"...," Trump, the party's
# front-runner in South Carolina, said') or before it ('Trump said on Monday: "...').
AFTER_GAP = 250
BEFORE_GAP = 4
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
# Words of a parsed content outside the marks that make a quotation mixed, not direct.
MIXED_MIN_WORDS = 3
NOTE_UNBALANCED = "unbalanced quotation mark: quoted to the end of the paragraph"
NOTE_LONG = f"very long quotation (over {LONG_QUOTE} characters)"
NOTE_NOT_ENGLISH = "no speaker searched: cue words are known for English only"
NOTE_TOO_LONG_TO_PARSE = "text too long to parse: quotation marks only"


@dataclass
class _Draft:
    parts: list[tuple[int, int]]
    kind: QuoteKind
    speaker: Speaker | None
    cue: Cue | None
    notes: list[str] = field(default_factory=list)
    open_at_end: bool = False  # the last part's mark was open at the end of its paragraph


def quotes_in_article(article: Article) -> list[Quote]:
    """Quotations of one article, without the embedding stage (sentences and entities only)."""
    sentences, entities = analyse_text(article.text, article.language)
    return extract_quotes(AnalysedArticle(article, sentences, entities))


def extract_quotes(analysed: AnalysedArticle) -> list[Quote]:
    """Direct, indirect and mixed quotations of ``analysed``, in text order."""
    article = analysed.article
    text = article.text
    marked = quotations(text)
    drafts: list[_Draft] = []
    notes: list[str] = []
    entities: Sequence[Entity] = analysed.entities
    subjects: frozenset[int] = frozenset()
    if article.language not in (None, "en"):
        notes.append(NOTE_NOT_ENGLISH)
        found: list[Found] = []
        spoken: list[Found] = []
    else:
        nlp = parsing_pipeline()
        if len(text) >= nlp.max_length:
            notes.append(NOTE_TOO_LONG_TO_PARSE)
            found, spoken = [], []
        else:
            doc = nlp(text)
            entities = [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
            found = attributions(doc)
            # subjects of main clauses: the people a pronoun most likely refers back to
            subjects = frozenset(
                t.idx for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
            )
            spoken = speech_cues(doc)
    claimed: set[int] = set()
    for item in found:
        if item.source is not None and fold(text[item.source[0] : item.source[1]]) == "you":
            continue  # "you will notice that ...": the writer addressing the reader
        if any(q.start <= item.cue[0] < q.end for q in marked):
            continue  # "I think", "as I said" inside a quotation: the speaker's own words
        drafts.append(_from_parse(text, item, marked, claimed, entities, subjects))
    drafts.sort(key=lambda d: d.parts[0][0])
    for index, quoted in enumerate(marked):
        if index in claimed or len(text[quoted.start : quoted.end].split()) < QUOTE_MIN_WORDS:
            continue
        nearby = _nearby_cue(text, quoted, spoken)
        if nearby is not None:
            drafts.append(_with_cue(text, quoted, nearby, entities, subjects))
            continue
        _add_marked(analysed, quoted, drafts, entities, subjects, english=not notes)
    drafts.sort(key=lambda d: d.parts[0][0])
    return [_quote(article.id, n, text, draft, notes) for n, draft in enumerate(drafts)]


def _from_parse(
    text: str,
    item: Found,
    marked: list[Quoted],
    claimed: set[int],
    entities: Sequence[Entity],
    subjects: frozenset[int],
) -> _Draft:
    start, end = _within_paragraph(text, item.content, item.cue[0])
    inner = any(q.start <= item.cue[0] < q.end for q in marked)
    hits = [
        i
        for i, q in enumerate(marked)
        if q.start < end and q.end > start and not (q.start <= item.cue[0] < q.end)
    ]
    speaker = None
    if item.source is not None:
        speaker = speaker_from_mention(text, *item.source, entities, subjects)
    cue = Cue(item.cue_text, item.cue[0], item.cue[1])
    if inner or not hits:
        parts = [_within_paragraph(text, part, item.cue[0]) for part in item.parts]
        parts = [(s, e) for s, e in parts if e > s] or [(start, end)]
        return _Draft(parts, QuoteKind.INDIRECT, speaker, cue)
    claimed.update(hits)
    quoted = [marked[i] for i in hits]
    outside = _words_outside(text, start, end, quoted)
    draft_notes = [NOTE_UNBALANCED] if any(not q.closed for q in quoted) else []
    if outside >= MIXED_MIN_WORDS and not item.parts:
        # (a content taken as the rest of the sentence around a parenthetical cue holds the
        # writer's words too: there the quotation alone is the content)
        extent = (min(start, quoted[0].start), max(end, quoted[-1].end))
        return _Draft([extent], QuoteKind.MIXED, speaker, cue, draft_notes)
    parts = [(q.start, q.end) for q in quoted]
    return _Draft(parts, QuoteKind.DIRECT, speaker, cue, draft_notes, not quoted[-1].closed)


def _nearby_cue(text: str, quoted: Quoted, cues: list[Found]) -> Found | None:
    """A speech cue in the parse that frames ``quoted``: right after it in the same sentence
    ('"...," Trump, the party's front-runner, said') or right before it ('Trump said: "...').
    """
    after = [
        cue
        for cue in cues
        if quoted.end < cue.cue[0] <= quoted.end + AFTER_GAP
        and _frames(text[quoted.end + 1 : min(cue.cue[0], (cue.source or cue.cue)[0])])
    ]
    if after:
        return min(after, key=lambda cue: cue.cue[0])
    before = [
        cue
        for cue in cues
        if 0 <= quoted.start - cue.cue[1] <= BEFORE_GAP
        and not text[cue.cue[1] : quoted.start - 1].strip(" ,:\t")
    ]
    return max(before, key=lambda cue: cue.cue[0]) if before else None


def _frames(gap: str) -> bool:
    """True when ``gap`` (between a quotation and its cue) stays inside one sentence."""
    return "\n" not in gap and not _SENTENCE_END.search(gap) and not any(m in gap for m in "“«")


def _with_cue(
    text: str,
    quoted: Quoted,
    cue: Found,
    entities: Sequence[Entity],
    subjects: frozenset[int],
) -> _Draft:
    speaker = None
    if cue.source is not None:
        speaker = speaker_from_mention(text, *cue.source, entities, subjects)
    notes = [] if quoted.closed else [NOTE_UNBALANCED]
    return _Draft(
        [(quoted.start, quoted.end)],
        QuoteKind.DIRECT,
        speaker,
        Cue(cue.cue_text, cue.cue[0], cue.cue[1]),
        notes,
        not quoted.closed,
    )


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


def _add_marked(
    analysed: AnalysedArticle,
    quoted: Quoted,
    drafts: list[_Draft],
    entities: Sequence[Entity],
    subjects: frozenset[int],
    english: bool,
) -> None:
    """A quotation no parsed cue claimed: a continuation of the one before, or a new one."""
    text = analysed.article.text
    notes = [] if quoted.closed else [NOTE_UNBALANCED]
    previous = max(
        (d for d in drafts if d.parts[-1][1] <= quoted.start and d.kind != QuoteKind.INDIRECT),
        key=lambda d: d.parts[-1][1],
        default=None,
    )
    if previous is not None and _continues(text, previous, quoted.start):
        _append(previous, quoted, notes)
        return
    speaker: Speaker | None = None
    cue: Cue | None = None
    if english:
        context = _context(analysed, quoted.start, quoted.end)
        speaker, cue = find_speaker(text, quoted.start, quoted.end, context, entities, subjects)
    if speaker is None and previous is not None and _opens_next_paragraph(text, previous, quoted):
        _append(previous, quoted, notes)
        return
    drafts.append(
        _Draft(
            [(quoted.start, quoted.end)], QuoteKind.DIRECT, speaker, cue, notes, not quoted.closed
        )
    )


def _append(previous: _Draft, quoted: Quoted, notes: list[str]) -> None:
    previous.parts.append((quoted.start, quoted.end))
    previous.notes.extend(n for n in notes if n not in previous.notes)
    previous.open_at_end = not quoted.closed


def _opens_next_paragraph(text: str, previous: _Draft, quoted: Quoted) -> bool:
    """A paragraph that opens with a quotation and names no speaker goes on quoting the
    speaker of the paragraph before (news style gives each new speaker a new cue)."""
    if previous.speaker is None:
        return False
    gap = text[previous.parts[-1][1] : quoted.start]
    breaks = gap.count("\n\n")
    if breaks != 1:
        return False
    paragraph_start = gap.rindex("\n\n") + 2
    return not gap[paragraph_start:].strip(" \t\"“”«»„'")


def _continues(text: str, previous: _Draft, start: int) -> bool:
    """True when a quotation goes on right after the previous one.

    '"We must apologise," he said. "This is America's war."' -- the second part has no cue
    of its own; it is the same speaker's. So is a quotation reopened at the start of the
    paragraph after one that ended with its mark still open.
    """
    gap = text[previous.parts[-1][1] : start]
    if previous.speaker is None:
        return False
    if previous.open_at_end:
        return not gap.strip(' \n\t\r"“”«»„')
    return "\n" not in gap and len(gap) <= CONTINUATION_GAP


def _context(analysed: AnalysedArticle, start: int, end: int) -> tuple[int, int]:
    """The sentence or sentences that the quotation touches.

    Units are clauses of long sentences; the speaker usually stands in an earlier clause
    ("Mr. Steele, seeking to clarify his remarks, issued a statement, saying, "..."), so the
    context reaches back over units that do not end a sentence.
    """
    units = analysed.sentences
    touching = [u.index for u in units if u.end > start - 1 and u.start < end + 1]
    if not touching:
        return start - 1, end + 1
    first = touching[0]
    while first > 0 and not ends_sentence(units[first - 1].text):
        first -= 1
    return units[first].start, units[touching[-1]].end


def _quote(article_id: str, number: int, text: str, draft: _Draft, notes: list[str]) -> Quote:
    parts = tuple(draft.parts)
    start, end = parts[0][0], parts[-1][1]
    all_notes = [*notes, *draft.notes]
    if end - start > LONG_QUOTE:
        all_notes.append(NOTE_LONG)
    cue_text, cue_start, cue_end = draft.cue if draft.cue else (None, None, None)
    return Quote(
        id=f"{article_id}-q{number}",
        article=article_id,
        start=start,
        end=end,
        text=" ".join(text[s:e].strip() for s, e in parts),
        speaker=draft.speaker,
        cue=cue_text,
        kind=draft.kind,
        cue_start=cue_start,
        cue_end=cue_end,
        parts=parts,
        notes=tuple(all_notes),
    )
