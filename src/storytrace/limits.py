"""Limits that protect the machine from one input: sizes, nesting, layers and time.

Each limit turns an input that would cost too much into a quarantine row (``too_large`` or
``too_complex``) instead of a hang, a traceback or gigabytes of memory. The defaults suit
news (see ``DEFAULTS``); ``storytrace ingest`` and ``compare`` change any of them with
``--limit NAME=VALUE`` (``LIMIT_NAMES``), and worker processes get the same values.

The limits in force are held in a context variable: ``limits()`` reads them, ``using()``
sets them for a block of code, ``use_in_process()`` for a worker process.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any

from storytrace.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may cost; the defaults are the values a news corpus never reaches."""

    # a single-article file (text, Markdown, HTML, news-please JSON), or one line of
    # standard input; JSONL files hold many articles and are read a line at a time
    file_bytes: int = 32 * MIB
    # an HTML page, before it is decoded or parsed: the largest real news pages, scripts
    # and styles included, weigh about 3 MB, and trafilatura's time grows faster than the
    # page (a 20 MB page ran past 10 minutes)
    html_bytes: int = 5 * MIB
    # a WARC record's payload, read before it is parsed
    warc_payload_bytes: int = 10 * MIB
    # a fetched URL's body, counted as it streams in, after decompression
    download_bytes: int = 10 * MIB
    # an article's text after cleaning (a novel is about a million characters)
    article_chars: int = 300_000
    # arrays/objects a JSON record may nest (news records need 3 or 4)
    json_depth: int = 64
    # digits of a JSON integer before it is read as a float instead
    json_int_digits: int = 1000
    # stacked HTTP Content-Encodings (gzip, br...): one is normal, two is rare
    content_encodings: int = 2
    # seconds to read and clean one input (a page, a JSONL record, a WARC record); 0: none
    seconds: float = 60.0


DEFAULTS = Limits()

# The names ``--limit`` takes, in the order ``--help`` lists them, with their fields.
LIMIT_NAMES = {
    "file-size": "file_bytes",
    "html-size": "html_bytes",
    "warc-payload-size": "warc_payload_bytes",
    "download-size": "download_bytes",
    "article-chars": "article_chars",
    "json-depth": "json_depth",
    "json-int-digits": "json_int_digits",
    "content-encodings": "content_encodings",
    "seconds": "seconds",
}
_SIZE_FIELDS = frozenset({"file_bytes", "html_bytes", "warc_payload_bytes", "download_bytes"})
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?", re.I)
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "m": 1000**2,
    "g": 1000**3,
    "ki": 1024,
    "mi": MIB,
    "gi": 1024 * MIB,
}

_ACTIVE: ContextVar[Limits] = ContextVar("storytrace_limits", default=DEFAULTS)


def limits() -> Limits:
    """The limits in force."""
    return _ACTIVE.get()


@contextmanager
def using(chosen: Limits) -> Iterator[Limits]:
    """Put ``chosen`` in force for the block."""
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def use_in_process(chosen: Limits) -> None:
    """Put ``chosen`` in force for the rest of this process (a worker's initializer)."""
    _ACTIVE.set(chosen)


def parse_limits(settings: Iterator[str] | tuple[str, ...]) -> Limits:
    """``NAME=VALUE`` settings (``html-size=20MiB``, ``seconds=120``) over the defaults.

    Sizes take a unit: ``k``, ``M``, ``G`` (powers of 1000) or ``KiB``, ``MiB``, ``GiB``
    (powers of 1024); a bare number is bytes. ``seconds=0`` sets no time limit.

    Raises:
        ValueError: an unknown name or a value that is not a non-negative number, naming it.
    """
    chosen = DEFAULTS
    for setting in settings:
        name, equals, value = setting.partition("=")
        field = LIMIT_NAMES.get(name.strip().lower())
        if not equals or field is None:
            known = ", ".join(LIMIT_NAMES)
            raise ValueError(f"{setting!r}: expected NAME=VALUE with NAME one of {known}")
        changed: dict[str, Any] = {field: _value(field, value.strip(), setting)}
        chosen = replace(chosen, **changed)
    return chosen


def _value(field: str, value: str, setting: str) -> int | float:
    if field in _SIZE_FIELDS:
        match = _SIZE.fullmatch(value)
        if match is None:
            raise ValueError(f"{setting!r}: expected a size such as 20MiB, 5M or 300000")
        unit = (match.group(2) or "").lower().removesuffix("b")
        return int(float(match.group(1)) * _UNITS[unit])
    try:
        number = float(value) if field == "seconds" else int(value)
    except ValueError:
        raise ValueError(f"{setting!r}: expected a number") from None
    if number < 0 or (field != "seconds" and number == 0):
        raise ValueError(f"{setting!r}: expected a positive number")
    return number


def settings_text(chosen: Limits) -> str:
    """The limits as ``--limit`` takes them: ``file-size=32MiB, ..., seconds=60``."""
    shown = []
    for name, field in LIMIT_NAMES.items():
        value = getattr(chosen, field)
        if field in _SIZE_FIELDS and value % MIB == 0:
            shown.append(f"{name}={value // MIB}MiB")
        else:
            shown.append(f"{name}={value:g}")
    return ", ".join(shown)


class _OverTime(BaseException):
    """Raised by the alarm inside the timed block. A ``BaseException``, so that a library's
    ``except Exception`` cannot swallow it."""


@contextmanager
def time_limit(source: str, seconds: float | None = None) -> Iterator[None]:
    """Give the block at most ``seconds`` (default: the limit in force), else raise
    ``InputError(source, "too_complex")``.

    Uses ``SIGALRM``, so it only works in the main thread of a process (workers and the
    command line); elsewhere, or when ``seconds`` is 0, the block runs untimed. An alarm
    already set by the caller, due sooner, is left to govern; a later one is set again,
    less the time spent, when the block ends. Work inside C code (one lxml parse, one
    regular expression) is interrupted when it returns to Python.
    """
    seconds = limits().seconds if seconds is None else seconds
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    main = threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not main or (0 < outer <= seconds):
        yield
        return

    timing = [True]  # the alarm interrupts only while the block runs

    def alarm(signum: int, frame: FrameType | None) -> None:
        if timing[0]:
            raise _OverTime

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        timing[0] = False
    except _OverTime:
        detail = f"not read within {seconds:g} s; the limit is {seconds:g} s (--limit seconds=N)"
        raise InputError(source, "too_complex", detail) from None
    finally:
        timing[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))
