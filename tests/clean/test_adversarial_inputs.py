"""Hostile Markdown costs no more than ordinary text of the same size (issue 15, point 5).

Inline Markdown is stripped from every input, whatever its format. Each hostile line below
(200 KB of one repeated fragment) made a regular expression rescan the rest of the line
from every fragment: quadratic, minutes at this size. The bound is a ratio to cleaning
ordinary text of the same size, measured in the same test, never an absolute time. A run
over the bound is stopped there (SIGALRM, which the regex engine honours) and tried again
twice, so a busy machine does not fail the test but a quadratic pass fails it in seconds.
"""

from __future__ import annotations

import contextlib
import re
import signal
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import over_budget
from storytrace.clean import clean_document
from storytrace.clean.markdown import strip_inline
from storytrace.errors import InputError
from storytrace.model import RawDocument

SIZE = 200_000
MAX_RATIO = 20
TRIES = 3

NORMAL_FRAGMENT = (
    "The **council** met on _Tuesday_ to discuss the [budget](https://example.org/b), "
    "the ~~old~~ `bridge` and <https://example.org/river>. "
)
HOSTILE_FRAGMENTS = {
    "open brackets": "[",
    "open images": "![",
    "labels without targets": "[a] ",
    "reference labels left open": "[a][",
    "link titles left open": '[a](b "',
    "autolinks never closed": "<www.",
    "scheme autolinks never closed": "<http://",
    "strong never closed": "**a ",
    "underscore strong never closed": "__a ",
    "emphasis never closed": "*a ",
    "underscore emphasis never closed": "_a ",
    "strike never closed": "~~a ",
}


def _one_line(fragment: str) -> str:
    return "Opening words " + fragment * (SIZE // len(fragment))


def _clean_seconds(text: str) -> float:
    start = time.perf_counter()
    # a refusal with a reason is a fine outcome; only the time is measured here
    with contextlib.suppress(InputError):
        clean_document(RawDocument(source="hostile.md", text=text, format="markdown"), "a1")
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def normal_seconds() -> float:
    """Cleaning one line of ordinary Markdown prose of the same size (best of three)."""
    text = _one_line(NORMAL_FRAGMENT)
    return min(_clean_seconds(text) for _ in range(3))


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM (POSIX)")
@pytest.mark.parametrize("fragment", HOSTILE_FRAGMENTS.values(), ids=HOSTILE_FRAGMENTS.keys())
def test_hostile_markdown_costs_at_most_twenty_times_normal_text(
    fragment: str, normal_seconds: float
) -> None:
    text = _one_line(fragment)
    baselines = iter([normal_seconds])

    def baseline() -> float:  # the fixture's figure first, then measured again
        return next(baselines, None) or _clean_seconds(_one_line(NORMAL_FRAGMENT))

    over = over_budget(lambda: _clean_seconds(text), baseline, MAX_RATIO, TRIES)
    if over is not None:
        pytest.fail(
            f"{SIZE:,} characters of {fragment!r} took over {MAX_RATIO} times the "
            f"{over:.3f} s of ordinary text, {TRIES} times"
        )


# The regular expressions the scanners replaced, as the reference for their results (the
# autolink already stops at "<", as CommonMark's does).
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:[ ]+\"[^\"]*\")?\)"
_REFERENCE_PASSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[[^\]]*\]" + _TARGET), ""),
    (re.compile(r"\[([^\]]*)\]" + _TARGET), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+|www\.[^<>\s]+)>"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"(?<![\w*_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")


def _strip_inline_by_regex(text: str) -> str:
    text = _ESCAPE.sub(lambda match: chr(0xE000 + ord(match.group(1))), text)
    for pattern, replacement in _REFERENCE_PASSES:
        text = pattern.sub(replacement, text)
    text = re.sub("[\ue000-\ue07f]", lambda match: chr(ord(match.group(0)) - 0xE000), text)
    return " ".join(text.split())


MARKUP_PIECES = [
    *'[]()!*_~`<>\\\n "ab.',
    "**",
    "__",
    "~~",
    "](",
    "][",
    "http://x",
    "www.",
    "mailto:",
    "word",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=30).map("".join))
def test_scanners_strip_what_the_regular_expressions_stripped(text: str) -> None:
    """Invariant: on any mix of Markdown marks, the linear scanners give the regex results."""
    assert strip_inline(text) == _strip_inline_by_regex(text)
