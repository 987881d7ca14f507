"""Cleaning and reading hostile inputs: time against ordinary input of the same size.

Issue 15, points 5 and 10. Three parts:

1. Markdown cleaning (``clean_document``, which every input of every format goes through):
   one line of 100 KB, 1 MB and 5 MB of each hostile fragment (``[``, ``![``, ``<www.``,
   ``**a``, ...: openings that never close), beside ordinary Markdown prose of the same
   size. Prints seconds and the ratio to the prose. With ``--before`` it also times the
   regular expressions the scanners replaced on the 100 KB lines, each stopped after
   ``--cap`` seconds (they are quadratic: a CPU-minute per 100 KB of ``[``).
2. Page declarations (``read_page_metadata``): hostile pages (``<meta`` never closed, a
   page-long attribute name, JSON-LD never ended) beside an ordinary page, same sizes (only
   the first ``DECLARATION_SNIFF_CHARS`` are searched).
3. Huge HTML (``read_html``): a generated article page of 20 MB is refused as ``too_large``
   before parsing; each run in a fresh process, with its peak RSS. For the cost without the
   limit, generated pages of 1 and 2.5 MB are parsed with the limit lifted (trafilatura's
   time grows faster than the page); ``--parse-huge`` also parses the 20 MB page that way
   (more than ten minutes on a 2-core machine). Peak RSS is read from /proc (Linux).

Goals: every hostile class within 20 times the ordinary input at every size (linear time);
the 20 MB page refused in well under a second.

Usage: python benchmarks/adversarial_inputs.py [--before] [--cap 20] [--parse-huge]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.clean import clean_document  # noqa: E402
from storytrace.errors import InputError  # noqa: E402
from storytrace.ingest.page_metadata import read_page_metadata  # noqa: E402
from storytrace.model import RawDocument  # noqa: E402

SIZES = {"100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}
PROSE = (
    "The **council** met on _Tuesday_ to discuss the [budget](https://example.org/b), "
    "the ~~old~~ `bridge` and <https://example.org/river>. "
)
MARKDOWN_CLASSES = {
    "links: [": "[",
    "images: ![": "![",
    "reference links: [a][": "[a][",
    'link titles: [a](b "': '[a](b "',
    "autolinks: <www.": "<www.",
    "autolinks: <http://": "<http://",
    "strong: **a": "**a ",
    "emphasis: *a": "*a ",
    "emphasis: _a": "_a ",
    "strike: ~~a": "~~a ",
}
PAGE_PROSE = (
    '<p>Words of the article.</p><meta name="twitter:card" content="summary">'
    '<time datetime="2024-03-05">5 March</time>\n'
)
PAGE_CLASSES: dict[str, Callable[[int], str]] = {
    "<meta never closed": lambda size: "<meta " * (size // 6),
    "<time never closed": lambda size: "<time " * (size // 6),
    "<script never closed": lambda size: "<script " * (size // 8),
    "JSON-LD never ended": lambda size: '<script type="application/ld+json">' * (size // 35),
    "page-long attribute name": lambda size: "<meta " + "a" * min(size, 999_990) + ">",
}

# The regular expressions the Markdown scanners replaced (for --before).
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:[ ]+\"[^\"]*\")?\)"
OLD_PASSES = [
    (re.compile(r"!\[[^\]]*\]" + _TARGET), ""),
    (re.compile(r"\[([^\]]*)\]" + _TARGET), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|www\.[^>\s]+)>"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"(?<![\w*_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
]

HTML_PARAGRAPH = "<p>The council met on day {0} to discuss budget item {1} and bridge {0}.</p>\n"
HTML_CHILD = """
import sys, time
sys.path.insert(0, {src!r})
from storytrace.errors import InputError
from storytrace.ingest.html import read_html
from storytrace.limits import DEFAULTS
data = open({path!r}, "rb").read()
start = time.perf_counter()
try:
    outcome = f"{{len(read_html(data, 'page.html', max_bytes={limit}).text):,}} characters"
