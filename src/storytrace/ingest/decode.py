"""Bytes to text: find the encoding from the data, never assume it.

Cascade (first that applies wins):

1. Nothing but whitespace: ``InputError(reason="empty")``.
2. A byte-order mark: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (UTF-32 first: its LE mark starts
   with the UTF-16 LE mark).
3. Zero bytes or many control bytes (UTF-16 of CJK text may have no zero byte): UTF-32
   or UTF-16 without a mark, either endianness, when one of those readings is text (few
   control, unassigned or private-use characters; letters mostly from one or two
   scripts; some spaces or punctuation, or a single script; see ``_wide_reading``).
4. Otherwise zero bytes or many control bytes: ``InputError(reason="binary")``.
5. ISO-2022 escape sequences (``ESC $``) that decode strictly: ISO-2022-JP/-KR, which
   are 7-bit and so would otherwise pass for ASCII.
6. Strict UTF-8 (ASCII included).
7. UTF-8 spoilt by a few bad bytes (at least ``UTF8_MIN_VALID_PER_BAD`` valid non-ASCII
   characters per bad sequence, or only a character cut in half at the end): decoded with
   U+FFFD for each bad sequence, and the encoding reported as ``"utf-8 (N bad sequences
   replaced)"`` (stored in the article's provenance) instead of refusing the file or
   reading it all as mojibake.
8. Stray control bytes in what is not UTF-8: ``InputError(reason="binary")``; random
   bytes end here rather than as an article in some far-fetched code page.
9. charset_normalizer for legacy code pages, with a Western (cp1252) preference among
   equally plausible single-byte readings, and cp1254 for Turkish (see ``_pick_legacy``).
10. Nothing fits: ``InputError(reason="undecodable")``.

The text that comes out has ``\\n`` newlines, is in Unicode NFC and holds no C1 control
characters and no bidirectional embedding, override or isolate controls (U+202A-U+202E,
U+2066-U+2069): article text is untrusted, and these would reorder or hide what a terminal
or a report shows next to it (``normalise_text``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from storytrace.errors import InputError

# Only the head of a file is inspected for zero-byte and control-byte patterns: a text
# file shows its nature within a few KiB, and this keeps big files cheap.
SNIFF_BYTES = 64 * 1024

# Real text has (almost) no C0 control bytes besides tab/newline/form feed; uniform random
# bytes have 12.5%. ESC, SO and SI are exempt: ISO-2022 encodings use them.
BINARY_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b\x0e\x0f\x1a")

# In what is neither UTF-8 nor UTF-16/32, even a few control bytes mean binary: legacy
# code-page text has none (DOS's end-of-file mark, 0x1A, aside), random bytes one in ten.
LEGACY_MAX_CONTROL_BYTES = 1

# A UTF-16/32 reading is text when its letters come from one or two scripts (Han and kana
# count as one); bytes read in the wrong width or byte order scatter over dozens.
WIDE_MIN_SCRIPT_SHARE = 0.9
# Real UTF-16/32 text has next to no control, unassigned or private-use characters; a
# random code point is one of those one time in six.
WIDE_MAX_ODD_SHARE = 0.01
# Text has spaces or punctuation (Chinese: a comma or full stop every 10-20 characters);
# code points picked at random are 1% separators.
WIDE_MIN_SEPARATOR_SHARE = 0.025
# ... unless it is written in one script alone (Thai puts a space only between phrases).
WIDE_ONE_SCRIPT = 0.95
WIDE_SAMPLE_CHARS = 4096
_WIDE_CODECS = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}

# A file that is not strict UTF-8 is still UTF-8 with a few bad bytes when it holds at
# least this many valid non-ASCII characters per bad sequence. Legacy code-page text
# almost never forms a valid UTF-8 sequence by chance, so it stays far below.
UTF8_MIN_VALID_PER_BAD = 2
_ASCII = bytes(range(0x80))

# ISO-2022 is 7-bit: a text in it is also valid ASCII, so it is tried first when it
# designates a multibyte set (ESC $). Strict decoding is the check.
_ISO2022_CODECS = ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_kr")

# charset_normalizer "chaos" (mess ratio) within this distance of the best counts as a tie;
# single-byte Latin code pages routinely tie at 0.0 on Western text.
CHAOS_TOLERANCE = 0.02

# Below this many characters charset_normalizer's language guess is noise (a French
# sentence of 50 characters came out "Hungarian"), so it cannot overrule cp1252.
LANGUAGE_TRUST_CHARS = 200

# Languages written in cp1250/ISO 8859-2; for these a cp1250 reading beats cp1252.
CENTRAL_EUROPEAN = frozenset(
    {"Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian", "Bosnian"}
)

# Turkish in cp1254/ISO 8859-9 puts ı ş ğ İ Ş Ğ where cp1252 has Icelandic ý þ ð Ý Þ Ð,
# and never uses á í ó ú æ, which Icelandic (and Czech, in cp1250) use all the time.
_TURKISH_BYTES = b"\xfd\xfe\xf0\xdd\xde\xd0"
_DOTLESS_I = 0xFD
_NOT_TURKISH_BYTES = b"\xe1\xed\xf3\xfa\xe6\xc1\xcd\xd3\xda\xc6"
TURKISH_MIN_LETTERS = 2

# Removed from every text (``normalise_text``): C1 controls and bidirectional embedding,
# override and isolate controls, which reorder what a terminal or a report shows.
# Ends the encoding named for a text whose undecodable bytes were replaced by U+FFFD.
REPLACED_MARK = "replaced)"
_UNSAFE_CONTROLS = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069]")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str, *, for_json: bool = False) -> tuple[str, str]:
    """Decode the bytes of one input, detecting their encoding.

    Args:
        data: the raw bytes of a file.
        source: names the input in errors (a path).

    Returns:
        ``(text, encoding)``: the text with ``\\n`` newlines in NFC, and the Python codec
        name that decoded it (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"``, ``"cp1251"``...),
        or ``"utf-8 (N bad sequences replaced)"`` when a few undecodable bytes in UTF-8
        text became U+FFFD.

    Raises:
        InputError: reason ``"empty"`` (no bytes, or whitespace only), ``"binary"`` (not
        text) or ``"undecodable"`` (text, but no encoding fits).
    """
    if not data.strip():
        raise InputError(source, "empty")
    decoded, encoding = _decode(data, source)
    text = _for_json_parser(decoded) if for_json else normalise_text(decoded)
    if not text.strip():
        raise InputError(source, "empty")
    return text, encoding


def normalise_text(text: str) -> str:
    """Return ``text`` with ``\\n`` newlines, in NFC, without C1 or bidi controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x85", "\n")
    text = _UNSAFE_CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _for_json_parser(text: str) -> str:
    # JSON strings may hold raw U+2028 and combining marks right after an escape
    # ("\\n" + U+0327): normalising now would split lines or compose "\\ņ" and break the
    # JSON. Each record's text is normalised once parsed.
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            name = codec if codec == "utf-8-sig" else _endian_name(codec, bom)
            return _strict(data, codec, name, source), name
    head = data[:SNIFF_BYTES]
    controls = _control_bytes(head)
    zero_bytes = b"\x00" in head
    if zero_bytes or controls > BINARY_CONTROL_SHARE * len(head):
        # UTF-16 of CJK text may have no zero byte, but its bytes fall below 0x20 often.
        wide = _wide_reading(data, head)
        if wide is not None:
            return _strict(data, wide, wide, source), wide
        detail = "contains zero bytes" if zero_bytes else "too many control bytes"
        raise InputError(source, "binary", detail)
    if b"\x1b$" in head:
        iso2022 = _iso2022(data)
        if iso2022 is not None:
            return iso2022
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mended = _mostly_utf8(data)
    if mended is not None:
        return mended
    if controls > LEGACY_MAX_CONTROL_BYTES:
        raise InputError(source, "binary", "control bytes in text that is not UTF-8")
    return _legacy(data, source)


def _endian_name(codec: str, bom: bytes) -> str:
    little = bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
    return f"{codec}-{'le' if little else 'be'}"


def _strict(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(source, "undecodable", f"invalid {name} at byte {error.start}") from None


def _wide_reading(data: bytes, head: bytes) -> str | None:
    """The UTF-32/UTF-16 codec (no mark) under which ``head`` reads best as text, if any."""
    best: tuple[float, str] | None = None
    for codec in _WIDE_CODECS:
        width = 4 if codec.startswith("utf-32") else 2
        if len(data) % width:
            continue
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            sample = decoder.decode(head, final=False)[:WIDE_SAMPLE_CHARS]
        except UnicodeDecodeError:
            continue
        if not sample or not _looks_like_text(sample, WIDE_MAX_ODD_SHARE):
            continue
        share, main_share = _script_shares(sample)
        separated = _separator_share(sample) >= WIDE_MIN_SEPARATOR_SHARE
        if share < WIDE_MIN_SCRIPT_SHARE or not (separated or main_share >= WIDE_ONE_SCRIPT):
            continue
        # Read in the wrong byte order, ASCII becomes U+xx00 letters of one script.
        score = share - sum(1 for char in sample if ord(char) & 0xFF == 0) / len(sample)
        if best is None or score > best[0]:
            best = (score, codec)
    return None if best is None else best[1]


def _script_shares(sample: str) -> tuple[float, float]:
    """Shares of the letters in the two most common scripts and in the most common one."""
    scripts = Counter(_script(char) for char in sample if char.isalpha())
    letters = sum(scripts.values())
    if letters == 0:
        return 1.0, 1.0
    counts = [count for _, count in scripts.most_common(2)]
    return sum(counts) / letters, counts[0] / letters


def _separator_share(sample: str) -> float:
    separators = sum(
        1 for char in sample if char.isspace() or unicodedata.category(char)[0] in "PZ"
    )
    return separators / len(sample)


def _script(char: str) -> str:
    word = unicodedata.name(char, "?").split(" ", 1)[0]
    return _SAME_SCRIPT.get(word, word)


def _control_bytes(head: bytes) -> int:
    return sum(1 for byte in head if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS)


def _looks_like_text(sample: str, max_odd_share: float) -> bool:
    """False when control, unassigned or private-use characters pass ``max_odd_share``."""
    odd = sum(
        1
        for char in sample
        if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") and not char.isspace()
    )
    return odd <= max_odd_share * len(sample)


def _iso2022(data: bytes) -> tuple[str, str] | None:
    for codec in _ISO2022_CODECS:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with U+FFFD for a few bad sequences, when the rest is plainly UTF-8."""
    text = data.decode("utf-8", errors="replace")
    replacements = text.count("\ufffd")
    bad = replacements - data.count("\ufffd".encode())
    valid = len(text) - (len(data) - len(data.translate(None, _ASCII))) - replacements
    if valid < UTF8_MIN_VALID_PER_BAD * bad and not _cut_at_end(data, valid):
        return None
    return text, replaced_utf8_name(bad)


def replaced_utf8_name(bad: int) -> str:
    """The encoding named for UTF-8 text in which ``bad`` undecodable sequences were
    replaced by U+FFFD: ``"utf-8 (1 bad sequence replaced)"``."""
    noun = "sequence" if bad == 1 else "sequences"
    return f"utf-8 ({bad} bad {noun} {REPLACED_MARK}"


def _cut_at_end(data: bytes, valid: int) -> bool:
    """True when the only fault is a character cut in half at the end of UTF-8 text."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    # A lone lead byte at the end of pure ASCII may as well be a legacy letter ("café").
    tail = len(data) - len(data.rstrip(bytes(range(0xC2, 0xF5)) + bytes(range(0x80, 0xC0))))
    return valid > 0 or tail >= 2


def _legacy(data: bytes, source: str) -> tuple[str, str]:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(source, "undecodable", "no known encoding fits")
    near = [match for match in results if match.chaos <= best.chaos + CHAOS_TOLERANCE]
    return _pick_legacy(data, best, near)


def _pick_legacy(data: bytes, best: CharsetMatch, near: list[CharsetMatch]) -> tuple[str, str]:
    """Choose among tied single-byte readings, preferring cp1252 for Western text.

    charset_normalizer ranks cp1250 and cp1252 equal on most Western text although they
    read letters such as à or ñ differently; cp1252 (a superset of Latin-1's printable
    range) is the likelier code page unless the text is long enough for its language
    guess to say Central European. Turkish ranks below cp1252 and Baltic readings that
    turn its ı ş ğ into ý þ ð; the bytes of those letters decide it (``_looks_turkish``).
    """
    text = str(best)
    if _looks_turkish(data, best):
        try:
            return data.decode("cp1254"), "cp1254"
        except UnicodeDecodeError:
            pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return text, _codec_name(best.encoding)
    tied = western == text or any(_codec_name(m.encoding) == "cp1252" for m in near)
    central = best.language in CENTRAL_EUROPEAN and len(text) >= LANGUAGE_TRUST_CHARS
    if tied and not central:
        return western, "cp1252"
    return text, _codec_name(best.encoding)


def _looks_turkish(data: bytes, best: CharsetMatch) -> bool:
    """Single-byte text with the bytes of ı and ş/ğ and none of Icelandic's á í ó ú æ."""
    if len(str(best)) >= LANGUAGE_TRUST_CHARS and best.language != "Turkish":
        return False
    turkish = sum(data.count(byte) for byte in _TURKISH_BYTES)
    other = sum(data.count(byte) for byte in _NOT_TURKISH_BYTES)
    has_dotless_i = _DOTLESS_I in data
    return has_dotless_i and turkish >= TURKISH_MIN_LETTERS and other * 4 < turkish


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name
