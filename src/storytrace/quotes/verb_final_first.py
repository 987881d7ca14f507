"""Cues and speakers in Turkish, Arabic and Chinese text, without a parser.

``foreign`` reads languages that name the speaker next to the verb with a capital. These
three do not fit its frames: Turkish puts the verb last ("Şimşek, enflasyonun düşeceğini
söyledi."), Arabic first ("وقال بيسكوف إن المحادثات ستستمر"), and Arabic and Chinese
write no capitals. The frames here:

- Turkish: "X, ... söyledi." (reported speech, the verb closing the sentence); "X'e göre,
  ..." (according to X); "X, "..." dedi." and ""...", dedi X." around a quotation.
- Arabic: "قال X إن ..." (X said that ...); "بحسب X، ..." / "وفقا لـX، ..." (according to
  X); "قال X: "..."" before a quotation.
- Chinese: "X表示，..." / "X说，..." (X said, ...); "据X报道，..." (according to X's
  report); "X说：“...”" before a quotation.

Pronouns and descriptions are resolved with the article's other quotations
(``storytrace.quotes.extract``): a description goes to the speaker whose introduction holds
it (``refers_to``).

Who is named: in Turkish, the capitalised words before the comma. In Arabic, the words after
the verb, whose name is their last run of words without the article "ال" (titles and
institutions carry it, personal names rarely do: "الرئيس الروسي فلاديمير بوتين" is
"فلاديمير بوتين"); with no such run the speaker is a description, with no key. In Chinese,
the characters before the verb; a speaker of two to four characters is taken for a name
("王毅"), a longer one ("外交部发言人赵立坚") is kept as a description, as no word
boundaries tell its title from its name.
"""

from __future__ import annotations

import re

from storytrace.model import Speaker
from storytrace.nlp.names import fold, name_key, tagged_key
from storytrace.quotes.syntax import Found

LANGUAGES = frozenset({"tr", "ar", "zh"})
# "According to" cues whose source is an outlet, not a person: no pronoun refers back to it.
OUTLET_CUES = frozenset({"报道", "消息", "بحسب", "حسب", "نقلا عن"})

# --- Turkish ---------------------------------------------------------------------------
_TR_CAPITAL = r"[A-ZÇĞİÖŞÜ][\w-]*"
_TR_NAME = rf"{_TR_CAPITAL}(?:\s+{_TR_CAPITAL}){{0,3}}"
_TR_SUFFIX = r"(?:['’][a-zçğıöşü]+)?"
_TR_CUES = (
    r"söyledi|belirtti|açıkladı|kaydetti|vurguladı|ifade etti|bildirdi|dile getirdi|"
    r"iddia etti|savundu|dedi|konuştu|ifadelerini kullandı"
)
_TR_START = r"(?:^|(?<=[.!?]\s)|(?<=\n))"
_TR_REPORTED = re.compile(
    rf"{_TR_START}(?P<who>{_TR_NAME}){_TR_SUFFIX},\s+(?P<content>[^.!?\n\"“”]+?)\s+"
    rf"(?P<cue>{_TR_CUES})(?=[.!?\n]|$)",
    re.MULTILINE,
)
_TR_ACCORDING = re.compile(
    rf"{_TR_START}(?P<who>{_TR_NAME}){_TR_SUFFIX}\s+(?P<cue>göre),?\s+(?P<content>[^.!?\n]+)",
    re.MULTILINE,
)

