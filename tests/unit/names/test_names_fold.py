"""Search keys, phonetic keys and blocking keys."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.names.fold import blocking_keys, phonetic_key, search_key, search_keys, tokens


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Петров", "petrov"),
        ("ΠΕΤΡΟΦ", "petrof"),
        ("Πετρόφ", "petrof"),
        ("Γιώργος Παπαδόπουλος", "giorgos papadopoulos"),
        ("Đorđe", "djordje"),
        ("Djordje", "djordje"),
        ("Ђорђе", "djordje"),
        ("ÐorÐe", "djordje"),  # Icelandic Eth typed for Đ by old code pages
        ("Şükrü", "sukru"),
        ("Ştefan", "stefan"),  # Romanian cedilla
        ("Ștefan", "stefan"),  # Romanian comma
        ("İSMAİL", "ismail"),  # not "i̇smai̇l" with combining dots
        ("Işık", "isik"),
        ("Straße", "strasse"),
        ("Erdős Pál", "erdos pal"),
        ("Gyűrű", "gyuru"),
        ("Gëzim Çela", "gezim cela"),
        ("O'Brien", "obrien"),
        ("D’Angelo", "dangelo"),
        ("Petrović-Jovanović", "petrovic jovanovic"),
        ("  Ivan\tPETROV \n", "ivan petrov"),
        ("Щерев", "shterev"),
        ("Кирил Ѓорѓиевски", "kiril gjorgjievski"),
        ("ǅemal", "dzemal"),  # compatibility ligature
        ("ＡＢＣ", "abc"),  # full-width
        ("", ""),
        ("---", ""),
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


def test_turkish_name_folds_like_its_ascii_spelling() -> None:
    assert search_key("Şükrü") == search_key("Sukru")
    assert search_key("Şükrü Yılmaz") == search_key("SUKRU YILMAZ")


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Đorđe", {"djordje", "dorde"}),
        ("Ђорђе", {"djordje", "dorde"}),
        ("Djordje", {"djordje", "dorde"}),
        ("Dorde", {"dorde"}),
        ("Христо", {"khristo", "hristo"}),
        ("Щерев", {"shterev", "shcherev"}),
        ("Ντίνος", {"dinos", "ntinos"}),
        ("Petrov", {"petrov"}),
        ("", set()),
    ],
)
def test_search_keys(text: str, keys: set[str]) -> None:
    assert search_keys(text) == keys


@pytest.mark.parametrize("spelling", ["Djordje", "Dorde", "Đorđe", "dorde", "DJORDJE"])
def test_every_spelling_of_djordje_finds_the_cyrillic_one(spelling: str) -> None:
    assert search_key(spelling) in search_keys("Ђорђе")


def test_search_keys_contains_search_key() -> None:
    for text in ["Ђорђе Петровић", "Γιώργος", "Şükrü", "Жарко Ѓорѓиев"]:
        assert search_key(text) in search_keys(text)


def test_tokens() -> None:
    assert tokens("Şükrü YILMAZ") == ["sukru", "yilmaz"]
    assert tokens("Ђорђе Петровић") == ["djordje", "petrovic"]
    assert tokens("") == []


@pytest.mark.parametrize(
    "group",
    [
        ["petrov", "petrof", "petroff", "Петров", "ΠΕΤΡΟΦ"],
        ["papadopoulos", "papadopulos", "Παπαδόπουλος"],
        ["ivanov", "ivanoff", "Иванов"],
        ["djordje", "dorde", "Đorđe", "Ђорђе"],
        ["zhivkov", "živkov", "Живков"],
        ["petrovic", "petrović", "petrovich", "Petrovics"],
        ["tsvetan", "cvetan", "Цветан"],
        ["yordan", "jordan", "Йордан"],
        ["shishkov", "šiškov", "Шишков"],
        ["dzhafer", "džafer", "Џафер"],
        ["Ντίνος", "Ntinos", "Dinos"],
        ["kiril", "kirill"],
        ["aleksandar", "alexandar"],
    ],
)
def test_phonetic_key_collides_for_spellings_of_one_name(group: list[str]) -> None:
    assert len({phonetic_key(word) for word in group}) == 1, group


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("giorgos", "djordje"),
        ("ivanov", "ivanovic"),
        ("petrov", "pavlov"),
        ("nikolov", "nikolic"),
        ("stoyanov", "stefanov"),
    ],
)
def test_phonetic_key_separates_other_names(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


def test_phonetic_key_shape() -> None:
    assert phonetic_key("Petrov") == "ptrf"
    assert phonetic_key("Ivanov") == "ifnf"
    assert phonetic_key("") == ""


def test_blocking_keys_ignore_name_order_and_script() -> None:
    keys = blocking_keys("Ivan Petrov")
    assert keys == {"ptrf:i", "ifn:p"}
    assert blocking_keys("PETROV Ivan") == keys
    assert blocking_keys("Иван Петров") == keys
    assert blocking_keys("Ivan K. Petroff") == keys  # initials skipped


def test_blocking_keys_meet_across_transliterations() -> None:
    assert blocking_keys("Христо Стоичков") & blocking_keys("Hristo Stoichkov")
    assert blocking_keys("Ђорђе Петровић") & blocking_keys("Dorde Petrovic")
    assert blocking_keys("Γιώργος Παπαδόπουλος") == blocking_keys("Giorgos Papadopulos")


def test_blocking_keys_of_one_word_and_nothing() -> None:
    assert blocking_keys("Petrov") == {"ptrf"}
    assert blocking_keys("") == set()


_ASCII_KEY = re.compile(r"^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$")


@settings(max_examples=500, database=None, deadline=None)
@given(st.text())
def test_search_key_is_ascii_lowercase_and_idempotent(text: str) -> None:
    key = search_key(text)
    assert _ASCII_KEY.match(key)
    assert search_key(key) == key


@settings(max_examples=300, database=None, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_other_functions_never_raise(text: str) -> None:
    for key in search_keys(text):
        assert _ASCII_KEY.match(key)
        assert key
    for word in tokens(text):
        assert phonetic_key(word).isascii()
    blocking_keys(text)


@settings(max_examples=300, database=None, deadline=None)
@given(st.text(alphabet="АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"))
def test_search_key_is_case_insensitive_in_other_scripts(text: str) -> None:
    assert search_key(text) == search_key(text.lower())
