"""Identifier checks: known good and bad values, and never an exception on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.services.formats.identifiers import IDENTIFIER_TYPES, check_identifier, normalize
from sirat.services.formats.mrz import check_digit

ICAO_TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
ICAO_TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<\n"
            "7408122F1204159UTO<<<<<<<<<<<6\n"
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


@pytest.mark.parametrize(("kind", "value", "country"), [
    ("imo", "IMO 9074729", ""),
    ("imo", "9074729", ""),
    ("vin", "1M8GDM9AXKP042788", ""),
    ("mmsi", "207123456", "BG"),
    ("mmsi", "239 123 456", "GR"),
    ("mmsi", "970123456", ""),
    ("phone", "+381 64 123 4567", ""),
    ("phone", "0888 123 456", "BG"),
    ("phone", "+90 532 123 45 67", ""),
    ("iban", "RO49 AAAA 1B31 0075 9384 0000", ""),
    ("iban", "AL47 2121 1009 0000 0002 3569 8741", ""),
    ("bic", "DEUTDEFF", ""),
    ("national_id", "7501020018", "BG"),
    ("national_id", "1800101221144", "RO"),
    ("national_id", "10000000146", "TR"),
    ("national_id", "0101990710008", "RS"),
    ("mrz", ICAO_TD3, ""),
    ("mrz", ICAO_TD1, ""),
    ("email", "someone@example.org", ""),
    ("call_sign", "9HA1234", ""),
    ("plate", "СА 1234 ВХ", "BG"),
])
def test_valid_identifiers_pass(kind: str, value: str, country: str) -> None:
    assert check_identifier(kind, value, country) == []


@pytest.mark.parametrize(("kind", "value", "country", "code"), [
    ("imo", "IMO 9074728", "", "imo-check-digit"),
    ("imo", "12345", "", "imo-format"),
    ("vin", "WVWZZZ1JZXW000001", "", "vin-check-digit"),
    ("vin", "WVWZZZ1JZXW00000", "", "vin-format"),
    ("vin", "WVWZZZ1JZXW00000O", "", "vin-format"),
    ("mmsi", "12345", "", "mmsi-format"),
    ("mmsi", "100123456", "", "mmsi-mid"),
    ("mmsi", "207123456", "TR", "mmsi-flag"),
    ("phone", "+381 1", "", "phone-unreadable"),
    ("phone", "+359 1234", "", "phone-invalid"),
    ("iban", "RO49 AAAA 1B31 0075 9384 0001", "", "iban-checksum"),
    ("iban", "RO49", "", "iban-format"),
    ("national_id", "7501020019", "BG", "national-id-invalid"),
    ("national_id", "0101990710006", "RS", "national-id-invalid"),
    ("mrz", ICAO_TD3[:-1] + "1", "", "mrz-check-digit"),
    ("mrz", "P<UTO\nshort", "", "mrz-format"),
    ("email", "not an address", "", "email-format"),
])
def test_failed_checks_give_their_code(kind: str, value: str, country: str, code: str) -> None:
    warnings = check_identifier(kind, value, country)
    assert [w.code for w in warnings] == [code]
    assert value.strip() not in warnings[0].message


def test_mrz_check_digit_of_icao_example() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"


def test_normalized_forms_match_across_spellings() -> None:
    assert normalize("plate", "СА 1234 ВХ", "BG") == normalize("plate", "ca-1234-bx", "BG")
    assert normalize("imo", "IMO 9074729") == "9074729"
    assert normalize("phone", "0888 123 456", "BG") == "+359888123456"
    assert normalize("iban", "ro49 aaaa 1b31 0075 9384 0000") == "RO49AAAA1B31007593840000"
    assert normalize("handle", " @Smuggler") == "smuggler"


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(IDENTIFIER_TYPES), value=st.text(), country=st.one_of(
    st.just(""), st.sampled_from(["AL", "BA", "BG", "GR", "HU", "MD", "ME", "MK", "RO", "RS",
                                  "TR", "XK", "ZZ"]), st.text(max_size=3)))
def test_checks_never_raise(kind: str, value: str, country: str) -> None:
    normalize(kind, value, country)
    for warning in check_identifier(kind, value, country):
        assert warning.code
        assert warning.message


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["mrz", "vin", "imo", "mmsi", "iban", "phone"]),
       value=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<+ \n", max_size=100))
def test_checks_never_raise_on_identifier_like_text(kind: str, value: str) -> None:
    check_identifier(kind, value)
