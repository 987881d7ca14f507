"""Issue 15's classes of bad input, tried again as a new user would: counts and a verdict.

Generates, in a temporary folder (nothing downloaded, no server, every loop bounded),
about 350 inputs in 165 files across the issue's classes, each with the outcome a person
would expect ("stored", or the quarantine reason): JSONL lines nested 100,000 deep,
5,000-digit integers, lone surrogate escapes in text and metadata, bad JSON and
non-objects, and files mixing them; news-please .json; file and folder names with the
bytes 0xff 0xfe; UTF-8 with one bad byte or a cut last character (stored, with the
replacement in the provenance's encoding); random bytes as .txt/.md (binary); UTF-16/32
without a BOM, KOI8-R, GB18030, cp1254, ISO-2022-JP (stored, the encoding recorded); bidi
and C1 controls (stored, removed); hostile Markdown (stored or any reason, within
``SLOW_INPUT_S``); 20 MB and 6 MB pages (too_large); feeds declaring entities
(too_complex); empty and blank files of every format (empty); FIFOs, a socket and a link
to /dev/zero (unsupported); WARC crawls, truncated WARC.gz (the whole records stored, the
file unreadable); a file replaced by another article and a JSONL with a line inserted
(the new content stored on the rerun); two WARC records with one id and two feed items
with one GUID (both stored). Then it runs the command line on them:

1. ``one by one``: ``python -m storytrace ingest FILE --workers 1`` per input file, each
   into its own store (``--quick``: one file per class); a changed input is ingested
   first as it was, then as it is, into the same store;
2. ``folder``: ``ingest`` of the whole folder at once;
3. ``stdin``: every JSONL line through ``ingest -``;
4. ``compare``: ``compare BAD GOOD GOOD`` for the first bad file of ten classes
   (``--quick``: one): each refused item must be named on standard error with its reason
   and the exit status must be 1;
5. ``two writers``: two ``ingest`` processes started together on one store with
   overlapping folders (both must end 0 or 1, every input held exactly once), and two
   ``stories`` at once on a store of the example articles (both 0, every article grouped
   once, the same stories as one run alone);
6. ``kill -9``: an ingest of 2,000 small articles (``--quick``: 700) killed five times
   (three) at random moments (fixed seed: once while it starts, then once a random share
   of the rows is committed, a random fraction of a second later), then rerun: articles,
   provenance and quarantine equal an uninterrupted run's.

Every run counts crashes (a Python traceback on standard error, an exit status other than
0, 1 or 2, or no end within its time limit), inputs without a row (each input must end as
a provenance row or a quarantine row: read from the store with sqlite3), wrong reasons
(the expected outcome against the row's; for a stored legacy or damaged text also the
encoding recorded, for a text with control characters that none were kept), and exit
statuses other than the README's (0 nothing quarantined, 1 some, 2 nothing usable).

Prints one table row per class (its one-by-one ingests; seconds: the sum of their times)
and per run kind (seconds: wall clock), with inputs, stored, quarantined by reason,
crashes, inputs without a row, wrong reasons, wrong exit statuses; a totals line (seconds:
the whole audit) and each failure. Exit status 1 if any crash, input without a row, wrong
reason or wrong exit status. About 6 minutes on two busy cores; ``--quick`` about 75 s.

Usage: python benchmarks/hostile_audit.py [--quick] [--jobs 2] [--keep DIR]
(``--jobs``: one-by-one ingests run at once; ``--keep``: build in DIR and leave it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.errors import REASONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STORED = "stored"
ANY = "stored or any reason"
# Seconds one input may take in a one-by-one ingest (a hostile Markdown file included:
# cleaning is linear); a run past its limit is killed and counted as a crash (a hang).
SLOW_INPUT_S = 30
RUN_LIMIT_S = 180
BATCH_LIMIT_S = 600
UTF8_ONE_BAD = "utf-8 (1 bad sequence replaced)"
# C1 controls (but NEL, which becomes a line break) and bidi embeddings, overrides, isolates
UNSAFE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" + "".join(
    chr(code) for code in range(0x80, 0xA0) if code != 0x85
)

# -- texts ---------------------------------------------------------------------------------

RUSSIAN = (
    "В среду правительство области провело совещание, посвящённое ремонту дорог и "
    "строительству нового моста через реку. Губернатор заявил, что работы начнутся весной и "
    "завершатся до конца следующего года. По его словам, на эти цели из бюджета выделено "
    "более двух миллиардов рублей. Жители окрестных сёл давно жаловались на разбитые дороги "
    "и пробки на старой переправе. Эксперты, однако, сомневаются, что подрядчики успеют "
    "уложиться в сроки. Сообщение номер {n}."
)
CHINESE = (
    "市政府周三宣布，将在明年春天开始修建一座横跨河流的新大桥，预计工程将在两年内完成。"
    "市长在新闻发布会上表示，新桥建成后将大大缓解老城区的交通压力，并为周边居民的出行提供"
    "便利。据介绍，该项目总投资约为二十亿元，资金主要来自地方财政和银行贷款。一些专家认为，"
    "工程进度可能受到天气和原材料价格的影响，但政府表示有信心按时完工。这是第{n}篇报道。"
)
JAPANESE = (
    "市役所は水曜日、川に架かる新しい橋の建設を来年の春に始めると発表しました。市長は記者"
    "会見で、新しい橋が完成すれば旧市街の渋滞が大きく緩和されると述べました。事業費はおよそ"
    "二百億円で、主に市の予算と国の補助金でまかなわれる見込みです。一方、専門家からは、資材"
    "価格の高騰で工期が遅れるおそれがあるとの指摘も出ています。これは第{n}号の記事です。"
)
TURKISH = (
    "Belediye başkanı çarşamba günü yaptığı açıklamada, nehir üzerine inşa edilecek yeni "
    "köprünün çalışmalarına önümüzdeki ilkbaharda başlanacağını söyledi. Başkan, köprünün "
    "tamamlanmasıyla şehir merkezindeki trafik sıkışıklığının büyük ölçüde azalacağını "
    "belirtti. Projenin toplam maliyetinin yaklaşık iki milyar lira olduğu ve finansmanın "
    "büyük kısmının belediye bütçesinden karşılanacağı ifade edildi. Uzmanlar ise inşaat "
    "malzemesi fiyatlarındaki artışın işleri geciktirebileceği uyarısında bulundu. "
    "Bu {n} numaralı haberdir."
)
FRENCH = (
    "Le conseil municipal s'est réuni mercredi soir pour débattre du budget de l'année "
    "prochaine. Selon le maire, les dépenses consacrées à la rénovation des écoles et des "
    "routes augmenteront d'un cinquième, tandis que la subvention du musée sera réduite. "
    "L'opposition a dénoncé une décision précipitée et réclamé un vote séparé. Dépêche {n}, "
    "rédigée à l'été"
)


def _paragraphs() -> list[str]:
    """Real paragraphs of the example articles (English), to build distinct articles."""
    found = []
    for path in [*sorted(EXAMPLES.glob("*.txt")), EXAMPLES / "corpus" / "rhc_en.txt"]:
        found += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
    for path in sorted((EXAMPLES / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found += [p.strip() for p in json.loads(line)["text"].split("\n\n")]
    return [p for p in found if len(p.split()) > 12]


PARAGRAPHS = _paragraphs()


def article(number: int) -> str:
    """A distinct article of three real paragraphs and a numbered closing line."""
    rng = random.Random(number)
    chosen = rng.sample(PARAGRAPHS, 3)
    return "\n\n".join([*chosen, f"Dispatch {number} from desk {rng.randrange(10**6)}."])


def record(number: int, **fields: object) -> bytes:
    """A JSONL line: an article and its metadata (``fields`` replace or add keys)."""
    data: dict[str, object] = {"text": article(number), "title": f"Report {number}"}
    data["outlet"] = f"Outlet {number % 7}"
    data.update(fields)
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


def shown(path: str) -> str:
    """A path as storytrace names it: undecodable bytes of a file name escaped (\\xff)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# -- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What one input should leave in the store."""

    source: str
    outcome: str  # STORED, a quarantine reason, or ANY
    encoding: str | None = None  # the provenance encoding, where it matters
    prefix: bool = False  # the row's source starts with ``source`` (SOURCE@DIGEST, <stdin>:N#)
    clean: bool = False  # the stored text keeps no C1 or bidi control


