"""Cues and speakers in Turkish, Arabic and Chinese text (word patterns, no parser)."""

from dataclasses import replace

from storytrace.model import Article, Quote, QuoteKind
from storytrace.quotes import group_quotes, quotes_in_article


def quotes(text: str, language: str) -> list[Quote]:
    return quotes_in_article(Article("a1", "test", text, language=language))


def described(quote: Quote) -> tuple[str, str, str | None, str, str]:
    assert quote.speaker is not None
    return (quote.kind.value, quote.cue or "", quote.speaker.name, quote.speaker.key, quote.text)


def test_turkish_verb_last_frames() -> None:
    found = quotes(
        "Maliye Bakanı Mehmet Şimşek, enflasyonun yıl sonunda düşeceğini söyledi. Şimşek, "
        '"Dezenflasyon süreci bu yıl başladı ve sürecek" dedi. Erdoğan\'a göre, ekonomi '
        'büyümeye devam edecek. "Bu bir zafer ve bir başlangıç", dedi Bahçeli.',
        "tr",
    )
    assert [described(q) for q in found] == [
        (
            "indirect",
            "söyledi",
            "Maliye Bakanı Mehmet Şimşek",
            "simsek",
            "enflasyonun yıl sonunda düşeceğini",
        ),
        ("direct", "dedi", "Şimşek", "simsek", "Dezenflasyon süreci bu yıl başladı ve sürecek"),
        ("indirect", "göre", "Erdoğan", "erdogan", "ekonomi büyümeye devam edecek"),
        ("direct", "dedi", "Bahçeli", "bahceli", "Bu bir zafer ve bir başlangıç"),
    ]
    assert not any(q.notes for q in found)


def test_arabic_verb_first_frames_names_and_descriptions() -> None:
    found = quotes(
        "وقال المتحدث باسم الكرملين دميتري بيسكوف إن المحادثات ستستمر الأسبوع المقبل. "
        'وأضاف بيسكوف: "لا نرى أي تقدم في المحادثات حتى الآن". '
        "بحسب وكالة رويترز، قتل ثلاثة أشخاص في الهجوم. "
        "وقال المتحدث إن الوزارة ستصدر بيانا. "
        "وأشارت إلى أن الاجتماع المقبل سيعقد في جنيف.",
        "ar",
    )
    first, direct, according, description, dropped = found
    assert described(first)[:4] == ("indirect", "وقال", "دميتري بيسكوف", "ar:byskwf")
    assert first.text == "إن المحادثات ستستمر الأسبوع المقبل"
    assert first.speaker is not None
    assert first.speaker.mention == "المتحدث باسم الكرملين دميتري بيسكوف"
    assert described(direct)[:4] == ("direct", "وأضاف", "بيسكوف", "ar:byskwf")
    assert according.cue == "بحسب" and according.text == "قتل ثلاثة أشخاص في الهجوم"
    # "the spokesman" is the one named before with that title
    assert description.speaker is not None and description.speaker.key == "ar:byskwf"
    assert description.speaker.mention == "المتحدث"
    # "she pointed out that ...": the verb's ending is the only subject
    assert dropped.cue == "وأشارت إلى" and dropped.speaker is None
    assert dropped.kind == QuoteKind.INDIRECT


def test_arabic_time_words_and_prepositions_are_no_names() -> None:
    merkel, statement = quotes(
        "قالت ميركل يوم الاثنين إن الخطر لا يزال قائما. وذكرت الوزارة في بيان أن الوضع مستقر.",
        "ar",
    )
    assert merkel.speaker is not None and merkel.speaker.key == "ar:myrkl"
    assert statement.speaker is not None and statement.speaker.key == ""


def test_chinese_frames_titles_and_pronouns() -> None:
    found = quotes(
        "外交部发言人赵立坚表示，中方坚决反对美方的做法。王毅说：“我们希望双方保持克制，"
        "通过对话解决分歧。”据新华社报道，会谈将于下周举行。他还表示，中方愿意继续对话。"
        "鲁哈尼在德黑兰举行的仪式上表示，伊朗准备好进行会谈。发言人称，中方立场不变。",
        "zh",
    )
    assert [described(q)[:4] for q in found] == [
        ("indirect", "表示", "赵立坚", "zh:zhaolijian"),
        ("direct", "说", "王毅", "zh:wangyi"),
        ("indirect", "报道", "新华社", "zh:xinhuashe"),
        ("indirect", "表示", "王毅", "zh:wangyi"),  # 他: the last speaker, not the outlet
        ("indirect", "表示", "鲁哈尼", "zh:luhani"),
        # "the spokesman": the speaker introduced with that title
        ("indirect", "称", "赵立坚", "zh:zhaolijian"),
    ]
    assert found[0].text == "中方坚决反对美方的做法"
    assert found[3].speaker is not None and found[3].speaker.mention == "他"


def test_chinese_quotations_count_words_by_characters() -> None:
    # two characters are one word: a term in marks, not a quotation
    assert quotes("他称这是“好事”。", "zh") == []
    (long,) = quotes("他说：“我们希望双方保持克制，通过对话解决分歧。”", "zh")
    assert long.kind == QuoteKind.DIRECT


def test_one_utterance_groups_across_scripts_and_two_speakers_of_one_script_do_not() -> None:
    english = quotes_in_article(
        Article(
            "en",
            "test",
            'Kremlin spokesman Dmitry Peskov said: "We do not see any progress in the talks '
            'so far."',
            language="en",
        )
    )
    arabic = quotes(
        'وأضاف المتحدث باسم الكرملين دميتري بيسكوف: "لا نرى أي تقدم في المحادثات حتى الآن".',
        "ar",
    )
    chinese = quotes(
        "克里姆林宫发言人佩斯科夫说：“到目前为止，我们没有看到谈判取得任何进展。”", "zh"
    )
    arabic = [replace(q, article="ar") for q in arabic]
    chinese = [replace(q, article="zh") for q in chinese]
    # the keys differ by script ("peskov", "ar:byskwf", "zh:peisikefu"): not two people
    assert [q.speaker.key for q in arabic + chinese if q.speaker] == ["ar:byskwf", "zh:peisikefu"]
    (group,) = group_quotes(english + arabic + chinese, ["en", "ar", "zh"])
    assert group.speaker_key == "peskov"
    assert [v.quote.article for v in group.variants] == ["en", "ar", "zh"]
    # the same words under another Arabic name are another speaker's
    other = quotes(
        'وأضاف وزير الخارجية سيرغي لافروف: "لا نرى أي تقدم في المحادثات حتى الآن".', "ar"
    )
    other = [replace(q, article="ar2") for q in other]
    groups = group_quotes(arabic + other, ["ar", "ar2"])
    assert len(groups) == 2
