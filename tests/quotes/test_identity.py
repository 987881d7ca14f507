from storytrace.model import Quote, Speaker
from storytrace.nlp.names import name_key
from storytrace.quotes import unify_speakers
from storytrace.quotes.identity import same_spelling


def quotes_by(*mentions: tuple[str, str]) -> list[Quote]:
    """One quotation per (article, speaker name), keyed the way extraction keys them."""
    return [
        Quote(
            f"{article}-q{n}", article, 0, 10, "we will win", Speaker(name, name_key(name)), "said"
        )
        for n, (article, name) in enumerate(mentions)
    ]


def keys(quotes: list[Quote]) -> list[str]:
    return [quote.speaker.key if quote.speaker else "-" for quote in unify_speakers(quotes)]


def test_titles_initials_and_bare_surnames_are_one_person() -> None:
    quotes = quotes_by(
        ("a1", "Major General Igor Konashenkov"),
        ("a2", "Konashenkov"),
        ("a3", "I. Konashenkov"),
        ("a4", "Igor Konashenkov"),
        ("a5", "Mr. Konashenkov"),
        ("a6", "Russia's Defense Ministry spokesman Igor Konashenkov"),
    )
    assert keys(quotes) == ["konashenkov"] * 6


def test_an_initial_of_another_first_name_is_another_person() -> None:
    quotes = quotes_by(("a1", "Igor Konashenkov"), ("a2", "A. Konashenkov"), ("a3", "Konashenkov"))
    igor, anton, bare = keys(quotes)
    assert igor != anton
    # the bare surname fits both and its own article names neither: it keeps its own key
    assert bare == "konashenkov" and bare not in (igor, anton)


def test_transliterations_of_a_long_surname_meet() -> None:
    quotes = quotes_by(
        ("a1", "Zelensky"),
        ("a2", "Zelenskyy"),
        ("a3", "Zelenskiy"),
        ("a4", "Volodymyr Selenskyj"),
        ("a5", "President Volodymyr Zelensky"),
        ("a6", "Wolodymyr Selenskyj"),
    )
    assert keys(quotes) == ["zelensky"] * 6


def test_near_spellings_of_short_or_different_names_stay_apart() -> None:
    assert not same_spelling("lee", "li")
    assert not same_spelling("morales", "mireles")  # same consonants, two vowels changed
    assert not same_spelling("johnson", "johnston")
    assert same_spelling("konashenkov", "konaschenkow")
    quotes = quotes_by(("a1", "Jim Lee"), ("a2", "Li"), ("a3", "Morales"), ("a4", "Mireles"))
    assert keys(quotes) == ["lee", "li", "morales", "mireles"]


def test_two_people_with_one_surname_stay_apart() -> None:
    quotes = quotes_by(
        ("a1", "Hillary Clinton"),
        ("a1", "Clinton"),
        ("a2", "Bill Clinton"),
        ("a2", "Bill Clinton"),
        ("a2", "Hillary Clinton"),
        ("a2", "Clinton"),
        ("a3", "Clinton"),
        ("a4", "Hillary Rodham Clinton"),
        ("a4", "Bill Clinton"),
        ("a4", "Mr. Clinton"),
    )
    found = keys(quotes)
    hillary, bill = found[0], found[2]
    assert hillary != bill
    assert found == [
        hillary,
        hillary,  # the only Clinton its article names
        bill,
        bill,
        hillary,
        bill,  # its article quotes Bill Clinton twice, Hillary once
        "clinton",  # its article names neither: ambiguous, its own key
        hillary,
        bill,
        "clinton",  # a tie in its article
    ]


def test_organisations_as_speakers() -> None:
    quotes = quotes_by(
        ("a1", "Russia's Defense Ministry"),
        ("a2", "the Russian Defence Ministry"),
        ("a3", "Ministry of Defence"),
        ("a4", "Defense Ministry"),
        ("a1", "the Pentagon"),
        ("a2", "Pentagon"),
        ("a3", "Russia"),
        ("a5", "the State Department"),
        ("a6", "Department of State"),
        ("a6", "the Justice Department"),
        ("a7", "the Department"),
    )
    found = keys(quotes)
    ministry, pentagon, russia, state, justice = found[0], found[4], found[6], found[7], found[9]
    assert found[:4] == [ministry] * 4
    assert found[4:6] == [pentagon] * 2
    assert found[7:9] == [state] * 2
    assert len({ministry, pentagon, russia, state, justice}) == 5
    assert found[10] not in (state, justice)  # which department, its article does not say


def test_unnamed_speakers_roles_and_order_are_kept() -> None:
    named = quotes_by(("a1", "Igor Konashenkov"), ("a2", "Konashenkov"))
    role = Speaker("Igor Konashenkov", "konashenkov", "a spokesman", 0, 16)
    quotes = [
        Quote("a1-q0", "a1", 0, 9, "we will win", role, "said"),
        Quote("a1-q1", "a1", 20, 30, "we will win", Speaker("he", ""), "said"),
        Quote("a2-q0", "a2", 0, 9, "we will win", None, None),
        named[1],
    ]
    unified = unify_speakers(quotes)
    assert [q.id for q in unified] == ["a1-q0", "a1-q1", "a2-q0", "a2-q1"]
    assert unified[0].speaker == role
    assert unified[1].speaker == Speaker("he", "")
    assert unified[2].speaker is None
    assert unified[3].speaker is not None and unified[3].speaker.role is None  # not invented


def test_an_acronym_with_a_capital_inside_is_its_alias() -> None:
    # "MoD" is the Ministry of Defence; "mod" in lower case is a word, not an alias.
    found = keys(
        quotes_by(
            ("a1", "The Russian Ministry of Defense"),
            ("a1", "Russian MoD"),
            ("a2", "Russia's Defence Ministry"),
        )
    )
    assert found == [found[0]] * 3
