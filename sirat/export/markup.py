"""User text to reportlab paragraph markup: cleaned, escaped, line breaks kept.

Every string that reaches a reportlab ``Paragraph`` goes through :func:`inline` or
:func:`blocks`. Unescaped, ``Suspect <Ivan> & co`` silently loses ``<Ivan>``,
``<img src=...>`` reads a local file into the PDF and ``<a href=...>`` becomes a live
link (FACTS.md). After escaping, the only markup left is the ``<br/>`` added here.

A character the document's font lacks would print as an empty box, or as nothing: once
the renderer has told this module what the font covers (:func:`use_coverage`), such a
character is printed as the visible replacement mark U+FFFD instead.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# C0/C1 controls (except tab and newline), surrogates and non-characters: invisible at
# best, and some of them make reportlab's parser or the PDF string encoder fail.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_NEWLINES = re.compile("\r\n|\r|\u2028|\x85")
_BLANK_LINE = re.compile("\n[ \t]*\n+")
REPLACEMENT = "\ufffd"
_coverage: frozenset[int] | None = None


def use_coverage(codepoints: frozenset[int]) -> None:
    """Set the code points the document font draws (the renderer calls this once)."""
    global _coverage  # noqa: PLW0603  # one font per process, set before any rendering
    _coverage = codepoints


def drawable(text: str) -> str:
    """``text`` with every character the font lacks replaced by the replacement mark."""
    covered = _coverage
    if covered is None:
        return text
    # Most text is fully drawable: check its distinct characters once (a set), not each one.
    if all(ord(ch) in covered or ch in "\n\t " for ch in set(text)):
        return text
    return "".join(ch if ord(ch) in covered or ch in "\n\t " else REPLACEMENT for ch in text)


def clean(text: str) -> str:
    """Normalise line breaks, turn tabs into spaces and drop unprintable characters."""
    text = _NEWLINES.sub("\n", text).replace("\u2029", "\n\n")
    return drawable(_UNPRINTABLE.sub("", text).replace("\t", "    "))


def inline(text: str) -> str:
    """One paragraph of user text as markup: escaped, each newline a ``<br/>``."""
    return escape(clean(text).strip("\n")).replace("\n", "<br/>")


def blocks(text: str) -> list[str]:
    """User text split at blank lines into paragraphs of markup (empty ones dropped)."""
    return [inline(part) for part in _BLANK_LINE.split(clean(text)) if part.strip()]