@dataclass
class Case:
    """One input file (or folder entry) of a class, and what each of its items should be."""

    kind: str
    path: str  # as the file system knows it (os.fsdecode: may hold surrogate escapes)
    expected: list[Expected]
    lines: list[tuple[bytes, str]] = field(default_factory=list)  # JSONL lines for stdin
    before: bytes | None = None  # a first version, ingested before the file took its content
    after_change: list[Expected] = field(default_factory=list)


class Builder:
    """Writes the inputs of every class under one folder, numbering articles uniquely."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.number = 0
        self.cases: list[Case] = []

    def next_number(self) -> int:
        self.number += 1
        return self.number

    def file(self, kind: str, name: str | bytes, data: bytes) -> str:
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        raw = name if isinstance(name, bytes) else name.encode()
        path = os.fsdecode(os.fsencode(folder) + b"/" + raw)
        Path(path).parent.mkdir(exist_ok=True)
        Path(path).write_bytes(data)
        return path

    def single(
        self,
        kind: str,
        name: str | bytes,
        data: bytes,
        outcome: str,
        *,
        encoding: str | None = None,
        clean: bool = False,
    ) -> Case:
        """A file that is one item."""
        path = self.file(kind, name, data)
        expected = Expected(shown(path), outcome, encoding=encoding, clean=clean)
        case = Case(kind, path, [expected])
        self.cases.append(case)
        return case

    def jsonl(self, kind: str, name: str | bytes, lines: list[tuple[bytes, str]]) -> Case:
        """A JSONL file: each non-blank line one item, named FILE:LINE."""
        path = self.file(kind, name, b"\n".join(line for line, _ in lines) + b"\n")
        expected = [
            Expected(f"{shown(path)}:{number}", outcome)
            for number, (line, outcome) in enumerate(lines, start=1)
            if line.strip()
        ]
        case = Case(kind, path, expected, lines=lines)
        self.cases.append(case)
        return case


def build_jsonl_classes(b: Builder) -> None:
    deep_array = b"[" * 100_000 + b"]" * 100_000
    deep_object = b'{"text": "deep", "x": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001
    for n in range(4):
        good = [(record(b.next_number()), STORED), (record(b.next_number()), STORED)]
        b.jsonl("jsonl_deep", f"deep{n}.jsonl", [good[0], (deep_array, "too_complex"), good[1]])
        b.jsonl("jsonl_deep", f"deep_object{n}.jsonl", [(deep_object, "too_complex")])
    for n in range(6):
        digits = ("" if n % 2 else "-") + str(7 + n % 2) * 5000  # Python's int() refuses it
        huge = record(b.next_number(), title=f"Huge {n}")[:-1] + f', "count": {digits}}}'.encode()
        b.jsonl(
            "jsonl_huge_int", f"huge{n}.jsonl", [(huge, STORED), (record(b.next_number()), STORED)]
        )
    for n in range(6):
        number = b.next_number()
        in_text = json.dumps({"text": article(number) + " \ud800 end", "title": "T"}).encode()
        in_meta = record(b.next_number(), title="bad \ud800 title", outlet="Out\udc00let")
        only = b'{"text": "\\ud800\\udbff \\udfff", "title": "\\udfff"}'  # no pair: all lone
        lines = [(in_text, STORED), (in_meta, STORED), (only, "undecodable")]
        b.jsonl(
            "jsonl_surrogates", f"surrogates{n}.jsonl", [*lines, (record(b.next_number()), STORED)]
        )
    not_objects = [b"[1, 2]", b'"a string"', b"42", b"null", b"true", b"{broken", b"{", b"}"]
    bad = [(line, "bad_json") for line in not_objects]
    bad += [(b'{"title": "no text"}', "no_text"), (b'{"text": 5}', "no_text")]
    b.jsonl("jsonl_bad_json", "bad.jsonl", [(record(b.next_number()), STORED), *bad])
    # A zero byte in one line and a deep line in another, each line UTF-8, the file an even
    # number of bytes (so that it also decodes as UTF-16, "[[" being a CJK character).
    nul = (b'{"text": "nul \x00 byte"}', "bad_json")
    deep = (b'{"text": "x", "y": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "too_complex")
    first, last = record(b.next_number()), record(b.next_number())
    size = sum(len(line) + 1 for line in (first, nul[0], deep[0], last))
    last += b" " * (size % 2)
    b.jsonl("jsonl_bad_json", "nul_and_deep.jsonl", [(first, STORED), nul, deep, (last, STORED)])
    for n in range(4):
        cut = record(b.next_number())[: 40 + n * 13]
        lines = [(record(b.next_number()), STORED), (cut, "bad_json"), (b"", STORED)]
        b.jsonl("jsonl_bad_json", f"cut{n}.jsonl", [*lines, (b"\x00\x01 not json", "bad_json")])


def build_mixed_class(b: Builder) -> None:
    """JSONL files of good and bad lines in a random order, and news-please .json files."""
    deep = b'{"text": "x", "y": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    bad: list[tuple[Callable[[], bytes], str]] = [
        (lambda: deep, "too_complex"),
        (lambda: b"{not json", "bad_json"),
        (lambda: b"[]", "bad_json"),
        (lambda: b'{"text": null}', "no_text"),
        (lambda: b'{"text": "Too short."}', "too_short"),
        (lambda: b'{"text": "\\udc80"}', "undecodable"),
        (lambda: b'{"text": "nul \x00 byte"}', "bad_json"),
    ]
    rng = random.Random(7)
    for n in range(4):
        lines = []
        for _ in range(30):
            if rng.random() < 0.5:
                lines.append((record(b.next_number()), STORED))
            else:
                make, reason = rng.choice(bad)
                lines.append((make(), reason))
        b.jsonl("jsonl_mixed", f"mixed{n}.jsonl", lines)
    news = {"maintext": article(b.next_number()), "title": "T", "url": "https://x.example/1"}
    b.single("news_please", "article.json", json.dumps(news).encode(), STORED)
    b.single("news_please", "deep.json", b"[" * 100_000 + b"]" * 100_000, "too_complex")
    b.single("news_please", "no_text.json", b'{"maintext": null, "title": "x"}', "not_article")
    listed = [{"maintext": article(b.next_number()), "title": f"T{k}"} for k in range(2)]
    path = b.file("news_please", "list.json", json.dumps([*listed, {"title": "none"}]).encode())
    outcomes = [STORED, STORED, "not_article"]
    expected = [Expected(f"{path}:{k}", outcome) for k, outcome in enumerate(outcomes, start=1)]
    b.cases.append(Case("news_please", path, expected))


def build_name_class(b: Builder) -> None:
    bad = b"\xff\xfe"
    for n in range(3):
        b.single(
            "non_utf8_names", bad + f"{n}.txt".encode(), article(b.next_number()).encode(), STORED
        )
        b.single("non_utf8_names", b"short" + bad + f"{n}.txt".encode(), b"too short", "too_short")
    b.single("non_utf8_names", b"md" + bad + b".md", article(b.next_number()).encode(), STORED)
    b.single("non_utf8_names", b"noise" + bad + b".txt", random.Random(1).randbytes(300), "binary")
    b.jsonl("non_utf8_names", b"lines" + bad + b".jsonl", [(record(b.next_number()), STORED)])
    case = b.single("non_utf8_names", b"dir" + bad + b"/inner.txt", b"", STORED)
    Path(case.path).write_text(article(b.next_number()), encoding="utf-8")


def build_decoding_classes(b: Builder) -> None:
    for n in range(4):
        # UTF-8 shown to be UTF-8 (a few accented letters, curly quotes), one byte spoilt
        text = article(b.next_number()) + "\n\nLe café « crème » coûte “cher”, dit-il."
        data = text.encode().replace(b" the ", b" th\xffe ", 1)
        b.single("utf8_damaged", f"bad_byte{n}.txt", data, STORED, encoding=UTF8_ONE_BAD)
        cut = (FRENCH.format(n=b.next_number()) + " été").encode()[:-1]
        b.single("utf8_damaged", f"cut{n}.md", cut, STORED, encoding=UTF8_ONE_BAD)
    line = record(b.next_number()).replace(b"Report", b"Rep\xffort", 1)
    b.jsonl("utf8_damaged", "bad_byte.jsonl", [(record(b.next_number()), STORED), (line, STORED)])
    for n in range(24):
        rng = random.Random(n)
        suffix = ".txt" if n % 2 else ".md"
        b.single("binary", f"noise{n}{suffix}", rng.randbytes(rng.randrange(100, 3000)), "binary")
    texts = {"en": "{n}", "ru": RUSSIAN, "zh": CHINESE, "ja": JAPANESE, "tr": TURKISH}
    for language, template in texts.items():
        for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            number = b.next_number()
            text = article(number) if language == "en" else template.format(n=number)
            b.single(
                "utf16_32_no_bom",
                f"{language}-{codec}.txt",
                text.encode(codec),
                STORED,
                encoding=codec,
            )
    legacy = [
        (RUSSIAN, "koi8-r", "koi8-r"),
        (CHINESE, "gb18030", "gb18030"),
        (TURKISH, "cp1254", "cp1254"),
        (JAPANESE, "iso-2022-jp", "iso2022_jp"),
    ]
    for template, codec, name in legacy:
        for n in range(3):
            data = template.format(n=b.next_number()).encode(codec)
            b.single("legacy_encodings", f"{codec}-{n}.txt", data, STORED, encoding=name)
    for n in range(6):
        text = article(b.next_number())
        hostile = "\u202e" + text.replace(" the ", f" the{UNSAFE} ").replace(".", ".\u2067\x9b")
        suffix = (".txt", ".md", ".html")[n % 3]
        if suffix == ".html":
            paragraphs = "".join(f"<p>{p}</p>" for p in hostile.split("\n\n"))
            hostile = f"<html><head><title>Report</title></head><body><article>{paragraphs}"
            hostile += "</article></body></html>"
        b.single("controls", f"controls{n}{suffix}", hostile.encode(), STORED, clean=True)
    line = record(b.next_number(), title="Evil \u202eeltit\u202c", outlet="\x9b31mOutlet")
    case = b.jsonl("controls", "controls.jsonl", [(line, STORED)])
    case.expected = [Expected(e.source, e.outcome, clean=True) for e in case.expected]


def build_size_classes(b: Builder) -> None:
    pieces = ["[", "![", "<www.", "**", "[a](", "<https://"]
    for n, piece in enumerate(pieces):
        data = (piece * (100_000 // len(piece))).encode()
        b.single("markdown_hostile", f"hostile{n}.md", data, ANY)
        prose = article(b.next_number()) + "\n\n" + piece * 20_000 + "\n"
        b.single("markdown_hostile", f"prose{n}.md", prose.encode(), ANY)
    for name, megabytes in (("huge20mb.html", 20), ("over6mb.htm", 6)):
        path = b.file("large_html", name, b"")
        with open(path, "wb") as page:
            page.write(b"<html><head><title>Long</title></head><body><article>")
            paragraph = f"<p>{PARAGRAPHS[0]}</p>\n".encode()
            for _ in range(megabytes * 1_000_000 // len(paragraph) + 1):
                page.write(paragraph)
            page.write(b"</article></body></html>")
        b.cases.append(Case("large_html", path, [Expected(shown(path), "too_large")]))
    for n, (levels, external) in enumerate([(5, False), (9, False), (1, True), (0, False)]):
        b.single(
            "feed_entities", f"entities{n}.rss", entity_feed(levels, external, n), "too_complex"
        )


def entity_feed(levels: int, external: bool, number: int) -> bytes:
    """A feed declaring entities: billion laughs, an external file, or one harmless name."""
    lines = ['<!ENTITY e0 "lol lol lol lol lol lol lol lol lol lol ">']
    lines += [f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, levels + 1)]
    if external:
        lines.append('<!ENTITY x SYSTEM "file:///etc/passwd">')
    use = "&x;" if external else f"&e{levels};"
    text = article(9_000 + number).replace("\n\n", " ")
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(lines) + "]>"
        '<rss version="2.0"><channel><title>Entities</title>'
        f"<item><guid>1</guid><title>t</title><description>{use} {text}</description></item>"
        "</channel></rss>"
    ).encode()


def build_file_classes(b: Builder) -> None:
    for suffix in (".txt", ".md", ".html", ".jsonl", ".json", ".rss", ".warc.gz"):
        b.single("empty", f"empty{suffix}", b"", "empty")
        b.single("empty", f"blank{suffix}", b" \n\t\n  \r\n", "empty")
    folder = b.root / "special"
    folder.mkdir()
    for name in ("pipe.txt", "pipe.jsonl", "pipe"):
        os.mkfifo(folder / name)
        b.cases.append(
            Case("special", str(folder / name), [Expected(str(folder / name), "unsupported")])
        )
    (folder / "zero.txt").symlink_to("/dev/zero")
    b.cases.append(
        Case(
            "special", str(folder / "zero.txt"), [Expected(str(folder / "zero.txt"), "unsupported")]
        )
    )
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(folder / "listener.txt"))  # the entry stays once it is closed
    b.cases.append(
        Case(
            "special",
            str(folder / "listener.txt"),
            [Expected(str(folder / "listener.txt"), "unsupported")],
        )
    )


def page(number: int) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article(number).split("\n\n"))
    title = f"Report number {number}"
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><main><article><h1>{title}</h1>\n{paragraphs}</article></main>"
        "</body></html>"
    ).encode()


def warc(records: Sequence[tuple[str, bytes, str]], compress: bool) -> bytes:
    """A crawl of HTML responses: (target URI, payload, WARC-Record-ID) each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, payload, record_id in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        warc_headers = {"WARC-Record-ID": record_id, "WARC-Date": "2024-03-05T08:30:00Z"}
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict=warc_headers,
            )
        )
    return out.getvalue()


