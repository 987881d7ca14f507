"""Decoding hostile and awkward bytes (issue 15, point 12 and the non-JSONL half of 4).

Random bytes are binary whatever their extension; UTF-16/32 without a byte-order mark,
KOI8-R, GB18030, Turkish cp1254 and ISO-2022-JP decode to what was written; one bad byte
in UTF-8 costs one U+FFFD, noted in the encoding, not the file; C1 and bidi controls never
reach the terminal or a report. Every input decodes or is refused with a reason.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, storytrace_cli
from storytrace.errors import REASONS, InputError
from storytrace.ingest import decode_bytes, read_file
from storytrace.ingest.decode import normalise_text
from storytrace.ingest.pipeline import ingest
from storytrace.ingest.sources import iter_inputs
from storytrace.model import RawDocument
from storytrace.store import Store

ENGLISH = (
    "The Russian Ministry of Defense said on Wednesday that the war in Syria is still "
    "dragging on because of the support given to the militants, and that the offensive "
    "was launched from an area near the Jordanian border where a US mission is present."
)
RUSSIAN = (
    "В среду президент России провёл совещание с членами правительства. Обсуждались вопросы "
    "экономики, цены на продукты и ситуация на рынке труда. По словам министра финансов, "
    "бюджет страны в этом году будет исполнен с небольшим дефицитом, а инфляция замедлится. "
    "Эксперты, однако, считают эти прогнозы слишком оптимистичными."
)
CHINESE = (
    "国家统计局周三公布的数据显示，今年前三个季度国内生产总值同比增长百分之五点二，"
    "经济运行总体回升向好。国家统计局新闻发言人表示，当前外部环境依然复杂严峻，"
    "国内需求仍显不足，但经济长期向好的基本面没有改变。专家认为，随着一系列稳增长政策"
    "持续发力，第四季度经济有望保持平稳增长态势，全年目标能够顺利实现。"
)
JAPANESE = (
    "気象庁によりますと、大型で強い台風十号は、あすにかけて西日本に接近する見込みです。"
    "九州南部では、猛烈な風が吹き、海は大しけとなるおそれがあります。政府は関係省庁の"
    "会議を開き、住民の早めの避難を呼びかけました。交通機関にも大きな影響が出る見通しで、"
    "航空各社は多くの便の欠航を決めています。"
)
TURKISH = (
    "Türkiye Büyük Millet Meclisi'nde bugün yapılan oturumda, yeni ekonomi paketi görüşüldü. "
    "Hazine ve Maliye Bakanı, enflasyonla mücadelede kararlı olduklarını belirterek, "
    "önümüzdeki aylarda fiyat artışlarının yavaşlayacağını söyledi. Muhalefet milletvekilleri "
    "ise düşük gelirli ailelerin ağır bir yük altında olduğunu ve asgari ücretin "
    "yükseltilmesi gerektiğini vurguladı."
)
TURKISH_SHORTER = (
    "İstanbul'da dün akşam saatlerinde etkili olan sağanak yağış, şehrin birçok ilçesinde "
    "su baskınlarına neden oldu. Belediye ekipleri gece boyunca çalışarak yolları trafiğe "
    "açtı; çığ ve heyelan riskine karşı uyarılar sürüyor."
)
THAI = (
    "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือครัวเรือนที่ได้รับผลกระทบจากค่าครองชีพที่สูงขึ้น "
    "รัฐมนตรีว่าการกระทรวงการคลังกล่าวว่ามาตรการจะมีผลบังคับใช้ในเดือนหน้า"
)
FRENCH = (
    "Le ministère russe de la Défense a déclaré mercredi que la guerre en Syrie se "
    "poursuivait à cause du soutien apporté par les États-Unis aux terroristes. Selon le "
    "général Igor Konachenkov, l'offensive a été lancée depuis une zone située près de la "
    "frontière jordanienne, où se trouve une mission militaire américaine. "
) * 8

UNSAFE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" + "".join(
    chr(code) for code in range(0x80, 0xA0) if code != 0x85
)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_random_bytes_are_quarantined_as_binary(tmp_path: Path, suffix: str) -> None:
    outcomes = []
    for seed in range(60):
        rng = random.Random(seed)
        path = tmp_path / f"noise-{seed}{suffix}"
        path.write_bytes(rng.randbytes(rng.randrange(100, 200)))
        [item] = read_file(path)
        outcomes.append(item.reason if isinstance(item, InputError) else "stored")
    assert outcomes == ["binary"] * 60


@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN, CHINESE, JAPANESE, THAI])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_mark_decode(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "wide.txt") == (text, codec)


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (RUSSIAN, "koi8-r", "koi8-r"),
        (CHINESE, "gb18030", "gb18030"),
        (TURKISH, "cp1254", "cp1254"),
        (TURKISH_SHORTER, "cp1254", "cp1254"),
        (TURKISH, "iso8859-9", "cp1254"),
        (JAPANESE, "iso-2022-jp", "iso2022_jp"),
    ],
)
def test_legacy_code_pages_are_recognised(text: str, codec: str, name: str) -> None:
    assert decode_bytes(text.encode(codec), "legacy.txt") == (text, name)


def test_one_bad_byte_in_utf8_becomes_one_replacement_character(tmp_path: Path) -> None:
    head, tail = FRENCH[:500], FRENCH[500:]
    path = tmp_path / "french.txt"
    path.write_bytes(head.encode() + b"\xff" + tail.encode())
    [document] = read_file(path)
    assert isinstance(document, RawDocument)
    assert document.text == head + "\ufffd" + tail
    assert document.encoding == "utf-8 (1 bad sequence replaced)"


def test_the_replacement_is_noted_in_the_stored_provenance(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(SEEDS[0].read_bytes().replace(b"Wednesday", b"Wednes\xffday", 1))
    with Store(tmp_path / "store.db") as store:
        summary = ingest(store, iter_inputs([str(damaged)]), workers=1)
        rows = store.db.execute("SELECT source, encoding FROM provenance").fetchall()
    assert summary.stored == 1
    assert [tuple(row) for row in rows] == [(str(damaged), "utf-8 (1 bad sequence replaced)")]


def test_a_character_cut_in_half_at_the_end_is_replaced() -> None:
    for text in (FRENCH.rstrip() + " été", ENGLISH + " “quoted”"):
        data = text.encode()[:-1]
        decoded, encoding = decode_bytes(data, "cut.txt")
        assert decoded == text[:-1] + "\ufffd"
        assert encoding == "utf-8 (1 bad sequence replaced)"


def test_a_few_bad_bytes_are_counted_in_the_encoding() -> None:
    data = FRENCH.encode().replace(b"guerre", b"gu\xc3rre", 3)
    decoded, encoding = decode_bytes(data, "bad.txt")
    assert decoded.count("\ufffd") == 3
    assert encoding == "utf-8 (3 bad sequences replaced)"


def test_legacy_text_is_not_taken_for_damaged_utf8() -> None:
    assert decode_bytes(FRENCH.encode("cp1252"), "cp1252.txt") == (FRENCH, "cp1252")


def test_normalise_text_removes_c1_and_bidi_controls() -> None:
    assert normalise_text(f"safe{UNSAFE}text\x85next") == "safetext\nnext"
    data = "Evil \u202eenil siht\u202c and \x9b31m red".encode()
    assert decode_bytes(data, "bidi.txt")[0] == "Evil enil siht and 31m red"


def test_compare_shows_no_c1_or_bidi_controls(tmp_path: Path) -> None:
    inputs = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        hostile = tmp_path / seed.name
        hostile.write_text(
            "\u202e" + text.replace(" the ", f" the{UNSAFE} ").replace(".", ".\u2067\x9b"),
            encoding="utf-8",
        )
        inputs.append(hostile)
    report = tmp_path / "report.html"
    result = storytrace_cli("compare", *inputs, "--html", report)
    assert result.returncode == 0, result.stderr
    page = report.read_text(encoding="utf-8")
    assert "Konashenkov" in result.stdout + page
    for output in (result.stdout, page):
        assert not set(output) & set(UNSAFE)


REASON_CODES = set(REASONS)
PIECES = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x1b$B"]),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.tuples(
        st.text(max_size=40),
        st.sampled_from(["utf-16-le", "utf-32-be", "cp1251", "gb18030", "iso2022_jp"]),
    ).map(lambda pair: pair[0].encode(pair[1], "ignore")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, max_size=6), for_json=st.booleans())
def test_any_bytes_decode_or_are_refused_with_a_reason(pieces: list[bytes], for_json: bool) -> None:
    data = b"".join(pieces)
    try:
        text, encoding = decode_bytes(data, "fuzz.txt", for_json=for_json)
    except InputError as error:
        assert error.reason in REASON_CODES
        assert error.source == "fuzz.txt"
        return
    assert isinstance(text, str) and text.strip()
    assert encoding
    text.encode("utf-8")  # no lone surrogate: the store must be able to keep it
    if not for_json:
        assert not set(text) & set(UNSAFE)
