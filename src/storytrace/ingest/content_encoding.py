"""HTTP Content-Encoding decoded as a stream, one bounded step at a time.

httpx decodes each received chunk whole, one layer after the other, so a few hundred
bytes sent as ``Content-Encoding: gzip, gzip, gzip`` grow to gigabytes before a size limit
can be checked. Here every layer is a ``zlib`` decompressor asked for at most
``STEP_BYTES`` of output per call: the decoded body comes out in small chunks that the
caller counts, and it stops reading when its limit is passed. Memory stays at a few steps
per layer whatever the compression ratio.

- Decoded: ``gzip`` (and its alias ``x-gzip``), ``deflate`` (zlib-wrapped as the standard
  says, or raw as some servers send it) and ``identity`` (nothing to do). Any other
  encoding (``br``, ``zstd``, ``compress``...) is refused; ``ACCEPT_ENCODING`` asks
  servers for these two only.
- At most ``Limits.content_encodings`` (2; ``--limit content-encodings=N``) stacked
  encodings: servers compress once, and two covers a page gzipped by an application
  then deflated by a proxy. More is refused before the body is read
  (``TooManyEncodingsError``; ``fetch`` makes it ``too_complex``).
- Compressed data that does not decode raises ``ContentEncodingError``; data after the
  end of a compressed stream is ignored, and a stream cut short gives what it holds (as
  browsers and httpx do).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from storytrace.limits import limits

# Largest chunk a layer produces at a time: small enough that several layers in flight
# cost well under a megabyte, large enough that a 10 MB page takes a few hundred calls.
STEP_BYTES = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"

_WINDOW_BITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_ALIASES = {"x-gzip": "gzip"}
# A zlib header is 2 bytes: the first call is given at least that much, so that a
# deflate stream without one is told apart on its first bytes.
_HEADER_BYTES = 2


class ContentEncodingError(Exception):
    """The body's encoding is not decoded here, or its data does not decode."""


class TooManyEncodingsError(ContentEncodingError):
    """More stacked encodings than the limit: a limit on structure, not on size."""


def content_encodings(header: str, max_encodings: int | None = None) -> list[str]:
    """The encodings named by a Content-Encoding header, in the order they were applied.

    ``identity`` is left out and ``x-gzip`` is read as ``gzip``.

    Raises:
        ContentEncodingError: an encoding other than gzip and deflate;
            ``TooManyEncodingsError`` (a subclass) for more than ``max_encodings``
            (default: ``Limits.content_encodings`` in force).
    """
    max_encodings = limits().content_encodings if max_encodings is None else max_encodings
    named = [token.strip().lower() for token in header.split(",")]
    encodings = [_ALIASES.get(name, name) for name in named if name and name != "identity"]
    for encoding in encodings:
        if encoding not in _WINDOW_BITS:
            raise ContentEncodingError(
                f"content encoding {encoding!r}: only gzip and deflate are decoded"
            )
    if len(encodings) > max_encodings:
        raise TooManyEncodingsError(
            f"{len(encodings)} stacked content encodings ({', '.join(encodings)}); "
            f"at most {max_encodings} are decoded"
        )
    return encodings


def decoded(chunks: Iterable[bytes], encodings: list[str]) -> Iterator[bytes]:
    """``chunks`` of a body encoded with ``encodings`` (in the order applied), decoded.

    Each chunk yielded is at most ``STEP_BYTES``; nothing is decoded ahead of what the
    caller takes. Raises ``ContentEncodingError`` on data that does not decode.
    """
    stream: Iterator[bytes] = iter(chunks)
    for encoding in reversed(encodings):  # the last applied is the first to undo
        stream = _undo(encoding, stream)
    return stream


def _undo(encoding: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    layer = _Layer(encoding)
    for chunk in chunks:
        yield from layer.feed(chunk)
        if layer.finished:
            return


class _Layer:
    """One encoding's decompressor, fed chunk by chunk, giving bounded steps."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._inflater = zlib.decompressobj(_WINDOW_BITS[encoding])
        self._started = False  # whether the header was read (deflate: which kind)
        self._head = b""  # the first bytes, held until there are enough to tell

    @property
    def finished(self) -> bool:
        return self._inflater.eof

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        if not self._started:
            self._head += data
            if len(self._head) < _HEADER_BYTES:
                return
            pending, self._head = self._head, b""
        while pending and not self._inflater.eof:
            step = self._step(pending)
            pending = self._inflater.unconsumed_tail
            if step:
                yield step
            # a full step may leave output inside the decompressor with no input left
            while len(step) == STEP_BYTES and not pending and not self._inflater.eof:
                step = self._step(b"")
                pending = self._inflater.unconsumed_tail
                if step:
                    yield step

    def _step(self, data: bytes) -> bytes:
        try:
            step = self._inflater.decompress(data, STEP_BYTES)
        except zlib.error as error:
            if self.encoding == "deflate" and not self._started:
                # no zlib header: raw deflate, as some servers send it
                self._started = True
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._step(data)
            raise ContentEncodingError(f"{self.encoding} data is corrupt: {error}") from None
        self._started = True
        return step