# --- Arabic ----------------------------------------------------------------------------
_AR_VERBS = (
    "قال",
    "أضاف",
    "أكد",
    "أوضح",
    "صرح",
    "ذكر",
    "أعلن",
    "اعتبر",
    "شدد",
    "أشار",
    "زعم",
)
# A verb, with "and"/"then" in front and the feminine ending after.
_AR_CUE = r"(?:و|ف)?(?:" + "|".join(_AR_VERBS) + r")(?:ت)?"
_AR_THAT = r"(?:إن|أن|بأن)(?:ه|ها|هم)?"
_AR_WHO = r"[^\s،,.:؛!?؟\"«»“”]+(?:\s+[^\s،,.:؛!?؟\"«»“”]+){0,7}?"
# "أشار إلى أن" (pointed out that): the preposition belongs to the verb. The speaker may be
# left out, as Arabic drops a subject the verb's ending gives ("وأكدت أن ...", she stressed).
_AR_REPORTED = re.compile(
    rf"(?<!\S)(?P<cue>{_AR_CUE}(?:\s+إلى)?)\s+(?:(?P<who>{_AR_WHO})\s+)??"
    rf"(?P<content>{_AR_THAT}\s+[^.!?؟\n]+)"
)
_AR_ACCORDING = re.compile(
    r"(?<!\S)(?P<cue>بحسب|حسب|وفقا ل|وفقاً ل|وفقا لـ|وفقاً لـ|طبقا ل|نقلا عن)\s*"
    r"(?P<who>[^،,.\n]{2,60}?)\s*[،,]\s*(?P<content>[^.!?؟\n]+)"
)
_AR_BEFORE = re.compile(rf"(?<!\S)(?P<cue>{_AR_CUE})\s+(?P<who>{_AR_WHO})\s*:\s*[\"«“]?\s*$")
_AR_ARTICLE = "ال"
# The article behind a one-letter proclitic: "والرئيس", "بالبرلمان", "للوزارة".
_AR_ARTICLE_WORD = re.compile(r"^[وبلفك]?ال|^لل")
_AR_PRONOUNS = frozenset({"هو", "هي", "هم"})
# Words that end a speaker before them: times ("ميركل يوم الاثنين", Merkel on Monday).
_AR_TIMES = frozenset({"يوم", "أمس", "اليوم", "مساء", "صباح", "الليلة", "خلال", "في"})
# Words that are no part of a name: prepositions and the passive "تم"/"تمت".
_AR_NOT_NAMES = frozenset({"في", "من", "إلى", "على", "عن", "مع", "بعد", "قبل", "تم", "تمت"})

# --- Chinese ---------------------------------------------------------------------------
_ZH_CUES = r"表示|指出|强调|称|说|认为|透露|宣布|介绍"
_ZH_WHO = r"[^，。；：！？、“”「」\s,.;:!?\"]{1,20}?"
_ZH_REPORTED = re.compile(
    rf"(?:^|(?<=[。！？；\n”」]))(?P<who>{_ZH_WHO})(?P<cue>{_ZH_CUES})[，,]\s*"
    r"(?P<content>[^。！？\n“”]+)"
)
_ZH_ACCORDING = re.compile(
    r"(?:^|(?<=[。！？；\n”」]))据(?P<who>[^，。！？\n]{2,30}?)(?P<cue>报道|消息|称|介绍|透露)[，,]\s*"
    r"(?P<content>[^。！？\n]+)"
)
_ZH_BEFORE = re.compile(rf"(?P<who>{_ZH_WHO})(?P<cue>{_ZH_CUES})[：:，,]\s*[“「\"]?\s*$")
# Characters that start a speaker but are no part of it ("但他说", "他还表示").
_ZH_LEADING = "但而并且还也又"
_ZH_PRONOUNS = frozenset({"他", "她", "他们", "她们", "我", "我们"})
# Times that close a speaker ("佩德森周一表示", Pederson said on Monday).
_ZH_TIMES = re.compile(
    r"(?:周[一二三四五六日末]|星期[一二三四五六日天]|今天|昨天|日前|当天|近日)+$"
)
# A Chinese personal name: two to four characters.
_ZH_NAME_CHARS = range(2, 5)
# Titles that stand before a name ("外交部发言人赵立坚", "国家主席习近平", "美国总统拜登").
_ZH_TITLES = (
    *("发言人", "主席", "总统", "总理", "部长", "外长", "大使", "主任", "秘书长", "首相"),
    *("司令", "教授", "记者", "教练", "活动家", "专家", "负责人", "市长", "州长", "议员"),
    *("律师", "医生", "经理", "首席执行官", "总裁", "董事长", "警长", "官员"),
)
# A name written with a middle dot is a foreign one ("乔纳森·莫伊兰"): up to this long.
_ZH_FOREIGN_NAME_CHARS = 12


def reported_speech(text: str, language: str) -> list[Found]:
    """Reported speech and "according to X" sentences of ``text`` in ``language``."""
    patterns = {
        "tr": (_TR_REPORTED, _TR_ACCORDING),
        "ar": (_AR_REPORTED, _AR_ACCORDING),
        "zh": (_ZH_REPORTED, _ZH_ACCORDING),
    }.get(language, ())
    found = [
        _found(text, match, language) for pattern in patterns for match in pattern.finditer(text)
    ]
    return sorted(found, key=lambda item: item.content[0])


def refers_to(description: str, speaker: Speaker) -> bool:
    """True when ``description`` ("المتحدث", the spokesman) is part of how ``speaker`` was
    introduced ("المتحدث باسم الكرملين دميتري بيسكوف"), without being the name itself."""
    return description != speaker.name and description in (speaker.mention or speaker.name)