def record_offset(data: bytes, index: int) -> int:
    records = ArchiveIterator(io.BytesIO(data))
    for number, _ in enumerate(records):
        if number == index:
            return int(records.get_record_offset())
    raise ValueError(f"no record {index}")


def build_crawl_classes(b: Builder) -> None:
    for n, compress in enumerate([False, True, True]):
        records = [
            (f"https://news{k}.example/{n}/{k}", page(b.next_number()), f"<urn:uuid:{n}-{k}>")
            for k in range(3)
        ]
        path = b.file(
            "warc", f"crawl{n}.warc" + (".gz" if compress else ""), warc(records, compress)
        )
        expected = [Expected(f"{path}#{record_id}", STORED) for _, _, record_id in records]
        b.cases.append(Case("warc", path, expected))
    for n in range(2):
        records = [
            (f"https://cut{k}.example/{n}", page(b.next_number()), f"<urn:uuid:cut{n}-{k}>")
            for k in range(4)
        ]
        data = warc(records, compress=True)
        path = b.file("warc", f"cut{n}.warc.gz", data[: record_offset(data, 2) + 200 + n * 50])
        expected = [Expected(f"{path}#{record_id}", STORED) for _, _, record_id in records[:2]]
        b.cases.append(Case("warc", path, [*expected, Expected(path, "unreadable")]))
    for n in range(2):
        records = [
            (f"https://same.example/{k}", page(b.next_number()), "<urn:uuid:same>")
            for k in range(2)
        ]
        path = b.file("same_id", f"same{n}.warc.gz", warc(records, compress=True))
        ids = ["<urn:uuid:same>", "<urn:uuid:same>~2"]
        b.cases.append(Case("same_id", path, [Expected(f"{path}#{i}", STORED) for i in ids]))
        items = "".join(
            f"<item><title>Report number {m}</title><guid isPermaLink='false'>g-{n}</guid>"
            f"<description><![CDATA[{page(m).decode()}]]></description></item>"
            for m in (b.next_number(), b.next_number())
        )
        channel = f"<channel><title>Gazette</title>{items}</channel>"
        feed = f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"
        path = b.file("same_id", f"guid{n}.rss", feed.encode())
        ids = [f"g-{n}", f"g-{n}~2"]
        b.cases.append(Case("same_id", path, [Expected(f"{path}#{i}", STORED) for i in ids]))


