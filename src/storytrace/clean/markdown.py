"""Markdown decoration: keep the words, drop the marks.

Applied to every input, not only ``.md`` files: scrapers and copy-paste leave Markdown in
``.txt`` exports too. The patterns ask for the shapes Markdown gives (``*`` hugging a word,
``[text](url)``), so ``5 * 3``, ``snake_case`` and ``f*ck`` are left alone.

Article text is untrusted, so every pass is linear in the length of a line. Links, images
and emphasis are found by small scanners (``_strip_bracketed``, ``_strip_spans``) that give
the results of the regular expressions they replace (a label up to the first ``]``; a lazy
span from an opening mark to the first closing one): those expressions retried from every
``[`` or ``*`` and rescanned the rest of the line each time, so a line of 100,000 ``[`` cost
a CPU-minute. An autolink stops at ``<``.
"""

from __future__ import annotations

import re

from storytrace.clean.lines import Line, Paragraph

_BLOCKQUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_RULE = re.compile(r"^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$")
_SETEXT_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
_ATX_HEADING = re.compile(r"^#{1,6}(?:[ ]+(.*?))?(?:[ ]+#+)?[ ]*$")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:[ ]*\S+")

# A link target may hold one level of parentheses (Wikipedia URLs do).
_LINK_TARGET = re.compile(r"\((?:[^()\s]|\([^()\s]*\))*(?:[ ]+\"[^\"]*\")?\)")
_REFERENCE_LABEL = re.compile(r"\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+|www\.[^<>\s]+)>")
_CODE = re.compile(r"`([^`\n]+)`")

# Emphasis marks must hug the words and not sit inside a word on the outer side: openers,
# and for each opening mark the closer that ends its span.
_STRONG_OPEN = re.compile(r"(?<![\w*_])(?:\*\*|__)(?=\S)")
_STRONG_CLOSE = {
    "**": re.compile(r"(?<=\S)\*\*(?![\w*_])"),
    "__": re.compile(r"(?<=\S)__(?![\w*_])"),
}
_STAR_OPEN = re.compile(r"(?<![\w*])\*(?=\S)")
_STAR_CLOSE = {"*": re.compile(r"(?<=\S)\*(?![\w*])")}
_UNDERSCORE_OPEN = re.compile(r"(?<![\w_])_(?=\S)")
_UNDERSCORE_CLOSE = {"_": re.compile(r"(?<=\S)_(?![\w_])")}
_STRIKE_OPEN = re.compile(r"~~(?=\S)")
_STRIKE_CLOSE = {"~~": re.compile(r"(?<=\S)~~")}
_LINE_BREAK = re.compile(r"\n")

# Backslash escapes are parked in the private-use area while the emphasis patterns run, so
# an escaped ``\\*`` never opens emphasis, then restored as the plain character.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_PARKED = re.compile("[\ue000-\ue07f]")


def strip_blockquotes(text: str) -> str:
    """Remove ``>`` quote markers at line starts (a ``>``-only line becomes blank)."""
    return _BLOCKQUOTE.sub("", text)


def strip_markdown(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Line]]:
    """Strip Markdown from every line.

    Headings get ``heading=True`` and a paragraph of their own; rules, setext underlines,
    link definitions and lines that were only an image are dropped.

    Returns:
        The new paragraphs and the dropped lines.
    """
    result: list[Paragraph] = []
    removed: list[Line] = []
    for paragraph in paragraphs:
        current: Paragraph = []
        for position, line in enumerate(paragraph):
            if _is_setext_underline(paragraph, position) and current:
                current[-1].heading = True  # the line above is a heading: close it off
                result.append(current)
                current = []
                removed.append(line)
            elif _RULE.match(line.raw) or _LINK_DEFINITION.match(line.raw):
                removed.append(line)
            else:
                current = _add_line(line, current, result, removed)
        if current:
            result.append(current)
    return result, removed


