"""Cues and speakers in Russian, French, German and Spanish text (word patterns, no parser)."""

from storytrace.model import Article, QuoteKind
from storytrace.quotes import group_quotes, quotes_in_article
from storytrace.quotes.extract import NOTE_NOT_ENGLISH

RUSSIAN = (
    "Москва, 5 октября. Официальный представитель Минобороны генерал-майор Игорь Конашенков "
    "заявил: «Главным препятствием для полного уничтожения ИГИЛ в Сирии являются не военные "
    "возможности террористов, а поддержка американских коллег».\n\n"
    "По словам Конашенкова, атаки велись из района у границы с Иорданией.\n\n"
    "Он также сообщил, что в регионе продолжаются сильные дожди.\n\n"
    "«Мы не допустим этого никогда», — заявил Конашенков журналистам."
)


def quotes(text: str, language: str, article_id: str = "a1"):  # type: ignore[no-untyped-def]
    return quotes_in_article(Article(article_id, "test", text, language=language))


def test_russian_speakers_before_and_after_quotations() -> None:
    first, according, pronoun, last = quotes(RUSSIAN, "ru")
    assert first.kind == QuoteKind.DIRECT and first.cue == "заявил"
    assert first.speaker is not None and first.speaker.name == "Игорь Конашенков"
    assert first.speaker.key == "konashenkov"
    assert according.kind == QuoteKind.INDIRECT and according.cue == "По словам"
    assert according.text == "атаки велись из района у границы с Иорданией"
    # "Он" (he) is the last named speaker's
    assert pronoun.speaker is not None and pronoun.speaker.key == "konashenkov"
    assert pronoun.speaker.mention == "Он" and pronoun.text.startswith("что")
    assert last.speaker is not None and last.speaker.key == "konashenkov"
    assert not any(q.notes for q in (first, according, pronoun, last))


def test_french_german_spanish_frames() -> None:
    french = quotes(
        "« Nous ne quitterons pas la ville avant le dépouillement des votes », a déclaré "
        "Maria Lopez lundi. Selon Jean Dupont, la grève va continuer. Le ministre a affirmé "
        "que les salaires seraient augmentés.",
        "fr",
    )
    assert [(q.kind, q.speaker.key if q.speaker else None) for q in french] == [
        (QuoteKind.DIRECT, "lopez"),
        (QuoteKind.INDIRECT, "dupont"),
        (QuoteKind.INDIRECT, ""),  # "Le ministre": a description, kept without a key
    ]
    german = quotes(
        "„Wir werden die Stadt nicht verlassen, bevor die Stimmen gezählt sind“, sagte Maria "
        "Lopez am Montag. Scholz sagte, dass die Löhne steigen würden.",
        "de",
    )
    assert [q.speaker.key for q in german if q.speaker] == ["lopez", "scholz"]
    spanish = quotes(
        "«No dejaremos la ciudad antes de que se cuenten los votos», dijo María López el "
        "lunes. Según Juan Pérez, la huelga continuará.",
        "es",
    )
    assert [q.speaker.key for q in spanish if q.speaker] == ["lopez", "perez"]


def test_other_languages_keep_quotations_with_a_reason() -> None:
    (quote,) = quotes("Maria Lopez zei: „We verlaten de stad niet voordat alles geteld is”.", "nl")
    assert quote.speaker is None and quote.notes == (NOTE_NOT_ENGLISH,)


def test_a_translated_quotation_joins_its_original() -> None:
    english = quotes(
        "Major General Igor Konashenkov said: “The main obstacle to the complete elimination "
        "of Daesh in Syria is not the military capabilities of terrorists, but the support of "
        "American colleagues.”",
        "en",
        "en1",
    )
    russian = quotes(RUSSIAN, "ru", "ru1")
    groups = group_quotes([*english, *russian], ["en1", "ru1"])
    shared = [g for g in groups if len(g.variants) > 1]
    assert len(shared) == 1
    assert {v.quote.article for v in shared[0].variants} == {"en1", "ru1"}
    assert shared[0].speaker_key == "konashenkov"


def test_german_laut_and_zufolge_without_a_comma() -> None:
    german = quotes(
        "Laut Regierungssprecher Steffen Hebestreit soll das Treffen am Montag stattfinden. "
        "Laut dem Verteidigungsministerium wurden drei Drohnen abgeschossen. "
        "Scholz zufolge ist die Lage ernst. Die Stadt ist laut und voll.",
        "de",
    )
    assert [(q.cue, q.text) for q in german] == [
        ("Laut", "soll das Treffen am Montag stattfinden"),
        ("Laut", "wurden drei Drohnen abgeschossen"),
        ("zufolge", "ist die Lage ernst"),
    ]
    assert all(q.kind == QuoteKind.INDIRECT for q in german)
    speakers = [(q.speaker.name, q.speaker.key) for q in german if q.speaker]
    # German capitalises nouns: "dem Verteidigungsministerium" is a description, not a name.
    assert speakers == [
        ("Regierungssprecher Steffen Hebestreit", "hebestreit"),
        ("dem Verteidigungsministerium", ""),
        ("Scholz", "scholz"),
    ]


