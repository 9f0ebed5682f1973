"""Street addresses as people write them: street name and house number in either order,
with or without the street word, in any script ("Ermou 25", "25 Ermou Street",
"οδός Ερμού 25", "ул. Витоша 15", "Vitosha Blvd. 15", "Atatürk Cad. No: 12").

The redactor folds every word (any script to lower-case ASCII, then a spelling skeleton),
so the words below are listed once as written and folded with the redactor's own
functions when it compiles them.
"""

from __future__ import annotations

from typing import Final

#: Street words and their abbreviations in the region's languages and English.
STREET_WORDS: Final = frozenset(
    {
        "ulica", "ul", "ulice", "ulici", "ulitsa", "ulitza", "ulitca", "улица", "ул",
        "улицата", "улиця", "bulevar", "bulevard", "bulevardi", "bulevardul", "bul",
        "blvd", "bd", "boulevard", "bulv", "bulvar", "bulvarı", "bulvari", "булевар",
        "булевард", "булевардът", "бул", "бул-р", "odos", "odou", "οδός", "οδος",
        "οδού", "οδου", "οδ", "leoforos", "leoforou", "λεωφόρος", "λεωφόρου", "λεωφ",
        "λ", "plateia", "plateias", "πλατεία", "πλατείας", "πλ", "strada", "str",
        "stradă", "stradela", "sos", "șos", "soseaua", "șoseaua", "calea", "aleea",
        "piata", "piața", "rruga", "rr", "rrugica", "rrugës", "rruges", "sheshi",
        "blloku", "lagjja", "lagja", "utca", "u", "út", "ut", "útja", "körút", "korut",
        "krt", "tér", "ter", "köz", "koz", "sokak", "sok", "sk", "sokağı", "sokagi",
        "cadde", "caddesi", "cad", "cd", "mahalle", "mahallesi", "mah", "mh", "street",
        "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "square", "sq",
        "place", "pl", "way", "drive", "dr", "straße", "strasse", "gasse", "platz",
        "weg", "allee", "trg", "put", "cesta", "naselje", "nas", "kej", "obala",
        "šetalište", "setaliste", "prospekt", "проспект", "пр", "площад", "площадь",
        "пл", "кв", "квартал", "жк", "jk", "zhk",
    }
)
#: Words that may stand between a street name and its number ("No. 25", "бр. 15").
NUMBER_WORDS: Final = frozenset(
    {
        "no", "nr", "br", "broj", "бр", "број", "номер", "num", "number", "numri",
        "numar", "αρ", "αριθμός", "αριθ", "kapı", "kapi",
    }
)
