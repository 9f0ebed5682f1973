"""Identifier normalisation: one string per identifier, whatever the keyboard."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.names.identifiers import (
    fold_lookalikes,
    normalize_doc_number,
    normalize_iban,
    normalize_imo,
    normalize_mmsi,
    normalize_phone,
    normalize_plate,
    normalize_vin,
    vin_notes,
)


@pytest.mark.parametrize(
    ("plate", "country", "normal"),
    [
        ("СА 1234 ВХ", None, "CA1234BX"),  # Bulgarian plate typed in Cyrillic
        ("CA-1234-BX", None, "CA1234BX"),
        ("са 1234 вх", "BG", "CA1234BX"),
        ("ca.1234.bx", "BG", "CA1234BX"),
        ("РВ 5678 МН", "BG", "PB5678MH"),
        ("ΙΚΒ-1234", "GR", "IKB1234"),  # Greek plate typed in Greek
        ("ΥΧΡ 9876", "GR", "YXP9876"),
        ("IKB 1234", "GR", "IKB1234"),
        ("BG 123-AB", "RS", "BG123AB"),
        ("ČA 123-AB", "RS", "ČA123AB"),  # Serbian plates carry diacritics: kept
        ("34 ABÇ 12", "TR", "34ABC12"),  # Turkish plates never do: folded
        ("34 abc 12", "TR", "34ABC12"),
        ("06 İST 42", "TR", "06IST42"),
        ("B 123 XYZ", "RO", "B123XYZ"),
        ("ＣＡ１２３４ＢＸ", None, "CA1234BX"),  # full-width
        ("", None, ""),
    ],
)
def test_normalize_plate(plate: str, country: str | None, normal: str) -> None:
    assert normalize_plate(plate, country) == normal


def test_cyrillic_and_latin_plates_are_equal() -> None:
    assert normalize_plate("СА 1234 ВХ") == normalize_plate("CA1234BX")
    assert normalize_plate("ЕН 4321 КТ", "BG") == normalize_plate("EH 4321 KT", "BG")


def test_lookalikes_cover_every_letter_bulgarian_and_greek_plates_use() -> None:
    assert fold_lookalikes("АВЕКМНОРСТУХ") == "ABEKMHOPCTYX"
    assert fold_lookalikes("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ") == "ABEZHIKMNOPTYX"
    assert fold_lookalikes("авекмнорстух") == "ABEKMHOPCTYX"


def test_letters_without_a_latin_lookalike_stay() -> None:
    assert normalize_plate("Д 123") == "Д123"
    assert normalize_plate("Д 123", "BG") == "Д123"


def test_normalize_vin() -> None:
    assert normalize_vin("wvw zzz 1jz-3w386752") == "WVWZZZ1JZ3W386752"
    assert normalize_vin("WVWZZZ1JZ3W386752") == "WVWZZZ1JZ3W386752"
    # Cyrillic look-alikes typed into a VIN
    assert normalize_vin("ХТА21099043522581") == "XTA21099043522581"


def test_vin_letters_i_o_q_are_kept_and_noted() -> None:
    vin = normalize_vin("WVWZZZOJZ3W386752")
    assert vin == "WVWZZZOJZ3W386752"  # not silently changed to 0
    assert any("I, O or Q" in note for note in vin_notes(vin))


def test_vin_notes() -> None:
    assert vin_notes("WVWZZZ1JZ3W386752") == ()
    assert vin_notes("WVWZZZ1JZ3W38675") == ("a VIN has 17 characters, this one has 16",)
    assert "contains characters other than Latin letters and digits" in vin_notes(
        "WVWZZZ1JZ3W38675Д"
    )


def test_normalize_doc_number() -> None:
    assert normalize_doc_number("АВ 123.456/7") == "AB1234567"
    assert normalize_doc_number("ab-1234567") == "AB1234567"
    assert normalize_doc_number("0O0") == "0O0"  # O and 0 are not guessed


def test_normalize_iban() -> None:
    assert normalize_iban("bg80 bnbg 9661 1020 3456 78") == "BG80BNBG96611020345678"
    assert normalize_iban("GR16-0110-1250-0000-0001-2300-695") == "GR1601101250000000012300695"


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+359 88 123 4567", None, "+359881234567"),
        ("088 123 4567", "BG", "+359881234567"),
        ("088 123 4567", "bg", "+359881234567"),
        ("00359 88 123 4567", None, "+359881234567"),
        ("+30 210 123 4567", None, "+302101234567"),
        ("0030 210 1234567", None, "+302101234567"),
        ("+40 721 234 567", None, "+40721234567"),
        ("(069) 123-456", "ME", "+38269123456"),
        ("+90 532 123 45 67", "BG", "+905321234567"),  # an explicit + wins over the region
        ("＋３５９ ８８ １２３ ４５６７", None, "+359881234567"),
        ("088 123 4567", None, None),  # national number, no region
        ("not a number", "BG", None),
        ("+359 88", None, None),  # too short to be possible
        ("", "BG", None),
    ],
)
def test_normalize_phone(raw: str, region: str | None, e164: str | None) -> None:
    assert normalize_phone(raw, region) == e164


def test_normalize_imo_and_mmsi() -> None:
    assert normalize_imo("IMO 9074729") == "9074729"
    assert normalize_imo("imo9074729") == "9074729"
    assert normalize_imo("9074729") == "9074729"
    assert normalize_mmsi("MMSI: 239 123 456") == "239123456"
    assert normalize_mmsi("239-123-456") == "239123456"


@settings(max_examples=300, database=None, deadline=None)
@given(st.text(max_size=30), st.sampled_from([None, "BG", "GR", "RS", "TR"]))
def test_plate_normalisation_is_idempotent(plate: str, country: str | None) -> None:
    once = normalize_plate(plate, country)
    assert normalize_plate(once, country) == once
    assert " " not in once
    assert "-" not in once


@settings(max_examples=200, database=None, deadline=None)
@given(st.text(max_size=30), st.sampled_from([None, "BG", "GR"]))
def test_normalize_phone_never_raises(raw: str, region: str | None) -> None:
    result = normalize_phone(raw, region)
    assert result is None or (result.startswith("+") and result[1:].isdigit())