def test_italian_and_polish_frames() -> None:
    italian = quotes(
        "«Non lasceremo la città prima del conteggio dei voti», ha detto Maria Rossi lunedì. "
        "Secondo Giovanni Bianchi, lo sciopero continuerà. Il ministro ha dichiarato che i "
        "salari aumenteranno.",
        "it",
    )
    assert [(q.kind, q.speaker.key if q.speaker else None) for q in italian] == [
        (QuoteKind.DIRECT, "rossi"),
        (QuoteKind.INDIRECT, "bianchi"),
        (QuoteKind.INDIRECT, ""),  # "Il ministro": a description, kept without a key
    ]
    polish = quotes(
        "„Nie opuścimy miasta przed przeliczeniem głosów”, powiedział Jan Nowak w poniedziałek. "
        "Według Adama Kowalskiego, strajk będzie trwał. Anna Zielińska stwierdziła, że płace "
        "wzrosną.",
        "pl",
    )
    # "według" takes the genitive: "Kowalskiego" is Kowalski
    assert [q.speaker.key for q in polish if q.speaker] == ["nowak", "kowalski", "zielinska"]


def test_german_laut_inside_a_sentence_reports_the_sentence_around_it() -> None:
    (quote,) = quotes("Drei Drohnen wurden laut Minister Boris Pistorius abgeschossen.", "de")
    assert quote.cue == "laut" and quote.kind == QuoteKind.INDIRECT
    assert quote.text == "Drei Drohnen wurden abgeschossen"
    assert len(quote.parts) == 2
    assert quote.speaker is not None and quote.speaker.key == "pistorius"
    # "laut" is also "loud": no name after it, no cue
    assert quotes("Die Musik war laut und die Nacht lang.", "de") == []


def test_a_sentence_opening_common_noun_is_no_name_in_russian_and_polish() -> None:
    russian = quotes("Министерство также сообщило, что в регионе идут дожди.", "ru")
    polish = quotes("Ministerstwo poinformowało, że płace wzrosną.", "pl")
    for (quote,) in (russian, polish):
        assert quote.kind == QuoteKind.INDIRECT
        assert quote.speaker is not None and quote.speaker.key == ""
    (named,) = quotes("Rzecznik Jan Nowak poinformował, że płace wzrosną.", "pl")
    assert named.speaker is not None and named.speaker.key == "nowak"


def test_an_adverb_between_speaker_and_verb_is_not_the_speaker() -> None:
    (ministry,) = quotes("Министерство также сообщило, что в регионе идут дожди.", "ru")
    assert ministry.speaker is not None and ministry.speaker.name == "Министерство"
    (peskov,) = quotes("Песков также заявил, что переговоры продолжатся.", "ru")
    assert peskov.speaker is not None
    assert (peskov.speaker.name, peskov.speaker.key, peskov.speaker.mention) == (
        "Песков",
        "peskov",
        "",
    )
    (spanish,) = quotes("El ministro Luis Planas también dijo que los precios bajarán.", "es")
    assert spanish.speaker is not None and spanish.speaker.key == "planas"
    assert not (spanish.speaker.mention or "").endswith("también")


def test_genitive_names_after_according_to_are_given_in_the_nominative() -> None:
    polish = quotes(
        "Według Anny Kowalskiej, strajk będzie trwał. Anna Kowalska powiedziała, że płace "
        "wzrosną. Według Łukasza Szumowskiego, epidemia słabnie. Według Pawła Nowickiego, "
        "rząd upadnie.",
        "pl",
    )
    assert [(q.speaker.name, q.speaker.key) for q in polish if q.speaker] == [
        ("Anna Kowalska", "kowalska"),
        ("Anna Kowalska", "kowalska"),
        ("Łukasz Szumowski", "szumowski"),
        ("Paweł Nowicki", "nowicki"),
    ]
    russian = quotes(
        "По словам Марии Захаровой, переговоры продолжатся. По словам Игоря Конашенкова, "
        "удары нанесены по складам.",
        "ru",
    )
    assert [q.speaker.name for q in russian if q.speaker] == [
        "Мария Захарова",
        "Игорь Конашенков",
    ]