def build_changed_class(b: Builder) -> None:
    for n in range(2):
        first, second = article(b.next_number()), article(b.next_number())
        case = b.single("changed", f"replaced{n}.txt", second.encode(), STORED)
        case.before = first.encode()
        case.after_change = [case.expected[0], Expected(case.path + "@", STORED, prefix=True)]
    for n in range(2):
        old = [(record(b.next_number()), STORED) for _ in range(3)]
        new = (record(b.next_number()), STORED)
        at = n * 2  # inserted at the top, then in the middle
        case = b.jsonl("changed", f"inserted{n}.jsonl", [*old[:at], new, *old[at:]])
        case.before = b"\n".join(line for line, _ in old) + b"\n"
        kept = [Expected(f"{case.path}:{k}", STORED) for k in (1, 2, 3)]
        case.after_change = [*kept, Expected(f"{case.path}:{at + 1}@", STORED, prefix=True)]


def build_cases(root: Path) -> list[Case]:
    b = Builder(root)
    for build in (
        build_jsonl_classes,
        build_mixed_class,
        build_name_class,
        build_decoding_classes,
        build_size_classes,
        build_file_classes,
        build_crawl_classes,
        build_changed_class,
    ):
        build(b)
    return b.cases


# -- running and checking ----------------------------------------------------------------------