except InputError as error:
    outcome = error.reason
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024
print(f"{{seconds:.2f}}\\t{{peak:.0f}}\\t{{outcome}}")
"""


class _Stopped(Exception):
    pass


def _timed(work: Callable[[], object], cap: float | None = None) -> float | None:
    """Seconds ``work`` took; None when stopped at ``cap`` seconds."""

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise _Stopped

    previous = signal.signal(signal.SIGALRM, stop)
    if cap:
        signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        work()
    except _Stopped:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start


def _clean(text: str) -> None:
    # too_large past 300,000 characters after cleaning: the cost is what is measured
    with contextlib.suppress(InputError):
        clean_document(RawDocument(source="bench.md", text=text, format="markdown"), "a1")


def _old_strip(text: str) -> None:
    for pattern, replacement in OLD_PASSES:
        text = pattern.sub(replacement, text)


def _line(fragment: str, size: int) -> str:
    return fragment * (size // len(fragment))


def markdown_table(before: bool, cap: float) -> None:
    print("\n1. Markdown cleaning, one line (seconds; ratio to prose of the same size)")
    header = "".join(f"{name:>18}" for name in SIZES)
    print(f"{'class':<26}{header}" + (f"{'before, 100 KB':>18}" if before else ""))
    prose = {
        name: _timed(partial(_clean, _line(PROSE, size))) or 0.0 for name, size in SIZES.items()
    }
    print(f"{'ordinary prose':<26}" + "".join(f"{prose[n]:>11.3f} s     " for n in SIZES))
    for label, fragment in MARKDOWN_CLASSES.items():
        cells = ""
        for name, size in SIZES.items():
            seconds = _timed(partial(_clean, _line(fragment, size))) or 0.0
            cells += f"{seconds:>9.3f} s {seconds / prose[name]:>5.1f}x"
        if before:
            old = _timed(partial(_old_strip, _line(fragment, SIZES["100 KB"])), cap)
            cells += f"{f'> {cap:g} s' if old is None else f'{old:.3f} s':>18}"
        print(f"{label:<26}{cells}")


def page_table() -> None:
    print("\n2. Page declarations (seconds; ratio to an ordinary page of the same size)")
    print(f"{'class':<26}" + "".join(f"{name:>18}" for name in SIZES))
    ordinary = {
        name: _timed(partial(read_page_metadata, _line(PAGE_PROSE, size))) or 0.0
        for name, size in SIZES.items()
    }
    print(f"{'ordinary page':<26}" + "".join(f"{ordinary[n]:>11.3f} s     " for n in SIZES))
    for label, make in PAGE_CLASSES.items():
        cells = ""
        for name, size in SIZES.items():
            seconds = _timed(partial(read_page_metadata, make(size))) or 0.0
            cells += f"{seconds:>9.3f} s {seconds / ordinary[name]:>5.1f}x"
        print(f"{label:<26}{cells}")


def _page(megabytes: float) -> bytes:
    count = int(megabytes * 1024 * 1024 / 90)
    body = "".join(HTML_PARAGRAPH.format(i, i * 7919 % 100_003) for i in range(count))
    head = "<!doctype html><html lang='en'><head><title>Bridge</title></head><body><article>"
    return (
        head + "<h1>Council approves the bridge</h1>" + body + "</article></body></html>"
    ).encode()


def _read_in_child(path: Path, limit: str) -> str:
    code = HTML_CHILD.format(src=str(ROOT / "src"), path=str(path), limit=limit)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    seconds, peak, outcome = done.stdout.strip().split("\t")
    return f"{float(seconds):>8.2f} s {float(peak):>7.0f} MB peak RSS  {outcome}"


def html_table(parse_huge: bool, folder: Path) -> None:
    print("\n3. HTML pages through read_html (fresh process each)")
    huge = folder / "huge.html"
    huge.write_bytes(_page(20))
    print(f"{'20 MB page, limit on':<34}{_read_in_child(huge, 'DEFAULTS.html_bytes')}")
    for megabytes in (1, 2.5):
        page = folder / f"page-{megabytes}.html"
        page.write_bytes(_page(megabytes))
        print(f"{f'{megabytes} MB page, limit lifted':<34}{_read_in_child(page, 'sys.maxsize')}")
    if parse_huge:
        print(f"{'20 MB page, limit lifted':<34}{_read_in_child(huge, 'sys.maxsize')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", action="store_true", help="time the old regexes at 100 KB")
    parser.add_argument(
        "--cap", type=float, default=20.0, help="seconds before an old regex is stopped"
    )
    parser.add_argument("--parse-huge", action="store_true", help="parse the 20 MB page unlimited")
    args = parser.parse_args()
    _clean(_line(PROSE, 10_000))  # warm up: imports, the language model
    markdown_table(args.before, args.cap)
    page_table()
    with tempfile.TemporaryDirectory() as folder:
        html_table(args.parse_huge, Path(folder))


if __name__ == "__main__":
    main()
