"""Bytes to text: find the encoding from the data, never assume it.

Cascade (first that applies wins):

1. Nothing but whitespace: ``InputError(reason="empty")``.
2. A byte-order mark: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (UTF-32 first: its LE mark starts
   with the UTF-16 LE mark).
3. Zero bytes in only one of the two byte positions: UTF-16 without a mark.
4. Any other zero byte, or many control bytes: ``InputError(reason="binary")``.
5. Strict UTF-8 (ASCII included).
6. charset_normalizer for legacy code pages, with a Western (cp1252) preference among
   equally plausible single-byte readings (see ``_pick_legacy``).
7. Nothing fits: ``InputError(reason="undecodable")``.

The text that comes out has ``\\n`` newlines and is in Unicode NFC.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from storytrace.errors import InputError

# Only the head of a file is inspected for zero-byte and control-byte patterns: a text
# file shows its nature within a few KiB, and this keeps big files cheap.
SNIFF_BYTES = 64 * 1024

# UTF-16 without BOM: in ASCII-heavy text one byte of every pair is zero. Cyrillic or
# Greek UTF-16 still has a zero high byte for spaces, digits and punctuation (about 15-20%
# of characters), so 10% of the pairs is enough while the other position stays near 0%.
UTF16_MIN_ZERO_SHARE = 0.10
UTF16_MAX_OTHER_ZERO_SHARE = 0.01

# Real text has (almost) no C0 control bytes besides tab/newline/form feed; uniform random
# bytes have 12.5%. ESC, SO and SI are exempt: ISO-2022 encodings use them.
BINARY_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b\x0e\x0f")

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
        name that decoded it (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"``, ``"cp1251"``...).

    Raises:
        InputError: reason ``"empty"`` (no bytes, or whitespace only), ``"binary"`` (not
        text) or ``"undecodable"`` (text, but no encoding fits).
    """
    if not data.strip():
        raise InputError(source, "empty")
    text, encoding = _decode(data, source)
    if not text.strip():
        raise InputError(source, "empty")
    if for_json:
        # JSON strings may hold raw U+2028 and combining marks right after an escape
        # ("\\n" + U+0327): normalising now would split lines or compose "\\ņ" and break
        # the JSON. Each record's text is normalised once parsed.
        return text.lstrip("\ufeff").replace("\r\n", "\n"), encoding
    return normalise_text(text), encoding


def normalise_text(text: str) -> str:
    """Return ``text`` with every newline convention turned into ``\\n``, in NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x85", "\n")
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            name = codec if codec == "utf-8-sig" else _endian_name(codec, bom)
            return _strict(data, codec, name, source), name
    head = data[:SNIFF_BYTES]
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        text = _strict(data, utf16, utf16, source)
        if not _looks_like_text(text):
            raise InputError(source, "binary", "zero bytes do not form UTF-16 text")
        return text, utf16
    if b"\x00" in head:
        raise InputError(source, "binary", "contains zero bytes")
    if _control_share(head) > BINARY_CONTROL_SHARE:
        raise InputError(source, "binary", "too many control bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _legacy(data, source)


def _endian_name(codec: str, bom: bytes) -> str:
    little = bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
    return f"{codec}-{'le' if little else 'be'}"


def _strict(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(source, "undecodable", f"invalid {name} at byte {error.start}") from None


def _utf16_without_bom(head: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` when zero bytes sit in one position only."""
    pairs = len(head) // 2
    if pairs == 0:
        return None
    even = head[0 : pairs * 2 : 2].count(0) / pairs
    odd = head[1 : pairs * 2 : 2].count(0) / pairs
    if odd >= UTF16_MIN_ZERO_SHARE and even <= UTF16_MAX_OTHER_ZERO_SHARE:
        return "utf-16-le"
    if even >= UTF16_MIN_ZERO_SHARE and odd <= UTF16_MAX_OTHER_ZERO_SHARE:
        return "utf-16-be"
    return None


def _control_share(head: bytes) -> float:
    controls = sum(
        1 for byte in head if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    return controls / len(head)


def _looks_like_text(text: str) -> bool:
    """False when control, unassigned or private-use characters pass the binary share."""
    sample = text[:SNIFF_BYTES]
    odd = sum(
        1
        for char in sample
        if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") and not char.isspace()
    )
    return odd <= BINARY_CONTROL_SHARE * len(sample)


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
    guess to say Central European.
    """
    text = str(best)
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return text, _codec_name(best.encoding)
    tied = western == text or any(_codec_name(m.encoding) == "cp1252" for m in near)
    central = best.language in CENTRAL_EUROPEAN and len(text) >= LANGUAGE_TRUST_CHARS
    if tied and not central:
        return western, "cp1252"
    return text, _codec_name(best.encoding)


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name
