"""Credits found quickly (issue 14, point 11): a story's derivation reads each text's credits
once, and the "X reported" pattern is tried only before its cues, finding what trying it at
every offset finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from storytrace.model import Article
from storytrace.provenance.credits import _CUES_AFTER, _credits_in, _cues_after, find_credits

# Pieces a text of credits is made of: names, cues (whole, inside words, in other cases),
# what breaks a run of name words (newline, comma, quotation marks, a no-break space) and
# what does not (tab, full stop, apostrophe).
PIECES = [
    *("Reuters", "TASS", "the", "AP", "x.y", "l'AFP", "é", "İ", "K"),
    *("reported", "Reports", "said in a report", "wrote in a report", "berichtete"),
    *("berichtet", "a rapporté", "rapporte", "сообщил", "сообщает", "unreported"),
    *(" ", "  ", "\t", "\n", ",", ".", ":", "“", '"', "(", "\u00a0", "\u2009"),
]


def _found(matches: object) -> list[tuple[int, int, str, str]]:
    assert isinstance(matches, list)
    return [(m.start(), m.end(), m.group("words"), m.group("cue")) for m in matches]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_cues_after_names_find_what_the_whole_pattern_finds(text: str) -> None:
    assert _found(list(_cues_after(text))) == _found(list(_CUES_AFTER.finditer(text)))


def test_cues_after_names_on_news_text() -> None:
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in SEEDS)
    text += "\nSputnik reported.\nInterfax also reported, TASS reports"
    found = _found(list(_cues_after(text)))
    assert found == _found(list(_CUES_AFTER.finditer(text)))
    assert [cue for *_, cue in found][-3:] == ["reported", "reported", "reports"]


def test_credits_of_a_text_are_read_once_and_each_caller_gets_its_own_list() -> None:
    text = "The minister said the talks would go on, TASS reported. " + SEEDS[0].read_text("utf-8")
    article = Article("1", "a.txt", text, outlet="Daily Ledger")
    first = find_credits(article)
    read = _credits_in.cache_info()
    first.clear()
    again = [find_credits(article) for _ in range(3)]
    assert _credits_in.cache_info().misses == read.misses  # not read again
    assert all(credits and credits == again[0] for credits in again)
    assert "TASS" in [credit.name for credit in again[0]]
