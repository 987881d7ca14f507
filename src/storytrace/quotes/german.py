"""German reported speech: the subjunctive, and "bekräftigte, dass ...".

German news reports what someone said in the subjunctive (Konjunktiv I), often with no
"dass" and with the cue after the content:

- "Es sei ein «grossartiger Deal», sagte Trump." / "..., so Scholz." (content first)
- "Scholz sagte, die Lage sei ernst." (cue first, no "dass")
- "Am Montag betonte der Kanzler, dass ..." / "..., sagte Scholz, die Lage sei ernst."
  (the verb before its subject)
- "Es seien nicht alle erreichbar gewesen." right after such a report: the report goes on,
  in the subjunctive, with no new cue.

``foreign`` reads "X sagte, dass ..." and "laut X"; this module adds these frames. A
speaker is a name ("Gaby Allendorf") or, after an article, a description ("die
Rechnungsprüfer", no key), as ``foreign`` reads it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from storytrace.quotes.syntax import Found

# Verb forms that report speech, singular and plural, past and present.
CUES = (
    r"sagte|sagten|sagt|erklärte|erklärten|erklärt|betonte|betonten|betont|bekräftigte|"
    r"bekräftigten|bekräftigt|unterstrich|unterstrichen|versicherte|versicherten|meinte|"
    r"meinten|warnte|warnten|schrieb|schrieben|berichtete|berichteten|ergänzte|bestätigte|"
    r"bestätigten|behauptete|behaupteten|kritisierte|argumentierte|fügte hinzu"
)
# Subjunctive verb forms (Konjunktiv I, and the Konjunktiv II that stands in for it).
_FIRST = (
    r"sei|seien|habe|werde|könne|müsse|solle|wolle|dürfe|gebe|gehe|komme|liege|"
    r"stehe|befinde|bleibe|brauche|fehle|handle|halte|lasse|wisse|zeige|gelte|plane"
)
_SECOND = r"hätte|hätten|wäre|wären|würde|würden|könnten|müssten|sollten|dürften"
_SUBJUNCTIVE = re.compile(rf"\b(?:{_FIRST}|{_SECOND})\b")
_FIRST_ONLY = re.compile(rf"\b(?:{_FIRST})\b")
# "ich habe", "wir werden": the indicative, not reported speech.
_FIRST_PERSON = re.compile(r"\b(?:ich|wir|Ich|Wir)\b")
_CAP = r"[A-ZÄÖÜ][\w’'-]*"
_DETERMINER = r"(?:der|die|das|dem|den|des|ein|eine|einer|eines|Der|Die|Das|Ein|Eine)"
# A speaker: a name ("Gaby Allendorf"), or an article, adjectives and nouns ("der
# französische Präsident Emmanuel Macron", "die Rechnungsprüfer").
_WHO = rf"(?:{_DETERMINER}\s+(?:[a-zäöüß]+(?:e|en|er|es)\s+){{0,2}})?{_CAP}(?:\s+{_CAP}){{0,3}}"
# A sentence start: not after "am 31." (a date's full stop ends no sentence).
_START = r"(?:^|(?<=[^\d][.!?:]\s)|(?<=[.!?:][“”»«\"]\s)|(?<=\n))"
_CLAUSE = r"[^.!?\n]"
_CONTENT_FIRST = re.compile(
    rf"{_START}(?P<content>[A-ZÄÖÜ„»«“\"]{_CLAUSE}*?[“”»«\"]?),\s+"
    rf"(?P<cue>{CUES}|so)\s+(?P<who>{_WHO})(?=[\s,.;!?])",
    re.MULTILINE,
)
_CUE_FIRST = re.compile(
    rf"(?P<who>{_WHO})\s+(?:(?:auch|erneut|nochmals|zudem|bereits|am \w+)\s+)?"
    rf"(?P<cue>{CUES}),\s+(?P<content>(?!dass\b){_CLAUSE}+)",
)
_INVERTED = re.compile(
    rf"\b(?P<cue>{CUES})\s+(?P<who>{_WHO}),?\s+(?P<content>{_CLAUSE}+)",
)
# A sentence: up to a full stop that no digit precedes ("am 31. Oktober" goes on).
_SENTENCE = re.compile(r"[^\s].*?(?:(?<![0-9])[.!?](?=[“”»«\"]?(?:\s|$))|\n|$)", re.DOTALL)
# The ``Found.lemma`` of a sentence that carries on the report before it: its content may
# stand in the paragraph after its cue's.
CONTINUED = "continued"
# How far (characters) a report may stand before the subjunctive sentence that continues it.
CONTINUATION_GAP = 4


Span = tuple[int, int]


def german_reports(text: str) -> list[tuple[Span, Span, Span]]:
    """The subjunctive reports of ``text`` (see the module's docstring): the spans of each
    one's cue, speaker and content."""
    spans = []
    for match in _CONTENT_FIRST.finditer(text):
        if _SUBJUNCTIVE.search(match.group("content")):
            spans.append((match.span("cue"), match.span("who"), match.span("content")))
    for pattern in (_CUE_FIRST, _INVERTED):
        for match in pattern.finditer(text):
            content = match.group("content")
            if content.startswith("dass ") or _SUBJUNCTIVE.search(content):
                spans.append((match.span("cue"), match.span("who"), match.span("content")))
    return spans


def continued_reports(text: str, reports: list[Found]) -> list[Found]:
    """Subjunctive sentences that carry on a report just before them with no cue of their
    own ("Es seien nicht alle erreichbar gewesen."): the same speaker's, by the same cue."""
    by_end = [report for report in reports if report.speaker is not None]
    continued: list[Found] = []
    last: Found | None = None
    last_end = -1
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        words = sentence.group()
        cued = any(start <= report.cue[0] < end for report in reports)
        if last is not None and not cued and start - last_end <= CONTINUATION_GAP:
            reported = _FIRST_ONLY.search(words) and not _FIRST_PERSON.search(words)
            if reported and not any(mark in words for mark in '„“”«»"'):
                content_end = end - 1 if words.endswith((".", "!", "?")) else end
                item = replace(last, content=(start, content_end), parts=(), lemma=CONTINUED)
                continued.append(item)
                last_end = end
                continue
        last = next((r for r in by_end if start <= r.content[1] <= end), None)
        last_end = end
    return continued
