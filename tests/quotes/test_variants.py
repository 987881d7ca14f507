from storytrace.model import Article, Quote, QuoteKind, Speaker
from storytrace.nlp.names import name_key
from storytrace.quotes import group_quotes, quotes_in_article

OBSTACLE = (
    "The main obstacle to the complete defeat of Islamic State in Syria is not the military "
    "capability of the terrorists but the support of our American colleagues."
)


def quote(
    article: str,
    text: str,
    name: str | None = "Konashenkov",
    role: str | None = None,
    kind: QuoteKind = QuoteKind.DIRECT,
) -> Quote:
    speaker = Speaker(name, name_key(name), role) if name else None
    return Quote(f"{article}-q{len(text)}", article, 0, len(text), text, speaker, "said", kind)


def test_wordings_are_numbered_and_the_first_carrier_follows_article_order() -> None:
    quotes = [
        quote("a1", OBSTACLE),
        quote("a2", OBSTACLE.upper().replace(",", "")),  # same words: case aside
        quote("a3", OBSTACLE.replace("our American colleagues", "the United States")),
        quote("a4", OBSTACLE.replace("Islamic State", "Islamic state,")),
    ]
    (group,) = group_quotes(quotes, ["a3", "a2", "a1", "a4"])
    by_article = {v.quote.article: v for v in group.variants}
    assert [v.quote.article for v in group.variants] == ["a3", "a2", "a1", "a4"]
    assert by_article["a3"].wording == 0 and by_article["a3"].first
    assert by_article["a2"].wording == 1 and by_article["a2"].first
    assert by_article["a1"].wording == 1 and not by_article["a1"].first
    assert by_article["a4"].wording == 1 and not by_article["a4"].first
    assert [c.op for c in by_article["a1"].changes] == ["changed"]
    assert [c.variant.lower() for c in by_article["a2"].changes] == ["our american colleagues"]


def test_group_speaker_is_the_fullest_name_and_a_role_given_anywhere() -> None:
    quotes = [
        quote("a1", OBSTACLE, "Konashenkov"),
        quote("a2", OBSTACLE, "Major General Igor Konashenkov"),
        quote("a3", OBSTACLE, "I. Konashenkov"),
        quote(
            "a3", "The weather in Moscow will be cold all week.", "Igor Konashenkov", "a spokesman"
        ),
    ]
    groups = group_quotes(quotes, ["a1", "a2", "a3"])
    assert [len(g.variants) for g in groups] == [3, 1]
    assert groups[0].speaker_key == "konashenkov"
    assert groups[0].speaker_name == "Major General Igor Konashenkov"
    assert groups[0].speaker_role == "a spokesman"  # from the speaker's other quotation
    # the role reaches the group, not the quotations that did not give it
    assert all(v.quote.speaker and v.quote.speaker.role is None for v in groups[0].variants)


def test_spellings_of_one_speaker_group_but_namesakes_do_not() -> None:
    quotes = [
        quote("a1", OBSTACLE, "Volodymyr Zelensky"),
        quote("a2", OBSTACLE, "Zelenskyy"),
        quote("a3", OBSTACLE, "Bill Clinton"),
        quote("a4", OBSTACLE, "Hillary Clinton"),
    ]
    groups = group_quotes(quotes, ["a1", "a2", "a3", "a4"])
    assert [[v.quote.article for v in g.variants] for g in groups] == [["a1", "a2"], ["a3"], ["a4"]]
    assert groups[0].speaker_key == "zelensky"
    assert groups[0].speaker_name == "Volodymyr Zelensky"


def test_a_group_never_holds_two_quotations_of_one_article() -> None:
    quotes = [
        quote("a1", OBSTACLE),
        quote("a1", OBSTACLE.replace("complete defeat", "final defeat")),
        quote("a2", OBSTACLE),
        quote("a3", OBSTACLE.replace("complete", "total")),
    ]
    groups = group_quotes(quotes, ["a1", "a2", "a3"])
    for group in groups:
        articles = [v.quote.article for v in group.variants]
        assert len(articles) == len(set(articles))
    assert sorted(len(g.variants) for g in groups) == [1, 3]


def test_reported_speech_joins_a_quotation_of_the_same_speaker_only() -> None:
    direct = quote("a1", "I want to see the birth certificate", "Donald Trump")
    reported = "he'd like Obama to show his birth certificate"
    same = quote("a2", reported, "Trump", kind=QuoteKind.INDIRECT)
    other = quote("a3", reported, "Ted Cruz", kind=QuoteKind.INDIRECT)
    nobody = quote("a4", reported, None, kind=QuoteKind.INDIRECT)
    groups = group_quotes([direct, same, other, nobody], ["a1", "a2", "a3", "a4"])
    assert [[v.quote.article for v in g.variants] for g in groups] == [
        ["a1", "a2"],
        ["a3"],
        ["a4"],
    ]


def test_a_russian_quotation_and_its_english_translation_form_one_group() -> None:
    russian = Article(
        "a1",
        "test",
        "Официальный представитель Минобороны России генерал-майор Игорь Конашенков заявил: "
        "«Главным препятствием для полного уничтожения ИГИЛ в Сирии являются не военные "
        "возможности террористов, а поддержка американских коллег».",
        language="ru",
    )
    english = Article(
        "a2",
        "test",
        "Major General Igor Konashenkov, a spokesman for Russia's Defense Ministry, said on "
        'Wednesday that "the main obstacle to the complete destruction of ISIS in Syria is not '
        'the military capabilities of the terrorists, but the support of American colleagues."',
        language="en",
    )
    other = Article(
        "a3", "test", "“The weather in Moscow will be cold all week long,” Konashenkov said."
    )
    quotes = [q for article in (russian, english, other) for q in quotes_in_article(article)]
    groups = group_quotes(quotes, ["a1", "a2", "a3"])
    assert [[v.quote.article for v in g.variants] for g in groups] == [["a1", "a2"], ["a3"]]
    assert groups[0].speaker_key == "konashenkov"
    assert groups[0].speaker_name == "Major General Igor Konashenkov"
    assert groups[0].speaker_role == "a spokesman for Russia's Defense Ministry"
    assert [v.wording for v in groups[0].variants] == [0, 1]


def test_unnamed_reported_speech_joins_the_one_speaker_it_translates() -> None:
    english = quote(
        "a1",
        "the attacks on the Syrian government forces had come from an area near the border "
        "with Jordan where the US maintains a military mission",
        "Igor Konashenkov",
        kind=QuoteKind.INDIRECT,
    )
    russian = quote(
        "a2",
        "атаки на сирийские правительственные войска велись из района у границы с Иорданией, "
        "где находится военная миссия США",
        None,
        kind=QuoteKind.INDIRECT,
    )
    groups = group_quotes([english, russian], ["a1", "a2"])
    assert [[v.quote.article for v in g.variants] for g in groups] == [["a1", "a2"]]
    assert groups[0].speaker_key == "konashenkov"
