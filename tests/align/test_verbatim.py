from storytrace.align.verbatim import shared_spans
from storytrace.nlp.names import tokenize


def spans_between(a: str, b: str):  # type: ignore[no-untyped-def]
    return shared_spans("a", a, tokenize(a), "b", b, tokenize(b))


def test_reordered_paragraphs_are_found_with_offsets_in_both_texts() -> None:
    first = "The ministry published photos of a compound inside the territory last week."
    second = "Officials said the border crossing near the river would open again on Monday."
    a = f"{first}\n\n{second}"
    b = f"{second}\n\nSomething else entirely.\n\n{first}"
    spans = spans_between(a, b)
    assert len(spans) == 2
    for span in spans:
        assert a[span.start_a : span.end_a] == span.text_a
        assert b[span.start_b : span.end_b] == span.text_b
    assert {s.text_a for s in spans} == {first.rstrip("."), second.rstrip(".")}


def test_spelling_variants_do_not_break_a_run() -> None:
    a = "fighters of Islamic State attacked the base near Zelenskyy's office on Monday night"
    b = "fighters of Daesh attacked the base near Selenskyj’s office on Monday night"
    spans = spans_between(a, b)
    assert len(spans) == 1
    assert spans[0].text_a == a and spans[0].text_b == b


def test_short_or_function_word_runs_are_not_reported() -> None:
    assert (
        spans_between("it was on the other side of it", "so it was on the other side of it") == []
    )
    assert spans_between("the cat sat on the mat", "a dog sat on the mat") == []
