"""ICAO Doc 9303 machine-readable zone check digits (TD1 3x30, TD2 2x36, TD3 2x44)."""

from __future__ import annotations

from typing import Final

_WEIGHTS: Final = (7, 3, 1)
_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7-3-1, A-Z = 10-35, '<' = 0."""
    total = 0
    for i, ch in enumerate(field):
        value = 0 if ch == "<" else _ALPHABET.index(ch)
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def _ok(field: str, digit: str) -> bool:
    return check_digit(field) == digit


def _fields(lines: list[str]) -> list[tuple[str, str, str]] | None:
    """(what, field, check digit) triples of the MRZ layout, or None if not one."""
    lengths = [len(line) for line in lines]
    if lengths == [44, 44]:
        l2 = lines[1]
        return [
            ("document number", l2[0:9], l2[9]),
            ("date of birth", l2[13:19], l2[19]),
            ("expiry date", l2[21:27], l2[27]),
            ("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
        ]
    if lengths == [36, 36]:
        l2 = lines[1]
        return [
            ("document number", l2[0:9], l2[9]),
            ("date of birth", l2[13:19], l2[19]),
            ("expiry date", l2[21:27], l2[27]),
            ("composite", l2[0:10] + l2[13:20] + l2[21:35], l2[35]),
        ]
    if lengths == [30, 30, 30]:
        l1, l2 = lines[0], lines[1]
        return [
            ("document number", l1[5:14], l1[14]),
            ("date of birth", l2[0:6], l2[6]),
            ("expiry date", l2[8:14], l2[14]),
            ("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
        ]
    return None


def mrz_problems(mrz: str) -> list[tuple[str, str]]:
    """(code, message) for each failed check of a normalized MRZ (lines joined by newline)."""
    lines = mrz.split("\n")
    if any(ch not in _ALPHABET and ch != "<" for line in lines for ch in line):
        return [("mrz-format", "An MRZ has only capital letters A-Z, digits and '<'.")]
    fields = _fields(lines)
    if fields is None:
        return [("mrz-format", "An MRZ has two lines of 44 or 36 characters, or three of 30.")]
    return [
        ("mrz-check-digit", f"The MRZ check digit of the {what} does not match.")
        for what, field, digit in fields
        if not _ok(field, digit)
    ]
