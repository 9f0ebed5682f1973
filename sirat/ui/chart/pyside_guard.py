"""Work around PySide6 6.12.0 on Python 3.11: void methods return an un-counted None.

Measured here: every call of a Qt method returning ``void`` (``setPos``,
``setPath``, ``QPainterPath.lineTo``...) lowers ``None``'s reference count by
one, so a few thousand calls abort the interpreter with "none_dealloc"
(Python 3.12+ makes None immortal, which hides the bug there). Until the
project pins a fixed PySide6 or moves to Python 3.12, the chart keeps a bank
of references to None and tops it up before each burst of Qt calls.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Final

_LOW_WATER: Final = 2_000_000
_TOP_UP: Final = 4_000_000
_bank: list[None] = []
# The bank must outlive interpreter shutdown too: freeing it then would hand
# back references that Qt already took away. One extra count keeps it forever.
ctypes.pythonapi.Py_IncRef(ctypes.py_object(_bank))


def ensure_none_headroom() -> None:
    """Make sure None's reference count can absorb the next burst of calls."""
    if sys.getrefcount(None) < _LOW_WATER:
        _bank.extend([None] * _TOP_UP)
