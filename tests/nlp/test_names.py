from storytrace.nlp.names import fold, name_key, skeleton, tokenize


def keys(text: str) -> list[str]:
    return [token.key for token in tokenize(text)]


def test_transliterations_of_one_place_fold_together() -> None:
    assert keys("Deir Ezzor") == keys("Dayr al-Zawr")
    assert keys("Deir ez-Zor") == keys("Deir Ezzor")


def test_aliases_of_one_group_fold_together() -> None:
    assert keys("Daesh") == keys("Islamic State") == keys("ISIS") == keys("ISIL")
    assert keys("the U.S.") == keys("the United States") == keys("the US")


def test_short_aliases_need_capitals() -> None:
    assert keys("join us") != keys("join US")
    assert keys("un jour") == ["un", "jour"]


def test_alias_token_spans_both_words() -> None:
    text = "fighters of Islamic State left"
    token = next(t for t in tokenize(text) if t.key == "=isis")
    assert text[token.start : token.end] == "Islamic State"


def test_sentence_initial_function_word_keeps_its_key() -> None:
    assert keys("The main obstacle") == keys("the main obstacle")


def test_fold_and_name_key() -> None:
    assert fold("Konashenkov’s") == "konashenkov"
    assert name_key("Major General Igor Konashenkov") == name_key("Konashenkov")
    assert skeleton("rukban") != skeleton("rubkan")  # a real typo is not a transliteration
