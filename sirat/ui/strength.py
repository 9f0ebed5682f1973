"""A rough passphrase-strength hint for the create-vault and add-user forms.

Not a security control (the key-derivation function and the minimum length are): a nudge
toward several unrelated words. Pure Python, no Qt.
"""

from __future__ import annotations

import math
import unicodedata

MIN_CHARS = 10  # the vault refuses shorter passphrases


def estimate_bits(passphrase: str) -> float:
    """A crude entropy estimate from length and the kinds of characters used."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return 0.0
    pool = 0
    if any(c.islower() and c.isascii() for c in text):
        pool += 26
    if any(c.isupper() and c.isascii() for c in text):
        pool += 26
    if any(c.isdigit() for c in text):
        pool += 10
    if any(not c.isalnum() and c.isascii() for c in text):
        pool += 33
    if any(not c.isascii() for c in text):
        pool += 100
    distinct = len(set(text))
    # Repeated characters add little: count distinct ones fully, repeats at a quarter.
    effective = distinct + (len(text) - distinct) / 4
    return effective * math.log2(max(pool, 2))


def describe(passphrase: str) -> tuple[str, str]:
    """(level, words): level is 'short', 'weak', 'fair' or 'strong'."""
    if len(passphrase.strip()) < MIN_CHARS:
        return "short", f"Too short: at least {MIN_CHARS} characters."
    bits = estimate_bits(passphrase)
    words = len(passphrase.split())
    if bits < 50:
        return "weak", "Weak: add a few more unrelated words."
    if bits < 80 and words < 4:
        return "fair", "Fair: one or two more words would make it strong."
    return "strong", "Strong."