@dataclass
class Run:
    """One command's end: exit status, standard error, seconds; ``crash`` says why, if one."""

    status: int | None
    stderr: str
    seconds: float
    crash: str | None


def storytrace(
    args: Sequence[str], *, stdin: bytes | None = None, limit_s: float = RUN_LIMIT_S
) -> Run:
    command = [sys.executable, "-m", "storytrace", *args]
    started = time.monotonic()
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, HF_HUB_OFFLINE="1"),
        start_new_session=True,
    ) as process:
        try:
            _, err = process.communicate(stdin, timeout=limit_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, err = process.communicate()
            seconds = time.monotonic() - started
            return Run(None, err.decode(errors="replace"), seconds, f"no end after {limit_s:g} s")
    seconds = time.monotonic() - started
    stderr = err.decode(errors="replace")
    return Run(process.returncode, stderr, seconds, crash_of(process.returncode, stderr))


def crash_of(status: int, stderr: str) -> str | None:
    if "Traceback (most recent call last)" in stderr:
        return "traceback: " + stderr.strip().splitlines()[-1][:200]
    if status not in (0, 1, 2):
        return f"exit status {status}: {stderr.strip()[-200:]}"
    return None


@dataclass(frozen=True)
class Row:
    source: str
    outcome: str  # STORED or the quarantine reason
    encoding: str | None
    text: str | None
    run_id: int


def store_rows(db: Path) -> list[Row]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "SELECT p.source, p.encoding, a.text, p.run_id FROM provenance p "
            "JOIN articles a ON a.id = p.article_id"
        ).fetchall()
        refused = connection.execute("SELECT source, reason, run_id FROM quarantine").fetchall()
    return [Row(s, STORED, e, t, r) for s, e, t, r in stored] + [
        Row(s, reason, None, None, r) for s, reason, r in refused
    ]


@dataclass
class Tally:
    """Counts of one row of the table."""

    inputs: int = 0
    stored: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    crashes: int = 0
    missing: int = 0
    wrong: int = 0
    wrong_exit: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, what: str, line: str) -> None:
        self.failures.append(line)
        if what == "crash":
            self.crashes += 1
        elif what == "missing":
            self.missing += 1
        elif what == "exit":
            self.wrong_exit += 1
        else:
            self.wrong += 1

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.stored += other.stored
        self.reasons.update(other.reasons)
        self.crashes += other.crashes
        self.missing += other.missing
        self.wrong += other.wrong
        self.wrong_exit += other.wrong_exit
        self.seconds += other.seconds
        self.failures += other.failures
        self.notes += other.notes


def matches(expected: Expected, source: str) -> bool:
    return source.startswith(expected.source) if expected.prefix else source == expected.source


def check_items(
    tally: Tally, expected: Iterable[Expected], rows: Sequence[Row], where: str
) -> None:
    """Each expected item has exactly one row, with the expected outcome."""
    for item in expected:
        found = [row for row in rows if matches(item, row.source)]
        tally.inputs += 1
        if not found:
            tally.fail("missing", f"{where}: {item.source}: no row (expected {item.outcome})")
            continue
        row = found[0]
        if row.outcome == STORED:
            tally.stored += 1
        else:
            tally.reasons[row.outcome] += 1
        if len(found) > 1:
            tally.fail("wrong", f"{where}: {item.source}: {len(found)} rows")
        if item.outcome not in (ANY, row.outcome):
            tally.fail("wrong", f"{where}: {item.source}: {row.outcome}, expected {item.outcome}")
        elif item.encoding and row.encoding != item.encoding:
            tally.fail(
                "wrong",
                f"{where}: {item.source}: encoding {row.encoding!r}, expected {item.encoding!r}",
            )
        elif item.clean and row.text is not None and set(row.text) & set(UNSAFE):
            kept = sorted({f"U+{ord(c):04X}" for c in set(row.text) & set(UNSAFE)})
            tally.fail(
                "wrong", f"{where}: {item.source}: control characters kept: {', '.join(kept)}"
            )


def check_no_other_rows(
    tally: Tally, expected: Sequence[Expected], rows: Sequence[Row], where: str
) -> None:
    """No row for an input that was not given (a source the audit does not know)."""
    exact = {item.source for item in expected if not item.prefix}
    prefixes = tuple(item.source for item in expected if item.prefix)
    for row in rows:
        if row.source not in exact and not row.source.startswith(prefixes or ("\0",)):
            tally.fail("wrong", f"{where}: a row for no input: {row.source} ({row.outcome})")