def speaker_around(text: str, language: str, quote_start: int, quote_end: int) -> Found | None:
    """The cue and speaker framing the quotation ``text[quote_start:quote_end]``."""
    line_start = text.rfind("\n", 0, quote_start) + 1
    before = text[max(line_start, quote_start - 160) : quote_start]
    offset = quote_start - len(before)
    if language == "tr":
        return _turkish_around(text, before, offset, quote_start, quote_end)
    pattern = {"ar": _AR_BEFORE, "zh": _ZH_BEFORE}.get(language)
    match = pattern.search(before) if pattern is not None else None
    if match is None:
        return None
    cue = (offset + match.start("cue"), offset + match.end("cue"))
    who = (offset + match.start("who"), offset + match.end("who"))
    return _make(text, cue, who, (quote_start, quote_end), language)


def _turkish_around(
    text: str, before: str, offset: int, quote_start: int, quote_end: int
) -> Found | None:
    after = text[quote_end : quote_end + 120]
    closing = re.match(
        rf"[\"”'’]*,?\s*(?:diye\s+|şeklinde\s+)?(?P<cue>{_TR_CUES})(?:\s+(?P<who>{_TR_NAME}))?",
        after,
    )
    if closing is None:
        return None
    cue = (quote_end + closing.start("cue"), quote_end + closing.end("cue"))
    if closing.group("who"):
        who = (quote_end + closing.start("who"), quote_end + closing.end("who"))
        return _make(text, cue, who, (quote_start, quote_end), "tr")
    opening = re.search(rf"(?P<who>{_TR_NAME}){_TR_SUFFIX},\s*[\"“']?\s*$", before)
    if opening is None:
        return None
    who = (offset + opening.start("who"), offset + opening.end("who"))
    return _make(text, cue, who, (quote_start, quote_end), "tr")


def _found(text: str, match: re.Match[str], language: str) -> Found:
    if match.group("who") is None:  # an Arabic verb with its subject left out
        cue = match.span("cue")
        return Found(cue, text[cue[0] : cue[1]], None, match.span("content"))
    return _make(text, match.span("cue"), match.span("who"), match.span("content"), language)


def _make(
    text: str,
    cue: tuple[int, int],
    who: tuple[int, int],
    content: tuple[int, int],
    language: str,
) -> Found:
    if language == "zh":
        who = _chinese_speaker_span(text, who)
    speaker = _speaker(text[who[0] : who[1]], who, language)
    return Found(cue, text[cue[0] : cue[1]], who, content, "", (), speaker)


def _chinese_speaker_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end - 1 and text[start] in _ZH_LEADING:
        start += 1
    if text[end - 1] in "还也又并" and end - 1 > start:
        end -= 1
    return start, end


def _speaker(mention: str, span: tuple[int, int], language: str) -> Speaker:
    start, end = span
    if language == "ar":
        return _arabic_speaker(mention, start, end)
    if language == "zh":
        return _chinese_speaker(mention, start, end)
    return Speaker(mention, name_key(mention), None, start, end)


def _arabic_speaker(mention: str, start: int, end: int) -> Speaker:
    """The name at the end of ``mention`` (words without the article), if it has one."""
    words = mention.split()
    for index, word in enumerate(words):
        if index and word in _AR_TIMES:
            words = words[:index]
            break
    name_words: list[str] = []
    for word in reversed(words):
        if _AR_ARTICLE_WORD.match(word):
            break
        name_words.insert(0, word)
    if mention in _AR_PRONOUNS or not name_words or _AR_NOT_NAMES & set(name_words):
        return Speaker(mention, "", None, start, end)
    name = " ".join(name_words)
    key = tagged_key(name, name_key(name))
    return Speaker(name, key, None, start, end, mention if mention != name else "")


def _chinese_speaker(mention: str, start: int, end: int) -> Speaker:
    """A name of two to four characters (or a foreign one with a middle dot), alone or after
    a title; else the mention as a description."""
    mention = mention.strip()
    where = mention.find("在")  # "鲁哈尼在...仪式上表示": Rouhani, at the ceremony, said
    if where >= 2:
        mention = mention[:where]
    mention = _ZH_TIMES.sub("", mention) or mention
    # a possessive ("用他的话来说", in his words) is no name; nor a title alone
    if mention in _ZH_PRONOUNS or "的" in mention or mention.endswith(_ZH_TITLES):
        return Speaker(mention, "", None, start, end)
    candidates = [mention] + [mention.rpartition(t)[2] for t in _ZH_TITLES if t in mention]
    for name in candidates:
        if len(name) in _ZH_NAME_CHARS or ("·" in name and len(name) <= _ZH_FOREIGN_NAME_CHARS):
            key = tagged_key(name, fold(name.rpartition("·")[2]) or name)
            return Speaker(name, key, None, start, end, mention if mention != name else "")
    return Speaker(mention, "", None, start, end)
