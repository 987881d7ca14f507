"""Articles as arrays of folded word ids, and the word offsets behind them.

A word is a run of letters and digits, with inner apostrophes and dots kept ("Russia's",
"U.S", "3.5"). Each distinct word is folded once (Unicode NFKC, then
``storytrace.nlp.names.fold``: ASCII transliteration, lower case, possessive dropped), so
case, diacritics, ligatures and Cyrillic or Latin spellings of one word share an id. A word
whose fold is empty (a letter ``anyascii`` renders as nothing or punctuation only, such as
the Arabic alef) keeps its own case-folded spelling as key: every word has an id, so
position ``i`` of an article's id array is its ``i``-th word, and ``word_offsets`` gives the
offsets of the same words.

``tokens`` reads the same words with the sentence ends between them (a full stop, question or
exclamation mark, ellipsis or line break that is not inside a word) as ``SENTENCE_END``, so
that the index learns where sentences end in the same pass that reads the words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from storytrace.nlp.names import fold

WordIds = npt.NDArray[np.int32]
Offsets = npt.NDArray[np.int32]
Flags = npt.NDArray[np.bool_]

_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
# A word as above, or a character that ends a sentence when it is not inside a word.
_WORD_OR_END = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*|[.!?…\n]")
# The id ``tokens`` gives a sentence end (no word has a negative id).
SENTENCE_END = -1
_DIGIT = re.compile(r"\d")


class Vocabulary(dict[str, int]):
    """Word as written -> id of its folded form.

    A dict, so that looking up a word seen before costs one C-level lookup; only new
    spellings go through the (slow) fold.
    """

    def __init__(self) -> None:
        super().__init__()
        self._folded: dict[str, int] = {}
        # The words never read as these: ``_WORD`` does not match them alone.
        self.update(dict.fromkeys(".!?…\n", SENTENCE_END))

    def __missing__(self, word: str) -> int:
        key = _fold(word) or "\x00" + word.casefold()
        ident = self._folded.setdefault(key, len(self._folded))
        self[word] = ident
        return ident

    def numeric(self) -> npt.NDArray[np.bool_]:
        """Per word id: whether the folded word holds a digit."""
        flags = np.zeros(len(self._folded), dtype=bool)
        digit = _DIGIT.search
        flags[[ident for key, ident in self._folded.items() if digit(key)]] = True
        return flags

    def word_ids(self, text: str) -> WordIds:
        """The ids of the words of ``text``, in order."""
        return np.fromiter(map(self.__getitem__, _WORD.findall(text)), dtype=np.int32)

    def tokens(self, text: str) -> WordIds:
        """The ids of the words of ``text`` in order, with ``SENTENCE_END`` where a sentence
        ends between two words (one per end character)."""
        return np.fromiter(map(self.__getitem__, _WORD_OR_END.findall(text)), dtype=np.int32)

    def word_offsets(self, text: str) -> tuple[Offsets, Offsets]:
        """Start and end offsets (into ``text``) of the words ``word_ids`` gives ids.

        Computed with numpy over the text's code points (a word is a run of alphanumeric
        characters, an apostrophe or dot between two of them included), which finds exactly
        the words of the regular expression at a fraction of its cost per word.
        """
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        alnum = _alphanumeric(codes)
        word = alnum.copy()
        inner = codes[1:-1]
        joiner = (inner == _APOSTROPHE) | (inner == _RIGHT_QUOTE) | (inner == _DOT)
        word[1:-1] |= joiner & alnum[:-2] & alnum[2:]
        edges = np.diff(word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts = np.flatnonzero(edges == 1).astype(np.int32)
        ends = np.flatnonzero(edges == -1).astype(np.int32)
        return starts, ends


def split_sentence_ends(tokens: WordIds, lengths: Offsets) -> tuple[WordIds, Flags, Offsets]:
    """The words of concatenated ``tokens`` (``lengths[d]`` tokens each, as ``Vocabulary.tokens``
    gives them), which of them close a sentence (a sentence end follows before the next word,
    or the article ends), and the number of words of each article."""
    end = tokens == SENTENCE_END
    words = tokens[~end]
    # Only the sentence ends are counted (a few per hundred tokens): the word before the k-th
    # end is at its token position less the k ends before it, less one.
    at = np.flatnonzero(end)
    before_end = at - np.arange(len(at)) - 1
    first_token = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=first_token[1:])
    ends_of = np.searchsorted(first_token, at, side="right") - 1
    word_lengths = (lengths - np.bincount(ends_of, minlength=len(lengths))).astype(np.int32)
    closes = np.zeros(len(words), dtype=bool)
    # A sentence end before an article's first word follows the previous article's last word,
    # which closes a sentence anyway.
    closes[before_end[before_end >= 0]] = True
    last = np.cumsum(word_lengths, dtype=np.int64) - 1
    closes[last[word_lengths > 0]] = True
    return words, closes, word_lengths


_APOSTROPHE, _RIGHT_QUOTE, _DOT = (np.uint32(ord(c)) for c in "'’.")
_BMP = 0x10000


@lru_cache(maxsize=1)
def _alphanumeric_bmp() -> npt.NDArray[np.bool_]:
    """``str.isalnum`` (what ``[^\\W_]`` matches) for every code point below U+10000."""
    return np.array([chr(c).isalnum() for c in range(_BMP)], dtype=bool)


def _alphanumeric(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    table = _alphanumeric_bmp()
    high = codes >= _BMP
    flags: npt.NDArray[np.bool_] = table[np.where(high, 0, codes)]
    if high.any():
        flags[high] = [chr(c).isalnum() for c in codes[high].tolist()]
    return flags


def _fold(word: str) -> str:
    """``names.fold`` after NFKC, with a fast path for plain ASCII words (same result: the
    regular expression above only lets ASCII letters, digits, apostrophes and dots through)."""
    if word.isascii():
        if word.endswith("'s"):
            word = word[:-2]
        return word.lower().replace("'", "").replace(".", "")
    return fold(unicodedata.normalize("NFKC", word))
