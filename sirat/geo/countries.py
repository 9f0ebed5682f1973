"""Countries on SIRAT's map: the region's box, SIRAT's own names, and who is in the gazetteer.

Where names or borders are disputed SIRAT's reference data decides, not the basemap's source:
"North Macedonia" (Natural Earth: "Macedonia"), "Kosovo*" with the designation footnote, and
Natural Earth's "N. Cyprus" drawn as part of Cyprus (CY). ``tools/build_basemap.py`` reads this
table to name and merge the outlines it writes.
"""

from __future__ import annotations

from typing import Final

#: lon/lat box of the shipped basemap: South-East Europe, Türkiye and their neighbours.
BBOX: Final = (11.0, 33.5, 46.0, 50.5)  # west, south, east, north

#: The member states (PRODUCT.md) and the other countries whose places the gazetteer holds.
MEMBER_STATES: Final = ("AL", "BA", "BG", "GR", "HU", "MD", "ME", "MK", "RO", "RS", "TR")
GAZETTEER_COUNTRIES: Final = (*MEMBER_STATES, "HR", "SI", "XK", "AT", "SK", "UA", "IT", "CY")

KOSOVO_NOTE: Final = ("*This designation is without prejudice to positions on status, and is "
                      "in line with UNSCR 1244/1999 and the ICJ Opinion on the Kosovo "
                      "declaration of independence.")

#: ISO 3166-1 alpha-2 -> the name SIRAT shows.
NAMES: Final[dict[str, str]] = {
    "AL": "Albania", "AM": "Armenia", "AT": "Austria", "AZ": "Azerbaijan",
    "BA": "Bosnia and Herzegovina", "BG": "Bulgaria", "BY": "Belarus", "CH": "Switzerland",
    "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany", "EG": "Egypt", "GE": "Georgia",
    "GR": "Greece", "HR": "Croatia", "HU": "Hungary", "IQ": "Iraq", "IR": "Iran",
    "IT": "Italy", "JO": "Jordan", "LB": "Lebanon", "LY": "Libya", "MD": "Moldova",
    "ME": "Montenegro", "MK": "North Macedonia", "MT": "Malta", "PL": "Poland",
    "RO": "Romania", "RS": "Serbia", "RU": "Russia", "SA": "Saudi Arabia", "SI": "Slovenia",
    "SK": "Slovakia", "SM": "San Marino", "SY": "Syria", "TN": "Tunisia", "TR": "Türkiye",
    "UA": "Ukraine", "VA": "Vatican City", "XK": "Kosovo*", "IL": "Israel", "PS": "Palestine",
    "LI": "Liechtenstein",
}

#: Natural Earth outlines without an ISO numeric code, by their Natural Earth name.
NAMED_OUTLINES: Final[dict[str, str]] = {
    "Kosovo": "XK", "N. Cyprus": "CY", "Cyprus U.N. Buffer Zone": "CY", "Akrotiri": "CY",
    "Dhekelia": "CY",
}


#: Where a country's name is written (lon, lat) where the middle of its outline is not on it
#: (Greece's is in the Aegean, Croatia's in Bosnia).
LABEL_AT: Final[dict[str, tuple[float, float]]] = {
    "GR": (22.0, 39.4), "HR": (15.6, 45.4), "AL": (20.0, 41.0), "ME": (19.25, 42.75),
    "XK": (20.9, 42.6), "MK": (21.7, 41.6), "BA": (17.8, 44.2), "TR": (34.0, 39.0),
    "IT": (15.5, 41.0), "SI": (14.8, 46.1), "CY": (33.2, 35.1), "RS": (20.8, 44.0),
    "BG": (25.2, 42.7), "RO": (24.8, 45.9), "MD": (28.5, 47.3), "HU": (19.3, 47.2),
    "UA": (31.0, 48.5),
}


def country_name(code: str) -> str:
    return NAMES.get(code, code)