def strip_inline(text: str) -> str:
    """Return ``text`` without inline Markdown (emphasis, links, images, code, escapes)."""
    text = _ESCAPE.sub(lambda match: chr(0xE000 + ord(match.group(1))), text)
    text = _strip_bracketed(text, "![", _LINK_TARGET, keep_label=False)
    text = _strip_bracketed(text, "[", _LINK_TARGET)
    text = _strip_bracketed(text, "[", _REFERENCE_LABEL, shortest_label=1)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _strip_spans(text, _STRIKE_OPEN, _STRIKE_CLOSE)
    text = _strip_spans(text, _STRONG_OPEN, _STRONG_CLOSE)
    text = _strip_spans(text, _STAR_OPEN, _STAR_CLOSE)
    text = _strip_spans(text, _UNDERSCORE_OPEN, _UNDERSCORE_CLOSE)
    text = _PARKED.sub(lambda match: chr(ord(match.group(0)) - 0xE000), text)
    return " ".join(text.split())


def _is_setext_underline(paragraph: Paragraph, position: int) -> bool:
    """``===`` or ``---`` right under the first line of a paragraph makes that a heading."""
    return position == 1 and _SETEXT_UNDERLINE.match(paragraph[1].raw) is not None


def _add_line(
    line: Line, current: Paragraph, result: list[Paragraph], removed: list[Line]
) -> Paragraph:
    """Strip ``line`` and add it; a heading closes ``current`` and stands alone."""
    heading = _ATX_HEADING.match(line.raw)
    line.text = strip_inline((heading.group(1) or "") if heading else line.text)
    if not line.text:
        removed.append(line)
        return current
    if heading is None:
        current.append(line)
        return current
    line.heading = True
    if current:
        result.append(current)
    result.append([line])
    return []


def _strip_bracketed(
    text: str,
    opening: str,
    tail: re.Pattern[str],
    keep_label: bool = True,
    shortest_label: int = 0,
) -> str:
    """Replace ``<opening>label]<tail>`` by its label (or by nothing), left to right.

    The same as ``re.sub`` with the opening, a label of any characters but ``]``, ``]`` and
    the tail: a label runs to the first ``]``. When the tail does not follow that ``]``, no
    opening before it can match either, so the scan goes on after it instead of from the
    next opening: linear.
    """
    pieces: list[str] = []
    copied = position = 0
    while (start := text.find(opening, position)) != -1:
        label_start = start + len(opening)
        close = text.find("]", label_start)
        if close == -1:
            break  # no label can end: nothing further matches
        matched = tail.match(text, close + 1)
        if matched is None or close - label_start < shortest_label:
            position = close + 1
            continue
        pieces.append(text[copied:start])
        if keep_label:
            pieces.append(text[label_start:close])
        copied = position = matched.end()
    pieces.append(text[copied:])
    return "".join(pieces)


def _strip_spans(text: str, opener: re.Pattern[str], closers: dict[str, re.Pattern[str]]) -> str:
    """Replace ``<mark>content<mark>`` by its content, left to right, within one line.

    The same as ``re.sub`` with ``opener + "(.+?)" + closer`` (the closer that belongs to the
    mark the opener matched): the first closer after an opener ends its span. The next
    closer of each mark and the next line break are remembered while the scan moves
    forward, so an opener that finds none costs nothing and the whole is linear.
    """
    next_closer = {mark: _NextMatch(closer, text) for mark, closer in closers.items()}
    next_line_break = _NextMatch(_LINE_BREAK, text)
    pieces: list[str] = []
    copied = position = 0
    while (opening := opener.search(text, position)) is not None:
        content_start = opening.end()
        closing = next_closer[opening.group()].at_or_after(content_start + 1)
        line_break = next_line_break.at_or_after(content_start)
        if closing is None or (line_break is not None and line_break.start() < closing.start()):
            position = opening.start() + 1
            continue
        pieces.append(text[copied : opening.start()])
        pieces.append(text[content_start : closing.start()])
        copied = position = closing.end()
    pieces.append(text[copied:])
    return "".join(pieces)


class _NextMatch:
    """The first match of a pattern at or after a position that only moves forward."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._pattern = pattern
        self._text = text
        self._searched = False
        self._found: re.Match[str] | None = None

    def at_or_after(self, position: int) -> re.Match[str] | None:
        """Search again only when the remembered match lies before ``position``."""
        if not self._searched or (self._found is not None and self._found.start() < position):
            self._found = self._pattern.search(self._text, position)
            self._searched = True
        return self._found
