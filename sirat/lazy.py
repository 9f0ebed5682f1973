"""Modules loaded on first use, for the paths where start-up time is a promise.

A CLI command must reach its key derivation quickly (a bench figure, ``start.command``):
SQLAlchemy, the ORM models and SQLCipher are needed only *after* the key is derived, so the
vault's core names them through :func:`module`, which returns the module object at once and
runs it at the first attribute access (the standard library's ``importlib.util.LazyLoader``).
Type checkers see ordinary imports (under ``TYPE_CHECKING`` at the call site).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def module(name: str) -> ModuleType:
    """``name``, imported at its first use (or at once if it is already loaded)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - our own modules exist
        raise ImportError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    found = importlib.util.module_from_spec(spec)
    sys.modules[name] = found
    loader.exec_module(found)
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:
        setattr(sys.modules[parent], child, found)
    return found