def check_run(tally: Tally, run: Run, rows: Sequence[Row], where: str) -> None:
    """No crash, and the exit status the README gives for what the run recorded."""
    tally.seconds += run.seconds
    if run.crash:
        tally.fail("crash", f"{where}: {run.crash}")
        return
    last = max((row.run_id for row in rows), default=0)
    recorded = [row for row in rows if row.run_id == last]
    refused = sum(row.outcome not in (STORED, "duplicate") for row in recorded)
    usable = len(recorded) - refused
    expected = 0 if refused == 0 else (2 if usable == 0 else 1)
    if run.status != expected:
        tally.fail("exit", f"{where}: exit status {run.status}, the README says {expected}")


def ingest_one(case: Case, db: Path) -> Tally:
    """``ingest FILE`` into a fresh store (a changed input: twice, the file replaced between)."""
    tally = Tally()
    where = f"one by one: ingest {shown(case.path)}"
    args = ["ingest", case.path, "--db", str(db), "--workers", "1", "--quiet"]
    expected = case.expected
    if case.before is not None:
        final = Path(case.path).read_bytes()
        Path(case.path).write_bytes(case.before)
        first = storytrace(args)
        check_run(tally, first, store_rows(db), where + " (first version)")
        Path(case.path).write_bytes(final)
        info = os.stat(case.path)
        os.utime(case.path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
        expected = case.after_change
    run = storytrace(args)
    rows = store_rows(db)
    check_run(tally, run, rows, where)
    if not run.crash:
        check_items(tally, expected, rows, where)
    if run.seconds > SLOW_INPUT_S:
        tally.fail("crash", f"{where}: {run.seconds:.0f} s (over {SLOW_INPUT_S} s for one input)")
    return tally


def one_by_one(cases: Sequence[Case], stores: Path, jobs: int) -> dict[str, Tally]:
    stores.mkdir()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        tallies = list(
            pool.map(lambda pair: ingest_one(pair[1], stores / f"{pair[0]}.db"), enumerate(cases))
        )
    by_kind: dict[str, Tally] = {}
    for case, tally in zip(cases, tallies, strict=True):
        by_kind.setdefault(case.kind, Tally()).add(tally)
    return by_kind


def ingest_folder(cases: Sequence[Case], folder: Path, db: Path) -> Tally:
    tally = Tally()
    where = f"folder: ingest {folder}"
    run = storytrace(["ingest", str(folder), "--db", str(db), "--quiet"], limit_s=BATCH_LIMIT_S)
    rows = store_rows(db)
    check_run(tally, run, rows, where)
    if not run.crash:
        expected = [item for case in cases for item in case.expected]
        check_items(tally, expected, rows, where)
        check_no_other_rows(tally, expected, rows, where)
    return tally


def ingest_stdin(cases: Sequence[Case], db: Path) -> Tally:
    """Every JSONL line of every case, one stream on standard input."""
    lines = [line for case in cases for line in case.lines]
    expected = [
        Expected(f"<stdin>:{number}#", outcome, prefix=True)
        for number, (line, outcome) in enumerate(lines, start=1)
        if line.strip()
    ]
    tally = Tally()
    data = b"\n".join(line for line, _ in lines) + b"\n"
    run = storytrace(["ingest", "-", "--db", str(db), "--quiet"], stdin=data, limit_s=BATCH_LIMIT_S)
    rows = store_rows(db)
    check_run(tally, run, rows, "stdin: ingest -")
    if not run.crash:
        check_items(tally, expected, rows, "stdin: ingest -")
        check_no_other_rows(tally, expected, rows, "stdin: ingest -")
    return tally


# The classes whose first refused input `compare` is given (--quick: the first).
COMPARE_KINDS = [
    "jsonl_mixed",
    "binary",
    "special",
    "feed_entities",
    "jsonl_deep",
    "large_html",
    "warc",
    "non_utf8_names",
    "empty",
    "news_please",
]


def compare_pairs(cases: Sequence[Case], goods: Sequence[Path], kinds: Sequence[str]) -> Tally:
    """``compare BAD GOOD GOOD``: each refused item named with its reason, exit status 1."""
    tally = Tally()
    chosen: dict[str, Case] = {}
    for case in cases:
        refused = any(item.outcome not in (STORED, ANY) for item in case.expected)
        if case.kind in kinds and refused and case.before is None:
            chosen.setdefault(case.kind, case)
    for case in chosen.values():
        where = f"compare {shown(case.path)} GOOD GOOD"
        run = storytrace(["compare", case.path, *map(str, goods), "--quiet"])
        tally.seconds += run.seconds
        if run.crash:
            tally.fail("crash", f"{where}: {run.crash}")
            continue
        if run.status != 1:
            tally.fail("exit", f"{where}: exit status {run.status}, expected 1 (some skipped)")
        for item in case.expected:
            tally.inputs += 1
            said = f"skipped {item.source}: "
            if item.outcome == STORED:
                tally.stored += 1
                if said in run.stderr:
                    tally.fail("wrong", f"{where}: {item.source} skipped, expected it used")
                continue
            tally.reasons[item.outcome] += 1
            if said + REASONS[item.outcome] not in run.stderr:
                tally.fail("wrong", f"{where}: no '{said}{REASONS[item.outcome]}' on stderr")
    return tally


# -- two writers, two groupers, kill -9 --------------------------------------------------------


def write_articles(folder: Path, numbers: Iterable[int]) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for number in numbers:
        path = folder / f"article{number}.txt"
        path.write_text(f"Report {number}\n\n" + article(100_000 + number), encoding="utf-8")
        paths.append(path)
    return paths


def two_writers(root: Path) -> Tally:
    """Two ingests at once, overlapping folders: both end 0 or 1, each input held once."""
    parts = [write_articles(root / f"part{k}", range(k * 100, (k + 1) * 100)) for k in range(3)]
    db = root / "store.db"
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "storytrace", "ingest", str(a), str(b), "--db", str(db), "-q"],
            stderr=subprocess.PIPE,
            env=dict(os.environ, HF_HUB_OFFLINE="1"),
        )
        for a, b in ((root / "part0", root / "part1"), (root / "part1", root / "part2"))
    ]
    tally = Tally(seconds=0.0)
    for number, process in enumerate(processes, start=1):
        _, err = process.communicate(timeout=BATCH_LIMIT_S)
        stderr = err.decode(errors="replace")
        crash = crash_of(process.returncode, stderr)
        if crash or process.returncode not in (0, 1):
            tally.fail("crash", f"two writers: writer {number}: {crash or process.returncode}")
        waited = " after waiting for the other" if "waiting" in stderr else ""
        tally.notes.append(f"two writers: writer {number} exit {process.returncode}{waited}")
    tally.seconds = time.monotonic() - started
    rows = store_rows(db)
    expected = [Expected(str(path), STORED) for part in parts for path in part]
    check_items(tally, expected, rows, "two writers")
    if len(rows) != len(expected):
        tally.fail("wrong", f"two writers: {len(rows)} rows for {len(expected)} inputs")
    return tally


