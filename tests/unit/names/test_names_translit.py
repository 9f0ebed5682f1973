"""Transliteration tables, letter by letter, against the official systems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sirat.names.translit import detect_script, guess_language, romanizations, transliterate

# Each table: the whole alphabet in its order, and the official Latin for each letter.
SERBIAN = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž",
    "З": "Z", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N",
    "Њ": "Nj", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U",
    "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}  # fmt: skip

# The Macedonian Latin alphabet of road signs, with Ѓ Ќ as Gj Kj (the brief's table).
MACEDONIAN = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ѓ": "Gj", "Е": "E", "Ж": "Ž",
    "З": "Z", "Ѕ": "Dz", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M",
    "Н": "N", "Њ": "Nj", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ќ": "Kj",
    "У": "U", "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}  # fmt: skip

# The 2008 government digraph system (North Macedonian passports).
MACEDONIAN_2008 = MACEDONIAN | {"Ж": "Zh", "Ч": "Ch", "Џ": "Dj", "Ш": "Sh"}

# Bulgarian Transliteration Act 2009.
BULGARIAN = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ж": "Zh", "З": "Z",
    "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P",
    "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "H", "Ц": "Ts", "Ч": "Ch",
    "Ш": "Sh", "Щ": "Sht", "Ъ": "A", "Ь": "Y", "Ю": "Yu", "Я": "Ya",
}  # fmt: skip

# ELOT 743, single letters.
GREEK = {
    "Α": "A", "Β": "V", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Η": "I", "Θ": "Th",
    "Ι": "I", "Κ": "K", "Λ": "L", "Μ": "M", "Ν": "N", "Ξ": "X", "Ο": "O", "Π": "P",
    "Ρ": "R", "Σ": "S", "Τ": "T", "Υ": "Y", "Φ": "F", "Χ": "Ch", "Ψ": "Ps", "Ω": "O",
}  # fmt: skip

TABLES = [
    ("sr", SERBIAN, 30),
    ("mk", MACEDONIAN, 31),
    ("mk-2008", MACEDONIAN_2008, 31),
    ("bg", BULGARIAN, 30),
    ("el", GREEK, 24),
]
LETTERS = [(lang, c, latin) for lang, table, _ in TABLES for c, latin in table.items()]


@pytest.mark.parametrize(("lang", "table", "size"), TABLES, ids=[t[0] for t in TABLES])
def test_tables_cover_the_whole_alphabet(lang: str, table: dict[str, str], size: int) -> None:
    assert len(table) == size, lang


@pytest.mark.parametrize(("lang", "letter", "latin"), LETTERS)
def test_capital_letter(lang: str, letter: str, latin: str) -> None:
    assert transliterate(letter, lang) == latin


@pytest.mark.parametrize(("lang", "letter", "latin"), LETTERS)
def test_small_letter(lang: str, letter: str, latin: str) -> None:
    assert transliterate(letter.lower(), lang) == latin.lower()


@pytest.mark.parametrize(
    ("lang", "text", "latin"),
    [
        ("sr", "Ђорђе Петровић", "Đorđe Petrović"),
        ("sr", "Љубица", "Ljubica"),
        ("sr", "ЉУБИЦА ЏАЈИЋ", "LJUBICA DŽAJIĆ"),
        ("sr", "Његош", "Njegoš"),
        ("mk", "Кирил Ѓорѓиевски", "Kiril Gjorgjievski"),
        ("mk", "Ќемал Џафероски", "Kjemal Džaferoski"),
        ("mk", "Ѕвездан", "Dzvezdan"),
        ("mk-2008", "Жарко Џафероски", "Zharko Djaferoski"),
        ("bg", "Щерев", "Shterev"),
        ("bg", "ЩЕРЕВ", "SHTEREV"),
        ("bg", "Ъглен", "Aglen"),
        ("bg", "Христо Стоичков", "Hristo Stoichkov"),
        ("bg", "Мария", "Maria"),  # word-final -ия → ia
        ("bg", "МАРИЯ", "MARIA"),
        ("bg", "Юлия Цветанова", "Yulia Tsvetanova"),
        ("bg", "Българка", "Balgarka"),
        ("bg", "България", "Bulgaria"),  # the Act's one exception
        ("bg", "Ияна", "Iyana"),  # -ия only at the end of a word
        ("bg", "Жельо Йорданов", "Zhelyo Yordanov"),
        ("ru", "Щербаков", "Shcherbakov"),
        ("ru", "ХАРИТОНОВ", "KHARITONOV"),
        ("uk", "Шевченко", "Shevchenko"),
    ],
)
def test_cyrillic_words(lang: str, text: str, latin: str) -> None:
    assert transliterate(text, lang) == latin


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
        ("ΠΕΤΡΟΦ", "PETROF"),
        ("Πετρόφ", "Petrof"),
        ("Μπάμπης", "Bambis"),  # ΜΠ: B at the start, MB inside
        ("Ντίνος", "Dinos"),  # ΝΤ: D at the start
        ("Αντώνης", "Andonis"),  # ... ND inside
        ("Γκίκας", "Gikas"),  # ΓΚ: G at the start
        ("Αγκαθονήσι", "Angathonisi"),  # ... NG inside
        ("Ευάγγελος", "Evangelos"),  # ΓΓ → NG; ΕΥ before a vowel → EV
        ("ΕΥΑΓΓΕΛΟΣ", "EVANGELOS"),
        ("Αυγή", "Avgi"),  # ΑΥ before a voiced consonant → AV
        ("Ευθύμιος", "Efthymios"),  # ΕΥ before a voiceless one → EF
        ("Ναύπλιο", "Nafplio"),
        ("Ζεύς", "Zefs"),
        ("Ουρανία", "Ourania"),
        ("Σωκράτης", "Sokratis"),  # final ς
        ("Ταΰγετος", "Taygetos"),  # a diaeresis breaks the digraph
        ("Χρήστος", "Christos"),
        ("ΘΕΟΔΩΡΟΣ", "THEODOROS"),
        ("Θεόδωρος", "Theodoros"),
        ("Ψυχάρης", "Psycharis"),
        ("Ξάνθη", "Xanthi"),
        ("Ελευθέριος", "Eleftherios"),
        ("Σφίγγα", "Sfinga"),
        ("Ἀθῆναι", "Athinai"),  # polytonic marks dropped
    ],
)
def test_greek_elot_743(text: str, latin: str) -> None:
    assert transliterate(text, "el") == latin
    assert transliterate(text) == latin  # guessed


def test_greek_identity_document_form_is_an_alternative() -> None:
    assert romanizations("Αντετοκούνμπο") == ("Andetokounmbo", "Antetokounmpo")
    assert transliterate("Ντίνος Μπακογιάννης", "el-id") == "Ntinos Mpakogiannis"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ђорђе", "sr"),
        ("Јован Јовановић", "sr"),
        ("Кирил Ѓорѓиевски", "mk"),
        ("Јован Ќосев", "mk"),  # Ј is Serbian too, but Ќ only Macedonian
        ("Щерев", "bg"),
        ("Ъглен", "bg"),
        ("Щёкин", None),  # Ё: Russian, not Bulgarian
        ("Петров", None),
        ("Γιώργος", "el"),
        ("Petrov", None),
    ],
)
def test_guess_language(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Petrov", "latin"),
        ("Şükrü Yılmaz", "latin"),
        ("Петров", "cyrillic"),
        ("Γιώργος", "greek"),
        ("Petrov Петров", "mixed"),
        ("CA 1234 ВХ", "mixed"),
        ("1234 - 56", "other"),
        ("", "other"),
        ("محمد", "other"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_latin_and_other_characters_pass_through() -> None:
    assert transliterate("Đorđe, Şükrü & Co. 2024") == "Đorđe, Şükrü & Co. 2024"
    assert transliterate("Ivan Иванов") == "Ivan Ivanov"


def test_mixed_greek_and_cyrillic() -> None:
    assert transliterate("Щерев / Παπαδόπουλος") == "Shterev / Papadopoulos"


def test_romanizations_of_cyrillic_of_unknown_language_include_bg_and_sr() -> None:
    assert romanizations("Христо Чолаков") == (
        "Khristo Cholakov",
        "Hristo Cholakov",
        "Hristo Čolakov",
    )


def test_romanizations_of_macedonian_include_passport_digraphs() -> None:
    assert "Zharko Gjorgjiev" in romanizations("Жарко Ѓорѓиев")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown transliteration language"):
        transliterate("Петров", "xx")


@settings(max_examples=300, database=None, deadline=None)
@given(st.text())
def test_transliteration_never_raises_and_leaves_no_cyrillic_or_greek_letters(text: str) -> None:
    for latin in romanizations(text):
        assert detect_script(latin) not in ("cyrillic", "greek")
    assert transliterate(text) == romanizations(text)[0]


@settings(max_examples=200, database=None, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x024F)))
def test_latin_text_is_left_alone(text: str) -> None:
    assert transliterate(text) == text


def test_greek_symbol_variants_and_archaic_letters() -> None:
    assert transliterate("ϐϑϕ") == "vthf"  # symbol forms read as their letters
    assert detect_script(transliterate("ϝϙϡ")) == "latin"  # no ELOT value: anyascii
