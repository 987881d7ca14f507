"""Markdown decoration: keep the words, drop the marks.

Applied to every input, not only ``.md`` files: scrapers and copy-paste leave Markdown in
``.txt`` exports too. The patterns ask for the shapes Markdown gives (``*`` hugging a word,
``[text](url)``), so ``5 * 3``, ``snake_case`` and ``f*ck`` are left alone.
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
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:[ ]+\"[^\"]*\")?\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _TARGET)
_LINK = re.compile(r"\[([^\]]*)\]" + _TARGET)
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|www\.[^>\s]+)>")
_CODE = re.compile(r"`([^`\n]+)`")

# Emphasis marks must hug the words and not sit inside a word on the outer side.
_STRONG = re.compile(r"(?<![\w*_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")

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
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
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