def groups(db: Path) -> set[frozenset[str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.story_id, a.hash FROM story_articles s JOIN articles a ON a.id = s.article_id"
        ).fetchall()
    stories: dict[int, set[str]] = {}
    for story, digest in rows:
        stories.setdefault(story, set()).add(digest)
    return {frozenset(members) for members in stories.values()}


def two_groupers(root: Path) -> Tally:
    """Two ``stories`` at once on one store: both 0, the same stories as one run alone."""
    inputs = [*map(str, EXAMPLES.glob("*.txt")), *map(str, (EXAMPLES / "corpus").glob("*.*"))]
    inputs = [i for i in inputs if i.endswith((".txt", ".jsonl"))]
    tally = Tally()
    dbs = [root / "alone.db", root / "together.db"]
    for db in dbs:
        run = storytrace(["ingest", *inputs, "--db", str(db), "-q"])
        if run.crash or run.status != 0:
            tally.fail("crash", f"two stories: ingest of the examples: {run.crash or run.status}")
            return tally
    started = time.monotonic()
    alone = storytrace(["stories", "--db", str(dbs[0]), "-q"])
    command = [sys.executable, "-m", "storytrace", "stories", "--db", str(dbs[1]), "-q"]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    processes = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    for number, process in enumerate(processes, start=1):
        _, err = process.communicate(timeout=BATCH_LIMIT_S)
        crash = crash_of(process.returncode, err.decode(errors="replace"))
        if crash or process.returncode != 0:
            tally.fail("crash", f"two stories: run {number}: {crash or process.returncode}")
    tally.seconds = time.monotonic() - started
    if alone.crash or alone.status != 0:
        tally.fail("crash", f"two stories: the run alone: {alone.crash or alone.status}")
        return tally
    with sqlite3.connect(dbs[1]) as connection:
        articles = connection.execute("SELECT COUNT(*) FROM articles WHERE kind = 'article'")
        count = int(articles.fetchone()[0])
    together = groups(dbs[1])
    tally.inputs = count
    tally.stored = sum(len(story) for story in together)
    if tally.stored != count:
        tally.fail("missing", f"two stories: {tally.stored} of {count} articles grouped")
    if together != groups(dbs[0]):
        tally.fail("wrong", "two stories: the stories differ from one run alone")
    return tally


def kill_corpus(folder: Path, records: int) -> int:
    """JSONL files of small articles, with exact duplicates and bad lines: the lines count."""
    rng = random.Random(3)
    folder.mkdir()
    lines: list[bytes] = []
    for number in range(records):
        roll = rng.random()
        if lines and roll < 0.05:
            lines.append(rng.choice(lines))
        elif roll < 0.08:
            lines.append(b"{not json")
        else:
            lines.append(record(200_000 + number))
    for part in range(4):
        chunk = lines[part * records // 4 : (part + 1) * records // 4]
        (folder / f"part{part}.jsonl").write_bytes(b"\n".join(chunk) + b"\n")
    return len(lines)


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(sql).fetchall())

        return {
            "articles": rows("SELECT hash FROM articles"),
            "provenance": rows(
                "SELECT source, a.hash FROM provenance JOIN articles a ON a.id = article_id"
            ),
            "quarantine": rows("SELECT source, reason FROM quarantine"),
        }


def rows_held(db: Path) -> int:
    """Provenance and quarantine rows committed so far (0 before the tables exist)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            count = "SELECT (SELECT COUNT(*) FROM provenance) + (SELECT COUNT(*) FROM quarantine)"
            return int(connection.execute(count).fetchone()[0])
    except sqlite3.Error:  # killed before its tables were made, or busy past the timeout
        return 0


def killed_run(command: list[str], db: Path, rows_at_kill: int | None, pause: float) -> str:
    """Start ``command``; kill -9 its process group once ``db`` holds ``rows_at_kill`` rows
    (None: once it has run ``pause`` seconds), ``pause`` seconds later. Says what happened;
    a run that ended first must have ended soundly."""
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    process = subprocess.Popen(
        command, env=env, start_new_session=True, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + BATCH_LIMIT_S
    while rows_at_kill is not None and process.poll() is None and time.monotonic() < deadline:
        if rows_held(db) >= rows_at_kill:
            break
        time.sleep(0.02)
    try:
        process.wait(timeout=pause)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    _, err = process.communicate()
    if process.returncode < 0:
        return f"killed with {rows_held(db)} rows held"
    crash = crash_of(process.returncode, err.decode(errors="replace"))
    return f"ended before the kill: {crash or 'soundly'} ({rows_held(db)} rows)"


def kill_and_resume(root: Path, records: int, kills: int) -> Tally:
    """kill -9 at random moments (the first while it starts, the others once a random share
    of the rows is committed, a random fraction of a second later), then a rerun: the store
    equals an uninterrupted run's."""
    started = time.monotonic()
    corpus = root / "corpus"
    lines = kill_corpus(corpus, records)
    args = ["ingest", str(corpus), "--quiet"]
    tally = Tally(inputs=lines)
    clean = storytrace([*args, "--db", str(root / "clean.db")], limit_s=BATCH_LIMIT_S)
    check_run(tally, clean, store_rows(root / "clean.db"), "kill -9: uninterrupted run")
    rng = random.Random(15)
    killed_db = root / "killed.db"
    command = [sys.executable, "-m", "storytrace", *args, "--db", str(killed_db)]
    targets = sorted(int(rng.uniform(0.05, 0.9) * lines) for _ in range(kills - 1))
    for number, target in enumerate([None, *targets], start=1):
        pause = rng.uniform(0.3, 1.5) if target is None else rng.uniform(0.0, 0.5)
        what = killed_run(command, killed_db, target, pause)
        tally.notes.append(f"kill -9: run {number} (at {target or 0} rows + {pause:.2f} s): {what}")
        if "ended before the kill" in what and "soundly" not in what:
            tally.fail("crash", f"kill -9: run {number}: {what}")
    with sqlite3.connect(killed_db) as connection:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            tally.fail("wrong", "kill -9: the killed store fails PRAGMA integrity_check")
    resumed = storytrace([*args, "--db", str(killed_db)], limit_s=BATCH_LIMIT_S)
    tally.seconds = time.monotonic() - started
    if resumed.crash or resumed.status not in (0, 1):
        tally.fail("crash", f"kill -9: rerun: {resumed.crash or resumed.status}")
    want, got = snapshot(root / "clean.db"), snapshot(killed_db)
    tally.stored = len(want["provenance"])
    tally.reasons.update(str(reason) for _, reason in want["quarantine"])
    for table in want:
        if want[table] != got[table]:
            lost = len(set(want[table]) - set(got[table]))
            extra = len(set(got[table]) - set(want[table]))
            tally.fail("missing", f"kill -9: {table}: {lost} missing, {extra} extra after rerun")
    if tally.stored + sum(tally.reasons.values()) != lines:
        tally.fail(
            "missing", f"kill -9: {lines} lines, {tally.stored + sum(tally.reasons.values())} rows"
        )
    return tally


# -- report ----------------------------------------------------------------------------------


def table(rows: Sequence[tuple[str, Tally]]) -> str:
    header = (
        "class",
        "inputs",
        "stored",
        "quarantined by reason",
        "crashes",
        "without a row",
        "wrong reason",
        "wrong exit",
        "seconds",
    )
    body = [
        (
            name,
            str(t.inputs),
            str(t.stored),
            ", ".join(f"{reason} {n}" for reason, n in sorted(t.reasons.items())) or "-",
            str(t.crashes),
            str(t.missing),
            str(t.wrong),
            str(t.wrong_exit),
            f"{t.seconds:.1f}",
        )
        for name, t in rows
    ]
    widths = [max(len(line[k]) for line in [header, *body]) for k in range(len(header))]

    def render(line: Sequence[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *map(render, body[:-1]), rule, render(body[-1])])


def sample(cases: Sequence[Case], per_kind: int) -> list[Case]:
    seen: Counter[str] = Counter()
    chosen = []
    for case in cases:
        if seen[case.kind] < per_kind:
            seen[case.kind] += 1
            chosen.append(case)
    return chosen


def timed(step: str, work: Callable[[], Tally]) -> Tally:
    print(f"... {step}", file=sys.stderr, flush=True)
    return work()


def audit(root: Path, quick: bool, jobs: int) -> list[tuple[str, Tally]]:
    inputs = root / "inputs"
    cases = build_cases(inputs)
    goods = write_articles(root / "goods", [1, 2])
    items = sum(len(case.expected) for case in cases)
    print(f"{len(cases)} input files and folder entries, {items} inputs (JSONL lines, records)")
    chosen = sample(cases, 1) if quick else cases
    print(f"... one by one: {len(chosen)} ingests, {jobs} at a time", file=sys.stderr, flush=True)
    started = time.monotonic()
    by_kind = one_by_one(chosen, root / "stores", jobs)
    rows: list[tuple[str, Tally]] = sorted(by_kind.items())
    all_one_by_one = total(t for _, t in rows)
    all_one_by_one.seconds = time.monotonic() - started  # wall clock: ingests ran side by side
    rows.append(("ALL one by one", all_one_by_one))
    rows.append(
        (
            "folder (all at once)",
            timed("folder", lambda: ingest_folder(cases, inputs, root / "folder.db")),
        )
    )
    rows.append(
        ("stdin (JSONL lines)", timed("stdin", lambda: ingest_stdin(cases, root / "stdin.db")))
    )
    kinds = COMPARE_KINDS[:1] if quick else COMPARE_KINDS
    rows.append(
        ("compare BAD GOOD GOOD", timed("compare", lambda: compare_pairs(cases, goods, kinds)))
    )
    (root / "writers").mkdir()
    rows.append(
        ("two ingests at once", timed("two writers", lambda: two_writers(root / "writers")))
    )
    (root / "groupers").mkdir()
    rows.append(
        ("two stories at once", timed("two stories", lambda: two_groupers(root / "groupers")))
    )
    (root / "kill").mkdir()
    records, kills = (700, 3) if quick else (2000, 5)
    rows.append(
        (
            f"kill -9 x{kills}, rerun",
            timed("kill -9", lambda: kill_and_resume(root / "kill", records, kills)),
        )
    )
    return rows


def total(tallies: Iterable[Tally]) -> Tally:
    summed = Tally()
    for tally in tallies:
        summed.add(tally)
    return summed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one file per class one by one, one compare run, 700 articles killed 3 times",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="one-by-one ingests at once (default 2)"
    )
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and leave it")
    options = parser.parse_args()
    started = time.monotonic()
    if options.keep:
        options.keep.mkdir(parents=True)
        rows = audit(options.keep.resolve(), options.quick, options.jobs)
    else:
        with tempfile.TemporaryDirectory(prefix="hostile-audit-") as folder:
            rows = audit(Path(folder), options.quick, options.jobs)
    everything = total(t for name, t in rows if name != "ALL one by one")
    everything.seconds = time.monotonic() - started
    print(table([*rows, ("TOTAL", everything)]))
    print(f"\n{everything.seconds:.0f} s in all ({'quick' if options.quick else 'full'} run)")
    for line in everything.notes:
        print(f"note: {line}")
    for line in everything.failures:
        print(f"FAIL {line}")
    failed = everything.crashes + everything.missing + everything.wrong + everything.wrong_exit
    print(
        "verdict: " + ("FAILED" if failed else "0 crashes, 0 inputs without a row, 0 wrong reasons")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
