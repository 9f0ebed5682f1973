"""Emitting Qt signals from Python safely.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` without taking a reference.
On Python 3.11 (where ``True`` is not immortal) every ``emit()`` call therefore drops one
reference to ``True``, and after a few thousand emits the interpreter aborts with
"Fatal Python error: bool_dealloc". :func:`emit` gives the reference back when (and only
when) this PySide build has the fault, detected once at import. Use it for every emit.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    probed = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    result = probe.probed.emit()  # type: ignore[func-returns-value]
    after = sys.getrefcount(True)
    del result
    dropped = after < before + 1  # holding ``result`` should have added one
    if dropped:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))  # give back what the probe took
    probe.deleteLater()
    return dropped


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: object) -> None:
    """``signal.emit(*args)``, correcting PySide's reference count of the result."""
    result: object = signal.emit(*args)  # type: ignore[func-returns-value]
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
