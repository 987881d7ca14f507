"""Encoding detection: BOMs, UTF-16 without BOM, UTF-8, legacy code pages, bad bytes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storytrace.errors import InputError
from storytrace.ingest import decode_bytes, read_file
from storytrace.model import RawDocument

ENGLISH = (
    "Moscow (GPA) – The Russian Ministry of Defense says the war in Syria is still dragging on.\n\n"
    "“The main obstacle,” said Major General Igor Konashenkov, “is the support of our American "
    "colleagues.”"
)
RUSSIAN = (
    "Министерство обороны России заявило, что война в Сирии продолжается из-за поддержки, "
    "которую США оказывают террористам. Официальный представитель министерства генерал-майор "
    "Игорь Конашенков сказал в среду, что главным препятствием для полного уничтожения "
    "боевиков является не военный потенциал террористов, а поддержка американских коллег. "
    "По его словам, наступление было начато из района, где находится военная миссия США."
)
FRENCH = (
    "Le ministère russe de la Défense a déclaré mercredi que la guerre en Syrie se poursuivait "
    "à cause du soutien apporté par les États-Unis aux terroristes. Selon le général Igor "
    "Konachenkov, l'offensive a été lancée depuis une zone située près de la frontière "
    "jordanienne, où se trouve une mission militaire américaine. « Ce n'est pas une "
    "coïncidence », a-t-il ajouté."
)
GERMAN = (
    "Das russische Verteidigungsministerium wirft den Vereinigten Staaten vor, die Terrormiliz "
    "zu unterstützen. Die Kämpfer hätten sich ungehindert durch das Gebiet bewegen können, "
    "sagte ein Sprecher am Mittwoch in Moskau. Die Regierung in Washington äußerte sich "
    "zunächst nicht zu den Vorwürfen; größere Überraschungen erwartet man jedoch nicht."
)
SPANISH = (
    "El ministerio ruso de Defensa afirmó el miércoles que la guerra en Siria continúa gracias "
    "al apoyo que Estados Unidos presta a los terroristas. Según el portavoz, la ofensiva "
    "comenzó en una zona próxima a la frontera jordana, donde hay una misión militar española."
)
CZECH = (
    "Ruské ministerstvo obrany ve středu prohlásilo, že válka v Sýrii pokračuje díky podpoře, "
    "kterou Spojené státy poskytují teroristům. Podle mluvčího ministerstva je hlavní překážkou "
    "úplného zničení bojovníků americká pomoc. Útok byl údajně zahájen z oblasti poblíž "
    "jordánských hranic."
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ENGLISH, "utf-8"),
        (ENGLISH, "utf-8-sig"),
        (ENGLISH, "utf-16"),
        (RUSSIAN, "utf-16"),
        (ENGLISH, "utf-16-be"),
        (ENGLISH, "utf-16-le"),
        (RUSSIAN, "utf-16-le"),
        (ENGLISH, "utf-32"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (FRENCH, "latin-1"),
        (GERMAN, "latin-1"),
        (SPANISH, "latin-1"),
        (FRENCH.replace("'", "’"), "cp1252"),
        ("„Das ist falsch“ – sagte er. " + GERMAN, "cp1252"),
        (CZECH, "cp1250"),
    ],
)
def test_decodes_text_exactly(text: str, codec: str) -> None:
    decoded, encoding = decode_bytes(text.encode(codec), "t.txt")
    assert decoded == text
    assert encoding


def test_names_the_bom_encodings() -> None:
    assert decode_bytes(ENGLISH.encode("utf-8-sig"), "t")[1] == "utf-8-sig"
    assert decode_bytes(ENGLISH.encode("utf-16"), "t")[1].startswith("utf-16")
    assert decode_bytes(ENGLISH.encode("utf-16-le"), "t")[1] == "utf-16-le"
    assert decode_bytes(ENGLISH.encode("utf-16-be"), "t")[1] == "utf-16-be"
    assert decode_bytes(RUSSIAN.encode("cp1251"), "t")[1] == "cp1251"


def test_newlines_become_lf_and_text_nfc() -> None:
    decoded, _ = decode_bytes("Caf\u0065\u0301 one\r\ntwo\rthree\n".encode(), "t")
    assert decoded == "Caf\u00e9 one\ntwo\nthree\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "  \n".encode("utf-16"), b"\xef\xbb\xbf"])
def test_empty_or_whitespace_is_empty(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "e.txt")
    assert caught.value.reason == "empty"
    assert caught.value.source == "e.txt"


def test_png_is_binary() -> None:
    rng = random.Random(1)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000))
    with pytest.raises(InputError) as caught:
        decode_bytes(png, "image.txt")
    assert caught.value.reason == "binary"


def test_control_bytes_without_nul_are_binary() -> None:
    rng = random.Random(2)
    data = bytes(rng.randrange(1, 256) for _ in range(2000))
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "noise")
    assert caught.value.reason == "binary"


def test_high_byte_noise_is_undecodable() -> None:
    rng = random.Random(0)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "noise")
    assert caught.value.reason == "undecodable"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ENGLISH, "utf-8"),
        (ENGLISH, "utf-8-sig"),
        (RUSSIAN, "utf-16"),
        (RUSSIAN, "cp1251"),
        (FRENCH, "latin-1"),
        (GERMAN, "latin-1"),
    ],
)
def test_read_file_decodes_written_files(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / f"article-{codec}.txt"
    path.write_bytes(text.encode(codec))
    [document] = read_file(path)
    assert isinstance(document, RawDocument)
    assert document.text == text
    assert document.format == "text"
    assert document.encoding
