from storytrace.nlp.pipeline import analyse_text
from storytrace.nlp.segment import merge_fragments, split_clauses


def test_fragment_without_sentence_end_is_merged() -> None:
    text = "He blamed the support of [our] American colleagues. Then he left."
    first = text.index("[") + 1
    spans = [(0, first), (first, text.index(" Then")), (text.index("Then"), len(text))]
    assert merge_fragments(text, spans) == [(0, spans[1][1]), spans[2]]


def test_blank_line_stops_merging() -> None:
    text = "A heading\n\nThe body starts here."
    spans = [(0, 9), (11, len(text))]
    assert merge_fragments(text, spans) == spans


def test_long_sentence_is_cut_at_a_new_clause() -> None:
    text = (
        "This action took place about a week ago in eastern Syria, near the border with "
        "Jordan, and saw the mobilization of several hundred militants who left the city."
    )
    pieces = split_clauses(text, 0, len(text))
    assert len(pieces) == 2
    assert text[pieces[1][0] :].startswith("and saw the mobilization")


def test_no_cut_inside_a_quotation_or_into_short_pieces() -> None:
    quoted = "“We came, and we saw the city and the river and the hills, and we left,” he said."
    assert len(split_clauses(quoted, 0, len(quoted))) == 1
    short = "He came, and left."
    assert split_clauses(short, 0, len(short)) == [(0, len(short))]


def test_units_index_the_text_and_entities_are_found() -> None:
    text = "Igor Konashenkov spoke in Moscow on Wednesday.\n\nHe said more later."
    units, entities = analyse_text(text, "en")
    assert [u.text for u in units] == [text[u.start : u.end] for u in units]
    assert len(units) == 2
    assert any(e.label == "GPE" and e.text == "Moscow" for e in entities)


def test_other_languages_get_sentences_without_entities() -> None:
    text = "Москва заявила об этом в среду. Вашингтон не ответил."
    units, entities = analyse_text(text, "ru")
    assert len(units) == 2 and entities == []
