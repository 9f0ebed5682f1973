"""Rich text with the matched words marked -- user text escaped, our markup only around it.

The service gives character spans into the original text (any script); here each piece
between spans is escaped on its own and every span is wrapped in a ``<span>`` we write, so
no character the analyst typed can become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

MARK_STYLE = "background-color:#ffe08a; color:#000; font-weight:600;"


def esc(text: str) -> str:
    return escape(text, quote=True)


def highlighted(text: str, spans: Sequence[tuple[int, int]], *, cut_start: bool = False,
                cut_end: bool = False) -> str:
    """``text`` as escaped rich text with ``spans`` marked (overlaps and bad spans ignored)."""
    out: list[str] = ["… " if cut_start else ""]
    pos = 0
    for a, b in sorted(spans):
        if a < pos or b > len(text) or a >= b:
            continue
        out.append(esc(text[pos:a]))
        out.append(f'<span style="{MARK_STYLE}">{esc(text[a:b])}</span>')
        pos = b
    out.append(esc(text[pos:]))
    if cut_end:
        out.append(" …")
    return "".join(out).replace("\n", " ")
