"""Maritime Identification Digits (ITU): the first three digits of a ship's MMSI name its
flag state. The table covers the region, Europe and the flags common in its ports; an MID
outside it gives an overridable warning, never a refusal."""

from __future__ import annotations

from typing import Final

_RANGES: Final[dict[str, tuple[int, ...]]] = {
    "AL": (201,), "AD": (202,), "AT": (203,), "PT": (204, 255, 263), "BE": (205,),
    "BY": (206,), "BG": (207,), "VA": (208,), "CY": (209, 210, 212), "DE": (211, 218),
    "GE": (213,), "MD": (214,), "MT": (215, 229, 248, 249, 256), "AM": (216,),
    "DK": (219, 220), "ES": (224, 225), "FR": (226, 227, 228), "FI": (230,), "FO": (231,),
    "GB": (232, 233, 234, 235), "GI": (236,), "GR": (237, 239, 240, 241), "HR": (238,),
    "MA": (242,), "HU": (243,), "NL": (244, 245, 246), "IT": (247,), "IE": (250,),
    "IS": (251,), "LI": (252,), "LU": (253,), "MC": (254,), "NO": (257, 258, 259),
    "PL": (261,), "ME": (262,), "RO": (264,), "SE": (265, 266), "SK": (267,), "SM": (268,),
    "CH": (269,), "CZ": (270,), "TR": (271,), "UA": (272,), "RU": (273,), "MK": (274,),
    "LV": (275,), "EE": (276,), "LT": (277,), "SI": (278,), "RS": (279,), "BA": (478,),
    "AG": (304, 305), "BS": (308, 309, 311), "BZ": (312,), "BB": (314,), "CA": (316,),
    "KY": (319,), "KN": (341,), "PA": (351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373,
                                       374),
    "US": (338, 366, 367, 368, 369), "VC": (375, 376, 377), "VG": (378,),
    "SA": (403,), "BH": (408,), "CN": (412, 413, 414), "IR": (422,), "IQ": (425,),
    "JP": (431, 432), "KR": (440, 441), "KW": (447,), "LB": (450,), "OM": (461,),
    "QA": (466,), "SY": (468,), "AE": (470, 471), "HK": (477,), "IL": (428,), "JO": (438,),
    "IN": (419,), "PW": (511,), "CK": (518,), "MH": (538,), "PH": (548,),
    "SG": (563, 564, 565, 566), "TV": (572,), "VU": (576, 577), "CM": (613,),
    "KM": (616, 620), "EG": (622,), "GA": (626,), "LR": (636, 637), "MU": (645,),
    "NG": (657,), "SL": (667,), "TG": (671,), "TZ": (674, 677), "TN": (672,), "LY": (642,),
    "DZ": (605,),
}  # fmt: skip

MID_COUNTRIES: Final[dict[int, str]] = {
    mid: country for country, mids in _RANGES.items() for mid in mids
}


def mmsi_mid(mmsi: str) -> int | None:
    """The MID inside a 9-digit MMSI, or None for numbers without one (SART, MOB, EPIRB).

    Ships: MIDxxxxxx; group 0MIDxxxxx; coast station 00MIDxxxx; SAR aircraft 111MIDxxx;
    craft associated with a parent ship 98MIDxxxx; aids to navigation 99MIDxxxx.
    """
    if mmsi.startswith("00"):
        return int(mmsi[2:5])
    if mmsi.startswith("0"):
        return int(mmsi[1:4])
    if mmsi.startswith("111"):
        return int(mmsi[3:6])
    if mmsi.startswith(("98", "99")):
        return int(mmsi[2:5])
    if mmsi.startswith("97"):
        return None
    return int(mmsi[:3])
